package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/payment"
)

// This file is what paying means. A payment event (a Stripe webhook, or the
// mock provider's pay and cancel pages) names a checkout session; it is
// recorded once by its id, then applied to the session's booking in one
// transaction that holds the booking's date: the money books the date if it
// is still sellable to this booking (PAID), else the booking is CONFLICT and
// owed a refund; "completed but unpaid" keeps the hold for a bank payment
// (await); an expired or failed session frees the date (release). The
// e-mails of the change are queued in the same transaction, and after commit
// the tenant's availability is invalidated and the outbox woken.

// errSessionNotIssued is NOT_FOUND for an event whose checkout session this
// server never issued; nothing was stored for it.
var errSessionNotIssued = apperr.New(apperr.CodeNotFound, "checkout session was not issued by this server")

// errBookingMoved: the booking changed date between the event's record and
// its date lock (applySessionEvent runs again under the new date).
var errBookingMoved = errors.New("the booking moved to another date meanwhile")

// awaitHold is how long a date stays held for a delayed payment method
// (bank debits can take days) after Stripe says the checkout completed unpaid.
const awaitHold = 7 * 24 * time.Hour

// sessionEvent is one payment event for one checkout session.
type sessionEvent struct {
	ID, Type, SessionID string
	PaymentIntent       string
	Payload             []byte
	Action              Action // ActionPay, ActionAwait, ActionExpire or ActionCancel
}

// eventAction maps a Stripe event to what it does to its booking; ok is
// false for an event type MAIS does not act on.
func eventAction(ev payment.Event) (a Action, ok bool) {
	switch ev.Type {
	case payment.EventCheckoutCompleted:
		if ev.Session.PaymentStatus == payment.PaymentStatusUnpaid {
			return ActionAwait, true
		}
		return ActionPay, true
	case payment.EventCheckoutAsyncSucceeded:
		return ActionPay, true
	case payment.EventCheckoutAsyncFailed:
		return ActionCancel, true
	case payment.EventCheckoutExpired:
		return ActionExpire, true
	}
	return 0, false
}

// handleStripeEvent applies a verified Stripe event (docs/API.md §6). An event
// for a session this server never issued, or of a type MAIS does not act
// on, is OutcomeIgnored and nothing is stored: another integration on the
// same Stripe account must not get endless retries. A failure of our own is
// recorded on the event and returned so the caller answers 5xx.
// account.updated is passed to Accounts (onboarding), so that the webhook
// has one entry point and every event type is observed.
func (s *Service) handleStripeEvent(ctx context.Context, ev payment.Event, payload []byte) (Outcome, error) {
	switch ev.Type {
	case payment.EventChargeRefunded, payment.EventChargeDisputeCreated:
		return s.handleChargeEvent(ctx, ev)
	case payment.EventAccountUpdated:
		if s.Accounts == nil {
			return OutcomeIgnored, nil
		}
		out, err := s.Accounts.AccountUpdated(ctx, ev, payload)
		return Outcome(out), err
	}
	action, ok := eventAction(ev)
	if !ok {
		return OutcomeIgnored, nil
	}
	if ev.ID == "" || ev.Session.ID == "" {
		return "", apperr.Validation("the event has no id or no checkout session id", nil)
	}
	_, out, err := s.applySessionEvent(ctx, sessionEvent{ID: ev.ID, Type: ev.Type, SessionID: ev.Session.ID, PaymentIntent: ev.Session.PaymentIntent, Payload: payload, Action: action})
	if errors.Is(err, errSessionNotIssued) {
		s.Logger.InfoContext(ctx, "stripe event for a checkout session this server did not issue: ignored", "event", ev.ID, "type", ev.Type, "session", ev.Session.ID)
		return OutcomeIgnored, nil
	}
	return out, err
}

// payMock completes a mock checkout through the same path as a Stripe
// webhook, as if Stripe had delivered checkout.session.completed (paid).
func (s *Service) payMock(ctx context.Context, sessionID string) (Booking, Outcome, error) {
	if !payment.IsMockSessionID(sessionID) {
		return Booking{}, "", apperr.NotFound("checkout session")
	}
	b, out, err := s.applySessionEvent(ctx, sessionEvent{ID: "mock_paid_" + sessionID, Type: payment.EventCheckoutCompleted, SessionID: sessionID, Action: ActionPay})
	if err != nil {
		return Booking{}, out, err
	}
	if out == OutcomeDuplicate {
		b, err = s.Store.BookingBySession(ctx, sessionID)
	}
	return b, out, err
}

