package dashboard

import (
	"context"
	"encoding/json"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// cardView is a proposal as the panel shows it: what it changes (the
// rebased changes when the site was published since it was made), why,
// and, while pending, Approve and Reject.
type cardView struct {
	ID, Kind, Status, Rationale string
	Title                       string
	Rows                        []diffRow
	// Rebased: Rows are what approving does to the site as it is now.
	Rebased bool
	// Conflict says why approving would be refused (the patch no longer
	// applies to the published site).
	Conflict string
	Pending  bool
	// Preview is the address of the site with this pending proposal
	// applied to the working draft; empty for package changes.
	Preview string
	// Done is the outcome of a decision just made in the panel.
	Done string
	// VersionID is the version an approval made (the editor's frame
	// shows it).
	VersionID string
}

// card builds the card of one of the tenant's proposals.
func (h *Handler) card(ctx context.Context, s *session, id string) (*cardView, error) {
	p, err := h.cfg.SiteConfig.Proposal(ctx, s.Tenant.ID, id)
	if err != nil {
		return nil, err
	}
	c := &cardView{ID: p.ID, Kind: p.Kind, Status: p.Status, Rationale: p.Rationale, Title: "Site change",
		Rows: diffRows(p.Diff), Conflict: p.RebaseConflict, Pending: p.Status == siteconfig.ProposalPending,
		VersionID: p.ResultVersionID}
	switch {
	case p.Kind == siteconfig.KindPackage:
		var name string
		c.Rows, name, err = h.packageRows(ctx, s.Tenant.ID, p.Proposal)
		if err != nil {
			return nil, err
		}
		c.Title = "Change to the package “" + name + "”"
	case p.Rebased != nil:
		c.Rows, c.Rebased = diffRows(p.Rebased), true
	}
	if p.Kind != siteconfig.KindPackage && c.Pending {
		c.Preview = "/admin/assistant/proposals/" + p.ID + "/preview/home"
	}
	return c, nil
}

// packageRows lists a package proposal's changes field by field, against
// the package as it is now; name is the package's name ("a package that
// was deleted" when it is gone).
func (h *Handler) packageRows(ctx context.Context, tenantID string, p siteconfig.Proposal) (rows []diffRow, name string, err error) {
	var ch struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
		PhotoURL    *string `json:"photoUrl"`
		Active      *bool   `json:"active"`
	}
	if err := json.Unmarshal(p.Changes, &ch); err != nil {
		return nil, "", err
	}
	pkg, err := h.cfg.Catalog.Package(ctx, tenantID, p.PackageID)
	switch {
	case apperr.Is(err, apperr.CodeNotFound):
		name = "a package that was deleted"
	case err != nil:
		return nil, "", err
	default:
		name = pkg.Name
	}
	add := func(label, before, after string) {
		if before != after {
			rows = append(rows, diffRow{Path: label, Label: label, Kind: "changed", Before: before, After: after})
		}
	}
	if ch.Name != nil {
		add("Name", pkg.Name, *ch.Name)
	}
	if ch.Description != nil {
		add("Description", pkg.Description, *ch.Description)
	}
	if ch.PhotoURL != nil {
		add("Photo", pkg.PhotoURL, *ch.PhotoURL)
	}
	if ch.Active != nil {
		shown := func(b bool) string {
			if b {
				return "Shown on your site"
			}
			return "Hidden from your site"
		}
		if err == nil {
			add("Visibility", shown(pkg.Active), shown(*ch.Active))
		} else {
			add("Visibility", "", shown(*ch.Active))
		}
	}
	return rows, name, nil
}

// panelApprove approves a proposal from its card, publishing it unless
// "publish" is unticked, and answers the card as it is now.
func (h *Handler) panelApprove(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	publish := r.PostForm.Get("publish") != ""
	_, v, err := h.cfg.SiteConfig.Approve(r.Context(), s.Tenant.ID, id, publish, "Approved a proposal from the assistant")
	if err != nil {
		return err
	}
	c, err := h.card(r.Context(), s, id)
	if err != nil {
		return err
	}
	switch {
	case v.ID == "":
		c.Done = "Approved. The package is changed."
	case publish:
		c.Done = "Approved and published. Your site shows it now."
	default:
		c.Done = "Approved as a draft. Publish it from Versions when you are ready."
	}
	c.VersionID = v.ID
	return h.writeFragment(w, r, "assistant_card", c)
}

// panelReject rejects a proposal from its card.
func (h *Handler) panelReject(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if _, err := h.cfg.SiteConfig.Reject(r.Context(), s.Tenant.ID, id, r.PostForm.Get("reason")); err != nil {
		return err
	}
	c, err := h.card(r.Context(), s, id)
	if err != nil {
		return err
	}
	c.Done = "Rejected. Nothing changed."
	return h.writeFragment(w, r, "assistant_card", c)
}

// proposalPreview answers GET /admin/assistant/proposals/{id}/preview/{page}:
// the site as it would be with the proposal applied to the working draft
// (the newest draft, else the published version), rendered by the
// preview storefront and saved nowhere. A patch that no longer applies to
// the draft is explained inside the frame.
func (h *Handler) proposalPreview(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := h.cfg.SiteConfig.Proposal(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if p.Kind == siteconfig.KindPackage {
		return apperr.NotFound("site preview of a package change")
	}
	wk, err := h.working(r.Context(), s.Tenant.ID, "")
	if err != nil {
		return err
	}
	v := wk.V
	if len(p.Patch) == 0 {
		v.Config = p.Config
	} else {
		c, err := siteconfig.ApplyPatch(wk.Config, p.Patch)
		if err != nil {
			h.previewProblem(w, r, err)
			return nil
		}
		v.Config = siteconfig.Canonical(c)
	}
	return h.servePreviewAt(w, r, s, v, r.PathValue("page"), "/admin/assistant/proposals/"+p.ID+"/preview")
}
