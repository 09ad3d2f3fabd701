package dashboard

import (
	"context"
	"net/http"

	"mais/internal/audit"
)

// actorNames turns the ids in created-by and audit columns into names: the
// tenant's agents by name, its admins by e-mail, the reader as "you".
type actorNames struct {
	ctx    context.Context
	h      *Handler
	tenant string
	m      map[string]string
}

func (h *Handler) actorNames(r *http.Request, s *session) *actorNames {
	n := &actorNames{ctx: r.Context(), h: h, tenant: s.Tenant.ID, m: map[string]string{s.P.UserID: "you", audit.System.ID: "MAIS", "system": "MAIS"}}
	if agents, err := h.cfg.SiteConfig.Agents(r.Context(), s.Tenant.ID); err == nil {
		for _, a := range agents {
			n.m[a.ID] = a.Name + " (agent)"
		}
	}
	return n
}

func (n *actorNames) name(id string) string {
	if id == "" {
		return "—"
	}
	if v, ok := n.m[id]; ok {
		return v
	}
	v := "a former admin"
	if u, err := n.h.cfg.Identity.User(n.ctx, id); err == nil && u.TenantID == n.tenant {
		v = u.Email
	}
	n.m[id] = v
	return v
}
