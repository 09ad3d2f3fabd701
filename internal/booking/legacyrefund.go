package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/payment"
)

// This file finds the provider's payment a refund must name when MAIS did
// not record it: a booking paid before migration 008 has its money on the
// booking (paidCents) but no charge row, and a charge row may lack the
// payment intent. Stripe refunds a payment intent, so it is read back from
// the checkout session the booking recorded; the legacy charge is then
// recorded with the refund, so the next refund and Stripe's
// charge.refunded find it like any other. When no payment can be named,
// the refund is refused with a reason the business can act on instead of
// an outage that retrying never cures.

// errUnnamedPayment refuses a refund whose payment cannot be named.
var errUnnamedPayment = apperr.New(apperr.CodeConflict,
	"this booking was paid before MAIS recorded each payment, and the payment provider cannot tell which payment it was; "+
		"refund it in your Stripe dashboard, then cancel the booking here with no refund")

// findPayments names the provider payment of each part that has none,
// through its payment session (the booking's checkout for legacy money).
// The mock needs none. No session, no lookup, or a session without a
// payment → errUnnamedPayment (409); the provider down → 503.
func (s *Service) findPayments(ctx context.Context, b Booking, parts []refundPart) error {
	if localProvider(s.Payments) {
		return nil
	}
	for i := range parts {
		p := &parts[i]
		if p.paymentID != "" {
			continue
		}
		if p.sessionID == "" {
			p.sessionID = b.CheckoutSessionID
		}
		payer, ok := s.Payments.(payment.SessionPayer)
		if !ok || p.sessionID == "" {
			return errUnnamedPayment
		}
		timeout := s.ProviderTimeout
		if timeout <= 0 {
			timeout = 15 * time.Second
		}
		pctx, cancel := context.WithTimeout(ctx, timeout)
		id, err := payer.SessionPayment(pctx, p.sessionID)
		cancel()
		if err != nil {
			s.Logger.WarnContext(ctx, "provider could not name a session's payment", "booking", b.ID, "session", p.sessionID, "err", err)
			return apperr.New(apperr.CodeUnavailable, "the refund could not be made right now; please try again")
		}
		if id == "" {
			return errUnnamedPayment
		}
		p.paymentID = id
	}
	return nil
}

// localProvider reports whether p mints sessions and refunds without I/O
// (the mock): having the method is not enough, Stripe has it too.
func localProvider(p payment.Provider) bool {
	lp, ok := p.(payment.LocalProvider)
	return ok && lp.Local()
}

// adoptLegacyCharge records, in tx, the charge b counts but no row holds
// (its amount and fee the booking's sums less the rows'), as paid through
// paymentID at b's payment time. The sums do not move: they counted it
// all along. Recorded before (its key is the checkout session's, as any
// charge of that session) → nothing.
func adoptLegacyCharge(ctx context.Context, tx Tx, b Booking, rows []Payment, paymentID string) error {
	amount, fee := b.PaidCents, b.FeesCents
	for _, p := range rows {
		if p.Kind == PaymentCharge {
			amount -= p.AmountCents
			fee -= p.ApplicationFeeCents
		} else {
			fee += p.ApplicationFeeCents
		}
	}
	if amount <= 0 {
		return nil
	}
	at := b.CreatedAt
	if b.PaidAt != nil {
		at = *b.PaidAt
	}
	key := "charge:legacy:" + b.ID
	if b.CheckoutSessionID != "" {
		key = "charge:" + b.CheckoutSessionID
	}
	err := tx.InsertPayment(ctx, Payment{ID: newID(), TenantID: b.TenantID, BookingID: b.ID, Kind: PaymentCharge, Purpose: PurposeFull,
		AmountCents: amount, ApplicationFeeCents: min(max(fee, 0), amount), Provider: b.PaymentProvider, SessionID: b.CheckoutSessionID,
		ProviderPaymentID: paymentID, IdempotencyKey: key, CreatedAt: at})
	if err != nil && !errors.Is(err, ErrDuplicatePayment) {
		return fmt.Errorf("record the legacy charge: %w", err)
	}
	return nil
}
