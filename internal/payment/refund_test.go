package payment_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mais/internal/payment"
)

// TestStripeRefund: a refund goes to Stripe (stripe-mock) for the payment
// intent and amount, with the idempotency key given (a retry is the same
// refund at Stripe), and for a connected account's destination charge it
// refunds the application fee and reverses the transfer.
func TestStripeRefund(t *testing.T) {
	proxy, s := mockStripe(t)
	for _, connected := range []bool{false, true} {
		r, err := s.Refund(context.Background(), payment.RefundRequest{PaymentID: "pi_123", AmountCents: 7500,
			Connected: connected, IdempotencyKey: "refund:bk_1:0:7500:0"})
		if err != nil {
			t.Fatalf("connected %v: %v", connected, err)
		}
		if !strings.HasPrefix(r.ID, "re_") {
			t.Errorf("refund id %q", r.ID)
		}
		got := proxy.last(t)
		want := map[string]string{"payment_intent": "pi_123", "amount": "7500", "refund_application_fee": "", "reverse_transfer": ""}
		if connected {
			want["refund_application_fee"], want["reverse_transfer"] = "true", "true"
		}
		if got.path != "/v1/refunds" || got.header.Get("Idempotency-Key") != "refund:bk_1:0:7500:0" {
			t.Errorf("connected %v: %s with key %q", connected, got.path, got.header.Get("Idempotency-Key"))
		}
		for k, v := range want {
			if got.form.Get(k) != v {
				t.Errorf("connected %v: form %s = %q, want %q", connected, k, got.form.Get(k), v)
			}
		}
	}
	if _, err := s.Refund(context.Background(), payment.RefundRequest{AmountCents: 1, IdempotencyKey: "k"}); err == nil {
		t.Error("a refund without a payment intent must be refused")
	}
	if _, err := payment.NewMock("http://x").Refund(context.Background(), payment.RefundRequest{AmountCents: 0, IdempotencyKey: "k"}); err == nil {
		t.Error("a refund of nothing must be refused")
	}
}

// TestStripeBalanceCheckoutHasItsOwnKey: the balance's checkout of a booking
// is another Stripe session than its first checkout (another idempotency
// key), carrying its own application fee.
func TestStripeBalanceCheckoutHasItsOwnKey(t *testing.T) {
	proxy, s := mockStripe(t)
	req := checkoutRequest()
	req.Purpose, req.ConnectedAccountID, req.ApplicationFeeCents = "balance", "acct_1Tenant", 938
	if _, err := s.CreateCheckout(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	got := proxy.last(t)
	if k := got.header.Get("Idempotency-Key"); k != "mais-checkout-bk_123-balance" {
		t.Errorf("Idempotency-Key = %q", k)
	}
	if f := got.form.Get("payment_intent_data[application_fee_amount]"); f != "938" {
		t.Errorf("application fee %q", f)
	}
}

// TestChargeEventsDecoded: charge.refunded and charge.dispute.created keep
// the payment intent (how the booking is found), the charge and amounts.
func TestChargeEventsDecoded(t *testing.T) {
	now := time.Now()
	for _, c := range []struct{ body, typ, charge string }{
		{`{"id":"evt_r","object":"event","api_version":"` + payment.APIVersion + `","created":1,"type":"charge.refunded",
			"data":{"object":{"id":"ch_1","object":"charge","payment_intent":"pi_9","amount":10001,"amount_refunded":2500}}}`, payment.EventChargeRefunded, "ch_1"},
		{`{"id":"evt_d","object":"event","api_version":"` + payment.APIVersion + `","created":1,"type":"charge.dispute.created",
			"data":{"object":{"id":"dp_1","object":"dispute","charge":"ch_1","payment_intent":"pi_9","amount":10001}}}`, payment.EventChargeDisputeCreated, "ch_1"},
	} {
		ev, err := payment.VerifyWebhook([]byte(c.body), payment.SignWebhook([]byte(c.body), "whsec_x", now), "whsec_x", 0)
		if err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		if ev.Type != c.typ || ev.Charge.PaymentIntent != "pi_9" || ev.Charge.ID != c.charge || ev.Charge.Amount != 10001 {
			t.Errorf("%s: %+v", c.typ, ev)
		}
		if c.typ == payment.EventChargeRefunded && ev.Charge.AmountRefunded != 2500 {
			t.Errorf("refunded: %+v", ev.Charge)
		}
	}
	body := `{"id":"evt_x","object":"event","api_version":"` + payment.APIVersion + `","created":1,"type":"charge.refunded","data":{"object":{"id":"ch_1"}}}`
	if _, err := payment.VerifyWebhook([]byte(body), payment.SignWebhook([]byte(body), "whsec_x", now), "whsec_x", 0); err == nil {
		t.Error("a charge event without a payment intent must be refused")
	}
}
