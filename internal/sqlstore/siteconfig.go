package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
)

const versionColumns = `id, tenant_id, status, config, note, created_by, created_at, updated_at, published_at`

func scanVersion(row interface{ Scan(...any) error }) (siteconfig.Version, error) {
	var v siteconfig.Version
	var cfg string
	var published sql.NullTime
	err := row.Scan(&v.ID, &v.TenantID, &v.Status, &cfg, &v.Note, &v.CreatedBy, &v.CreatedAt, &v.UpdatedAt, &published)
	if err == sql.ErrNoRows {
		return v, apperr.NotFound("configuration version")
	}
	if err != nil {
		return v, fmt.Errorf("scan version: %w", err)
	}
	v.Config = []byte(cfg)
	if published.Valid {
		t := published.Time
		v.PublishedAt = &t
	}
	return v, nil
}

// PublishedVersion returns the tenant's live site configuration.
func (s *Store) PublishedVersion(ctx context.Context, tenantID string) (siteconfig.Version, error) {
	v, err := scanVersion(s.read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND status = 'published'`, tenantID))
	if err != nil {
		return v, fmt.Errorf("store: published version: %w", err)
	}
	return v, nil
}

// VersionByID returns one of the tenant's versions.
func (s *Store) VersionByID(ctx context.Context, tenantID, id string) (siteconfig.Version, error) {
	v, err := scanVersion(s.read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return v, fmt.Errorf("store: version by id: %w", err)
	}
	return v, nil
}

// InConfigTx runs fn in one write transaction holding the tenant's
// configuration lock (an advisory lock on PostgreSQL; SQLite's single write
// lock), so the site writes of one tenant happen one after another; it
// commits when fn returns nil. The rules are siteconfig.Lifecycle's.
func (s *Store) InConfigTx(ctx context.Context, tenantID string, fn func(tx siteconfig.Tx) error) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "config", tenantID); err != nil {
			return fmt.Errorf("store: lock site configuration: %w", err)
		}
		return fn(&configTx{s: s, tx: tx, tenantID: tenantID})
	})
}

// configTx is siteconfig.Tx on one transaction of one tenant.
type configTx struct {
	s        *Store
	tx       *Tx
	tenantID string
}

// Audit adds one change-log row in the transaction, under its tenant.
func (c *configTx) Audit(ctx context.Context, e audit.Entry) error {
	e.TenantID = c.tenantID
	if err := writeAudit(ctx, c.tx, e); err != nil {
		return fmt.Errorf("store: write audit %s: %w", e.Action, err)
	}
	return nil
}

func isNotFound(err error) bool { return apperr.Is(err, apperr.CodeNotFound) }
