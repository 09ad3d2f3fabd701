package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

const proposalColumns = `p.id, p.tenant_id, p.actor_type, COALESCE(p.agent_id, ''), COALESCE(a.name, ''), p.kind,
	p.package_id, COALESCE(p.changes, ''), p.base_version_id, COALESCE(p.patch, ''), p.config,
	p.rationale, p.status, p.created_at, p.expires_at, p.decided_at, p.decided_by, p.reason,
	COALESCE(p.result_version_id, ''), p.rebased_onto`

// proposalSummaryColumns leaves out the documents, for lists.
const proposalSummaryColumns = `p.id, p.tenant_id, p.actor_type, COALESCE(p.agent_id, ''), COALESCE(a.name, ''), p.kind,
	p.package_id, COALESCE(p.changes, ''), p.base_version_id, '', '',
	p.rationale, p.status, p.created_at, p.expires_at, p.decided_at, p.decided_by, p.reason,
	COALESCE(p.result_version_id, ''), p.rebased_onto`

// The assistant's proposals have no agent.
const proposalFrom = ` FROM proposals p LEFT JOIN agent_credentials a ON a.id = p.agent_id `

func scanProposal(row interface{ Scan(...any) error }) (siteconfig.Proposal, error) {
	var p siteconfig.Proposal
	var patch, cfg, changes string
	var decided sql.NullTime
	err := row.Scan(&p.ID, &p.TenantID, &p.ActorType, &p.AgentID, &p.AgentName, &p.Kind, &p.PackageID, &changes,
		&p.BaseVersionID, &patch, &cfg, &p.Rationale, &p.Status, &p.CreatedAt, &p.ExpiresAt, &decided,
		&p.DecidedBy, &p.Reason, &p.ResultVersionID, &p.RebasedOnto)
	if err == sql.ErrNoRows {
		return p, apperr.NotFound("proposal")
	}
	if err != nil {
		return p, fmt.Errorf("scan proposal: %w", err)
	}
	if patch != "" {
		p.Patch = json.RawMessage(patch)
	}
	if changes != "" {
		p.Changes = json.RawMessage(changes)
	}
	if cfg != "" {
		p.Config = json.RawMessage(cfg)
	}
	if decided.Valid {
		t := decided.Time
		p.DecidedAt = &t
	}
	return p, nil
}

// ProposalByID returns one of the tenant's proposals with its documents.
func (s *Store) ProposalByID(ctx context.Context, tenantID, id string) (siteconfig.Proposal, error) {
	p, err := scanProposal(s.read.QueryRowContext(ctx, `SELECT `+proposalColumns+proposalFrom+
		`WHERE p.tenant_id = $1 AND p.id = $2`, tenantID, id))
	if err != nil {
		return p, fmt.Errorf("store: proposal by id: %w", err)
	}
	return p, nil
}

// ListProposals returns a tenant's proposals newest first, without documents.
func (s *Store) ListProposals(ctx context.Context, tenantID string, f siteconfig.ProposalFilter) ([]siteconfig.Proposal, error) {
	w := whereAll("p.tenant_id = ?", tenantID)
	switch f.Status {
	case siteconfig.ProposalPending:
		w.and("p.status = 'pending' AND p.expires_at > ?", f.Now.UTC())
	case siteconfig.ProposalExpired:
		w.and("p.status = 'pending' AND p.expires_at <= ?", f.Now.UTC())
	case siteconfig.ProposalApproved, siteconfig.ProposalRejected:
		w.and("p.status = ?", f.Status)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT ` + proposalSummaryColumns + proposalFrom + w.sql() + ` ORDER BY p.created_at DESC, p.id DESC` + w.page(limit, f.Offset)
	rows, err := s.read.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: list proposals: %w", err)
	}
	defer rows.Close()
	out := []siteconfig.Proposal{}
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list proposals: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list proposals: %w", err)
	}
	return out, nil
}

// Proposal returns one proposal of the transaction's tenant, locked.
func (c *configTx) Proposal(ctx context.Context, id string) (siteconfig.Proposal, error) {
	p, err := scanProposal(c.tx.QueryRowContext(ctx, `SELECT `+proposalColumns+proposalFrom+
		`WHERE p.tenant_id = $1 AND p.id = $2`+c.s.forUpdateOf("p"), c.tenantID, id))
	if err != nil {
		return p, fmt.Errorf("store: lock proposal: %w", err)
	}
	return p, nil
}

// InsertProposal stores p as pending.
func (c *configTx) InsertProposal(ctx context.Context, p siteconfig.Proposal) error {
	var patch, changes, agent any
	if len(p.Patch) > 0 {
		patch = string(p.Patch)
	}
	if len(p.Changes) > 0 {
		changes = string(p.Changes)
	}
	if p.AgentID != "" {
		agent = p.AgentID
	}
	actor, kind := p.ActorType, p.Kind
	if actor == "" {
		actor = siteconfig.ProposerAgent
	}
	if kind == "" {
		kind = siteconfig.KindConfig
	}
	_, err := c.tx.ExecContext(ctx, `INSERT INTO proposals (id, tenant_id, actor_type, agent_id, kind, package_id, changes,
		base_version_id, patch, config, rationale, status, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13)`,
		p.ID, c.tenantID, actor, agent, kind, p.PackageID, changes, p.BaseVersionID, patch, string(p.Config), p.Rationale,
		p.CreatedAt.UTC(), p.ExpiresAt.UTC())
	if err != nil {
		return fmt.Errorf("store: insert proposal: %w", translate(err))
	}
	return nil
}

// UpdateProposal writes p's decision.
func (c *configTx) UpdateProposal(ctx context.Context, p siteconfig.Proposal) error {
	var result, decided any
	if p.ResultVersionID != "" {
		result = p.ResultVersionID
	}
	if p.DecidedAt != nil {
		decided = p.DecidedAt.UTC()
	}
	_, err := c.tx.ExecContext(ctx, `UPDATE proposals SET status = $1, decided_at = $2, decided_by = $3, reason = $4,
		result_version_id = $5, rebased_onto = $6 WHERE tenant_id = $7 AND id = $8`,
		p.Status, decided, p.DecidedBy, p.Reason, result, p.RebasedOnto, c.tenantID, p.ID)
	if err != nil {
		return fmt.Errorf("store: update proposal: %w", err)
	}
	return nil
}
