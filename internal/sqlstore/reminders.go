package sqlstore

import (
	"context"
	"fmt"
	"time"

	"mais/internal/booking"
)

var _ booking.ReminderStore = (*Store)(nil)

// RemindableBookings lists, across tenants, the bookings that hold their
// date with money and whose event, or balance due date, is near.
func (s *Store) RemindableBookings(ctx context.Context, from, to string) ([]booking.Booking, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+bookingColumns+bookingFrom+`
		WHERE b.status IN ('DEPOSIT_PAID', 'PAID') AND b.date >= $1
		AND (b.date <= $2 OR (b.status = 'DEPOSIT_PAID' AND b.balance_due_date <> '' AND b.balance_due_date <= $2))
		ORDER BY b.tenant_id, b.date`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: remindable bookings: %w", err)
	}
	defer rows.Close()
	var out []booking.Booking
	for rows.Next() {
		b, err := scanBooking(rows)
		if err != nil {
			return nil, fmt.Errorf("store: remindable bookings: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: remindable bookings: %w", err)
	}
	return out, nil
}

// LeaseJob takes a periodic job's lease in one statement: the row is
// created on first use, and taken over only when its lease has run out (or
// is owner's already) and its last run is old enough.
func (s *Store) LeaseJob(ctx context.Context, name, owner string, now, until, ranBefore time.Time) (bool, error) {
	res, err := s.write.ExecContext(ctx, `INSERT INTO scheduled_jobs (name, lease_owner, lease_until) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
		WHERE (scheduled_jobs.lease_until IS NULL OR scheduled_jobs.lease_until <= $4 OR scheduled_jobs.lease_owner = excluded.lease_owner)
		AND (scheduled_jobs.last_run_at IS NULL OR scheduled_jobs.last_run_at <= $5)`,
		name, owner, until.UTC(), now.UTC(), ranBefore.UTC())
	if err != nil {
		return false, fmt.Errorf("store: lease job %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: lease job %s: %w", name, err)
	}
	return n == 1, nil
}

// FinishJob records the end of owner's run and frees the lease.
func (s *Store) FinishJob(ctx context.Context, name, owner string, now time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE scheduled_jobs SET last_run_at = $1, lease_owner = '', lease_until = NULL
		WHERE name = $2 AND lease_owner = $3`, now.UTC(), name, owner)
	if err != nil {
		return fmt.Errorf("store: finish job %s: %w", name, err)
	}
	return nil
}
