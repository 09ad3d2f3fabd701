package storefront_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// TestWidgetTestimonialsAndStart: on both stores, /widget shows the
// testimonials strip where the layout orders it (unnumbered, from the
// quotes on the site's home page), opens straight on the layout's
// package with a link to the list, keeps the old look for a document
// without the new fields, and falls back to the default layout when the
// package it opens on is not on sale. Another tenant's widget shows none
// of it.
func TestWidgetTestimonialsAndStart(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		c := apptest.NewTenant(t, a, "wren")
		apptest.NewTenant(t, a, "birch")
		get := func(target string) string {
			t.Helper()
			r := httptest.NewRequest(http.MethodGet, target, nil)
			r.Host = "localhost"
			w := apptest.Serve(t, a.Handler(), r)
			if w.Status != http.StatusOK {
				t.Fatalf("GET %s: %d", target, w.Status)
			}
			return string(w.Body)
		}
		publish := func(cfg siteconfig.Config) {
			t.Helper()
			v, err := a.SiteConfig.CreateDraft(ctx, c.Tenant.ID, siteconfig.Canonical(cfg), "widget")
			if err != nil {
				var ae *apperr.Error
				errors.As(err, &ae)
				t.Fatalf("%v %+v", err, ae)
			}
			if _, err := a.SiteConfig.Publish(ctx, c.Tenant.ID, v.ID); err != nil {
				t.Fatal(err)
			}
		}
		legend := regexp.MustCompile(`(?s)<legend>(.*?)</legend>|class="widget-quotes"`)
		tag := regexp.MustCompile(`<[^>]+>|\s+`)
		steps := func(body string) string {
			var out []string
			for _, m := range legend.FindAllStringSubmatch(body, -1) {
				if m[1] == "" {
					out = append(out, "quotes")
					continue
				}
				out = append(out, strings.Join(strings.Fields(tag.ReplaceAllString(m[1], " ")), " "))
			}
			return strings.Join(out, " | ")
		}
		const defaultSteps = "1 Add extras (optional) | 2 Choose your date | 3 Your details"

		// The default site: the list, then the default booking step.
		if body := get("/widget?tenant=wren"); strings.Contains(body, "data-booking-form") || strings.Contains(body, "widget-quotes") {
			t.Error("default /widget is not the plain package list")
		}
		if got := steps(get("/widget?tenant=wren&package=classic")); got != defaultSteps {
			t.Errorf("default steps: %s", got)
		}

		cfg := siteconfig.Default(c.Tenant.Name)
		cfg.Pages.Home.Sections = append(cfg.Pages.Home.Sections, siteconfig.TestimonialsSection{Headline: "Kind words",
			Items: []siteconfig.Testimonial{{Quote: "She caught every tear.", AuthorName: "Ana & Luis", Rating: 5},
				{Quote: "Calm, kind and quick.", AuthorName: "Priya", Rating: 4}}})
		// Old document: the quotes exist but the widget section predates the strip.
		cfg.Widget = siteconfig.WidgetLayout{Blocks: []string{"details", "calendar", "addons"}}
		publish(cfg)
		if got := steps(get("/widget?tenant=wren&package=classic")); got != "1 Your details | 2 Choose your date | 3 Add extras (optional)" {
			t.Errorf("old layout steps: %s", got)
		}

		cfg.Widget = siteconfig.WidgetLayout{Blocks: []string{"details", "testimonials", "calendar", "addons"}, ShowTestimonials: true,
			Start: siteconfig.WidgetStartPackage, Package: "classic"}
		publish(cfg)
		body := get("/widget?tenant=wren")
		if got := steps(body); got != "1 Your details | quotes | 2 Choose your date | 3 Add extras (optional)" {
			t.Errorf("/widget opening on the package: %s", got)
		}
		for _, want := range []string{"She caught every tear.", "Ana &amp; Luis", `aria-label="5 out of 5 stars"`, `href="/widget?tenant=wren&amp;list=1"`} {
			if !strings.Contains(body, want) {
				t.Errorf("/widget lacks %s", want)
			}
		}
		list := get("/widget?tenant=wren&list=1")
		if strings.Contains(list, "data-booking-form") || !strings.Contains(list, "Calm, kind and quick.") || !strings.Contains(list, "/widget?tenant=wren&amp;package=classic") {
			t.Error("?list=1 is not the package list with the strip")
		}
		// The site's own booking page keeps the default layout, no strip.
		if got := steps(get("/t/wren/services/classic")); got != defaultSteps {
			t.Errorf("site package page: %s", got)
		}
		if other := get("/widget?tenant=birch"); strings.Contains(other, "widget-quotes") || strings.Contains(other, "data-booking-form") {
			t.Error("another tenant's widget shows wren's layout")
		}

		// The strip with no quotes is not shown.
		noQuotes := cfg
		noQuotes.Pages.Home.Sections = siteconfig.Default(c.Tenant.Name).Pages.Home.Sections
		publish(noQuotes)
		if got := steps(get("/widget?tenant=wren")); got != "1 Your details | 2 Choose your date | 3 Add extras (optional)" {
			t.Errorf("strip without quotes: %s", got)
		}

		// Opening on a package that is not on sale: the default layout.
		cfg.Widget.Package = "gone"
		publish(cfg)
		body = get("/widget?tenant=wren")
		if strings.Contains(body, "data-booking-form") || strings.Contains(body, "widget-quotes") {
			t.Error("unknown start package: not the default package list")
		}
		if got := steps(get("/widget?tenant=wren&package=classic")); got != defaultSteps {
			t.Errorf("unknown start package, steps: %s", got)
		}
	})
}
