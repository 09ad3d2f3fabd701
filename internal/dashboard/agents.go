package dashboard

import (
	"net/http"

	"mais/internal/siteconfig"
)

type agentRow struct {
	A        siteconfig.Agent
	Created  string
	LastUsed string
	Revoked  string
}

type agentsData struct {
	Rows []agentRow
	Name string
	API  string
}

// agentList shows the credentials given to assistants, which may propose
// site changes for a human to review.
func (h *Handler) agentList(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderAgents(w, r, s, &agentsData{}, nil)
}

// renderAgents shows the list, or the form again when formErr is set.
func (h *Handler) renderAgents(w http.ResponseWriter, r *http.Request, s *session, d *agentsData, formErr error) error {
	list, err := h.cfg.SiteConfig.Agents(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	loc := s.Tenant.Location()
	for _, a := range list {
		row := agentRow{A: a, Created: when(a.CreatedAt, loc)}
		if a.LastUsedAt != nil {
			row.LastUsed = when(*a.LastUsedAt, loc)
		}
		if a.RevokedAt != nil {
			row.Revoked = when(*a.RevokedAt, loc)
		}
		d.Rows = append(d.Rows, row)
	}
	d.API = h.publicURL("/v1/agent/proposals")
	v := &view{Title: "Agents", Nav: "agents", S: s, Data: d}
	return h.pageOrForm(w, r, "agents", v, formErr)
}

// agentCreate makes a credential and shows it once, on the next page.
func (h *Handler) agentCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PostForm.Get("name")
	a, credential, err := h.cfg.SiteConfig.CreateAgent(r.Context(), s.Tenant.ID, name)
	if err != nil {
		return h.renderAgents(w, r, s, &agentsData{Name: name}, err)
	}
	h.setFlash(w, r, Flash{Kind: "ok", Message: "Agent “" + a.Name + "” created. Copy its credential now: it is not shown again.",
		Secrets: []Secret{{Label: "Agent credential", Value: credential}}})
	http.Redirect(w, r, "/admin/agents", http.StatusSeeOther)
	return nil
}

func (h *Handler) agentRevoke(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.cfg.SiteConfig.RevokeAgent(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/agents", "Agent “"+a.Name+"” revoked. Its credential no longer works.")
	return nil
}
