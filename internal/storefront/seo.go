package storefront

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"

	"mais/internal/siteconfig"
)

// robots serves the site's robots.txt: everything but the booking result
// pages may be indexed, and the sitemap is named.
func (h *Handler) robots(w http.ResponseWriter, r *http.Request, s *site) {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Disallow: " + s.base() + "/booking/\n")
	b.WriteString("Allow: " + s.base() + "/\n\n")
	b.WriteString("Sitemap: " + s.absolute(h.cfg.PublicBaseURL, s.base()+"/sitemap.xml") + "\n")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(b.String()))
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc      string `xml:"loc"`
	Priority string `xml:"priority,omitempty"`
}

// sitemap lists the enabled pages and the bookable packages.
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request, s *site) {
	d, err := h.loadSite(r.Context(), s.t, true)
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	out, err := h.sitemapXML(r.Context(), s, d)
	if err != nil {
		h.errorPage(w, r, s, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(out)
}

func (h *Handler) sitemapXML(_ context.Context, s *site, d *siteData) ([]byte, error) {
	set := urlSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	abs := func(p string) string {
		if p == "" {
			p = "/"
		}
		return s.absolute(h.cfg.PublicBaseURL, p)
	}
	for _, name := range d.cfg.EnabledPages() {
		u := sitemapURL{Loc: abs(s.pageURL(name))}
		if name == siteconfig.PageHome {
			u.Priority = "1.0"
		}
		set.URLs = append(set.URLs, u)
	}
	for _, p := range d.visible {
		set.URLs = append(set.URLs, sitemapURL{Loc: abs(s.packageURL(p.Slug)), Priority: "0.8"})
	}
	body, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), body...), nil
}
