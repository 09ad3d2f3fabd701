package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/payment"
)

// errSessionNotIssued is NOT_FOUND for an event whose checkout session this
// server never issued; nothing was stored for it.
var errSessionNotIssued = apperr.New(apperr.CodeNotFound, "checkout session was not issued by this server")

// awaitHold is how long a date stays held for a delayed payment method
// (bank debits can take days) after Stripe says the checkout completed unpaid.
const awaitHold = 7 * 24 * time.Hour

// HandleStripeEvent applies a verified Stripe event (contract §6). An event
// for a session this server never issued, or of a type MAIS does not act
// on, is OutcomeIgnored and nothing is stored: another integration on the
// same Stripe account must not get endless retries. A failure of our own is
// recorded on the event and returned so the caller answers 5xx.
func (s *Service) HandleStripeEvent(ctx context.Context, ev payment.Event, payload []byte) (Outcome, error) {
	var action SessionAction
	releaseAs := StatusExpired
	switch ev.Type {
	case payment.EventCheckoutCompleted, payment.EventCheckoutAsyncSucceeded:
		action = ActionPay
		if ev.Type == payment.EventCheckoutCompleted && ev.Session.PaymentStatus == payment.PaymentStatusUnpaid {
			action = ActionAwait
		}
	case payment.EventCheckoutAsyncFailed:
		action, releaseAs = ActionRelease, StatusCanceled
	case payment.EventCheckoutExpired:
		action = ActionRelease
	default:
		return OutcomeIgnored, nil
	}
	if ev.ID == "" || ev.Session.ID == "" {
		return "", apperr.Validation("the event has no id or no checkout session id", nil)
	}
	out, err := s.applySessionEvent(ctx, ev.ID, ev.Type, payload, ev.Session.ID, action, releaseAs)
	if errors.Is(err, errSessionNotIssued) {
		s.Logger.InfoContext(ctx, "stripe event for a checkout session this server did not issue: ignored", "event", ev.ID, "type", ev.Type, "session", ev.Session.ID)
		return OutcomeIgnored, nil
	}
	return out, err
}

// PayMock completes a mock checkout through the same path as a Stripe
// webhook, as if Stripe had delivered checkout.session.completed (paid).
func (s *Service) PayMock(ctx context.Context, sessionID string) (Booking, Outcome, error) {
	if !payment.IsMockSessionID(sessionID) {
		return Booking{}, "", apperr.NotFound("checkout session")
	}
	out, err := s.applySessionEvent(ctx, "mock_paid_"+sessionID, payment.EventCheckoutCompleted, nil, sessionID, ActionPay, "")
	if err != nil {
		return Booking{}, out, err
	}
	b, err := s.Store.BookingBySession(ctx, sessionID)
	return b, out, err
}

// CancelMock abandons a mock checkout and frees the date at once.
func (s *Service) CancelMock(ctx context.Context, sessionID string) (Booking, error) {
	if !payment.IsMockSessionID(sessionID) {
		return Booking{}, apperr.NotFound("checkout session")
	}
	if _, err := s.applySessionEvent(ctx, "mock_cancel_"+sessionID, payment.EventCheckoutExpired, nil, sessionID, ActionRelease, StatusCanceled); err != nil {
		return Booking{}, err
	}
	return s.Store.BookingBySession(ctx, sessionID)
}

// SessionBooking returns the booking of a session (for success/cancel pages).
func (s *Service) SessionBooking(ctx context.Context, sessionID string) (Booking, error) {
	return s.Store.BookingBySession(ctx, sessionID)
}

func (s *Service) applySessionEvent(ctx context.Context, eventID, eventType string, payload []byte, sessionID string, action SessionAction, releaseAs Status) (Outcome, error) {
	ref, processed, err := s.Store.RecordSessionEvent(ctx, sessionID, eventID, eventType, payload)
	if apperr.Is(err, apperr.CodeNotFound) {
		return "", errSessionNotIssued
	}
	if err != nil {
		return "", fmt.Errorf("record event: %w", err)
	}
	if processed {
		return OutcomeDuplicate, nil
	}
	t, err := s.Tenants.TenantByID(ctx, ref.TenantID)
	if err != nil {
		return "", err
	}
	now := s.now()
	booked, outcome, err := s.Store.ApplySessionEvent(ctx, SessionEvent{
		Ref: ref, EventID: eventID, EventType: eventType, Payload: payload, SessionID: sessionID, Action: action,
		Now: now, HoldUntil: now.Add(awaitHold), ReleaseAs: releaseAs,
		Emails: func(b Booking) []Email {
			return composeEmails(t, b, s.PublicBaseURL, eventType == payment.EventCheckoutAsyncFailed)
		},
	})
	if err != nil {
		if merr := s.Store.MarkWebhookFailed(context.WithoutCancel(ctx), eventID, err.Error()); merr != nil {
			s.Logger.ErrorContext(ctx, "record webhook failure", "event", eventID, "err", merr)
		}
		return "", fmt.Errorf("apply %s: %w", eventType, err)
	}
	switch outcome {
	case OutcomeBooked:
		s.Bus.Publish(ctx, Event{Kind: EventBookingPaid, TenantID: booked.TenantID, BookingID: booked.ID, Date: booked.Date, SessionID: sessionID})
	case OutcomeConflict:
		s.Logger.WarnContext(ctx, "paid checkout lost its date: flagged for refund", "tenant", booked.TenantID, "booking", booked.ID, "date", booked.Date)
		s.Bus.Publish(ctx, Event{Kind: EventBookingFailed, TenantID: booked.TenantID, BookingID: booked.ID, Date: booked.Date, SessionID: sessionID, Reason: "date taken; refund required"})
	case OutcomeReleased:
		s.Bus.Publish(ctx, Event{Kind: EventDateReleased, TenantID: booked.TenantID, BookingID: booked.ID, Date: booked.Date, SessionID: sessionID})
		if eventType == payment.EventCheckoutAsyncFailed {
			s.Bus.Publish(ctx, Event{Kind: EventBookingFailed, TenantID: booked.TenantID, BookingID: booked.ID, Date: booked.Date, SessionID: sessionID, Reason: "payment failed"})
		}
	}
	return outcome, nil
}
