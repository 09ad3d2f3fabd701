package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/catalog"
)

const venueColumns = `id, tenant_id, name, address, capacity, created_at, updated_at`

func scanVenue(row interface{ Scan(...any) error }) (catalog.Venue, error) {
	var v catalog.Venue
	var capacity sql.NullInt64
	err := row.Scan(&v.ID, &v.TenantID, &v.Name, &v.Address, &capacity, &v.CreatedAt, &v.UpdatedAt)
	if err == sql.ErrNoRows {
		return v, apperr.NotFound("venue")
	}
	if err != nil {
		return v, fmt.Errorf("scan venue: %w", err)
	}
	if capacity.Valid {
		c := int(capacity.Int64)
		v.Capacity = &c
	}
	return v, nil
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// ListVenues returns the tenant's venues by name.
func (s *Store) ListVenues(ctx context.Context, tenantID string) ([]catalog.Venue, error) {
	return queryList(ctx, s.read, "store: list venues", scanVenue,
		`SELECT `+venueColumns+` FROM venues WHERE tenant_id = $1 ORDER BY name, id`, tenantID)
}

// VenueByID returns one venue of the tenant; NOT_FOUND for another's.
func (s *Store) VenueByID(ctx context.Context, tenantID, id string) (catalog.Venue, error) {
	return scanVenue(s.read.QueryRowContext(ctx, `SELECT `+venueColumns+` FROM venues WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}

// CreateVenue stores v, refusing (CONFLICT) a tenant's venue number max+1;
// creations of one tenant are serialised so the bound holds under races.
func (s *Store) CreateVenue(ctx context.Context, v catalog.Venue, max int) (catalog.Venue, error) {
	if v.ID == "" {
		v.ID = newID()
	}
	now := s.utcNow()
	v.CreatedAt, v.UpdatedAt = now, now
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "venues", v.TenantID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM venues WHERE tenant_id = $1`, v.TenantID).Scan(&n); err != nil {
			return fmt.Errorf("count venues: %w", err)
		}
		if n >= max {
			return apperr.Conflict("a business keeps at most %d venues; delete one first", max)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO venues (`+venueColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
			v.ID, v.TenantID, v.Name, v.Address, nullInt(v.Capacity), now)
		if err != nil {
			return conflictOn(err, fmt.Sprintf("a venue named %q exists already", v.Name), "name")
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: v.TenantID, At: now, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionVenueCreate, Entity: audit.EntityVenue, EntityID: v.ID, After: audit.JSON(v)})
	})
	if err != nil {
		return catalog.Venue{}, fmt.Errorf("store: create venue: %w", err)
	}
	return v, nil
}

// UpdateVenue applies the given fields to one venue.
func (s *Store) UpdateVenue(ctx context.Context, tenantID, id string, in catalog.VenueInput) (catalog.Venue, error) {
	var out catalog.Venue
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := scanVenue(tx.QueryRowContext(ctx, `SELECT `+venueColumns+` FROM venues WHERE tenant_id = $1 AND id = $2`+s.forUpdate(), tenantID, id))
		if err != nil {
			return err
		}
		out = before
		setField(&out.Name, in.Name)
		setField(&out.Address, in.Address)
		if in.Capacity.Set {
			out.Capacity = in.Capacity.Value
		}
		out.UpdatedAt = s.utcNow()
		_, err = tx.ExecContext(ctx, `UPDATE venues SET name = $1, address = $2, capacity = $3, updated_at = $4 WHERE tenant_id = $5 AND id = $6`,
			out.Name, out.Address, nullInt(out.Capacity), out.UpdatedAt, tenantID, id)
		if err != nil {
			return conflictOn(err, fmt.Sprintf("a venue named %q exists already", out.Name), "name")
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: out.UpdatedAt, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionVenueUpdate, Entity: audit.EntityVenue, EntityID: id, Before: audit.JSON(before), After: audit.JSON(out)})
	})
	if err != nil {
		return catalog.Venue{}, fmt.Errorf("store: update venue: %w", err)
	}
	return out, nil
}

// DeleteVenue removes one venue; bookings keep their copy of it.
func (s *Store) DeleteVenue(ctx context.Context, tenantID, id string) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := scanVenue(tx.QueryRowContext(ctx, `SELECT `+venueColumns+` FROM venues WHERE tenant_id = $1 AND id = $2`, tenantID, id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM venues WHERE tenant_id = $1 AND id = $2`, tenantID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: s.utcNow(), Actor: audit.ActorFrom(ctx),
			Action: audit.ActionVenueDelete, Entity: audit.EntityVenue, EntityID: id, Before: audit.JSON(before)})
	})
	if err != nil {
		return fmt.Errorf("store: delete venue: %w", err)
	}
	return nil
}
