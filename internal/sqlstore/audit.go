package sqlstore

import (
	"context"
	"encoding/json"
	"strings"

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
	return err
}

// ListAudit returns a tenant's change log, newest first.
func (s *Store) ListAudit(ctx context.Context, tenantID string, f audit.Filter) ([]audit.Entry, error) {
	where := []string{"tenant_id = $1"}
	args := []any{tenantID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.Replace(cond, "?", "$"+itoa(len(args)), 1))
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if f.ActorType != "" {
		add("actor_type = ?", f.ActorType)
	}
	if !f.Since.IsZero() {
		add("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		add("at < ?", f.Until.UTC())
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	args = append(args, limit, f.Offset)
	q := `SELECT id, tenant_id, at, actor_type, actor_id, action, entity, entity_id, before_json, after_json
		FROM audit_log WHERE ` + strings.Join(where, " AND ") + ` ORDER BY at DESC, id DESC LIMIT $` + itoa(len(args)-1) + ` OFFSET $` + itoa(len(args))
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []audit.Entry{}
	for rows.Next() {
		var e audit.Entry
		var before, after string
		if err := rows.Scan(&e.ID, &e.TenantID, &e.At, &e.Actor.Type, &e.Actor.ID, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return nil, err
		}
		e.Before, e.After = json.RawMessage(before), json.RawMessage(after)
		out = append(out, e)
	}
	return out, rows.Err()
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain maps and structs of our own
	}
	return b
}
