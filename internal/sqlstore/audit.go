package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"mais/internal/audit"
)

// writeAudit adds one audit row inside the caller's transaction.
func writeAudit(ctx context.Context, tx *Tx, e audit.Entry) error {
	if e.ID == "" {
		e.ID = newID()
	}
	before, after := string(e.Before), string(e.After)
	if before == "" {
		before = "null"
	}
	if after == "" {
		after = "null"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, tenant_id, at, actor_type, actor_id, action, entity, entity_id,
		before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, e.TenantID, e.At.UTC(), e.Actor.Type, e.Actor.ID, e.Action, e.Entity, e.EntityID, before, after)
	if err != nil {
		return fmt.Errorf("store: write audit %s: %w", e.Action, err)
	}
	return nil
}

// ListAudit returns a tenant's change log, newest first.
func (s *Store) ListAudit(ctx context.Context, tenantID string, f audit.Filter) ([]audit.Entry, error) {
	w := whereAll("tenant_id = ?", tenantID)
	for _, c := range []struct{ cond, v string }{{"action = ?", f.Action}, {"entity = ?", f.Entity},
		{"entity_id = ?", f.EntityID}, {"actor_type = ?", f.ActorType}} {
		if c.v != "" {
			w.and(c.cond, c.v)
		}
	}
	if !f.Since.IsZero() {
		w.and("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.and("at < ?", f.Until.UTC())
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT id, tenant_id, at, actor_type, actor_id, action, entity, entity_id, before_json, after_json
		FROM audit_log` + w.sql() + ` ORDER BY at DESC, id DESC` + w.page(limit, f.Offset)
	rows, err := s.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	out := []audit.Entry{}
	for rows.Next() {
		var e audit.Entry
		var before, after string
		if err := rows.Scan(&e.ID, &e.TenantID, &e.At, &e.Actor.Type, &e.Actor.ID, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return nil, fmt.Errorf("store: list audit: %w", err)
		}
		e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return out, nil
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain maps and structs of our own
	}
	return b
}
