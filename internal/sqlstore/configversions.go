package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
)

// versionSummaryColumns is versionColumns without the document, for lists.
const versionSummaryColumns = `id, tenant_id, status, '' AS config, note, created_by, created_at, updated_at, published_at`

// ListVersions returns a tenant's versions newest first, without their config.
func (s *Store) ListVersions(ctx context.Context, tenantID string, limit, offset int) ([]siteconfig.Version, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+versionSummaryColumns+` FROM config_versions
		WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, tenantID, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siteconfig.Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		v.Config = nil
		out = append(out, v)
	}
	return out, rows.Err()
}

// CreateVersion stores a new draft.
func (s *Store) CreateVersion(ctx context.Context, v siteconfig.Version) error {
	v.Status = siteconfig.StatusDraft
	return s.inTx(ctx, func(tx *Tx) error {
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: v.TenantID, At: v.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: "config.create", Entity: "config_version", EntityID: v.ID, After: versionSnapshot(v, nil)})
	})
}

// UpdateDraft changes the config and/or note of a draft. Published and
// archived versions are history and cannot change.
func (s *Store) UpdateDraft(ctx context.Context, u siteconfig.DraftUpdate) (siteconfig.Version, error) {
	var out siteconfig.Version
	err := s.inTx(ctx, func(tx *Tx) error {
		before, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
			WHERE tenant_id = $1 AND id = $2`+s.forUpdate(), u.TenantID, u.ID))
		if err != nil {
			return err
		}
		if before.Status != siteconfig.StatusDraft {
			return apperr.Conflict("version %s is %s; only drafts can be edited — create a new draft instead", u.ID, before.Status)
		}
		v := before
		if u.Config != nil {
			v.Config = u.Config
		}
		if u.Note != nil {
			v.Note = *u.Note
		}
		v.UpdatedAt = u.At.UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE config_versions SET config = $1, note = $2, updated_at = $3
			WHERE tenant_id = $4 AND id = $5`, string(v.Config), v.Note, v.UpdatedAt, u.TenantID, u.ID); err != nil {
			return err
		}
		out = v
		return writeAudit(ctx, tx, audit.Entry{TenantID: u.TenantID, At: v.UpdatedAt, Actor: audit.ActorFrom(ctx),
			Action: "config.update", Entity: "config_version", EntityID: v.ID,
			Before: versionSnapshot(before, nil), After: versionSnapshot(v, nil)})
	})
	return out, err
}

// PublishVersion makes a draft live and archives the version it replaces.
// Publishes of one tenant are serialised, so concurrent ones all succeed in
// turn and exactly one version ends up published; the partial unique index
// config_versions_one_published backs this whatever the code does.
func (s *Store) PublishVersion(ctx context.Context, tenantID, id string, at time.Time) (siteconfig.Version, error) {
	at = at.UTC()
	var out siteconfig.Version
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "config", tenantID); err != nil {
			return err
		}
		v, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
			WHERE tenant_id = $1 AND id = $2`+s.forUpdate(), tenantID, id))
		if err != nil {
			return err
		}
		switch v.Status {
		case siteconfig.StatusPublished:
			return apperr.Conflict("version %s is already published", id)
		case siteconfig.StatusArchived:
			return apperr.Conflict("version %s is archived; use rollback to make it live again", id)
		}
		prev, err := s.archivePublished(ctx, tx, tenantID, at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE config_versions SET status = 'published', published_at = $1, updated_at = $1
			WHERE tenant_id = $2 AND id = $3`, at, tenantID, id); err != nil {
			return onePublished(err)
		}
		v.Status, v.PublishedAt, v.UpdatedAt = siteconfig.StatusPublished, &at, at
		out = v
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: at, Actor: audit.ActorFrom(ctx),
			Action: "config.publish", Entity: "config_version", EntityID: id,
			Before: prevSnapshot(prev), After: versionSnapshot(v, nil)})
	})
	return out, err
}

// RollbackTo publishes a copy of an archived version as a new version and
// archives the one it replaces.
func (s *Store) RollbackTo(ctx context.Context, r siteconfig.Rollback) (siteconfig.Version, error) {
	at := r.At.UTC()
	var out siteconfig.Version
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "config", r.TenantID); err != nil {
			return err
		}
		target, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
			WHERE tenant_id = $1 AND id = $2`, r.TenantID, r.TargetID))
		if err != nil {
			return err
		}
		switch target.Status {
		case siteconfig.StatusPublished:
			return apperr.Conflict("version %s is the published version already", r.TargetID)
		case siteconfig.StatusDraft:
			return apperr.Conflict("version %s is a draft that was never published; publish it instead", r.TargetID)
		}
		prev, err := s.archivePublished(ctx, tx, r.TenantID, at)
		if err != nil {
			return err
		}
		v := siteconfig.Version{ID: r.NewID, TenantID: r.TenantID, Status: siteconfig.StatusPublished,
			Config: target.Config, Note: "Rollback to version " + target.ID, CreatedBy: r.CreatedBy,
			CreatedAt: at, UpdatedAt: at, PublishedAt: &at}
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		out = v
		return writeAudit(ctx, tx, audit.Entry{TenantID: r.TenantID, At: at, Actor: audit.ActorFrom(ctx),
			Action: "config.rollback", Entity: "config_version", EntityID: v.ID,
			Before: prevSnapshot(prev), After: versionSnapshot(v, map[string]any{"rolledBackTo": target.ID})})
	})
	return out, err
}

// archivePublished archives the tenant's published version, if any, and
// returns it. The caller holds the tenant's config lock.
func (s *Store) archivePublished(ctx context.Context, tx *Tx, tenantID string, at time.Time) (*siteconfig.Version, error) {
	prev, err := scanVersion(tx.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM config_versions
		WHERE tenant_id = $1 AND status = 'published'`+s.forUpdate(), tenantID))
	if apperr.Is(err, apperr.CodeNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE config_versions SET status = 'archived', updated_at = $1
		WHERE tenant_id = $2 AND id = $3`, at, tenantID, prev.ID); err != nil {
		return nil, err
	}
	return &prev, nil
}

func insertVersion(ctx context.Context, tx *Tx, v siteconfig.Version) error {
	var published any
	if v.PublishedAt != nil {
		published = v.PublishedAt.UTC()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO config_versions (id, tenant_id, status, config, note, created_by,
		created_at, updated_at, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		v.ID, v.TenantID, v.Status, string(v.Config), v.Note, v.CreatedBy, v.CreatedAt.UTC(), v.UpdatedAt.UTC(), published)
	if err != nil {
		return onePublished(err)
	}
	return nil
}

// onePublished names a clash on the one-published-version index.
func onePublished(err error) error {
	return conflictOn(err, "another version was published at the same time; reload and try again",
		"config_versions_one_published", "config_versions.tenant_id")
}

// versionSnapshot is the audit form of a version, with extra members added.
func versionSnapshot(v siteconfig.Version, extra map[string]any) json.RawMessage {
	m := map[string]any{"id": v.ID, "status": v.Status, "note": v.Note, "createdBy": v.CreatedBy}
	if json.Valid(v.Config) {
		m["config"] = json.RawMessage(v.Config)
	}
	for k, val := range extra {
		m[k] = val
	}
	return mustJSON(m)
}

// prevSnapshot is the audit "before" of a publish: the version that was
// live, or null for a tenant that had none.
func prevSnapshot(prev *siteconfig.Version) json.RawMessage {
	if prev == nil {
		return nil
	}
	return versionSnapshot(*prev, nil)
}
