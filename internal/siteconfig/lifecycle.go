package siteconfig

import (
	"context"
	"encoding/json"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
)

// The life of a tenant's site configuration, in one place:
//
//	draft ──publish──▶ published ──(another publish or rollback)──▶ archived
//	archived ──rollback──▶ a NEW published version holding its config
//	proposal: pending ──approve──▶ approved (+ a new draft or published version)
//	          pending ──reject───▶ rejected
//	          pending, past ExpiresAt: expired (derived when read; cannot be decided)
//
// Exactly one version per tenant is published at a time: every transition
// below runs in one transaction holding the tenant's configuration lock
// (TxStore.InConfigTx), archives the live version before another becomes
// live, and writes its audit rows in the same transaction. Published and
// archived versions never change again, so the history stays append-only.

// Lifecycle applies the lifecycle's rules to inputs the Service has
// already validated (documents parsed, notes cleaned, ids chosen).
type Lifecycle struct {
	Store TxStore
}

// DraftUpdate changes a draft; nil fields stay as they are.
type DraftUpdate struct {
	TenantID string
	ID       string
	Config   json.RawMessage
	Note     *string
	At       time.Time
}

// Rollback describes a rollback: NewID becomes the published copy of TargetID.
type Rollback struct {
	TenantID  string
	TargetID  string
	NewID     string
	CreatedBy string
	At        time.Time
}

// Approval is a human's decision to turn a proposal into a version.
type Approval struct {
	TenantID   string
	ProposalID string
	VersionID  string // id of the version to create
	Publish    bool
	Note       string
	DecidedBy  string
	At         time.Time
}

// checkEditable allows changes to drafts only.
func checkEditable(v Version) error {
	if v.Status != StatusDraft {
		return apperr.Conflict("version %s is %s; only drafts can be edited — create a new draft instead", v.ID, v.Status)
	}
	return nil
}

// checkPublishable allows publishing drafts only.
func checkPublishable(v Version) error {
	switch v.Status {
	case StatusPublished:
		return apperr.Conflict("version %s is already published", v.ID)
	case StatusArchived:
		return apperr.Conflict("version %s is archived; use rollback to make it live again", v.ID)
	}
	return nil
}

// checkRollbackTarget allows rolling back to archived versions only.
func checkRollbackTarget(v Version) error {
	switch v.Status {
	case StatusPublished:
		return apperr.Conflict("version %s is the published version already", v.ID)
	case StatusDraft:
		return apperr.Conflict("version %s is a draft that was never published; publish it instead", v.ID)
	}
	return nil
}

// checkDecidable allows deciding a proposal that is pending at at.
func checkDecidable(p Proposal, at time.Time) error {
	switch p.StatusAt(at) {
	case ProposalPending:
		return nil
	case ProposalExpired:
		return apperr.Conflict("proposal %s expired at %s and can no longer be decided", p.ID, p.ExpiresAt.UTC().Format(time.RFC3339))
	default:
		return apperr.Conflict("proposal %s is already %s", p.ID, p.Status)
	}
}

// checkAgentMayPropose lets only an existing, unrevoked agent propose;
// err is the error of looking the agent up.
func checkAgentMayPropose(a Agent, err error) error {
	if apperr.Is(err, apperr.CodeNotFound) || (err == nil && a.RevokedAt != nil) {
		return apperr.New(apperr.CodeUnauthorized, "the agent credential was revoked")
	}
	return err
}

// CreateDraft stores v as a new draft (config.create).
func (l Lifecycle) CreateDraft(ctx context.Context, v Version) error {
	v.Status, v.PublishedAt = StatusDraft, nil
	return l.Store.InConfigTx(ctx, v.TenantID, func(tx Tx) error {
		if err := tx.InsertVersion(ctx, v); err != nil {
			return err
		}
		return tx.Audit(ctx, versionEntry(ctx, audit.ActionConfigCreate, v.CreatedAt, nil, v, audit.Version{}))
	})
}

