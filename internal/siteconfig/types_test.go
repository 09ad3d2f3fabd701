package siteconfig_test

import (
	"html/template"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

func TestPages(t *testing.T) {
	c := mustParse(t, exampleDoc)
	if got, want := strings.Join(c.EnabledPages(), ","), "home,about,services,faq,contact"; got != want {
		t.Errorf("EnabledPages = %s, want %s", got, want)
	}
	c.Pages.Gallery.Enabled = true
	if got, want := strings.Join(c.EnabledPages(), ","), "home,about,services,gallery,faq,contact"; got != want {
		t.Errorf("EnabledPages = %s, want %s", got, want)
	}
	if p, ok := c.Page("faq"); !ok || len(p.Sections) != 1 {
		t.Errorf("Page(faq) = %+v, %v", p, ok)
	}
	if _, ok := c.Page("blog"); ok {
		t.Error("Page(blog) found")
	}
	for _, name := range siteconfig.NavOrder() {
		if siteconfig.PageTitle(name) == "" {
			t.Errorf("page %q has no title", name)
		}
	}
}

// Templates branch on .Kind and read the typed fields directly.
func TestSectionsRenderInTemplates(t *testing.T) {
	tmpl := template.Must(template.New("page").Parse(
		`{{range .Sections}}{{if eq .Kind "hero"}}<h1>{{.Headline}}</h1><a>{{.CTAText}}</a>` +
			`{{else if eq .Kind "text"}}<p class="{{.ImagePosition}}">{{.Content}}</p>{{end}}{{end}}`))
	page := siteconfig.Page{Sections: []siteconfig.Section{
		siteconfig.HeroSection{Headline: "Vows & views", CTAText: "Book"},
		siteconfig.TextSection{Content: "<b>hi</b>", ImagePosition: "left"},
	}}
	var out strings.Builder
	if err := tmpl.Execute(&out, page); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), `<h1>Vows &amp; views</h1><a>Book</a><p class="left">&lt;b&gt;hi&lt;/b&gt;</p>`; got != want {
		t.Errorf("rendered %s, want %s", got, want)
	}
}
