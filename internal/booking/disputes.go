package booking

import (
	"context"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/payment"
)

// This file is what Stripe says of a charge after the fact (docs/API.md
// §11): a refund made in Stripe's own dashboard (charge.refunded) is
// recorded like ours, and a dispute (charge.dispute.created) flags the
// booking and e-mails the business. Both find the booking by the charge's
// payment intent; a charge MAIS did not make is ignored. Both are
// idempotent without storing the event: the refund row's key is the
// charge's refunded total, the flag and the e-mail's dedupe key are set once.

// handleChargeEvent applies charge.refunded or charge.dispute.created.
func (s *Service) handleChargeEvent(ctx context.Context, ev payment.Event) (Outcome, error) {
	b, err := s.Store.BookingByPayment(ctx, ev.Charge.PaymentIntent)
	if apperr.Is(err, apperr.CodeNotFound) {
		return OutcomeIgnored, nil
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", ev.Type, err)
	}
	t, err := s.Tenants.TenantByID(ctx, b.TenantID)
	if err != nil {
		return "", fmt.Errorf("%s: %w", ev.Type, err)
	}
	now := s.now()
	switch ev.Type {
	case payment.EventChargeRefunded:
		ps, err := s.Store.Payments(ctx, b.TenantID, b.ID)
		if err != nil {
			return "", fmt.Errorf("%s: %w", ev.Type, err)
		}
		var ours int64
		for _, p := range ps {
			if p.Kind == PaymentRefund && p.ProviderPaymentID == ev.Charge.PaymentIntent {
				ours += p.AmountCents
			}
		}
		delta := ev.Charge.AmountRefunded - ours
		if delta <= 0 {
			return OutcomeNoChange, nil
		}
		part := refundPart{paymentID: ev.Charge.PaymentIntent, amount: delta, refundID: ev.Charge.ID,
			key: fmt.Sprintf("provider-refund:%s:%d", ev.Charge.PaymentIntent, ev.Charge.AmountRefunded)}
		var n int64
		err = s.Store.WithDateLock(ctx, b.TenantID, b.Date, func(tx Tx) error {
			if b, err = tx.BookingByID(ctx, b.TenantID, b.ID); err != nil {
				return err
			}
			n, err = recordRefund(ctx, tx, &b, part, refundProvider, now)
			return err
		})
		if err != nil {
			return "", fmt.Errorf("%s: %w", ev.Type, err)
		}
		if n == 0 {
			return OutcomeNoChange, nil
		}
		ev := bookingEvent(EventRefunded, b)
		ev.Reason = fmt.Sprintf("%d refunded in the provider's dashboard", n)
		s.publish(ctx, ev)
		return OutcomeRefunded, nil
	case payment.EventChargeDisputeCreated:
		changed := false
		err = s.Store.WithDateLock(ctx, b.TenantID, b.Date, func(tx Tx) error {
			if b, err = tx.BookingByID(ctx, b.TenantID, b.ID); err != nil {
				return err
			}
			if b.Disputed {
				return nil
			}
			changed, b.Disputed, b.UpdatedAt = true, true, now
			if err := tx.UpdateBooking(ctx, b, b.Status); err != nil {
				return err
			}
			if t.Email == "" {
				return nil
			}
			return tx.EnqueueEmails(ctx, []Email{{ID: newID(), TenantID: b.TenantID, DedupeKey: "booking:" + b.ID + ":disputed", To: t.Email,
				Subject: "A payment was disputed: booking on " + b.Date,
				TextBody: fmt.Sprintf("%s's bank disputes a payment of the booking on %s (%s).\n\nAnswer the dispute in your Stripe dashboard; the booking is flagged in MAIS.\n",
					b.Customer.Name, b.Date, b.Customer.Email)}}, now)
		})
		if err != nil {
			return "", fmt.Errorf("%s: %w", ev.Type, err)
		}
		if !changed {
			return OutcomeNoChange, nil
		}
		s.Logger.WarnContext(ctx, "a payment was disputed", "tenant", b.TenantID, "booking", b.ID)
		s.publish(ctx, bookingEvent(EventDisputed, b))
		if s.Outbox != nil {
			s.Outbox.Wake()
		}
		return OutcomeDisputed, nil
	}
	return OutcomeIgnored, nil
}

// Outcomes of charge events.
const (
	OutcomeRefunded Outcome = "refunded"
	OutcomeDisputed Outcome = "disputed"
)
