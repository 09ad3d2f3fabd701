package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/domains"
)

const domainColumns = `tenant_id, domain, token, verified, created_at, verified_at`

func scanDomain(row interface{ Scan(...any) error }) (domains.Domain, error) {
	var d domains.Domain
	var at sql.NullTime
	err := row.Scan(&d.TenantID, &d.Name, &d.Token, &d.Verified, &d.CreatedAt, &at)
	if err == sql.ErrNoRows {
		return d, apperr.NotFound("domain")
	}
	if err != nil {
		return d, fmt.Errorf("scan domain: %w", err)
	}
	if at.Valid {
		v := at.Time.UTC()
		d.VerifiedAt = &v
	}
	d.CreatedAt = d.CreatedAt.UTC()
	return d, nil
}

// verifiedElsewhere is the conflict a domain another tenant has proven is.
const verifiedElsewhere = "another business has verified this domain; ask the platform's support if it is yours"

// AddDomain stores a tenant's unverified claim on d.Name (docs/API.md §14).
// CONFLICT when the tenant has it already, another tenant verified it, or
// the tenant has max domains.
func (s *Store) AddDomain(ctx context.Context, d domains.Domain, max int) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		var mine, taken, count int
		err := tx.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(CASE WHEN tenant_id = $1 AND domain = $2 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN tenant_id <> $1 AND domain = $2 AND verified = $3 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN tenant_id = $1 THEN 1 ELSE 0 END), 0)
			FROM tenant_domains WHERE tenant_id = $1 OR domain = $2`, d.TenantID, d.Name, true).Scan(&mine, &taken, &count)
		switch {
		case err != nil:
			return fmt.Errorf("count: %w", err)
		case mine > 0:
			return apperr.Conflict("you have already added %s", d.Name)
		case taken > 0:
			return apperr.Conflict(verifiedElsewhere)
		case count >= max:
			return apperr.Conflict("a business can have at most %d domains; delete one first", max)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO tenant_domains (`+domainColumns+`) VALUES ($1, $2, $3, $4, $5, NULL)`,
			d.TenantID, d.Name, d.Token, false, d.CreatedAt.UTC())
		return conflictOn(err, fmt.Sprintf("you have already added %s", d.Name), "tenant_domains")
	})
	if err != nil {
		return fmt.Errorf("store: add domain %s: %w", d.Name, err)
	}
	return nil
}

// TenantDomains lists a tenant's domains by name.
func (s *Store) TenantDomains(ctx context.Context, tenantID string) ([]domains.Domain, error) {
	list, err := queryList(ctx, s.read, "store: list domains", scanDomain,
		`SELECT `+domainColumns+` FROM tenant_domains WHERE tenant_id = $1 ORDER BY domain`, tenantID)
	if err != nil {
		return nil, err
	}
	return list, nil
}

// TenantDomain is one of a tenant's domains; NOT_FOUND otherwise.
func (s *Store) TenantDomain(ctx context.Context, tenantID, name string) (domains.Domain, error) {
	d, err := scanDomain(s.read.QueryRowContext(ctx, `SELECT `+domainColumns+` FROM tenant_domains
		WHERE tenant_id = $1 AND domain = $2`, tenantID, name))
	if err != nil {
		return d, fmt.Errorf("store: domain %s: %w", name, err)
	}
	return d, nil
}

// MarkDomainVerified records that the tenant proved name at at. The
// partial unique index on verified domains makes a race between two
// tenants end with one CONFLICT.
func (s *Store) MarkDomainVerified(ctx context.Context, tenantID, name string, at time.Time) (domains.Domain, error) {
	var out domains.Domain
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tenant_domains SET verified = $1, verified_at = $2
			WHERE tenant_id = $3 AND domain = $4`, true, at.UTC(), tenantID, name)
		if err != nil {
			return conflictOn(err, verifiedElsewhere, "tenant_domains")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound("domain")
		}
		out, err = scanDomain(tx.QueryRowContext(ctx, `SELECT `+domainColumns+` FROM tenant_domains
			WHERE tenant_id = $1 AND domain = $2`, tenantID, name))
		return err
	})
	if err != nil {
		return out, fmt.Errorf("store: verify domain %s: %w", name, err)
	}
	return out, nil
}

// DeleteDomain removes a tenant's domain, and clears the tenant's
// platform-set customDomain when it was that one.
func (s *Store) DeleteDomain(ctx context.Context, tenantID, name string) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tenant_domains WHERE tenant_id = $1 AND domain = $2`, tenantID, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFound("domain")
		}
		_, err = tx.ExecContext(ctx, `UPDATE tenants SET custom_domain = NULL, updated_at = $1
			WHERE id = $2 AND custom_domain = $3`, s.utcNow(), tenantID, name)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete domain %s: %w", name, err)
	}
	return nil
}

// VerifiedOwner is the id of the tenant that verified name; NOT_FOUND
// when nobody has.
func (s *Store) VerifiedOwner(ctx context.Context, name string) (string, error) {
	var id string
	err := s.read.QueryRowContext(ctx, `SELECT tenant_id FROM tenant_domains WHERE domain = $1 AND verified = $2`,
		name, true).Scan(&id)
	if err == sql.ErrNoRows {
		return "", fmt.Errorf("store: domain owner %s: %w", name, apperr.NotFound("domain"))
	}
	if err != nil {
		return "", fmt.Errorf("store: domain owner %s: %w", name, err)
	}
	return id, nil
}

// setPlatformDomain keeps tenant_domains in step with a platform admin's
// customDomain: the old one goes, the new one is verified at once (the
// operator vouches for it). CONFLICT when another tenant verified it.
func (s *Store) setPlatformDomain(ctx context.Context, tx *Tx, tenantID, old, new string, at time.Time) error {
	if old == new {
		return nil
	}
	if old != "" {
		if _, err := tx.ExecContext(ctx, `DELETE FROM tenant_domains WHERE tenant_id = $1 AND domain = $2`, tenantID, old); err != nil {
			return fmt.Errorf("drop domain %s: %w", old, err)
		}
	}
	if new == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tenant_domains WHERE tenant_id = $1 AND domain = $2`, tenantID, new); err != nil {
		return fmt.Errorf("replace domain %s: %w", new, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO tenant_domains (`+domainColumns+`) VALUES ($1, $2, '', $3, $4, $4)`,
		tenantID, new, true, at.UTC())
	return conflictOn(err, "that custom domain belongs to another tenant", "tenant_domains", "domain")
}

// sqlTrue is the literal of true in the dialect (a query with no argument
// for it keeps the partial index usable).
func (s *Store) sqlTrue() string {
	if s.dialect == postgres {
		return "TRUE"
	}
	return "1"
}
