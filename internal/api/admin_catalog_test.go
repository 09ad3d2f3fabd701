package api_test

import (
	"context"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/audit"
)

type adminPackage struct {
	ID, Slug, Name, Description, PhotoURL string
	BasePriceCents                        int64
	Active                                bool
	SortOrder                             int
	AddOns                                []adminAddOn
}

type adminAddOn struct {
	ID, PackageID, Slug, Name, Description string
	PriceCents                             int64
	Active                                 bool
}

func TestAdminCatalogHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		publicSlugs := func() []string {
			t.Helper()
			r := apptest.Do(t, f.h, "GET", "/v1/packages", key, "")
			apptest.Expect(t, "public list", r, 200, "")
			var list []struct{ Slug string }
			r.JSON(t, &list)
			var out []string
			for _, p := range list {
				out = append(out, p.Slug)
			}
			return out
		}
		adminSlugs := func() []string {
			t.Helper()
			r := f.as(f.alpha, "GET", "/v1/admin/packages", "")
			apptest.Expect(t, "admin list", r, 200, "")
			var list []adminPackage
			r.JSON(t, &list)
			var out []string
			for _, p := range list {
				out = append(out, p.Slug)
			}
			return out
		}
		if got := strings.Join(publicSlugs(), ","); got != "classic" {
			t.Fatalf("public list before: %s", got) // also fills the cache
		}

		r := f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"full-day","name":"  Full day  ","basePriceCents":420000,
			"description":"<p>All <strong>day</strong><script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)></p>",
			"photoUrl":"https://img.example.com/a.jpg","sortOrder":5}`)
		apptest.Expect(t, "create", r, 201, "")
		var full adminPackage
		r.JSON(t, &full)
		if full.ID == "" || full.Name != "Full day" || !full.Active || full.SortOrder != 5 || full.BasePriceCents != 420000 || full.PhotoURL != "https://img.example.com/a.jpg" {
			t.Errorf("created: %+v", full)
		}
		// The description is kept as typed; the public API also gives it
		// rendered and sanitised, for clients that place it in a page.
		if !strings.HasPrefix(full.Description, "<p>All <strong>day</strong><script>") {
			t.Errorf("description not kept as typed: %s", full.Description)
		}
		var public []struct{ Slug, DescriptionHTML string }
		apptest.Do(t, f.h, "GET", "/v1/packages", key, "").JSON(t, &public)
		if len(public) != 2 || public[1].Slug != "full-day" {
			t.Fatalf("public list: %+v", public)
		}
		for _, p := range public[1:] {
			for _, bad := range []string{"<script", "javascript:", "onerror", "<img"} {
				if strings.Contains(p.DescriptionHTML, bad) {
					t.Errorf("descriptionHtml kept %q: %s", bad, p.DescriptionHTML)
				}
			}
			if !strings.Contains(p.DescriptionHTML, "<strong>day</strong>") {
				t.Errorf("descriptionHtml lost its formatting: %s", p.DescriptionHTML)
			}
		}
		if got := strings.Join(publicSlugs(), ","); got != "classic,full-day" {
			t.Errorf("public list after create (cache invalidated?): %s", got)
		}

		t.Run("ErrSlugTaken", func(t *testing.T) {
			r := f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"full-day","name":"Again","basePriceCents":1}`)
			apptest.Expect(t, "taken slug", r, 409, "CONFLICT")
			r = f.as(f.alpha, "PATCH", "/v1/admin/packages/"+full.ID, `{"slug":"classic"}`)
			apptest.Expect(t, "patch to a taken slug", r, 409, "CONFLICT")
		})

		t.Run("ErrValidation", func(t *testing.T) {
			r := f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"Bad Slug","name":"","basePriceCents":-1,"photoUrl":"javascript:alert(1)","sortOrder":9999999}`)
			apptest.Expect(t, "invalid package", r, 400, "VALIDATION_ERROR")
			var e struct{ Fields map[string]string }
			r.JSON(t, &e)
			for _, name := range []string{"slug", "name", "basePriceCents", "photoUrl", "sortOrder"} {
				if e.Fields[name] == "" {
					t.Errorf("no message for %s in %s", name, r.Body)
				}
			}
			for what, body := range map[string]string{
				"missing fields":   `{}`,
				"fractional cents": `{"slug":"x","name":"X","basePriceCents":12.5}`,
				"unknown field":    `{"slug":"x","name":"X","basePriceCents":1,"price":1}`,
				"data URL":         `{"slug":"x","name":"X","basePriceCents":1,"photoUrl":"data:image/png;base64,AAAA"}`,
				"huge price":       `{"slug":"x","name":"X","basePriceCents":100000000000}`,
				"not JSON":         `{"slug":`,
			} {
				apptest.Expect(t, what, f.as(f.alpha, "POST", "/v1/admin/packages", body), 400, "VALIDATION_ERROR")
			}
			apptest.Expect(t, "empty patch", f.as(f.alpha, "PATCH", "/v1/admin/packages/"+full.ID, `{}`), 400, "VALIDATION_ERROR")
			big := `{"slug":"x","name":"X","basePriceCents":1,"description":"` + strings.Repeat("a", 70<<10) + `"}`
			apptest.Expect(t, "oversized body", f.as(f.alpha, "POST", "/v1/admin/packages", big), 413, "PAYLOAD_TOO_LARGE")
		})

		t.Run("PatchSubsetOrderAndActivation", func(t *testing.T) {
			r := f.as(f.alpha, "PATCH", "/v1/admin/packages/"+full.ID, `{"basePriceCents":5000}`)
			apptest.Expect(t, "patch price", r, 200, "")
			var p adminPackage
			r.JSON(t, &p)
			if p.BasePriceCents != 5000 || p.Name != "Full day" || p.Slug != "full-day" || p.SortOrder != 5 || !p.Active {
				t.Errorf("patch changed more than the price: %+v", p)
			}
			apptest.Expect(t, "reorder", f.as(f.alpha, "PATCH", "/v1/admin/packages/"+full.ID, `{"sortOrder":-1}`), 200, "")
			if got := strings.Join(adminSlugs(), ","); got != "full-day,classic" {
				t.Errorf("admin order after sortOrder -1: %s", got)
			}
			if got := strings.Join(publicSlugs(), ","); got != "full-day,classic" {
				t.Errorf("public order after sortOrder -1: %s", got)
			}
			apptest.Expect(t, "deactivate", f.as(f.alpha, "PATCH", "/v1/admin/packages/"+full.ID, `{"active":false}`), 200, "")
			if got := strings.Join(publicSlugs(), ","); got != "classic" {
				t.Errorf("public list still shows the inactive package: %s", got)
			}
			if got := strings.Join(adminSlugs(), ","); got != "full-day,classic" {
				t.Errorf("admin list must keep inactive packages: %s", got)
			}
			apptest.Expect(t, "public get of inactive", apptest.Do(t, f.h, "GET", "/v1/packages/full-day", key, ""), 404, "NOT_FOUND")
		})

		t.Run("AddOns", func(t *testing.T) {
			classic := f.as(f.alpha, "GET", "/v1/admin/packages", "")
			var list []adminPackage
			classic.JSON(t, &list)
			var pkg adminPackage
			for _, p := range list {
				if p.Slug == "classic" {
					pkg = p
				}
			}
			r := f.as(f.alpha, "POST", "/v1/admin/packages/"+pkg.ID+"/addons", `{"slug":"drone","name":"Drone","priceCents":45000,"description":"Aerial <b>photos</b>"}`)
			apptest.Expect(t, "create add-on", r, 201, "")
			var drone adminAddOn
			r.JSON(t, &drone)
			if drone.PackageID != pkg.ID || drone.PriceCents != 45000 || !drone.Active || drone.Description != "Aerial <b>photos</b>" {
				t.Errorf("add-on: %+v", drone)
			}
			apptest.Expect(t, "taken add-on slug", f.as(f.alpha, "POST", "/v1/admin/packages/"+pkg.ID+"/addons", `{"slug":"drone","name":"Drone 2","priceCents":1}`), 409, "CONFLICT")
			apptest.Expect(t, "invalid add-on", f.as(f.alpha, "POST", "/v1/admin/packages/"+pkg.ID+"/addons", `{"slug":"x","name":"X","priceCents":-5}`), 400, "VALIDATION_ERROR")

			publicAddOns := func() string {
				r := apptest.Do(t, f.h, "GET", "/v1/packages/classic", key, "")
				var p struct{ AddOns []struct{ Slug string } }
				r.JSON(t, &p)
				var s []string
				for _, a := range p.AddOns {
					s = append(s, a.Slug)
				}
				return strings.Join(s, ",")
			}
			if got := publicAddOns(); got != "album,drone" {
				t.Errorf("public add-ons: %s", got)
			}
			r = f.as(f.alpha, "PATCH", "/v1/admin/packages/"+pkg.ID+"/addons/"+drone.ID, `{"active":false,"priceCents":40000}`)
			apptest.Expect(t, "patch add-on", r, 200, "")
			r.JSON(t, &drone)
			if drone.Active || drone.PriceCents != 40000 || drone.Name != "Drone" {
				t.Errorf("patched add-on: %+v", drone)
			}
			if got := publicAddOns(); got != "album" {
				t.Errorf("public add-ons after deactivation: %s", got)
			}
			apptest.Expect(t, "delete add-on", f.as(f.alpha, "DELETE", "/v1/admin/packages/"+pkg.ID+"/addons/"+drone.ID, ""), 204, "")
			apptest.Expect(t, "delete add-on twice", f.as(f.alpha, "DELETE", "/v1/admin/packages/"+pkg.ID+"/addons/"+drone.ID, ""), 404, "NOT_FOUND")
		})

		t.Run("AuditNamesTheAdmin", func(t *testing.T) {
			var me struct{ ID, Role, TenantID string }
			r := f.as(f.alpha, "GET", "/v1/admin/me", "")
			apptest.Expect(t, "me", r, 200, "")
			r.JSON(t, &me)
			if me.TenantID != f.a.Tenant.ID || me.Role != "TENANT_ADMIN" {
				t.Fatalf("me: %s", r.Body)
			}
			entries, err := a.Store.ListAudit(context.Background(), f.a.Tenant.ID, audit.Filter{Action: "package.update"})
			if err != nil || len(entries) == 0 {
				t.Fatalf("audit: %v %v", entries, err)
			}
			if got, want := entries[0].Actor, (audit.Actor{Type: audit.ActorUser, ID: me.ID}); got != want {
				t.Errorf("audit actor %+v, want %+v", got, want)
			}
		})

		t.Run("Delete", func(t *testing.T) {
			apptest.Expect(t, "delete", f.as(f.alpha, "DELETE", "/v1/admin/packages/"+full.ID, ""), 204, "")
			apptest.Expect(t, "get deleted", f.as(f.alpha, "GET", "/v1/admin/packages/"+full.ID, ""), 404, "NOT_FOUND")
			apptest.Expect(t, "delete twice", f.as(f.alpha, "DELETE", "/v1/admin/packages/"+full.ID, ""), 404, "NOT_FOUND")
		})
	})
}
