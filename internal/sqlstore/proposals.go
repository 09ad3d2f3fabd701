package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
)

const proposalColumns = `p.id, p.tenant_id, p.agent_id, a.name, p.base_version_id, COALESCE(p.patch, ''), p.config,
	p.rationale, p.status, p.created_at, p.expires_at, p.decided_at, p.decided_by, p.reason, COALESCE(p.result_version_id, '')`

// proposalSummaryColumns leaves out the documents, for lists.
const proposalSummaryColumns = `p.id, p.tenant_id, p.agent_id, a.name, p.base_version_id, '', '',
	p.rationale, p.status, p.created_at, p.expires_at, p.decided_at, p.decided_by, p.reason, COALESCE(p.result_version_id, '')`

const proposalFrom = ` FROM proposals p JOIN agent_credentials a ON a.id = p.agent_id `

func scanProposal(row interface{ Scan(...any) error }) (siteconfig.Proposal, error) {
	var p siteconfig.Proposal
	var patch, cfg string
	var decided sql.NullTime
	err := row.Scan(&p.ID, &p.TenantID, &p.AgentID, &p.AgentName, &p.BaseVersionID, &patch, &cfg,
		&p.Rationale, &p.Status, &p.CreatedAt, &p.ExpiresAt, &decided, &p.DecidedBy, &p.Reason, &p.ResultVersionID)
	if err == sql.ErrNoRows {
		return p, apperr.NotFound("proposal")
	}
	if err != nil {
		return p, err
	}
	if patch != "" {
		p.Patch = json.RawMessage(patch)
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

// CreateProposal stores a pending proposal of an agent. A revoked agent is
// UNAUTHORIZED and an unknown base version NOT_FOUND, checked in the same
// transaction as the insert.
func (s *Store) CreateProposal(ctx context.Context, p siteconfig.Proposal) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var revoked sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM agent_credentials WHERE tenant_id = $1 AND id = $2`+s.forUpdate(),
			p.TenantID, p.AgentID).Scan(&revoked)
		if err == sql.ErrNoRows || revoked.Valid {
			return apperr.New(apperr.CodeUnauthorized, "the agent credential was revoked")
		}
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM config_versions WHERE tenant_id = $1 AND id = $2`,
			p.TenantID, p.BaseVersionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFound("base version")
		}
		var patch any
		if len(p.Patch) > 0 {
			patch = string(p.Patch)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO proposals (id, tenant_id, agent_id, base_version_id, patch, config,
			rationale, status, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9)`,
			p.ID, p.TenantID, p.AgentID, p.BaseVersionID, patch, string(p.Config), p.Rationale,
			p.CreatedAt.UTC(), p.ExpiresAt.UTC())
		if err != nil {
			return translate(err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agent_credentials SET last_used_at = $1 WHERE id = $2`,
			p.CreatedAt.UTC(), p.AgentID); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: p.TenantID, At: p.CreatedAt,
			Actor:  audit.Actor{Type: audit.ActorAgent, ID: p.AgentID},
			Action: "proposal.create", Entity: "proposal", EntityID: p.ID, After: proposalSnapshot(p, true)})
	})
}

// ProposalByID returns one of the tenant's proposals with its documents.
func (s *Store) ProposalByID(ctx context.Context, tenantID, id string) (siteconfig.Proposal, error) {
	return scanProposal(s.read.QueryRowContext(ctx, `SELECT `+proposalColumns+proposalFrom+
		`WHERE p.tenant_id = $1 AND p.id = $2`, tenantID, id))
}

