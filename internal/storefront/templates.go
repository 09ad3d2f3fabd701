package storefront

import (
	"embed"
	"html/template"
	"strings"

	"mais/internal/assets"
	"mais/internal/format"
	"mais/internal/media"
	"mais/internal/view"
)

//go:embed templates/*.html
var templateFiles embed.FS

// sectionFiles are the small per-section templates; "sections.html" picks
// one by the section's kind.
var sectionFiles = []string{"sections.html", "section_hero.html", "section_text.html", "section_gallery.html",
	"section_testimonials.html", "section_faq.html", "section_contact.html", "section_cta.html"}

// pages is the explicit page → partials map.
var pages = map[string]view.Page{
	"site":     {Root: "layout", Files: append([]string{"layout.html", "site.html", "packages.html"}, sectionFiles...)},
	"package":  {Root: "layout", Files: []string{"layout.html", "package.html", "booking_form.html", "calendar.html"}},
	"result":   {Root: "layout", Files: []string{"layout.html", "result.html"}},
	"manage":   {Root: "layout", Files: []string{"layout.html", "manage.html", "calendar.html"}},
	"error":    {Root: "layout", Files: []string{"layout.html", "error.html"}},
	"widget":   {Root: "widget", Files: []string{"widget.html", "packages.html", "booking_form.html", "calendar.html"}},
	"checkout": {Root: "checkout", Files: []string{"checkout.html"}},
	"calendar": {Root: "calendar", Files: []string{"calendar.html"}},

	// The platform's own "/" (frontdoor.go).
	"frontdoor": {Root: "layout", Files: []string{"layout.html", "frontdoor.html"}},
}

// parseTemplates parses the pages; publicBase is the platform's base, under
// which the photo library's images live (img gives them a srcset).
func parseTemplates(set *assets.Set, publicBase string) (*view.Set, error) {
	return view.Parse(view.Config{Name: "storefront", FS: templateFiles, Dir: "templates", Pages: pages,
		Funcs: template.FuncMap{
			"asset":      set.URL,
			"money":      money,
			"moneyAttrs": func() format.MoneyAttrs { return format.Attrs(format.DefaultCurrency, format.DefaultLocale) },
			"paragraphs": paragraphs,
			"stars":      stars,
			"img":        func(url string) media.Image { return media.Responsive(publicBase, url) },
			"heading":    func(first bool, text, class string) headingView { return headingView{first, text, class} },
		}})
}

// money writes an amount as the storefront shows prices ("$1,500",
// "$1,500.50"): in the booking's currency when one is given, else in the
// currency catalog prices are in.
func money(cents int64, currency ...string) string {
	cur := format.DefaultCurrency
	if len(currency) > 0 && currency[0] != "" {
		cur = currency[0]
	}
	return format.MoneyShort(cents, cur, format.DefaultLocale)
}

// headingView lets a section render its headline as the page's h1 when it
// opens the page, and as an h2 otherwise.
type headingView struct {
	First bool
	Text  string
	Class string
}

// paragraphs splits configuration prose on blank lines; single newlines
// stay inside a paragraph.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// stars returns a slice whose length is the rating, for {{range}}.
func stars(n int) []struct{} {
	if n < 0 {
		n = 0
	}
	if n > 5 {
		n = 5
	}
	return make([]struct{}, n)
}
