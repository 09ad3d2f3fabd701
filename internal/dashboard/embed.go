package dashboard

import "net/http"

type embedData struct {
	Snippet   string
	WidgetURL string
	PublicKey string
	StoreURL  string
}

// embedPage shows the snippet that puts the booking widget on the tenant's
// own website, and the public key for custom integrations.
func (h *Handler) embedPage(w http.ResponseWriter, r *http.Request, s *session) error {
	d := embedData{WidgetURL: h.publicURL("/widget?tenant=" + s.Tenant.Slug), PublicKey: s.Tenant.APIKeyPublic,
		StoreURL: h.storefrontURL(s.Tenant)}
	if h.cfg.EmbedSnippet != nil {
		d.Snippet = h.cfg.EmbedSnippet(s.Tenant)
	}
	h.writePage(w, r, http.StatusOK, "embed", &view{Title: "Booking widget", Nav: "embed", S: s, Data: d})
	return nil
}
