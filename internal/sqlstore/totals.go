package sqlstore

import (
	"context"
	"fmt"
	"time"

	"mais/internal/booking"
)

// BookingTotals is the dashboard's one set of money figures for a tenant:
// its payment rows made in [from, to) summed by kind and purpose with their
// application fees (money counts when it moved, not when the wedding is),
// the balances its DEPOSIT_PAID bookings still owe (overdue when due before
// today), and its holds still live at now, whatever date they hold.
func (s *Store) BookingTotals(ctx context.Context, tenantID string, from, to, now time.Time, today string) (booking.Totals, error) {
	var t booking.Totals
	rows, err := s.read.QueryContext(ctx, `SELECT kind, purpose, COUNT(*), COALESCE(SUM(amount_cents), 0), COALESCE(SUM(application_fee_cents), 0)
		FROM payments WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY kind, purpose`, tenantID, from.UTC(), to.UTC())
	if err != nil {
		return t, fmt.Errorf("store: payments of %s: %w", tenantID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, purpose string
		var n int
		var sum, fees int64
		if err := rows.Scan(&kind, &purpose, &n, &sum, &fees); err != nil {
			return t, fmt.Errorf("store: payments of %s: %w", tenantID, err)
		}
		if kind == booking.PaymentRefund {
			t.RefundedCents += sum
			t.CommissionCents -= fees
			continue
		}
		t.ChargedCents, t.Charges, t.CommissionCents = t.ChargedCents+sum, t.Charges+n, t.CommissionCents+fees
		if purpose == booking.PurposeDeposit {
			t.DepositCents, t.Deposits = t.DepositCents+sum, t.Deposits+n
		}
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("store: payments of %s: %w", tenantID, err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(total_cents - paid_cents), 0),
		COALESCE(SUM(CASE WHEN balance_due_date <> '' AND balance_due_date < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN balance_due_date <> '' AND balance_due_date < $2 THEN total_cents - paid_cents ELSE 0 END), 0)
		FROM bookings WHERE tenant_id = $1 AND status = 'DEPOSIT_PAID'`, tenantID, today).
		Scan(&t.Outstanding, &t.OutstandingCents, &t.Overdue, &t.OverdueCents)
	if err != nil {
		return t, fmt.Errorf("store: balances of %s: %w", tenantID, err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings
		WHERE tenant_id = $1 AND status = 'PENDING' AND hold_expires_at > $2`, tenantID, now.UTC()).Scan(&t.Holding)
	if err != nil {
		return t, fmt.Errorf("store: live holds of %s: %w", tenantID, err)
	}
	return t, nil
}
