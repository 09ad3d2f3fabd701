package siteconfig

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/textin"
)

// Proposal states. The store keeps only pending, approved and rejected;
// expired is a pending proposal past its ExpiresAt, derived when read.
const (
	ProposalPending  = "pending"
	ProposalApproved = "approved"
	ProposalRejected = "rejected"
	ProposalExpired  = "expired"
)

// MaxRationale and MaxReason bound the free text of a proposal.
const (
	MaxRationale = 2000
	MaxReason    = 1000
)

// Who proposes (Proposal.ActorType) and what a proposal changes
// (Proposal.Kind).
const (
	ProposerAgent     = "agent"
	ProposerAssistant = "assistant"
	KindConfig        = "config"
	KindPackage       = "package"
)

// Proposal is a change suggested by an agent or by the assistant. Kind
// config: Config is the complete resulting document, computed and
// validated when the proposal is made; Patch keeps the JSON Patch as sent,
// when one was sent. Kind package: PackageID and Changes (the package
// input's JSON) say what changes; Config is the base document, unchanged.
type Proposal struct {
	ID            string
	TenantID      string
	ActorType     string // ProposerAgent or ProposerAssistant
	AgentID       string // "" for the assistant
	AgentName     string // read-only, from the agent credential
	Kind          string // KindConfig or KindPackage
	PackageID     string
	Changes       json.RawMessage
	BaseVersionID string
	// RebasedOnto is set on approval of a stale patch proposal: the
	// published version the patch was applied to instead of its base.
	RebasedOnto     string
	Patch           json.RawMessage
	Config          json.RawMessage
	Rationale       string
	Status          string
	CreatedAt       time.Time
	ExpiresAt       time.Time
	DecidedAt       *time.Time
	DecidedBy       string
	Reason          string
	ResultVersionID string
}

// StatusAt is the status a reader sees at now: a pending proposal past its
// expiry is expired.
func (p Proposal) StatusAt(now time.Time) string {
	if p.Status == ProposalPending && !now.Before(p.ExpiresAt) {
		return ProposalExpired
	}
	return p.Status
}

// ProposalFilter narrows a listing. Status may be any of the four states;
// Now decides which pending proposals count as expired.
type ProposalFilter struct {
	Status string
	Now    time.Time
	Limit  int
	Offset int
}

// ProposalStore reads proposals; they are made and decided through
// TxStore (Lifecycle.Propose, Approve, Reject).
type ProposalStore interface {
	ProposalByID(ctx context.Context, tenantID, id string) (Proposal, error)
	// ListProposals returns proposals newest first, without Config and Patch.
	ListProposals(ctx context.Context, tenantID string, f ProposalFilter) ([]Proposal, error)
}

// ProposalInput is what an agent sends: exactly one of Config (a complete
// document) or Patch (RFC 6902 against the base version).
type ProposalInput struct {
	BaseVersionID string          `json:"baseVersionId"`
	Config        json.RawMessage `json:"config,omitempty"`
	Patch         json.RawMessage `json:"patch,omitempty"`
	Rationale     string          `json:"rationale" text:"multiline"`
}

// Review is a proposal as a reviewer sees it: Status is the status at the
// time of reading (so possibly expired), Stale says its base is no longer
// the published version, and Diff, for one proposal, lists the changes it
// makes to its base.
//
// For a stale configuration proposal, Rebased lists the changes its patch
// would make to the published version today (what approving it does), or
// RebaseConflict says why approving it would be refused (409).
type Review struct {
	Proposal
	Stale          bool
	Diff           []Change
	Rebased        []Change
	RebaseConflict string
}

