package sqlstore

import (
	"context"
	"fmt"
	"time"

	"mais/internal/booking"
)

// BookingTotals sums the tenant's PAID bookings whose payment arrived in
// [from, to) and counts its holds still live at now. The dashboard's month
// figures are these for the month in the tenant's zone: money counts when
// it came in, not when the wedding is, and a checkout is in progress
// whatever date it holds.
func (s *Store) BookingTotals(ctx context.Context, tenantID string, from, to, now time.Time) (booking.Totals, error) {
	var t booking.Totals
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(total_cents), 0), COALESCE(SUM(commission_cents), 0)
		FROM bookings WHERE tenant_id = $1 AND status = 'PAID' AND paid_at >= $2 AND paid_at < $3`,
		tenantID, from.UTC(), to.UTC()).Scan(&t.Paid, &t.RevenueCents, &t.CommissionCents)
	if err != nil {
		return booking.Totals{}, fmt.Errorf("store: payments of %s: %w", tenantID, err)
	}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings
		WHERE tenant_id = $1 AND status = 'PENDING' AND hold_expires_at > $2`, tenantID, now.UTC()).Scan(&t.Holding)
	if err != nil {
		return booking.Totals{}, fmt.Errorf("store: live holds of %s: %w", tenantID, err)
	}
	return t, nil
}
