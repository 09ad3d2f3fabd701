package storefront

import (
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
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request, s *site) error {
	d, err := h.loadSite(r.Context(), s.t, true)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write(h.sitemapXML(s, d))
	return nil
}

// sitemapXML writes the sitemap of d; marshalling these plain structs
// cannot fail.
func (h *Handler) sitemapXML(s *site, d *siteData) []byte {
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
	body, _ := xml.MarshalIndent(set, "", "  ")
	return append([]byte(xml.Header), body...)
}
