package dashboard

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"mais/internal/tenant"
)

// siteURL is where a business's site is seen: https://{domain}/ (http
// when the platform itself is served over http) for its first verified
// domain by name, preferring one without "www.", else its /t/{slug}
// address on the platform. A domain not yet verified serves nothing, so it
// is never linked.
func (h *Handler) siteURL(ctx context.Context, t tenant.Tenant) (string, error) {
	if h.cfg.Domains == nil {
		return h.storefrontURL(t), nil
	}
	list, err := h.cfg.Domains.List(ctx, t.ID)
	if err != nil {
		return "", fmt.Errorf("site address of %s: %w", t.ID, err)
	}
	best := ""
	for _, d := range list {
		if d.Verified && (best == "" || strings.HasPrefix(best, "www.") && !strings.HasPrefix(d.Name, "www.")) {
			best = d.Name
		}
	}
	if best == "" {
		return h.storefrontURL(t), nil
	}
	scheme := "http"
	if u, err := url.Parse(h.cfg.PublicBaseURL); err == nil && u.Scheme == "https" {
		scheme = "https"
	}
	return scheme + "://" + best + "/", nil
}
