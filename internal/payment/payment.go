// Package payment adapts the payment providers MAIS can sell through: Stripe
// Checkout (the real adapter) and a mock that never leaves this server. Both
// sit behind Provider; ADAPTERS_PRESET picks one at start-up.
//
// The package also verifies Stripe webhooks (docs/API.md §6), so that the
// signature rules live next to the adapter whose events they guard.
package payment

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// LineItem is one priced line of a checkout: the package, or an add-on.
type LineItem struct {
	Name        string
	AmountCents int64
	Quantity    int64
}

// CheckoutRequest is what the booking layer asks a provider to charge.
type CheckoutRequest struct {
	// BookingID is our id. It is the base of the idempotency key, so a retried
	// request for the same booking yields the same session instead of a second
	// one, and it is sent as client_reference_id.
	BookingID string
	// Purpose names a second checkout of the same booking ("balance"), so
	// its idempotency key differs from the first one's; "" for the checkout.
	Purpose  string
	TenantID string
	// ConnectedAccountID is the tenant's Stripe Connect account. When set,
	// the charge is a destination charge and ApplicationFeeCents is kept by
	// the platform; when empty, the platform charges alone and takes no fee.
	ConnectedAccountID  string
	Currency            string
	LineItems           []LineItem
	ApplicationFeeCents int64
	CustomerEmail       string
	// SuccessURL and CancelURL may contain Stripe's {CHECKOUT_SESSION_ID}
	// placeholder, which Stripe replaces on redirect.
	SuccessURL, CancelURL string
	// ExpiresAt is when the session stops accepting payment. Stripe requires
	// it to be between 30 minutes and 24 hours away. Zero leaves Stripe's
	// default (24 hours).
	ExpiresAt time.Time
	Metadata  map[string]string
}

// TotalCents is the sum of all lines.
func (r CheckoutRequest) TotalCents() int64 {
	var total int64
	for _, li := range r.LineItems {
		total += li.AmountCents * li.Quantity
	}
	return total
}

// validate catches requests no provider could honour. These are bugs in the
// caller, not client input, so they are plain errors.
func (r CheckoutRequest) validate() error {
	switch {
	case r.BookingID == "":
		return errors.New("payment: checkout request without booking id")
	case r.Currency == "":
		return errors.New("payment: checkout request without currency")
	case len(r.LineItems) == 0:
		return errors.New("payment: checkout request without line items")
	case r.ApplicationFeeCents < 0:
		return errors.New("payment: negative application fee")
	}
	for i, li := range r.LineItems {
		if li.Name == "" || li.AmountCents < 0 || li.Quantity < 1 {
			return fmt.Errorf("payment: invalid line item %d (%q, %d x %d)", i, li.Name, li.Quantity, li.AmountCents)
		}
	}
	if r.ConnectedAccountID != "" && r.ApplicationFeeCents > r.TotalCents() {
		return fmt.Errorf("payment: application fee %d exceeds total %d", r.ApplicationFeeCents, r.TotalCents())
	}
	return nil
}

// CheckoutSession is where the buyer is sent to pay.
type CheckoutSession struct {
	ID        string
	URL       string
	ExpiresAt time.Time
}

// Provider creates hosted checkout sessions.
type Provider interface {
	CreateCheckout(ctx context.Context, req CheckoutRequest) (CheckoutSession, error)
	// Name is "stripe" or "mock".
	Name() string
}

// LocalProvider is a Provider that mints sessions without any I/O. The
// booking engine then opens the session first and stores it in the same
// transaction that holds the date, saving a write.
type LocalProvider interface {
	Provider
	Local() bool
}

// ProviderError is a failure reported by, or on the way to, a payment
// provider. Callers should answer UNAVAILABLE and release whatever they held
// for the checkout: none of these failures is the buyer's fault.
type ProviderError struct {
	Provider string
	// Status is the provider's HTTP status; 0 when no answer came back
	// (timeout, connection refused).
	Status    int
	Code      string
	Message   string
	RequestID string
	Err       error
}

func (e *ProviderError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("payment: %s unreachable: %v", e.Provider, e.Err)
	}
	return fmt.Sprintf("payment: %s answered %d %s: %s (request %s)", e.Provider, e.Status, e.Code, e.Message, e.RequestID)
}

func (e *ProviderError) Unwrap() error { return e.Err }
