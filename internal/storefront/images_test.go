package storefront_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

// Library photos are served with their variants (srcset, sizes) and size
// (width, height); every image but the hero loads lazily; an address from
// elsewhere stays a plain src.
func TestImagesAreResponsive(t *testing.T) {
	e := newEnv(t)
	base := "http://mais.test/media/" + e.tenant.ID + "/0c0c0c0c-0000-4000-8000-00000000000c/"
	hero, photo := base+"2400x1600.jpg", base+"1600x1067.jpg"
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Home.Sections = []siteconfig.Section{
		siteconfig.HeroSection{Headline: "Hello", CTAText: "Book", BackgroundImageURL: hero},
		siteconfig.GallerySection{Headline: "Work", Images: []siteconfig.Image{{URL: photo, Alt: "First dance"},
			{URL: "https://cdn.example/p.jpg", Alt: "Elsewhere"}}},
	}
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
	body := e.get(t, "/t/willow").Body.String()

	heroTag := regexp.MustCompile(`<img class="hero-bg"[^>]*>`).FindString(body)
	for _, want := range []string{`src="` + hero + `"`, base + `480w.jpg 480w`, base + `1600w.jpg 1600w`, hero + ` 2400w`,
		`sizes="100vw"`, `width="2400" height="1600"`} {
		if !strings.Contains(heroTag, want) {
			t.Errorf("hero %s lacks %s", heroTag, want)
		}
	}
	if strings.Contains(heroTag, "lazy") {
		t.Errorf("the hero loads lazily: %s", heroTag)
	}
	galleryTag := regexp.MustCompile(`<img src="` + regexp.QuoteMeta(photo) + `"[^>]*>`).FindString(body)
	for _, want := range []string{base + `960w.jpg 960w`, photo + ` 1600w`, `sizes="`, `width="1600" height="1067"`, `loading="lazy"`, `alt="First dance"`} {
		if !strings.Contains(galleryTag, want) {
			t.Errorf("gallery photo %q lacks %s", galleryTag, want)
		}
	}
	if !strings.Contains(body, `<img src="https://cdn.example/p.jpg" alt="Elsewhere" loading="lazy">`) {
		t.Errorf("an outside address should stay a plain lazy src:\n%s", body)
	}
}

// A library photo stored under an earlier base URL (the localhost a
// business tried MAIS on, before it set PUBLIC_BASE_URL) is shown under
// the current one, with its variants: moving the platform breaks no page.
func TestLibraryPhotosFollowTheBaseURL(t *testing.T) {
	e := newEnv(t)
	path := "/media/" + e.tenant.ID + "/0c0c0c0c-0000-4000-8000-00000000000c/"
	old, now := "http://localhost:8080"+path, "http://mais.test"+path
	cfg := siteconfig.Default(e.tenant.Name)
	cfg.Pages.Home.Sections = []siteconfig.Section{
		siteconfig.GallerySection{Headline: "Work", Images: []siteconfig.Image{{URL: old + "1600x1067.jpg", Alt: "First dance"}}},
	}
	e.sites.set(e.tenant.ID, cfg)
	e.cache.InvalidateTenant(context.Background(), e.tenant.ID)
	body := e.get(t, "/t/willow").Body.String()
	tag := regexp.MustCompile(`<img src="[^"]*1600x1067\.jpg"[^>]*>`).FindString(body)
	for _, want := range []string{`src="` + now + `1600x1067.jpg"`, now + `480w.jpg 480w`, `width="1600" height="1067"`} {
		if !strings.Contains(tag, want) {
			t.Errorf("gallery photo %q lacks %s", tag, want)
		}
	}
	if strings.Contains(body, "localhost:8080") {
		t.Error("the page still names the earlier base URL")
	}
}
