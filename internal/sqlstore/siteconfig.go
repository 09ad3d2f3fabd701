package sqlstore

import (
	"context"
	"database/sql"

	"mais/internal/apperr"
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
		return v, err
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
	return scanVersion(s.read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND status = 'published'`, tenantID))
}

// VersionByID returns one of the tenant's versions.
func (s *Store) VersionByID(ctx context.Context, tenantID, id string) (siteconfig.Version, error) {
	return scanVersion(s.read.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND id = $2`, tenantID, id))
}
