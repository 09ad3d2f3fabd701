package sqlstore

import (
	"context"
	"fmt"

	"mais/internal/siteconfig"
)

// versionSummaryColumns is versionColumns without the document, for lists.
const versionSummaryColumns = `id, tenant_id, status, '' AS config, note, created_by, created_at, updated_at, published_at`

// ListVersions returns a tenant's versions newest first, without their config.
func (s *Store) ListVersions(ctx context.Context, tenantID string, limit, offset int) ([]siteconfig.Version, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+versionSummaryColumns+` FROM config_versions
		WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, tenantID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("store: list versions: %w", err)
	}
	defer rows.Close()
	out := []siteconfig.Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list versions: %w", err)
		}
		v.Config = nil
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list versions: %w", err)
	}
	return out, nil
}

// Version returns one of the transaction's tenant's versions, locked.
func (c *configTx) Version(ctx context.Context, id string) (siteconfig.Version, error) {
	v, err := scanVersion(c.tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND id = $2`+c.s.forUpdate(), c.tenantID, id))
	if err != nil {
		return v, fmt.Errorf("store: lock version: %w", err)
	}
	return v, nil
}

// Published returns the live version, locked; ok is false when there is none.
func (c *configTx) Published(ctx context.Context) (siteconfig.Version, bool, error) {
	v, err := scanVersion(c.tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND status = 'published'`+c.s.forUpdate(), c.tenantID))
	if isNotFound(err) {
		return siteconfig.Version{}, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("store: lock published version: %w", err)
	}
	return v, true, nil
}

// InsertVersion stores v; a second published version is a CONFLICT.
func (c *configTx) InsertVersion(ctx context.Context, v siteconfig.Version) error {
	if v.TenantID != c.tenantID {
		return fmt.Errorf("store: insert version: tenant %q outside the transaction's tenant", v.TenantID)
	}
	var published any
	if v.PublishedAt != nil {
		published = v.PublishedAt.UTC()
	}
	_, err := c.tx.ExecContext(ctx, `INSERT INTO config_versions (id, tenant_id, status, config, note, created_by,
		created_at, updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		v.ID, c.tenantID, v.Status, string(v.Config), v.Note, v.CreatedBy, v.CreatedAt.UTC(), v.UpdatedAt.UTC(), published)
	if err != nil {
		return fmt.Errorf("store: insert version: %w", onePublished(err))
	}
	return nil
}

// UpdateVersion writes v's status, config, note, updated and published times.
func (c *configTx) UpdateVersion(ctx context.Context, v siteconfig.Version) error {
	var published any
	if v.PublishedAt != nil {
		published = v.PublishedAt.UTC()
	}
	_, err := c.tx.ExecContext(ctx, `UPDATE config_versions SET status = $1, config = $2, note = $3, updated_at = $4,
		published_at = $5 WHERE tenant_id = $6 AND id = $7`,
		v.Status, string(v.Config), v.Note, v.UpdatedAt.UTC(), published, c.tenantID, v.ID)
	if err != nil {
		return fmt.Errorf("store: update version: %w", onePublished(err))
	}
	return nil
}

// onePublished names a clash on the one-published-version index.
func onePublished(err error) error {
	return conflictOn(err, "another version was published at the same time; reload and try again",
		"config_versions_one_published", "config_versions.tenant_id")
}
