package onboarding

import (
	"net/url"
	"strings"

	"mais/internal/tenant"
)

// SiteURLs are the absolute addresses a new business needs first: its
// storefront (/t/{slug} on the platform's host) and the dashboard to log
// in to (/admin), both under PublicBaseURL, as `mais tenant create` prints
// them.
type SiteURLs struct {
	Storefront string
	Dashboard  string
}

// URLsOf answers t's SiteURLs.
func (s *Service) URLsOf(t tenant.Tenant) SiteURLs {
	base := strings.TrimRight(s.PublicBaseURL, "/")
	return SiteURLs{Storefront: base + "/t/" + url.PathEscape(t.Slug), Dashboard: base + "/admin"}
}
