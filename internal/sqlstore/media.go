package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/media"
)

const mediaColumns = `id, tenant_id, name, ext, width, height, bytes, created_at`

func scanMedia(row interface{ Scan(...any) error }) (media.Item, error) {
	var m media.Item
	err := row.Scan(&m.ID, &m.TenantID, &m.Name, &m.Ext, &m.Width, &m.Height, &m.Bytes, &m.CreatedAt)
	if err == sql.ErrNoRows {
		return m, apperr.NotFound("image")
	}
	if err != nil {
		return m, fmt.Errorf("scan media: %w", err)
	}
	return m, nil
}

// mediaAudit is what the change log keeps of an item (no file contents).
type mediaAudit struct {
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Bytes  int64  `json:"bytes"`
}

func auditOfMedia(m media.Item) mediaAudit {
	return mediaAudit{Name: m.Name, Width: m.Width, Height: m.Height, Bytes: m.Bytes}
}

// InsertMedia stores m unless the tenant's library would then take more
// than quota bytes (then: the bytes used and media.ErrQuota, nothing
// inserted). A tenant's inserts are serialised, so two uploads cannot
// both take the last free bytes.
func (s *Store) InsertMedia(ctx context.Context, m media.Item, quota int64) (int64, error) {
	m.CreatedAt = s.utcNow()
	var used int64
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "media", m.TenantID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(bytes), 0) FROM media WHERE tenant_id = $1`, m.TenantID).Scan(&used); err != nil {
			return fmt.Errorf("sum media: %w", err)
		}
		if used+m.Bytes > quota {
			return media.ErrQuota
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO media (`+mediaColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			m.ID, m.TenantID, m.Name, m.Ext, m.Width, m.Height, m.Bytes, m.CreatedAt); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: m.TenantID, At: m.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionMediaUpload, Entity: audit.EntityMedia, EntityID: m.ID, After: audit.JSON(auditOfMedia(m))})
	})
	if err != nil {
		return used, fmt.Errorf("store: insert media: %w", err)
	}
	return used, nil
}

// ListMedia returns the tenant's library, newest first.
func (s *Store) ListMedia(ctx context.Context, tenantID string) ([]media.Item, error) {
	return queryList(ctx, s.read, "store: list media", scanMedia,
		`SELECT `+mediaColumns+` FROM media WHERE tenant_id = $1 ORDER BY created_at DESC, id`, tenantID)
}

// MediaByID returns one item of the tenant; NOT_FOUND for another's.
func (s *Store) MediaByID(ctx context.Context, tenantID, id string) (media.Item, error) {
	m, err := scanMedia(s.read.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil && !apperr.Is(err, apperr.CodeNotFound) {
		return m, fmt.Errorf("store: media by id: %w", err)
	}
	return m, err
}

// MediaUsage is the bytes the tenant's library takes.
func (s *Store) MediaUsage(ctx context.Context, tenantID string) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(bytes), 0) FROM media WHERE tenant_id = $1`, tenantID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: media usage: %w", err)
	}
	return n, nil
}

// DeleteMedia removes one item's row and returns it; NOT_FOUND for an id
// the tenant does not have.
func (s *Store) DeleteMedia(ctx context.Context, tenantID, id string) (media.Item, error) {
	var before media.Item
	err := s.inTx(ctx, func(tx *Tx) error {
		var err error
		before, err = scanMedia(tx.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media WHERE tenant_id = $1 AND id = $2`+s.forUpdate(), tenantID, id))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE tenant_id = $1 AND id = $2`, tenantID, id); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: s.utcNow(), Actor: audit.ActorFrom(ctx),
			Action: audit.ActionMediaDelete, Entity: audit.EntityMedia, EntityID: id, Before: audit.JSON(auditOfMedia(before))})
	})
	if err != nil {
		return media.Item{}, fmt.Errorf("store: delete media: %w", err)
	}
	return before, nil
}

// MediaUses names where the tenant's item id is still shown: packages and
// extras whose photo it is, and the published site or its draft when the
// document names it. Addresses are matched by their "/media/{tenant}/{id}/"
// part, so absolute and relative links both count.
func (s *Store) MediaUses(ctx context.Context, tenantID, id string) ([]string, error) {
	pattern := "%/media/" + tenantID + "/" + id + "/%"
	return queryList(ctx, s.read, "store: media uses", func(r interface{ Scan(...any) error }) (string, error) {
		var use string
		err := r.Scan(&use)
		return use, err
	}, `SELECT 'the package "' || name || '"' FROM packages WHERE tenant_id = $1 AND photo_url LIKE $2
		UNION ALL SELECT 'the extra "' || name || '"' FROM add_ons WHERE tenant_id = $1 AND photo_url LIKE $2
		UNION ALL SELECT CASE status WHEN 'published' THEN 'your published site' ELSE 'your site draft' END
			FROM config_versions WHERE tenant_id = $1 AND status IN ('draft', 'published') AND config LIKE $2`, tenantID, pattern)
}