// Propose records an agent's proposal. The result is validated now, so a
// pending proposal can always be approved as it is.
func (s *Service) Propose(ctx context.Context, agent Agent, in ProposalInput) (Review, error) {
	fields := apperr.FieldErrors{}
	in.BaseVersionID = strings.TrimSpace(in.BaseVersionID)
	if in.BaseVersionID == "" {
		fields.Add("baseVersionId", "required")
	}
	hasConfig, hasPatch := present(in.Config), present(in.Patch)
	switch {
	case hasConfig && hasPatch:
		fields.Add("patch", "send either config or patch, not both")
	case !hasConfig && !hasPatch:
		fields.Add("config", "send either config (a complete document) or patch (a JSON Patch)")
	}
	rationale := strings.TrimSpace(in.Rationale)
	switch {
	case rationale == "":
		fields.Add("rationale", "required")
	case !textin.Check(fields, "rationale", rationale, textin.Multiline):
		// Check named the problem.
	case textin.Len(rationale) > MaxRationale:
		fields.Add("rationale", fmt.Sprintf("at most %d characters", MaxRationale))
	}
	if err := fields.Err(); err != nil {
		return Review{}, err
	}

	base, err := s.Store.VersionByID(ctx, agent.TenantID, in.BaseVersionID)
	if err != nil {
		return Review{}, err
	}
	baseConfig, err := Stored(base)
	if err != nil {
		return Review{}, err
	}
	var result Config
	if hasPatch {
		result, err = ApplyPatch(baseConfig, in.Patch)
	} else {
		result, err = Parse(in.Config)
	}
	if err == nil {
		err = ownImages(agent.TenantID, result)
	}
	if err != nil {
		return Review{}, err
	}

	now := s.now()
	p := Proposal{
		ID: uuid.NewString(), TenantID: agent.TenantID, ActorType: ProposerAgent, AgentID: agent.ID, AgentName: agent.Name,
		Kind: KindConfig, BaseVersionID: base.ID, Config: Canonical(result), Rationale: rationale,
		Status: ProposalPending, CreatedAt: now, ExpiresAt: now.Add(s.proposalTTL()),
	}
	if hasPatch {
		p.Patch = compact(in.Patch)
	}
	if err := s.lifecycle().Propose(ctx, p); err != nil {
		return Review{}, err
	}
	return s.review(ctx, p, &baseConfig)
}

