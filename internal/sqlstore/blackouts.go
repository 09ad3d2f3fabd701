package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/booking"
)

// ListBlackouts lists a tenant's blackout dates in [from, to] (open ends allowed).
func (s *Store) ListBlackouts(ctx context.Context, tenantID, from, to string) ([]booking.Blackout, error) {
	if to == "" {
		to = "9999-12-31"
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, tenant_id, date, reason, created_at FROM blackouts
		WHERE tenant_id = $1 AND date >= $2 AND date <= $3 ORDER BY date`, tenantID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []booking.Blackout{}
	for rows.Next() {
		var b booking.Blackout
		if err := rows.Scan(&b.ID, &b.TenantID, &b.Date, &b.Reason, &b.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// CreateBlackout blocks a date. A date with a live booking or hold, or one
// already blacked out, is a CONFLICT.
func (s *Store) CreateBlackout(ctx context.Context, b booking.Blackout, now time.Time) (booking.Blackout, error) {
	if b.ID == "" {
		b.ID = newID()
	}
	b.CreatedAt = now.UTC()
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "date", b.TenantID, b.Date); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM bookings WHERE tenant_id = $1 AND date = $2
			AND (status = 'PAID' OR (status = 'PENDING' AND hold_expires_at > $3))`, b.TenantID, b.Date, b.CreatedAt).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflict("%s has a booking or a checkout in progress; it cannot be blacked out", b.Date)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO blackouts (id, tenant_id, date, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
			b.ID, b.TenantID, b.Date, b.Reason, b.CreatedAt)
		if err != nil {
			return conflictOn(err, b.Date+" is already blacked out", "date")
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: b.TenantID, At: b.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: "blackout.create", Entity: "blackout", EntityID: b.ID, After: mustJSON(map[string]string{"date": b.Date, "reason": b.Reason})})
	})
	return b, err
}

// DeleteBlackout frees a blacked-out date.
func (s *Store) DeleteBlackout(ctx context.Context, tenantID, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var date, reason string
		err := tx.QueryRowContext(ctx, `SELECT date, reason FROM blackouts WHERE tenant_id = $1 AND id = $2`, tenantID, id).Scan(&date, &reason)
		if err == sql.ErrNoRows {
			return apperr.NotFound("blackout")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM blackouts WHERE tenant_id = $1 AND id = $2`, tenantID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: s.utcNow(), Actor: audit.ActorFrom(ctx),
			Action: "blackout.delete", Entity: "blackout", EntityID: id, Before: mustJSON(map[string]string{"date": date, "reason": reason})})
	})
}