// ListProposals returns a tenant's proposals newest first, without documents.
func (s *Store) ListProposals(ctx context.Context, tenantID string, f siteconfig.ProposalFilter) ([]siteconfig.Proposal, error) {
	where := []string{"p.tenant_id = $1"}
	args := []any{tenantID}
	now := f.Now.UTC()
	switch f.Status {
	case siteconfig.ProposalPending:
		args = append(args, now)
		where = append(where, "p.status = 'pending' AND p.expires_at > $2")
	case siteconfig.ProposalExpired:
		args = append(args, now)
		where = append(where, "p.status = 'pending' AND p.expires_at <= $2")
	case siteconfig.ProposalApproved, siteconfig.ProposalRejected:
		args = append(args, f.Status)
		where = append(where, "p.status = $2")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, limit, max(f.Offset, 0))
	q := `SELECT ` + proposalSummaryColumns + proposalFrom + `WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY p.created_at DESC, p.id DESC LIMIT $` + itoa(len(args)-1) + ` OFFSET $` + itoa(len(args))
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []siteconfig.Proposal{}
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ApproveProposal turns a pending proposal into a new version and records
// both changes — the decision and the new version — in one transaction.
func (s *Store) ApproveProposal(ctx context.Context, a siteconfig.Approval) (siteconfig.Proposal, siteconfig.Version, error) {
	at := a.At.UTC()
	var outP siteconfig.Proposal
	var outV siteconfig.Version
	err := s.inTx(ctx, func(tx *Tx) error {
		if err := s.lockKey(ctx, tx, "config", a.TenantID); err != nil {
			return err
		}
		p, err := s.pendingProposal(ctx, tx, a.TenantID, a.ProposalID, at)
		if err != nil {
			return err
		}
		v := siteconfig.Version{ID: a.VersionID, TenantID: a.TenantID, Status: siteconfig.StatusDraft,
			Config: p.Config, Note: a.Note, CreatedBy: a.DecidedBy, CreatedAt: at, UpdatedAt: at}
		action := "config.create"
		var prev *siteconfig.Version
		if a.Publish {
			if prev, err = s.archivePublished(ctx, tx, a.TenantID, at); err != nil {
				return err
			}
			v.Status, v.PublishedAt, action = siteconfig.StatusPublished, &at, "config.publish"
		}
		if err := insertVersion(ctx, tx, v); err != nil {
			return err
		}
		before := p
		p.Status, p.DecidedAt, p.DecidedBy, p.ResultVersionID = siteconfig.ProposalApproved, &at, a.DecidedBy, v.ID
		if err := s.decide(ctx, tx, p); err != nil {
			return err
		}
		outP, outV = p, v
		actor := audit.ActorFrom(ctx)
		if err := writeAudit(ctx, tx, audit.Entry{TenantID: a.TenantID, At: at, Actor: actor,
			Action: "proposal.approve", Entity: "proposal", EntityID: p.ID,
			Before: proposalSnapshot(before, false), After: proposalSnapshot(p, false)}); err != nil {
			return err
		}
		return writeAudit(ctx, tx, audit.Entry{TenantID: a.TenantID, At: at, Actor: actor,
			Action: action, Entity: "config_version", EntityID: v.ID,
			Before: prevSnapshot(prev), After: versionSnapshot(v, map[string]any{"proposalId": p.ID})})
	})
	return outP, outV, err
}

// RejectProposal closes a pending proposal.
func (s *Store) RejectProposal(ctx context.Context, tenantID, id, reason, decidedBy string, at time.Time) (siteconfig.Proposal, error) {
	at = at.UTC()
	var out siteconfig.Proposal
	err := s.inTx(ctx, func(tx *Tx) error {
		p, err := s.pendingProposal(ctx, tx, tenantID, id, at)
		if err != nil {
			return err
		}
		before := p
		p.Status, p.DecidedAt, p.DecidedBy, p.Reason = siteconfig.ProposalRejected, &at, decidedBy, reason
		if err := s.decide(ctx, tx, p); err != nil {
			return err
		}
		out = p
		return writeAudit(ctx, tx, audit.Entry{TenantID: tenantID, At: at, Actor: audit.ActorFrom(ctx),
			Action: "proposal.reject", Entity: "proposal", EntityID: id,
			Before: proposalSnapshot(before, false), After: proposalSnapshot(p, false)})
	})
	return out, err
}

// pendingProposal locks a proposal that can still be decided at at.
func (s *Store) pendingProposal(ctx context.Context, tx *Tx, tenantID, id string, at time.Time) (siteconfig.Proposal, error) {
	p, err := scanProposal(tx.QueryRowContext(ctx, `SELECT `+proposalColumns+proposalFrom+
		`WHERE p.tenant_id = $1 AND p.id = $2`+s.forUpdateOf("p"), tenantID, id))
	if err != nil {
		return p, err
	}
	switch p.StatusAt(at) {
	case siteconfig.ProposalPending:
		return p, nil
	case siteconfig.ProposalExpired:
		return p, apperr.Conflict("proposal %s expired at %s and can no longer be decided", id, p.ExpiresAt.UTC().Format(time.RFC3339))
	default:
		return p, apperr.Conflict("proposal %s is already %s", id, p.Status)
	}
}

func (s *Store) decide(ctx context.Context, tx *Tx, p siteconfig.Proposal) error {
	var result any
	if p.ResultVersionID != "" {
		result = p.ResultVersionID
	}
	_, err := tx.ExecContext(ctx, `UPDATE proposals SET status = $1, decided_at = $2, decided_by = $3, reason = $4,
		result_version_id = $5 WHERE tenant_id = $6 AND id = $7`,
		p.Status, p.DecidedAt.UTC(), p.DecidedBy, p.Reason, result, p.TenantID, p.ID)
	return err
}

// proposalSnapshot is the audit form of a proposal; the documents are
// recorded once, when the proposal is made.
func proposalSnapshot(p siteconfig.Proposal, withDocs bool) json.RawMessage {
	m := map[string]any{"id": p.ID, "agentId": p.AgentID, "baseVersionId": p.BaseVersionID, "rationale": p.Rationale,
		"status": p.Status, "expiresAt": p.ExpiresAt.UTC()}
	if withDocs {
		if json.Valid(p.Patch) {
			m["patch"] = json.RawMessage(p.Patch)
		}
		if json.Valid(p.Config) {
			m["config"] = json.RawMessage(p.Config)
		}
	}
	if p.DecidedAt != nil {
		m["decidedAt"], m["decidedBy"] = p.DecidedAt.UTC(), p.DecidedBy
	}
	if p.Reason != "" {
		m["reason"] = p.Reason
	}
	if p.ResultVersionID != "" {
		m["versionId"] = p.ResultVersionID
	}
	return mustJSON(m)
}
