package app_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// The demo tenant ships with pictures: in its library, on its packages,
// as the hero and in a gallery page, served with their variants; its
// home page shows a few of them with a link to the gallery, and client
// quotes; its About page has the photographer's portrait, which stays
// out of the gallery; and the login e-mail is never published.
func TestDemoPictures(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	info, err := a.SeedDemo(t.Context())
	if err != nil || info == nil {
		t.Fatalf("seed: %v", err)
	}
	tn, err := a.Store.TenantBySlug(t.Context(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	lib, err := a.Media.List(t.Context(), tn.ID)
	if err != nil || len(lib) != 8 {
		t.Fatalf("library: %d items, %v", len(lib), err)
	}
	pkgs, _ := a.Store.ListPackages(t.Context(), tn.ID, true)
	for _, p := range pkgs {
		if !strings.HasPrefix(p.PhotoURL, "http://mais.test/media/"+tn.ID+"/") {
			t.Errorf("package %s photo %q", p.Slug, p.PhotoURL)
		}
		for _, ad := range p.AddOns {
			if !strings.HasPrefix(ad.PhotoURL, "http://mais.test/media/"+tn.ID+"/") {
				t.Errorf("add-on %s photo %q", ad.Slug, ad.PhotoURL)
			}
		}
	}
	get := func(path string) string {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = "localhost"
		return string(apptest.Serve(t, a.Handler(), req).Body)
	}
	home := get("/t/demo")
	if !strings.Contains(home, `class="hero-bg"`) || !strings.Contains(home, "1920x1080.jpg 1920w") {
		t.Errorf("home has no responsive hero photo")
	}
	if g := get("/t/demo/gallery"); strings.Count(g, `loading="lazy"`) < 6 || !strings.Contains(g, "Two gold wedding rings") {
		t.Errorf("gallery page lacks its photos")
	}
	for _, want := range []string{`class="block gallery gallery-teaser"`, `See the whole gallery`, `class="block testimonials"`, "Kind words from our couples"} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	if about := get("/t/demo/about"); !strings.Contains(about, `class="text-image text-image-tall"`) || !strings.Contains(about, "1000x1250.jpg") {
		t.Errorf("about page has no portrait")
	}
	if g := get("/t/demo/gallery"); strings.Contains(g, "1000x1250.jpg") {
		t.Errorf("the portrait is in the gallery")
	}
	if c := get("/t/demo/contact"); strings.Contains(c, info.AdminEmail) || !strings.Contains(c, "mailto:hello@willowandpine.example") {
		t.Errorf("contact page: the profile e-mail is missing or the login e-mail is shown")
	}
	img := httptest.NewRequest("GET", strings.TrimPrefix(lib[0].Variants[0].URL, "http://mais.test"), nil)
	img.Host = "localhost"
	if r := apptest.Serve(t, a.Handler(), img); r.Status != 200 || r.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("a demo picture is not served: %d", r.Status)
	}
}
