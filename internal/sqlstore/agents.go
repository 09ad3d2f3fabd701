package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
)

const agentColumns = `a.id, a.tenant_id, a.name, a.secret_hash, a.key_hint, a.created_by, a.created_at, a.last_used_at, a.revoked_at`

func scanAgent(row interface{ Scan(...any) error }, extra ...any) (siteconfig.Agent, error) {
	var a siteconfig.Agent
	var used, revoked sql.NullTime
	dest := append([]any{&a.ID, &a.TenantID, &a.Name, &a.SecretHash, &a.KeyHint, &a.CreatedBy, &a.CreatedAt, &used, &revoked}, extra...)
	err := row.Scan(dest...)
	if err == sql.ErrNoRows {
		return a, apperr.NotFound("agent")
	}
	if err != nil {
		return a, fmt.Errorf("scan agent: %w", err)
	}
	if used.Valid {
		t := used.Time
		a.LastUsedAt = &t
	}
	if revoked.Valid {
		t := revoked.Time
		a.RevokedAt = &t
	}
	return a, nil
}

// TenantSlug returns the slug of a tenant, for building credentials.
func (s *Store) TenantSlug(ctx context.Context, tenantID string) (string, error) {
	var slug string
	err := s.read.QueryRowContext(ctx, `SELECT slug FROM tenants WHERE id = $1`, tenantID).Scan(&slug)
	if err == sql.ErrNoRows {
		return "", apperr.NotFound("tenant")
	}
	if err != nil {
		return "", fmt.Errorf("store: tenant slug: %w", err)
	}
	return slug, nil
}

// CreateAgent stores a new agent credential (its hash only).
func (s *Store) CreateAgent(ctx context.Context, a siteconfig.Agent) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO agent_credentials (id, tenant_id, name, secret_hash, key_hint,
			created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			a.ID, a.TenantID, a.Name, a.SecretHash, a.KeyHint, a.CreatedBy, a.CreatedAt.UTC())
		if err != nil {
			return fmt.Errorf("store: create agent: %w", translate(err))
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: a.TenantID, At: a.CreatedAt, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionAgentCreate, Entity: audit.EntityAgent, EntityID: a.ID, After: audit.JSON(a.Snapshot())})
	})
}

// ListAgents returns a tenant's agents newest first.
func (s *Store) ListAgents(ctx context.Context, tenantID string) ([]siteconfig.Agent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+agentColumns+` FROM agent_credentials a
		WHERE a.tenant_id = $1 ORDER BY a.created_at DESC, a.id DESC`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: list agents: %w", err)
	}
	defer rows.Close()
	out := []siteconfig.Agent{}
	for rows.Next() {
		a, err := scanAgent(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list agents: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list agents: %w", err)
	}
	return out, nil
}

// AgentByCredentialHash finds the agent holding a credential, with whether
// its tenant is active.
func (s *Store) AgentByCredentialHash(ctx context.Context, hash string) (siteconfig.Agent, error) {
	var active bool
	a, err := scanAgent(s.read.QueryRowContext(ctx, `SELECT `+agentColumns+`, t.active FROM agent_credentials a
		JOIN tenants t ON t.id = a.tenant_id WHERE a.secret_hash = $1`, hash), &active)
	a.TenantActive = active
	if err != nil {
		return a, fmt.Errorf("store: agent by credential: %w", err)
	}
	return a, nil
}

// Agent returns one agent of the transaction's tenant, locked.
func (c *configTx) Agent(ctx context.Context, id string) (siteconfig.Agent, error) {
	a, err := scanAgent(c.tx.QueryRowContext(ctx, `SELECT `+agentColumns+` FROM agent_credentials a
		WHERE a.tenant_id = $1 AND a.id = $2`+c.s.forUpdate(), c.tenantID, id))
	if err != nil {
		return a, fmt.Errorf("store: lock agent: %w", err)
	}
	return a, nil
}

// MarkAgentRevoked sets the agent's revoked time (the rule that a revoked
// agent stays as it was is siteconfig.Lifecycle.RevokeAgent's).
func (c *configTx) MarkAgentRevoked(ctx context.Context, id string, at time.Time) error {
	if _, err := c.tx.ExecContext(ctx, `UPDATE agent_credentials SET revoked_at = $1 WHERE tenant_id = $2 AND id = $3`,
		at.UTC(), c.tenantID, id); err != nil {
		return fmt.Errorf("store: revoke agent: %w", err)
	}
	return nil
}

// TouchAgent records when the agent was last used.
func (c *configTx) TouchAgent(ctx context.Context, id string, at time.Time) error {
	if _, err := c.tx.ExecContext(ctx, `UPDATE agent_credentials SET last_used_at = $1 WHERE tenant_id = $2 AND id = $3`,
		at.UTC(), c.tenantID, id); err != nil {
		return fmt.Errorf("store: touch agent: %w", err)
	}
	return nil
}