// Proposals lists a tenant's proposals, newest first, filtered by status
// ("" for all).
func (s *Service) Proposals(ctx context.Context, tenantID, status string, limit, offset int) ([]Review, error) {
	switch status {
	case "", ProposalPending, ProposalApproved, ProposalRejected, ProposalExpired:
	default:
		return nil, apperr.Validation("unknown status", map[string]string{"status": "must be pending, approved, rejected or expired"})
	}
	limit = pageLimit(limit)
	now := s.now()
	list, err := s.Store.ListProposals(ctx, tenantID, ProposalFilter{Status: status, Now: now, Limit: limit, Offset: max(offset, 0)})
	if err != nil {
		return nil, err
	}
	published, err := s.publishedID(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	out := make([]Review, 0, len(list))
	for _, p := range list {
		p.Status = p.StatusAt(now)
		out = append(out, Review{Proposal: p, Stale: p.BaseVersionID != published})
	}
	return out, nil
}

// Proposal returns one proposal with its changes against its base version.
func (s *Service) Proposal(ctx context.Context, tenantID, id string) (Review, error) {
	p, err := s.Store.ProposalByID(ctx, tenantID, id)
	if err != nil {
		return Review{}, err
	}
	return s.review(ctx, p, nil)
}

// Approve turns a pending proposal into a new version, published at once
// when publish is set; a package proposal applies its change to the
// catalog through Service.Packages. A stale configuration proposal (its
// base is no longer the published version) is rebased: its patch is
// applied to the published version; without a patch, or when the patch no
// longer applies, approval is refused (409 CONFLICT), so a newer
// publication is never silently replaced.
func (s *Service) Approve(ctx context.Context, tenantID, id string, publish bool, note string) (Review, Version, error) {
	note, err := cleanNote(note)
	if err != nil {
		return Review{}, Version{}, err
	}
	if note == "" {
		note = "Approved agent proposal " + id
	}
	if err := s.applyIfPackage(ctx, tenantID, id); err != nil {
		return Review{}, Version{}, err
	}
	p, v, err := s.lifecycle().Approve(ctx, Approval{
		TenantID: tenantID, ProposalID: id, VersionID: uuid.NewString(), Publish: publish, Note: note,
		DecidedBy: audit.ActorFrom(ctx).ID, At: s.now(),
	})
	if err != nil {
		return Review{}, Version{}, err
	}
	s.logEvent(ctx, "proposal approved", tenantID, "proposal", id, "version", v.ID, "published", publish)
	if publish {
		s.invalidate(ctx, tenantID)
	}
	r, err := s.review(ctx, p, nil)
	return r, v, err
}

// Reject closes a pending proposal without changing the site.
func (s *Service) Reject(ctx context.Context, tenantID, id, reason string) (Review, error) {
	reason = strings.TrimSpace(reason)
	if why := textin.Problem(reason, textin.Multiline); why != "" {
		return Review{}, apperr.Validation("the reason holds characters that are not allowed", map[string]string{"reason": why})
	}
	if utf8.RuneCountInString(reason) > MaxReason {
		return Review{}, apperr.Validation("the reason is too long", map[string]string{"reason": fmt.Sprintf("at most %d characters", MaxReason)})
	}
	p, err := s.lifecycle().Reject(ctx, tenantID, id, reason, audit.ActorFrom(ctx).ID, s.now())
	if err != nil {
		return Review{}, err
	}
	s.logEvent(ctx, "proposal rejected", tenantID, "proposal", id)
	return s.review(ctx, p, nil)
}

// review completes p with its status, staleness and diff. base is the
// decoded base configuration when the caller already has it.
func (s *Service) review(ctx context.Context, p Proposal, base *Config) (Review, error) {
	if base == nil {
		c, err := s.storedConfig(ctx, p.TenantID, p.BaseVersionID)
		if err != nil {
			return Review{}, err
		}
		base = &c
	}
	proposed, err := decodeStored("proposal "+p.ID, p.Config)
	if err != nil {
		return Review{}, err
	}
	published, err := s.publishedID(ctx, p.TenantID)
	if err != nil {
		return Review{}, err
	}
	p.Status = p.StatusAt(s.now())
	r := Review{Proposal: p, Stale: p.Kind != KindPackage && p.BaseVersionID != published, Diff: nonNil(Diff(*base, proposed))}
	if r.Stale && published != "" && p.Status == ProposalPending {
		current, err := s.storedConfig(ctx, p.TenantID, published)
		if err != nil {
			return Review{}, err
		}
		rebased, err := rebase(p, published, current)
		if err != nil {
			r.RebaseConflict = messageOf(err)
		} else {
			r.Rebased = nonNil(Diff(current, rebased))
		}
	}
	return r, nil
}

// rebase applies a stale proposal's patch to current, the configuration of
// the published version currentID; a proposal without a patch, or whose
// patch no longer applies, is a CONFLICT.
func rebase(p Proposal, currentID string, current Config) (Config, error) {
	if len(p.Patch) == 0 {
		return Config{}, apperr.Conflict("proposal %s replaces the whole document of version %s, but version %s was published since; ask for a new proposal", p.ID, p.BaseVersionID, currentID)
	}
	c, err := ApplyPatch(current, p.Patch)
	if err != nil {
		return Config{}, apperr.Conflict("proposal %s was made against version %s and its patch no longer applies to the published version %s (%s); ask for a new proposal", p.ID, p.BaseVersionID, currentID, messageOf(err))
	}
	return c, nil
}

// publishedID is the id of the live version, or "" when the tenant has none.
func (s *Service) publishedID(ctx context.Context, tenantID string) (string, error) {
	v, err := s.Store.PublishedVersion(ctx, tenantID)
	if apperr.Is(err, apperr.CodeNotFound) {
		return "", nil
	}
	return v.ID, err
}

func (s *Service) proposalTTL() time.Duration {
	if s.ProposalTTL > 0 {
		return s.ProposalTTL
	}
	return DefaultProposalTTL
}

// present reports whether a raw JSON member was sent with a non-null value.
func present(raw json.RawMessage) bool {
	t := strings.TrimSpace(string(raw))
	return t != "" && t != "null"
}

// compact strips insignificant white space from a JSON value that
// ApplyPatch has already read.
func compact(raw json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return raw
	}
	return buf.Bytes()
}

// messageOf is the client-facing sentence of err (its message, for an
// apperr.Error), for errors repeated inside another message.
func messageOf(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
