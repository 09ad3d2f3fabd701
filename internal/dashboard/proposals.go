package dashboard

import (
	"net/http"

	"mais/internal/siteconfig"
)

type proposalRow struct {
	P       siteconfig.Review
	By      string // the agent's name, or "The assistant"
	Created string
}

type proposalsData struct {
	Rows   []proposalRow
	Status string
	Tabs   []tab
}

type tab struct {
	Label, URL string
	Current    bool
}

// proposalList shows agents' proposals, pending ones by default.
func (h *Handler) proposalList(w http.ResponseWriter, r *http.Request, s *session) error {
	status := r.URL.Query().Get("status")
	if !r.URL.Query().Has("status") {
		status = siteconfig.ProposalPending
	}
	list, err := h.cfg.SiteConfig.Proposals(r.Context(), s.Tenant.ID, status, 100, 0)
	if err != nil {
		return err
	}
	d := proposalsData{Status: status}
	for _, st := range []string{siteconfig.ProposalPending, siteconfig.ProposalApproved, siteconfig.ProposalRejected, siteconfig.ProposalExpired, ""} {
		label := titleWord(st)
		if st == "" {
			label = "All"
		}
		d.Tabs = append(d.Tabs, tab{Label: label, URL: "/admin/proposals?status=" + st, Current: st == status})
	}
	for _, p := range list {
		by := proposer(p.Proposal)
		if p.ActorType == siteconfig.ProposerAssistant {
			by = "The assistant"
		}
		d.Rows = append(d.Rows, proposalRow{P: p, By: by, Created: when(p.CreatedAt, s.Tenant.Location())})
	}
	h.writePage(w, r, http.StatusOK, "proposals", &view{Title: "Proposals", Nav: "proposals", S: s, Data: d})
	return nil
}

type proposalData struct {
	P        siteconfig.Review
	Proposer string
	Rows     []diffRow
	// Rebased is what approving a stale proposal does to the site as it is
	// now (its patch applied to the published version).
	Rebased []diffRow
	// Package names the package of a package proposal.
	Package string
	Created string
	Expires string
	Decided string
	By      string
	Pending bool
	Reason  string
	Note    string
	Publish bool
}

// proposalDetail is the review screen: the agent's rationale and every
// change it makes, side by side, with approve and reject.
func (h *Handler) proposalDetail(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := h.cfg.SiteConfig.Proposal(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	loc := s.Tenant.Location()
	d := proposalData{P: p, Proposer: proposer(p.Proposal), Rows: diffRows(p.Diff), Rebased: diffRows(p.Rebased),
		Created: when(p.CreatedAt, loc), Expires: when(p.ExpiresAt, loc), Pending: p.Status == siteconfig.ProposalPending, Publish: true}
	if p.Kind == siteconfig.KindPackage {
		if d.Rows, d.Package, err = h.packageRows(r.Context(), s.Tenant.ID, p.Proposal); err != nil {
			return err
		}
	}
	if p.DecidedAt != nil {
		d.Decided = when(*p.DecidedAt, loc)
		d.By = h.actorNames(r, s).name(p.DecidedBy)
	}
	h.writePage(w, r, http.StatusOK, "proposal", &view{Title: "Proposal from " + proposer(p.Proposal), Nav: "proposals", S: s, Data: d})
	return nil
}

// proposalApprove turns the proposal into a version, published at once
// unless the reviewer unticked "publish".
func (h *Handler) proposalApprove(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	back := "/admin/proposals/" + id
	publish := r.PostForm.Get("publish") != ""
	note := r.PostForm.Get("note")
	if note == "" {
		// The version list reads better with who proposed it than with the
		// service's default, the proposal's id.
		p, err := h.cfg.SiteConfig.Proposal(r.Context(), s.Tenant.ID, id)
		if err != nil {
			return err
		}
		note = "Approved a proposal from " + proposer(p.Proposal)
	}
	_, v, err := h.cfg.SiteConfig.Approve(r.Context(), s.Tenant.ID, id, publish, note)
	if err != nil {
		return h.decisionFailed(w, r, back, err)
	}
	if v.ID == "" { // a package proposal: the catalog changed, no version
		h.redirectOK(w, r, back, "Approved. The package is changed.")
		return nil
	}
	if publish {
		h.redirectOK(w, r, back, "Approved and published. Your site shows the agent's changes now.")
		return nil
	}
	h.redirectOK(w, r, "/admin/versions/"+v.ID, "Approved as a draft. Publish it when you are ready.")
	return nil
}

func (h *Handler) proposalReject(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if _, err := h.cfg.SiteConfig.Reject(r.Context(), s.Tenant.ID, id, r.PostForm.Get("reason")); err != nil {
		return h.decisionFailed(w, r, "/admin/proposals/"+id, err)
	}
	h.redirectOK(w, r, "/admin/proposals/"+id, "Rejected. The site is unchanged.")
	return nil
}

// proposer names who made a proposal: the agent, or the built-in assistant.
func proposer(p siteconfig.Proposal) string {
	if p.ActorType == siteconfig.ProposerAssistant {
		return "the assistant"
	}
	return p.AgentName
}
