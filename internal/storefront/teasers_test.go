package storefront_test

import (
	"fmt"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

// TestHomeTeasers: the home page shows four pictures of the gallery page
// and two quotes of the testimonials page, each with a link to its page,
// before its closing call to action; not while those pages are hidden,
// and not twice when the home page has such a section itself.
func TestHomeTeasers(t *testing.T) {
	e := newEnv(t)
	cfg := siteconfig.Default(e.tenant.Name)
	var imgs []siteconfig.Image
	for i := range 6 {
		imgs = append(imgs, siteconfig.Image{URL: fmt.Sprintf("https://img.example/%d.jpg", i), Alt: fmt.Sprintf("Picture %d", i)})
	}
	cfg.Pages.Gallery = siteconfig.Page{Enabled: true, Sections: []siteconfig.Section{siteconfig.GallerySection{Headline: "Recent celebrations", Images: imgs}}}
	cfg.Pages.Testimonials = siteconfig.Page{Enabled: true, Sections: []siteconfig.Section{siteconfig.TestimonialsSection{Headline: "Kind words",
		Items: []siteconfig.Testimonial{{Quote: "First quote", AuthorName: "Ada", Rating: 5}, {Quote: "Second quote", AuthorName: "Bo", Rating: 5},
			{Quote: "Third quote", AuthorName: "Cy", Rating: 4}}}}}
	e.sites.set(e.tenant.ID, cfg)
	body := e.get(t, "/t/willow").Body.String()
	for _, want := range []string{`class="block gallery gallery-teaser"`, `alt="Picture 0"`, `alt="Picture 3"`,
		`<a href="/t/willow/gallery">See the whole gallery</a>`, `class="block testimonials testimonials-teaser"`,
		"First quote", "Second quote", `<a href="/t/willow/testimonials">Read more kind words</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	for _, unwanted := range []string{`alt="Picture 4"`, "Third quote"} {
		if strings.Contains(body, unwanted) {
			t.Errorf("home teaser shows too much: %s", unwanted)
		}
	}
	if g, q, c := strings.Index(body, "gallery-teaser"), strings.Index(body, "testimonials-teaser"), strings.Index(body, `class="block cta"`); g < 0 || q < g || c < q {
		t.Errorf("teasers are not before the closing call to action: gallery %d, quotes %d, cta %d", g, q, c)
	}

	cfg.Pages.Home.Sections = append(cfg.Pages.Home.Sections, siteconfig.TestimonialsSection{Headline: "Our couples",
		Items: []siteconfig.Testimonial{{Quote: "Own quote", AuthorName: "Di", Rating: 5}}})
	cfg.Pages.Gallery.Enabled = false
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(t.Context(), e.tenant.ID)
	body = e.get(t, "/t/willow").Body.String()
	if strings.Contains(body, "gallery-teaser") || strings.Contains(body, "testimonials-teaser") || !strings.Contains(body, "Own quote") {
		t.Errorf("a hidden gallery or the home page's own quotes still got a teaser")
	}
}