// cancelMock abandons a mock checkout and frees the date at once.
func (s *Service) cancelMock(ctx context.Context, sessionID string) (Booking, Outcome, error) {
	if !payment.IsMockSessionID(sessionID) {
		return Booking{}, "", apperr.NotFound("checkout session")
	}
	b, out, err := s.applySessionEvent(ctx, sessionEvent{ID: "mock_cancel_" + sessionID, Type: payment.EventCheckoutExpired, SessionID: sessionID, Action: ActionCancel})
	if err != nil {
		return Booking{}, out, err
	}
	if out == OutcomeDuplicate {
		b, err = s.Store.BookingBySession(ctx, sessionID)
	}
	return b, out, err
}

// SessionBooking returns the booking of a session (for success/cancel pages).
func (s *Service) SessionBooking(ctx context.Context, sessionID string) (Booking, error) {
	return s.Store.BookingBySession(ctx, sessionID)
}

// applySessionEvent records e once, then applies it in one transaction
// under the date lock, the order checkouts use too (date, then the booking
// row), so the two never deadlock; even a PENDING booking takes it, since
// a checkout for the same date may be about to expire this lapsed hold. The
// event is claimed (marked processed) in that transaction, so concurrent
// deliveries of one event take turns and all but one are duplicates.
func (s *Service) applySessionEvent(ctx context.Context, e sessionEvent) (Booking, Outcome, error) {
	ref, processed, err := s.Store.RecordSessionEvent(ctx, e.SessionID, e.ID, e.Type, e.Payload)
	if apperr.Is(err, apperr.CodeNotFound) {
		return Booking{}, "", errSessionNotIssued
	}
	if err != nil {
		return Booking{}, "", fmt.Errorf("record event: %w", err)
	}
	if processed {
		return Booking{}, OutcomeDuplicate, nil
	}
	t, err := s.Tenants.TenantByID(ctx, ref.TenantID)
	if err != nil {
		return Booking{}, "", err
	}
	now := s.now()
	var b Booking
	outcome := OutcomeDuplicate
	// The date was read when the event was recorded; should the booking move
	// (a reschedule) before its lock is taken, the lock held is not its date's:
	// the transaction is rolled back and runs again under the new date.
	date := ref.Date
	for attempt := 1; ; attempt++ {
		moved := false
		err = s.Store.WithDateLock(ctx, ref.TenantID, date, func(tx Tx) error {
			claimed, err := tx.ClaimEvent(ctx, ref.TenantID, e.ID, now)
			if err != nil || !claimed {
				return err
			}
			if b, err = tx.BookingBySession(ctx, e.SessionID); err != nil {
				return err
			}
			if b.Date != date {
				moved, date = true, b.Date
				return errBookingMoved
			}
			e.Action, b.paymentRef = paymentAction(b, e.SessionID, e.Action), e.PaymentIntent
			sellable := true
			if (e.Action == ActionPay || e.Action == ActionPayDeposit) && b.Status != StatusPaid && b.Status != StatusDepositPaid && b.Status != StatusConflict {
				// Whatever the hold's expiry says and whether or not the sweeper
				// ran, the date must have no blackout and no other live booking
				// now: a lapsed hold leaves its date open to both, and the money
				// may come long after.
				reason, err := dateTaken(ctx, tx, b.TenantID, b.Date, b.ID, now)
				if err != nil {
					return err
				}
				sellable = reason == ""
			}
			if e.Action == ActionAwait && b.Status == StatusPending {
				b.HoldExpiresAt = now.Add(awaitHold)
			}
			fx, err := apply(ctx, tx, &b, e.Action, sellable, now)
			if err != nil {
				return err
			}
			outcome = fx.Outcome
			if fx.Notify {
				msgs, err := s.composeEmails(t, b, e.Type == payment.EventCheckoutAsyncFailed)
				if err != nil {
					return err
				}
				return tx.EnqueueEmails(ctx, msgs, now)
			}
			return nil
		})
		if !moved || attempt == 3 {
			break
		}
	}
	if err != nil {
		if merr := s.Store.MarkWebhookFailed(context.WithoutCancel(ctx), e.ID, err.Error()); merr != nil {
			s.Logger.ErrorContext(ctx, "record webhook failure", "event", e.ID, "err", merr)
		}
		return Booking{}, "", fmt.Errorf("apply %s: %w", e.Type, err)
	}
	ev := bookingEvent("", b)
	ev.SessionID = e.SessionID
	switch outcome {
	case OutcomeBooked:
		ev.Kind = EventBookingPaid
		s.publish(ctx, ev)
	case OutcomeConflict:
		// Logged (warn) and counted by the bus's subscribers, like every change.
		ev.Kind, ev.Reason = EventBookingFailed, "date taken; refund required"
		s.publish(ctx, ev)
	case OutcomeReleased:
		ev.Kind = EventDateReleased
		s.publish(ctx, ev)
		if e.Type == payment.EventCheckoutAsyncFailed {
			// The same change as the release: no status of its own.
			ev.Kind, ev.Reason, ev.Status = EventBookingFailed, "payment failed", ""
			s.publish(ctx, ev)
		}
	}
	return b, outcome, nil
}
