package payment_test

import (
	"context"
	"strings"
	"testing"
)

// TestStripeSessionPayment: the payment intent of a Checkout Session is
// read back from Stripe (stripe-mock) for the session asked (stripe-mock names
// it only when expanded, as the adapter asks).
func TestStripeSessionPayment(t *testing.T) {
	proxy, s := mockStripe(t)
	pi, err := s.SessionPayment(context.Background(), "cs_test_legacy")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pi, "pi_") {
		t.Errorf("payment intent %q", pi)
	}
	got := proxy.last(t)
	if got.path != "/v1/checkout/sessions/cs_test_legacy" {
		t.Errorf("asked %s", got.path)
	}
	if _, err := s.SessionPayment(context.Background(), ""); err == nil {
		t.Error("a lookup without a session must be refused")
	}
}