// UpdateDraft changes the config and/or note of a draft (config.update).
func (l Lifecycle) UpdateDraft(ctx context.Context, u DraftUpdate) (Version, error) {
	var out Version
	err := l.Store.InConfigTx(ctx, u.TenantID, func(tx Tx) error {
		before, err := tx.Version(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := checkEditable(before); err != nil {
			return err
		}
		v := before
		if u.Config != nil {
			v.Config = u.Config
		}
		if u.Note != nil {
			v.Note = *u.Note
		}
		v.UpdatedAt = u.At.UTC()
		if err := tx.UpdateVersion(ctx, v); err != nil {
			return err
		}
		out = v
		return tx.Audit(ctx, versionEntry(ctx, audit.ActionConfigUpdate, v.UpdatedAt, &before, v, audit.Version{}))
	})
	return out, err
}

// Publish makes a draft live and archives the version it replaces
// (config.publish, before: the version that was live or null).
func (l Lifecycle) Publish(ctx context.Context, tenantID, id string, at time.Time) (Version, error) {
	at = at.UTC()
	var out Version
	err := l.Store.InConfigTx(ctx, tenantID, func(tx Tx) error {
		v, err := tx.Version(ctx, id)
		if err != nil {
			return err
		}
		if err := checkPublishable(v); err != nil {
			return err
		}
		prev, err := archivePublished(ctx, tx, at)
		if err != nil {
			return err
		}
		v.Status, v.PublishedAt, v.UpdatedAt = StatusPublished, &at, at
		if err := tx.UpdateVersion(ctx, v); err != nil {
			return err
		}
		out = v
		if err := tx.Audit(ctx, versionEntry(ctx, audit.ActionConfigPublish, at, prev, v, audit.Version{})); err != nil {
			return err
		}
		return auditPromotions(ctx, tx, at, prev, v)
	})
	return out, err
}

// Rollback publishes a copy of an archived version as a new version and
// archives the one it replaces (config.rollback).
func (l Lifecycle) Rollback(ctx context.Context, r Rollback) (Version, error) {
	at := r.At.UTC()
	var out Version
	err := l.Store.InConfigTx(ctx, r.TenantID, func(tx Tx) error {
		target, err := tx.Version(ctx, r.TargetID)
		if err != nil {
			return err
		}
		if err := checkRollbackTarget(target); err != nil {
			return err
		}
		prev, err := archivePublished(ctx, tx, at)
		if err != nil {
			return err
		}
		v := Version{ID: r.NewID, TenantID: r.TenantID, Status: StatusPublished, Config: target.Config,
			Note: "Rollback to version " + target.ID, CreatedBy: r.CreatedBy, CreatedAt: at, UpdatedAt: at, PublishedAt: &at}
		if err := tx.InsertVersion(ctx, v); err != nil {
			return err
		}
		out = v
		if err := tx.Audit(ctx, versionEntry(ctx, audit.ActionConfigRollback, at, prev, v, audit.Version{RolledBackTo: target.ID})); err != nil {
			return err
		}
		return auditPromotions(ctx, tx, at, prev, v)
	})
	return out, err
}

// RevokeAgent stops an agent's credential from working (agent.revoke).
// Revoking it again changes nothing, writes no audit row and answers the
// agent as it is; an agent of another tenant is NOT_FOUND.
func (l Lifecycle) RevokeAgent(ctx context.Context, tenantID, id string, at time.Time) (Agent, error) {
	at = at.UTC()
	var out Agent
	err := l.Store.InConfigTx(ctx, tenantID, func(tx Tx) error {
		a, err := tx.Agent(ctx, id)
		if err != nil {
			return err
		}
		out = a
		if a.RevokedAt != nil {
			return nil
		}
		if err := tx.MarkAgentRevoked(ctx, id, at); err != nil {
			return err
		}
		before := a
		a.RevokedAt = &at
		out = a
		return tx.Audit(ctx, audit.Entry{TenantID: tenantID, At: at, Actor: audit.ActorFrom(ctx),
			Action: audit.ActionAgentRevoke, Entity: audit.EntityAgent, EntityID: id,
			Before: audit.JSON(before.Snapshot()), After: audit.JSON(a.Snapshot())})
	})
	return out, err
}

// Propose stores a pending proposal of an agent or of the assistant
// (proposal.create; actor the agent, or type assistant with the id of the
// context's actor, the conversation). A revoked or unknown agent is
// UNAUTHORIZED, an unknown base version NOT_FOUND.
func (l Lifecycle) Propose(ctx context.Context, p Proposal) error {
	p.Status = ProposalPending
	if p.ActorType == "" {
		p.ActorType = ProposerAgent
	}
	if p.Kind == "" {
		p.Kind = KindConfig
	}
	return l.Store.InConfigTx(ctx, p.TenantID, func(tx Tx) error {
		if p.ActorType == ProposerAgent {
			if err := checkAgentMayPropose(tx.Agent(ctx, p.AgentID)); err != nil {
				return err
			}
		}
		if _, err := tx.Version(ctx, p.BaseVersionID); apperr.Is(err, apperr.CodeNotFound) {
			return apperr.NotFound("base version")
		} else if err != nil {
			return err
		}
		if err := tx.InsertProposal(ctx, p); err != nil {
			return err
		}
		actor := audit.Actor{Type: audit.ActorAgent, ID: p.AgentID}
		if p.ActorType == ProposerAgent {
			if err := tx.TouchAgent(ctx, p.AgentID, p.CreatedAt.UTC()); err != nil {
				return err
			}
		} else {
			actor = audit.Actor{Type: audit.ActorAssistant, ID: audit.ActorFrom(ctx).ID}
		}
		return tx.Audit(ctx, audit.Entry{TenantID: p.TenantID, At: p.CreatedAt,
			Actor:  actor,
			Action: audit.ActionProposalCreate, Entity: audit.EntityProposal, EntityID: p.ID,
			After: audit.JSON(proposalSnapshot(p, true))})
	})
}

// Approve turns a pending configuration proposal into a new version — a
// draft, or the published version when a.Publish — and records the
// decision, in one transaction (proposal.approve and config.create or
// config.publish). A proposal whose base is no longer the published
// version is rebased: its patch is applied to the published version, or
// the approval is a CONFLICT (no patch, or it no longer applies); the
// configuration lock makes the check and the write one step, so a
// publication made meanwhile is never silently replaced.
//
// A package proposal only records the decision; no version is made (the
// returned Version is zero). Its change is made by the caller before
// (Service.Approve), outside this transaction: the catalog's write would
// wait for this one on SQLite's single writer.
func (l Lifecycle) Approve(ctx context.Context, a Approval) (Proposal, Version, error) {
	at := a.At.UTC()
	var outP Proposal
	var outV Version
	err := l.Store.InConfigTx(ctx, a.TenantID, func(tx Tx) error {
		p, err := tx.Proposal(ctx, a.ProposalID)
		if err != nil {
			return err
		}
		if err := checkDecidable(p, at); err != nil {
			return err
		}
		if p.Kind == KindPackage {
			before := p
			p.Status, p.DecidedAt, p.DecidedBy = ProposalApproved, &at, a.DecidedBy
			if err := tx.UpdateProposal(ctx, p); err != nil {
				return err
			}
			outP = p
			return tx.Audit(ctx, proposalEntry(ctx, audit.ActionProposalApprove, at, before, p))
		}
		doc, err := currentDocument(ctx, tx, &p)
		if err != nil {
			return err
		}
		v := Version{ID: a.VersionID, TenantID: a.TenantID, Status: StatusDraft,
			Config: doc, Note: a.Note, CreatedBy: a.DecidedBy, CreatedAt: at, UpdatedAt: at}
		action := audit.ActionConfigCreate
		var prev *Version
		if a.Publish {
			if prev, err = archivePublished(ctx, tx, at); err != nil {
				return err
			}
			v.Status, v.PublishedAt, action = StatusPublished, &at, audit.ActionConfigPublish
		}
		if err := tx.InsertVersion(ctx, v); err != nil {
			return err
		}
		before := p
		p.Status, p.DecidedAt, p.DecidedBy, p.ResultVersionID = ProposalApproved, &at, a.DecidedBy, v.ID
		if err := tx.UpdateProposal(ctx, p); err != nil {
			return err
		}
		outP, outV = p, v
		if err := tx.Audit(ctx, proposalEntry(ctx, audit.ActionProposalApprove, at, before, p)); err != nil {
			return err
		}
		if err := tx.Audit(ctx, versionEntry(ctx, action, at, prev, v, audit.Version{ProposalID: p.ID})); err != nil {
			return err
		}
		if !a.Publish {
			return nil
		}
		return auditPromotions(ctx, tx, at, prev, v)
	})
	return outP, outV, err
}

// Reject closes a pending proposal without changing the site (proposal.reject).
func (l Lifecycle) Reject(ctx context.Context, tenantID, id, reason, decidedBy string, at time.Time) (Proposal, error) {
	at = at.UTC()
	var out Proposal
	err := l.Store.InConfigTx(ctx, tenantID, func(tx Tx) error {
		p, err := tx.Proposal(ctx, id)
		if err != nil {
			return err
		}
		if err := checkDecidable(p, at); err != nil {
			return err
		}
		before := p
		p.Status, p.DecidedAt, p.DecidedBy, p.Reason = ProposalRejected, &at, decidedBy, reason
		if err := tx.UpdateProposal(ctx, p); err != nil {
			return err
		}
		out = p
		return tx.Audit(ctx, proposalEntry(ctx, audit.ActionProposalReject, at, before, p))
	})
	return out, err
}

// currentDocument is the document approving p makes: p's own when its
// base is still the published version (or nothing is published), else its
// patch re-applied to the published version (p.RebasedOnto is set), or a
// CONFLICT.
func currentDocument(ctx context.Context, tx Tx, p *Proposal) (json.RawMessage, error) {
	live, ok, err := tx.Published(ctx)
	if err != nil {
		return nil, err
	}
	if !ok || live.ID == p.BaseVersionID {
		return p.Config, nil
	}
	current, err := Stored(live)
	if err != nil {
		return nil, err
	}
	rebased, err := rebase(*p, live.ID, current)
	if err != nil {
		return nil, err
	}
	p.RebasedOnto = live.ID
	return Canonical(rebased), nil
}

// archivePublished archives the live version, if any, and returns it
// (nil when the tenant had none).
func archivePublished(ctx context.Context, tx Tx, at time.Time) (*Version, error) {
	prev, ok, err := tx.Published(ctx)
	if err != nil || !ok {
		return nil, err
	}
	archived := prev
	archived.Status, archived.UpdatedAt = StatusArchived, at
	if err := tx.UpdateVersion(ctx, archived); err != nil {
		return nil, err
	}
	return &prev, nil
}

// versionEntry is the audit row of a version change; extra carries the
// snapshot's optional members (RolledBackTo, ProposalID).
func versionEntry(ctx context.Context, action string, at time.Time, before *Version, after Version, extra audit.Version) audit.Entry {
	e := audit.Entry{TenantID: after.TenantID, At: at, Actor: audit.ActorFrom(ctx), Action: action,
		Entity: audit.EntityConfigVersion, EntityID: after.ID}
	if before != nil {
		e.Before = audit.JSON(versionSnapshot(*before, audit.Version{}))
	}
	e.After = audit.JSON(versionSnapshot(after, extra))
	return e
}

func versionSnapshot(v Version, extra audit.Version) audit.Version {
	extra.ID, extra.Status, extra.Note, extra.CreatedBy, extra.Config = v.ID, v.Status, v.Note, v.CreatedBy, audit.RawJSON(v.Config)
	return extra
}

func proposalEntry(ctx context.Context, action string, at time.Time, before, after Proposal) audit.Entry {
	return audit.Entry{TenantID: after.TenantID, At: at, Actor: audit.ActorFrom(ctx), Action: action,
		Entity: audit.EntityProposal, EntityID: after.ID,
		Before: audit.JSON(proposalSnapshot(before, false)), After: audit.JSON(proposalSnapshot(after, false))}
}

// proposalSnapshot is the audit form of a proposal; the documents are
// recorded once, when the proposal is made.
func proposalSnapshot(p Proposal, withDocs bool) audit.Proposal {
	s := audit.Proposal{ID: p.ID, AgentID: p.AgentID, BaseVersionID: p.BaseVersionID, Rationale: p.Rationale,
		Status: p.Status, ExpiresAt: p.ExpiresAt.UTC(), Reason: p.Reason, VersionID: p.ResultVersionID}
	if withDocs {
		s.Patch, s.Config = audit.RawJSON(p.Patch), audit.RawJSON(p.Config)
	}
	if p.DecidedAt != nil {
		at := p.DecidedAt.UTC()
		s.DecidedAt, s.DecidedBy = &at, p.DecidedBy
	}
	return s
}
