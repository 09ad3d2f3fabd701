package api_test

import (
	"context"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/audit"
)

type profileJSON struct {
	BusinessName, Email, Phone, Address, InstagramHandle, Website string
}

// TestAdminProfile: a new tenant's profile starts from its creation data;
// PATCH changes any subset, normalises what people type (an @handle, a bare
// domain, an upper-case e-mail), refuses bad values naming the field,
// audits the change, and stays within the token's tenant.
func TestAdminProfile(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		var got profileJSON
		r := f.as(f.alpha, "GET", "/v1/admin/profile", "")
		apptest.Expect(t, "get", r, 200, "")
		r.JSON(t, &got)
		if want := (profileJSON{BusinessName: "Studio alpha", Email: "owner@alpha.example"}); got != want {
			t.Fatalf("new tenant's profile %+v, want %+v", got, want)
		}
		if !strings.Contains(string(r.Body), `"emailPublic":true`) {
			t.Errorf("an operator's tenant should show its e-mail from the start: %s", r.Body)
		}

		r = f.as(f.alpha, "PATCH", "/v1/admin/profile", `{"businessName":" Alpha Photo ","email":"Hello@Alpha.Example",
			"phone":"+1 (555) 010-2030","address":"12 Elm St\r\n\r\n Hudson, NY 12534 ","instagramHandle":"@alpha.photo",
			"website":"alpha.example"}`)
		apptest.Expect(t, "patch", r, 200, "")
		r.JSON(t, &got)
		want := profileJSON{BusinessName: "Alpha Photo", Email: "hello@alpha.example", Phone: "+1 (555) 010-2030",
			Address: "12 Elm St\nHudson, NY 12534", InstagramHandle: "alpha.photo", Website: "https://alpha.example"}
		if got != want {
			t.Fatalf("after patch %+v, want %+v", got, want)
		}
		r = f.as(f.alpha, "PATCH", "/v1/admin/profile", `{"instagramHandle":"https://www.instagram.com/alpha_2/","phone":""}`)
		apptest.Expect(t, "patch handle URL", r, 200, "")
		r.JSON(t, &got)
		want.InstagramHandle, want.Phone = "alpha_2", ""
		if got != want {
			t.Fatalf("after second patch %+v, want %+v", got, want)
		}
		var again profileJSON
		f.as(f.alpha, "GET", "/v1/admin/profile", "").JSON(t, &again)
		if again != want {
			t.Fatalf("read back %+v, want %+v", again, want)
		}
		// The tenant's name is the profile's: the platform's list shows it.
		if tn, err := a.Tenants.ByID(context.Background(), f.a.Tenant.ID); err != nil || tn.Name != "Alpha Photo" || tn.Email != "hello@alpha.example" {
			t.Fatalf("tenant after profile: %+v %v", tn, err)
		}
		// Bravo keeps its own.
		var other profileJSON
		f.as(f.bravo, "GET", "/v1/admin/profile", "").JSON(t, &other)
		if other.BusinessName != "Studio bravo" || other.Phone != "" {
			t.Fatalf("bravo changed: %+v", other)
		}

		for body, field := range map[string]string{
			`{"businessName":""}`: "businessName",
			`{"businessName":"` + strings.Repeat("é", 121) + `"}`:   "businessName",
			`{"businessName":"Two\nlines"}`:                         "businessName",
			`{"email":"not-an-address"}`:                            "email",
			`{"email":"a@b.example\r\nBcc: x@y.example"}`:           "email",
			`{"phone":"call me"}`:                                   "phone",
			`{"phone":"12"}`:                                        "phone",
			`{"address":"` + strings.Repeat("a", 301) + `"}`:        "address",
			`{"address":"nul\u0000"}`:                               "address",
			`{"instagramHandle":"not a handle"}`:                    "instagramHandle",
			`{"instagramHandle":"` + strings.Repeat("a", 31) + `"}`: "instagramHandle",
			`{"website":"javascript:alert(1)"}`:                     "website",
			`{"website":"ftp://files.example"}`:                     "website",
			`{"website":"https://user:pw@evil.example"}`:            "website",
		} {
			r := f.as(f.alpha, "PATCH", "/v1/admin/profile", body)
			apptest.Expect(t, body, r, 400, "VALIDATION_ERROR")
			var e struct{ Fields map[string]string }
			r.JSON(t, &e)
			if e.Fields[field] == "" {
				t.Errorf("%s: fields %v do not name %s", body, e.Fields, field)
			}
		}
		// Lengths are characters: 120 two-byte letters are a valid name.
		r = f.as(f.alpha, "PATCH", "/v1/admin/profile", `{"businessName":"`+strings.Repeat("é", 120)+`"}`)
		apptest.Expect(t, "120 characters", r, 200, "")

		r = f.as(f.platform, "GET", "/v1/admin/profile", "")
		apptest.Expect(t, "platform admin", r, 403, "FORBIDDEN")
		r = f.as("", "GET", "/v1/admin/profile", "")
		apptest.Expect(t, "no token", r, 401, "UNAUTHORIZED")

		entries, err := a.Store.ListAudit(context.Background(), f.a.Tenant.ID, audit.Filter{Action: audit.ActionTenantProfile})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 3 || entries[0].Actor.Type != "user" {
			t.Fatalf("audit: %d entries %+v", len(entries), entries)
		}
	})
}
