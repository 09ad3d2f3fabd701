package booking

import (
	"context"

	"mais/internal/apperr"
	"mais/internal/payment"
	"mais/internal/tenant"
)

// Observer is told the outcome of every checkout and payment event, for
// metrics. Its methods must be quick; they run on the request.
type Observer interface {
	// Checkout gets one of the Checkout* outcomes.
	Checkout(outcome string)
	// PaymentEvent gets the event's Outcome ("booked", "conflict",
	// "released", "awaiting", "duplicate", "ignored", "no_change"), or
	// PaymentInvalid / PaymentFailed.
	PaymentEvent(outcome string)
}

// Outcomes of a checkout, as observed.
const (
	CheckoutHeld        = "held"           // the date is held and a payment session open
	CheckoutUnavailable = "unavailable"    // DATE_UNAVAILABLE: taken, blacked out or busy
	CheckoutTooMany     = "too_many_holds" // a hold cap reached
	CheckoutInvalid     = "invalid"        // bad input, unknown package or add-on
	CheckoutDependency  = "dependency"     // UNAVAILABLE: the store, calendar or provider did not answer
	CheckoutError       = "error"          // anything else: ours to fix
)

// Outcomes of a payment event that did not apply.
const (
	PaymentInvalid = "invalid" // the event lacked its ids
	PaymentFailed  = "failed"  // our failure: the provider retries
)

// Checkout validates and prices the order, holds the date and opens a
// payment session (see checkout); the outcome is observed.
func (s *Service) Checkout(ctx context.Context, t tenant.Tenant, in CheckoutInput) (CheckoutResult, error) {
	res, err := s.checkout(ctx, t, in)
	if s.Observer != nil {
		s.Observer.Checkout(checkoutOutcome(err))
	}
	return res, err
}

// HandleStripeEvent applies a verified Stripe event (see
// handleStripeEvent); the outcome is observed.
func (s *Service) HandleStripeEvent(ctx context.Context, ev payment.Event, payload []byte) (Outcome, error) {
	out, err := s.handleStripeEvent(ctx, ev, payload)
	if s.Observer != nil {
		switch {
		case err == nil:
			s.Observer.PaymentEvent(string(out))
		case apperr.Is(err, apperr.CodeValidation):
			s.Observer.PaymentEvent(PaymentInvalid)
		default:
			s.Observer.PaymentEvent(PaymentFailed)
		}
	}
	return out, err
}

func checkoutOutcome(err error) string {
	if err == nil {
		return CheckoutHeld
	}
	switch apperr.Code(err) {
	case apperr.CodeDateUnavailable:
		return CheckoutUnavailable
	case apperr.CodeTooManyRequests:
		return CheckoutTooMany
	case apperr.CodeValidation, apperr.CodeNotFound, apperr.CodeConflict:
		return CheckoutInvalid
	case apperr.CodeUnavailable:
		return CheckoutDependency
	}
	return CheckoutError
}
