package storefront

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"mais/internal/assets"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageSet is one renderable page kind: the template executed and the files
// parsed with it.
type pageSet struct {
	root  string
	files []string
}

// sectionFiles are the small per-section templates; "sections.html" picks
// one by the section's kind.
var sectionFiles = []string{"sections.html", "section_hero.html", "section_text.html", "section_gallery.html",
	"section_testimonials.html", "section_faq.html", "section_contact.html", "section_cta.html"}

// pageSets is the explicit page → partials map. Rendering a kind that is
// not here is a programming error caught by the tests.
var pageSets = map[string]pageSet{
	"site":     {"layout", append([]string{"layout.html", "site.html", "packages.html"}, sectionFiles...)},
	"package":  {"layout", []string{"layout.html", "package.html", "booking_form.html", "calendar.html"}},
	"result":   {"layout", []string{"layout.html", "result.html"}},
	"error":    {"layout", []string{"layout.html", "error.html"}},
	"widget":   {"widget", []string{"widget.html", "packages.html", "booking_form.html", "calendar.html"}},
	"checkout": {"checkout", []string{"checkout.html"}},
	"calendar": {"calendar", []string{"calendar.html"}},
}

type templates struct {
	sets map[string]*template.Template
	bufs sync.Pool
}

func parseTemplates(set *assets.Set) (*templates, error) {
	funcs := template.FuncMap{
		"asset":      set.URL,
		"money":      formatMoney,
		"paragraphs": paragraphs,
		"stars":      stars,
		"heading":    func(first bool, text, class string) headingView { return headingView{first, text, class} },
	}
	t := &templates{sets: map[string]*template.Template{}}
	t.bufs.New = func() any { return new(bytes.Buffer) }
	for name, set := range pageSets {
		paths := make([]string, len(set.files))
		for i, f := range set.files {
			paths[i] = "templates/" + f
		}
		tmpl, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, paths...)
		if err != nil {
			return nil, fmt.Errorf("storefront: parse %s templates: %w", name, err)
		}
		if tmpl.Lookup(set.root) == nil {
			return nil, fmt.Errorf("storefront: %s templates define no %q", name, set.root)
		}
		t.sets[name] = tmpl
	}
	return t, nil
}

// render executes the page kind with data and returns a fresh copy of the
// output.
func (t *templates) render(kind string, data any) ([]byte, error) {
	tmpl, ok := t.sets[kind]
	if !ok {
		return nil, fmt.Errorf("storefront: no page kind %q", kind)
	}
	buf := t.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer t.bufs.Put(buf)
	if err := tmpl.ExecuteTemplate(buf, pageSets[kind].root, data); err != nil {
		return nil, fmt.Errorf("storefront: render %s: %w", kind, err)
	}
	return bytes.Clone(buf.Bytes()), nil
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

// formatMoney writes cents as US dollars: whole amounts without cents
// ("$1,500"), others with them ("$1,500.50").
func formatMoney(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	dollars, rest := cents/100, cents%100
	s := fmt.Sprint(dollars)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := "$" + b.String()
	if rest != 0 {
		out += fmt.Sprintf(".%02d", rest)
	}
	if neg {
		out = "-" + out
	}
	return out
}
