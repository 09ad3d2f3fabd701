package sqlstore

import (
	"context"
	"fmt"
	"time"

	"mais/internal/booking"
)

var _ booking.MoneyStore = (*Store)(nil)

// MoneyTotals sums a tenant's payment rows made in [from, to) by kind and
// purpose, and the balances its DEPOSIT_PAID bookings still owe.
func (s *Store) MoneyTotals(ctx context.Context, tenantID string, from, to time.Time, today string) (booking.MoneyTotals, error) {
	var m booking.MoneyTotals
	rows, err := s.read.QueryContext(ctx, `SELECT kind, purpose, COUNT(*), COALESCE(SUM(amount_cents), 0) FROM payments
		WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY kind, purpose`, tenantID, from.UTC(), to.UTC())
	if err != nil {
		return m, fmt.Errorf("store: money of %s: %w", tenantID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, purpose string
		var n int
		var sum int64
		if err := rows.Scan(&kind, &purpose, &n, &sum); err != nil {
			return m, fmt.Errorf("store: money of %s: %w", tenantID, err)
		}
		switch {
		case kind == booking.PaymentRefund:
			m.RefundedCents += sum
		case purpose == booking.PurposeDeposit:
			m.DepositCents, m.Deposits = m.DepositCents+sum, m.Deposits+n
			m.ChargedCents += sum
		default:
			m.ChargedCents += sum
		}
	}
	if err := rows.Err(); err != nil {
		return m, fmt.Errorf("store: money of %s: %w", tenantID, err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(total_cents - paid_cents), 0),
		COALESCE(SUM(CASE WHEN balance_due_date <> '' AND balance_due_date < $2 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN balance_due_date <> '' AND balance_due_date < $2 THEN total_cents - paid_cents ELSE 0 END), 0)
		FROM bookings WHERE tenant_id = $1 AND status = 'DEPOSIT_PAID'`, tenantID, today).
		Scan(&m.Outstanding, &m.OutstandingCents, &m.Overdue, &m.OverdueCents)
	if err != nil {
		return m, fmt.Errorf("store: balances of %s: %w", tenantID, err)
	}
	return m, nil
}
