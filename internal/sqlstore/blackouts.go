package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
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
		return nil, fmt.Errorf("store: list blackouts: %w", err)
	}
	defer rows.Close()
	out := []booking.Blackout{}
	for rows.Next() {
		var b booking.Blackout
		if err := rows.Scan(&b.ID, &b.TenantID, &b.Date, &b.Reason, &b.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: list blackouts: %w", err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list blackouts: %w", err)
	}
	return out, nil
}

// BlackoutByID finds one of the tenant's blackouts.
func (s *Store) BlackoutByID(ctx context.Context, tenantID, id string) (booking.Blackout, error) {
	var b booking.Blackout
	err := s.read.QueryRowContext(ctx, `SELECT id, tenant_id, date, reason, created_at FROM blackouts WHERE tenant_id = $1 AND id = $2`,
		tenantID, id).Scan(&b.ID, &b.TenantID, &b.Date, &b.Reason, &b.CreatedAt)
	if err == sql.ErrNoRows {
		return b, apperr.NotFound("blackout")
	}
	if err != nil {
		return b, fmt.Errorf("store: blackout by id: %w", err)
	}
	return b, nil
}

// HasBlackout reports whether the tenant blacked date out.
func (t bookingTx) HasBlackout(ctx context.Context, tenantID, date string) (bool, error) {
	var n int
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM blackouts WHERE tenant_id = $1 AND date = $2`, tenantID, date).Scan(&n); err != nil {
		return false, fmt.Errorf("store: check blackouts: %w", err)
	}
	return n > 0, nil
}

// InsertBlackout stores b; the unique (tenant, date) index makes a second
// blackout of a date a CONFLICT.
func (t bookingTx) InsertBlackout(ctx context.Context, b booking.Blackout) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO blackouts (id, tenant_id, date, reason, created_at) VALUES ($1, $2, $3, $4, $5)`,
		b.ID, b.TenantID, b.Date, b.Reason, b.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert blackout: %w", conflictOn(err, b.Date+" is already blacked out", "date"))
	}
	return nil
}

// DeleteBlackout removes one of the tenant's blackouts.
func (t bookingTx) DeleteBlackout(ctx context.Context, tenantID, id string) error {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM blackouts WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	if err != nil {
		return fmt.Errorf("store: delete blackout: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("blackout")
	}
	return nil
}
