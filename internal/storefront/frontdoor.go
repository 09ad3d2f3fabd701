package storefront

import (
	"net/http"
	"strings"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

// The front door: "/" on one of the platform's own hosts is a small page
// that says where to go (the dashboard, the demo storefront, sign-up when
// it is open). On a tenant's custom domain "/" is the tenant's site (the
// route is not Shared), and a JSON client still gets the JSON 404 the API
// gives every unknown path.

// frontDoorView is the front door's content.
type frontDoorView struct {
	DemoURL   string // "" when there is no demo tenant
	SignupURL string // "" unless MAIS_SIGNUP=open
}

// frontDoor serves GET / on the platform's hosts.
func (h *Handler) frontDoor(w http.ResponseWriter, r *http.Request) error {
	if wantsJSON(r) {
		httpx.Error(w, r, h.log, apperr.NotFound("route"))
		return nil
	}
	v := &frontDoorView{}
	if h.cfg.DemoSlug != "" {
		// The directory keeps tenants in memory: this costs no store read
		// on most requests. A missing or inactive demo is simply not shown.
		if _, err := h.cfg.Tenants.SiteBySlug(r.Context(), h.cfg.DemoSlug); err == nil {
			v.DemoURL = "/t/" + h.cfg.DemoSlug
		}
	}
	if h.cfg.Signup {
		v.SignupURL = "/signup"
	}
	body, err := h.tmpl.Render("frontdoor", pageView{Lang: "en", Title: "MAIS · bookings and storefronts for wedding businesses",
		Description: "Sell your dates, take deposits and show your work on a site of your own.", FrontDoor: v})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", htmlType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Vary", "Accept")
	w.Write(body)
	return nil
}

// wantsJSON reports whether the client asked for JSON and not for HTML.
func wantsJSON(r *http.Request) bool {
	accept := strings.ToLower(r.Header.Get("Accept"))
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}
