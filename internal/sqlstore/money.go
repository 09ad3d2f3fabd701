package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"mais/internal/apperr"
	"mais/internal/booking"
)

// WithDateLocks is WithDateLock over several dates of one tenant: the
// locks are taken in ascending date order, whoever asks and in whatever
// order, so two transactions that need the same two dates (two
// reschedules between them) cannot deadlock.
func (s *Store) WithDateLocks(ctx context.Context, tenantID string, dates []string, fn func(tx booking.Tx) error) error {
	sorted := slices.Clone(dates)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	var fnErr error
	err := s.inTx(ctx, func(tx *Tx) error {
		for _, d := range sorted {
			if err := s.lockKey(ctx, tx, "date", tenantID, d); err != nil {
				return fmt.Errorf("store: lock date %s: %w", d, err)
			}
		}
		fnErr = fn(bookingTx{s: s, tx: tx})
		return fnErr
	})
	if err != nil && fnErr == nil {
		return fmt.Errorf("store: dates transaction: %w", err)
	}
	return err
}

// AttachBalanceSession stores the payment session of a booking's balance.
func (s *Store) AttachBalanceSession(ctx context.Context, tenantID, bookingID, sessionID string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE bookings SET balance_session_id = $1, updated_at = $2
		WHERE tenant_id = $3 AND id = $4`, sessionID, s.utcNow(), tenantID, bookingID)
	if err != nil {
		return fmt.Errorf("store: attach balance session: %w", translate(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("booking")
	}
	return nil
}

const paymentColumns = `id, tenant_id, booking_id, kind, purpose, amount_cents, application_fee_cents, provider,
	session_id, provider_payment_id, provider_refund_id, idempotency_key, created_at`

// Payments lists one booking's charges and refunds, oldest first.
func (s *Store) Payments(ctx context.Context, tenantID, bookingID string) ([]booking.Payment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+paymentColumns+` FROM payments WHERE tenant_id = $1 AND booking_id = $2
		ORDER BY created_at, id`, tenantID, bookingID)
	if err != nil {
		return nil, fmt.Errorf("store: payments: %w", err)
	}
	defer rows.Close()
	out := []booking.Payment{}
	for rows.Next() {
		var p booking.Payment
		if err := rows.Scan(&p.ID, &p.TenantID, &p.BookingID, &p.Kind, &p.Purpose, &p.AmountCents, &p.ApplicationFeeCents,
			&p.Provider, &p.SessionID, &p.ProviderPaymentID, &p.ProviderRefundID, &p.IdempotencyKey, &p.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: payments: %w", err)
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: payments: %w", err)
	}
	return out, nil
}

// InsertPayment records a charge or refund; an idempotency key recorded
// before wraps booking.ErrDuplicatePayment.
func (t bookingTx) InsertPayment(ctx context.Context, p booking.Payment) error {
	if p.ID == "" {
		p.ID = newID()
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = t.s.utcNow() // the store's clock, like every other stamp
	}
	// ON CONFLICT, not a caught unique violation: on PostgreSQL a failed
	// statement aborts the whole transaction the caller goes on with.
	res, err := t.tx.ExecContext(ctx, `INSERT INTO payments (`+paymentColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (idempotency_key) DO NOTHING`,
		p.ID, p.TenantID, p.BookingID, p.Kind, p.Purpose, p.AmountCents, p.ApplicationFeeCents, p.Provider,
		p.SessionID, p.ProviderPaymentID, p.ProviderRefundID, p.IdempotencyKey, p.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert payment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: insert payment %s: %w", p.IdempotencyKey, booking.ErrDuplicatePayment)
	}
	return nil
}

// BookingByPayment finds the booking a provider payment (a Stripe
// PaymentIntent) was charged for.
func (s *Store) BookingByPayment(ctx context.Context, paymentID string) (booking.Booking, error) {
	if paymentID == "" {
		return booking.Booking{}, apperr.NotFound("booking")
	}
	b, err := scanBooking(s.read.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.id = (SELECT p.booking_id
		FROM payments p WHERE p.provider_payment_id = $1 AND p.kind = 'charge' ORDER BY p.created_at LIMIT 1)`, paymentID))
	if err != nil {
		return b, fmt.Errorf("store: booking by payment: %w", err)
	}
	return b, nil
}
