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
	// "released", "awaiting", "duplicate", "ignored", "no_change"; for
	// account.updated the Accounts outcome, "applied" among them), or
	// PaymentInvalid / PaymentFailed.
	PaymentEvent(outcome string)
}

// AccountEvents applies the Connect events about a tenant's Stripe account
// (account.updated): onboarding.Service. The webhook hands every verified
// event to HandleStripeEvent, which passes these on, so every type is
// observed in the one place.
type AccountEvents interface {
	// AccountUpdated records and applies ev once → its outcome ("applied",
	// "duplicate", "ignored"). Errors: VALIDATION_ERROR for an event
	// without ids; any other is a failure of ours (retried).
	AccountUpdated(ctx context.Context, ev payment.Event, payload []byte) (string, error)
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
	PaymentInvalid = "invalid" // the event lacked its ids, or named no session of ours
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

// HandleStripeEvent applies a verified Stripe event of any type (see
// handleStripeEvent); the outcome is observed.
func (s *Service) HandleStripeEvent(ctx context.Context, ev payment.Event, payload []byte) (Outcome, error) {
	out, err := s.handleStripeEvent(ctx, ev, payload)
	s.observePayment(out, err)
	return out, err
}

// PayMock completes a mock checkout as a paid checkout.session.completed
// would (see payMock); the outcome is observed like a webhook's.
func (s *Service) PayMock(ctx context.Context, sessionID string) (Booking, Outcome, error) {
	b, out, err := s.payMock(ctx, sessionID)
	s.observePayment(out, err)
	return b, out, err
}

// CancelMock abandons a mock checkout as checkout.session.expired would
// (see cancelMock); the outcome is observed like a webhook's.
func (s *Service) CancelMock(ctx context.Context, sessionID string) (Booking, error) {
	b, out, err := s.cancelMock(ctx, sessionID)
	s.observePayment(out, err)
	return b, err
}

// observePayment counts one payment event's outcome: every path that
// applies one (webhook, mock page) ends here, so no type or surface is
// left out of mais_webhook_events_total.
func (s *Service) observePayment(out Outcome, err error) {
	if s.Observer == nil {
		return
	}
	switch {
	case err == nil:
		s.Observer.PaymentEvent(string(out))
	case apperr.Is(err, apperr.CodeValidation), apperr.Is(err, apperr.CodeNotFound): // NOT_FOUND: a mock page's unknown session
		s.Observer.PaymentEvent(PaymentInvalid)
	default:
		s.Observer.PaymentEvent(PaymentFailed)
	}
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
