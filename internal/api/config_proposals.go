package api

import (
	"encoding/json"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/siteconfig"
)

// ProposalJSON summarises an agent proposal. Status is pending, approved,
// rejected or expired; Stale says its base is no longer the published version.
type ProposalJSON struct {
	ID            string     `json:"id"`
	Status        string     `json:"status"`
	Stale         bool       `json:"stale"`
	AgentID       string     `json:"agentId"`
	AgentName     string     `json:"agentName"`
	BaseVersionID string     `json:"baseVersionId"`
	Kind          string     `json:"kind"`
	Rationale     string     `json:"rationale"`
	CreatedAt     time.Time  `json:"createdAt"`
	ExpiresAt     time.Time  `json:"expiresAt"`
	DecidedAt     *time.Time `json:"decidedAt"`
	DecidedBy     string     `json:"decidedBy,omitempty"`
	Reason        string     `json:"reason,omitempty"`
	VersionID     *string    `json:"versionId"`
	// Actor is who proposed: {"type":"agent","id"} or {"type":"assistant"}.
	Actor ProposalActorJSON `json:"actor"`
	// Target is what the proposal changes: "config" (the site) or
	// "package" (PackageID, with Changes in the detail).
	Target    string `json:"target"`
	PackageID string `json:"packageId,omitempty"`
	// RebasedOnto is the published version a stale patch was applied to
	// on approval.
	RebasedOnto string `json:"rebasedOnto,omitempty"`
}

// ProposalActorJSON names who made a proposal.
type ProposalActorJSON struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
}

// ProposalDetailJSON adds the proposed document, the patch as sent and the
// changes against the base version, for the review screen.
type ProposalDetailJSON struct {
	ProposalJSON
	Patch  json.RawMessage     `json:"patch,omitempty"`
	Config json.RawMessage     `json:"config"`
	Diff   []siteconfig.Change `json:"diff"`
	// Changes is a package proposal's change (package input fields).
	Changes json.RawMessage `json:"changes,omitempty"`
	// RebasedDiff, for a pending stale proposal, is what approving it
	// would change in the published version today; RebaseConflict says
	// instead why approving it would be refused (409).
	RebasedDiff    []siteconfig.Change `json:"rebasedDiff,omitempty"`
	RebaseConflict string              `json:"rebaseConflict,omitempty"`
}

func newProposalJSON(r siteconfig.Review) ProposalJSON {
	p := r.Proposal
	kind := "config"
	if len(p.Patch) > 0 {
		kind = "patch"
	}
	out := ProposalJSON{ID: p.ID, Status: p.Status, Stale: r.Stale, AgentID: p.AgentID, AgentName: p.AgentName,
		BaseVersionID: p.BaseVersionID, Kind: kind, Rationale: p.Rationale, CreatedAt: p.CreatedAt.UTC(),
		ExpiresAt: p.ExpiresAt.UTC(), DecidedAt: p.DecidedAt, DecidedBy: p.DecidedBy, Reason: p.Reason}
	if p.ResultVersionID != "" {
		out.VersionID = &p.ResultVersionID
	}
	out.Actor = ProposalActorJSON{Type: p.ActorType, ID: p.AgentID}
	if out.Actor.Type == "" {
		out.Actor.Type = siteconfig.ProposerAgent
	}
	out.Target, out.PackageID, out.RebasedOnto = p.Kind, p.PackageID, p.RebasedOnto
	if out.Target == "" {
		out.Target = siteconfig.KindConfig
	}
	return out
}

func newProposalDetailJSON(r siteconfig.Review) ProposalDetailJSON {
	return ProposalDetailJSON{ProposalJSON: newProposalJSON(r), Patch: r.Patch, Config: r.Config, Diff: r.Diff,
		Changes: r.Changes, RebasedDiff: r.Rebased, RebaseConflict: r.RebaseConflict}
}

// listProposals answers GET /v1/admin/proposals?status=&limit=&offset=.
func (s *Server) listProposals(w http.ResponseWriter, r *http.Request) error {
	fields := apperr.FieldErrors{}
	limit, offset := pageParams(r, fields)
	if err := fields.Err(); err != nil {
		return err
	}
	list, err := s.SiteConfig.Proposals(r.Context(), tenantOf(r), r.URL.Query().Get("status"), limit, offset)
	if err != nil {
		return err
	}
	out := make([]ProposalJSON, 0, len(list))
	for _, p := range list {
		out = append(out, newProposalJSON(p))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := s.SiteConfig.Proposal(r.Context(), tenantOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newProposalDetailJSON(p))
	return nil
}

// approveProposal answers {"proposal","version"}: the approved proposal and
// the version made from it, a draft unless {"publish": true}.
func (s *Server) approveProposal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Publish bool   `json:"publish"`
		Note    string `json:"note" text:"multiline"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	p, v, err := s.SiteConfig.Approve(r.Context(), tenantOf(r), r.PathValue("id"), in.Publish, in.Note)
	if err != nil {
		return err
	}
	var version any // a package proposal makes no version
	if v.ID != "" {
		version = newVersionJSON(v, false)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"proposal": newProposalDetailJSON(p), "version": version})
	return nil
}

func (s *Server) rejectProposal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason" text:"multiline"`
	}
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	p, err := s.SiteConfig.Reject(r.Context(), tenantOf(r), r.PathValue("id"), in.Reason)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newProposalDetailJSON(p))
	return nil
}

// decodeOptional decodes a small JSON body that may also be left out
// entirely, as approve and reject need none.
func decodeOptional(w http.ResponseWriter, r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return httpx.Decode(w, r, smallBody, dst)
}
