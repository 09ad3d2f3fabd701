package storefront

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// sitePage serves one of the seven configured pages from the page cache.
// A disabled page is a cached 404, so probing it costs no store reads.
func (h *Handler) sitePage(w http.ResponseWriter, r *http.Request, s *site, name string) error {
	return h.serveCached(w, r, s, "site:"+name, func(ctx context.Context) (rendered, error) {
		return h.renderSitePage(ctx, s, name)
	})
}

func (h *Handler) renderSitePage(ctx context.Context, s *site, name string) (rendered, error) {
	d, err := h.loadSite(ctx, s.t, name == siteconfig.PageServices)
	if err != nil {
		return rendered{}, err
	}
	page, ok := d.cfg.Page(name)
	if !ok || !page.Enabled {
		return h.renderError(s, d, apperr.NotFound("page"))
	}
	sv := h.siteView(s, d, name)
	v := pageView{Lang: "en", Site: sv, Title: pageTitle(s.t.Name, name), Description: describe(page)}
	for i, sec := range page.Sections {
		one := sectionView{S: sec, First: i == 0, BookURL: sv.BookURL}
		if c, ok := sec.(siteconfig.ContactSection); ok {
			one.Contact = newContact(s.t.Profile(), &c)
		}
		v.Sections = append(v.Sections, one)
	}
	if name == siteconfig.PageHome {
		v.Sections = homeTeasers(s, d, v.Sections)
	}
	if len(page.Sections) == 0 || !opensWithHeadline(page.Sections[0]) {
		v.PageHeading = siteconfig.PageTitle(name)
	}
	if name == siteconfig.PageServices {
		v.Packages = h.packageCards(s, d)
		v.PackageGroups = packageGroups(d, v.Packages)
		v.ShowPackages = true
	}
	body, err := h.tmpl.Render("site", v)
	return rendered{status: http.StatusOK, body: body}, err
}

func pageTitle(business, page string) string {
	if page == siteconfig.PageHome {
		return business
	}
	return siteconfig.PageTitle(page) + " · " + business
}

// opensWithHeadline reports whether the section renders a headline, which
// then serves as the page's h1.
func opensWithHeadline(s siteconfig.Section) bool {
	switch v := s.(type) {
	case siteconfig.HeroSection:
		return v.Headline != ""
	case siteconfig.TextSection:
		return v.Headline != ""
	case siteconfig.GallerySection:
		return v.Headline != ""
	case siteconfig.TestimonialsSection:
		return v.Headline != ""
	case siteconfig.FAQSection:
		return v.Headline != ""
	case siteconfig.ContactSection:
		return v.Headline != ""
	case siteconfig.CTASection:
		return v.Headline != ""
	}
	return false
}

// describe picks the page's meta description from its first prose.
func describe(p siteconfig.Page) string {
	for _, sec := range p.Sections {
		var text string
		switch v := sec.(type) {
		case siteconfig.HeroSection:
			text = v.Subheadline
		case siteconfig.TextSection:
			text = v.Content
		case siteconfig.CTASection:
			text = v.Subheadline
		}
		if text = strings.Join(strings.Fields(text), " "); text != "" {
			return truncate(text, 160)
		}
	}
	return ""
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
