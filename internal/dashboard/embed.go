package dashboard

import (
	"net/http"
	"strings"

	"mais/internal/tenant"
)

type embedData struct {
	Snippet   string
	WidgetURL string
	PublicKey string
	StoreURL  string
	// Origins is the tenant's CORS list, one origin a line ("" any).
	Origins string
}

// embedPage shows the snippet that puts the booking widget on the tenant's
// own website, and the public key for custom integrations.
func (h *Handler) embedPage(w http.ResponseWriter, r *http.Request, s *session) error {
	h.writePage(w, r, http.StatusOK, "embed", h.embedView(s, strings.Join(s.Tenant.CORSOrigins, "\n")))
	return nil
}

func (h *Handler) embedView(s *session, origins string) *view {
	d := embedData{WidgetURL: h.publicURL("/widget?tenant=" + s.Tenant.Slug), PublicKey: s.Tenant.APIKeyPublic,
		StoreURL: h.storefrontURL(s.Tenant), Origins: origins}
	if h.cfg.EmbedSnippet != nil {
		d.Snippet = h.cfg.EmbedSnippet(s.Tenant)
	}
	return &view{Title: "Booking widget", Nav: "embed", S: s, Data: d}
}

// embedOrigins saves the origins whose pages may call the public API from
// a browser (one a line; empty: any). A bad origin shows the page again
// with the reason at the field.
func (h *Handler) embedOrigins(w http.ResponseWriter, r *http.Request, s *session) error {
	typed := r.PostForm.Get("corsOrigins")
	list := strings.Split(strings.ReplaceAll(typed, "\r\n", "\n"), "\n")
	if _, err := h.cfg.Tenants.Update(r.Context(), s.Tenant.ID, tenant.Update{CORSOrigins: &list}); err != nil {
		return formAgain("embed", h.embedView(s, typed), err)
	}
	h.redirectOK(w, r, "/admin/embed", "Allowed websites saved.")
	return nil
}
