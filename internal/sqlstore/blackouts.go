package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
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

// CreateBlackout blocks a date. A paid date is a CONFLICT, and so is a date
// already blacked out. A live hold on the date is released (CANCELED,
// audited as booking.release) in the same transaction and named in
// ReleasedHoldID; a hold that lapsed is expired on the way. Should its
// payment still arrive, it finds the date blacked out and is flagged for
// refund.
func (s *Store) CreateBlackout(ctx context.Context, b booking.Blackout, now time.Time) (booking.Blackout, error) {
	if b.ID == "" {
		b.ID = newID()
	}
	b.CreatedAt = now.UTC()
	b.ReleasedHoldID = ""
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "date", b.TenantID, b.Date); err != nil {
			return err
		}
		live, err := scanBooking(tx.QueryRowContext(ctx, `SELECT `+bookingColumns+bookingFrom+` WHERE b.tenant_id = $1 AND b.date = $2
			AND b.status IN ('PENDING', 'PAID')`+s.forUpdate(), b.TenantID, b.Date))
		switch {
		case apperr.Is(err, apperr.CodeNotFound):
		case err != nil:
			return fmt.Errorf("find live booking: %w", err)
		case live.Status == booking.StatusPaid:
			return apperr.Conflict("%s is booked; cancel the booking before blacking the date out", b.Date)
		case live.HoldExpiresAt.After(b.CreatedAt):
			if err := releaseHold(ctx, tx, &live, booking.StatusCanceled, b.CreatedAt); err != nil {
				return err
			}
			b.ReleasedHoldID = live.ID
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'EXPIRED', updated_at = $1
				WHERE tenant_id = $2 AND id = $3 AND status = 'PENDING'`, b.CreatedAt, b.TenantID, live.ID); err != nil {
				return fmt.Errorf("expire lapsed hold: %w", err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO blackouts (id, tenant_id, date, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
			b.ID, b.TenantID, b.Date, b.Reason, b.CreatedAt)
		if err != nil {
			return conflictOn(err, b.Date+" is already blacked out", "date")
		}
		after := map[string]string{"date": b.Date, "reason": b.Reason}
		if b.ReleasedHoldID != "" {
			after["releasedHoldId"] = b.ReleasedHoldID
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: b.TenantID, At: b.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: "blackout.create", Entity: "blackout", EntityID: b.ID, After: mustJSON(after)})
	})
	if err != nil {
		b.ReleasedHoldID = ""
	}
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
