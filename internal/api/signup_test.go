package api_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/apperr"
	"mais/internal/tenant"
)

var signupOpen = apptest.Env{"MAIS_SIGNUP": "open"}

// signupFrom posts a sign-up as the client at ip.
func signupFrom(t *testing.T, a *app.App, ip, body string) apptest.Reply {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/signup", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = ip + ":4242"
	return apptest.Serve(t, a.Handler(), req)
}

func signupBody(name, email string) string {
	b, _ := json.Marshal(map[string]string{"businessName": name, "email": email, "password": "long-enough-pw"})
	return string(b)
}

// TestSignupClosed: without MAIS_SIGNUP=open the route and the page are 404.
func TestSignupClosed(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	apptest.Expect(t, "closed", signupFrom(t, a, "198.51.100.1", signupBody("Willow", "w@example.com")), 404, "NOT_FOUND")
	if r := apptest.Do(t, a.Handler(), "GET", "/signup", nil, ""); r.Status != 404 {
		t.Errorf("GET /signup closed: %d", r.Status)
	}
}

// TestSignup: a business signs up and gets a session of its own tenant
// (the login's shape), a slug from its name (accents folded, taken slugs
// numbered), the default published site, no packages and a Stripe status
// with no account; a taken e-mail (any case) is 409 CONFLICT naming email
// and nothing more; bad fields are 400 naming each; the 11th sign-up from
// one address within the hour is 429 with Retry-After.
func TestSignup(t *testing.T) {
	t.Parallel()
	apptest.Each(t, signupOpen, func(t *testing.T, a *app.App) {
		h := a.Handler()
		ip := "198.51.100.7"
		r := signupFrom(t, a, ip, signupBody("  Café Lumière & Co. ", "Owner@Lumiere.example"))
		apptest.Expect(t, "sign up", r, 201, "")
		var sess struct{ Token, Role, TenantID string }
		r.JSON(t, &sess)
		if sess.Role != "TENANT_ADMIN" || sess.TenantID == "" || sess.Token == "" {
			t.Fatalf("session: %s", r.Body)
		}
		got, err := a.Store.TenantByID(t.Context(), sess.TenantID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Slug != "cafe-lumiere-co" || got.Name != "Café Lumière & Co." || got.Email != "owner@lumiere.example" || !got.Active {
			t.Errorf("tenant: %+v", got)
		}
		// The login e-mail is not the site's until the profile is saved with it.
		if got.EmailPublic {
			t.Error("a signed-up tenant's e-mail is public before its profile is saved")
		}
		if r := apptest.Do(t, h, "PATCH", "/v1/admin/profile", apptest.Bearer(sess.Token), `{"email":"owner@lumiere.example"}`); r.Status != 200 ||
			!strings.Contains(string(r.Body), `"emailPublic":true`) {
			t.Errorf("profile saved with its e-mail: %d %s", r.Status, r.Body)
		}
		me := apptest.Do(t, h, "GET", "/v1/admin/me", apptest.Bearer(sess.Token), "")
		if me.Status != 200 || !strings.Contains(string(me.Body), `"owner@lumiere.example"`) {
			t.Errorf("me: %d %s", me.Status, me.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/admin/packages", apptest.Bearer(sess.Token), ""); strings.TrimSpace(string(r.Body)) != "[]" {
			t.Errorf("packages of a new business: %s", r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/config", map[string]string{"X-Tenant-Key": got.APIKeyPublic}, ""); r.Status != 200 {
			t.Errorf("default site: %d %s", r.Status, r.Body)
		}
		r = apptest.Do(t, h, "GET", "/v1/admin/stripe/status", apptest.Bearer(sess.Token), "")
		if r.Status != 200 || !strings.Contains(string(r.Body), `"accountId":null`) || !strings.Contains(string(r.Body), `"chargesEnabled":false`) {
			t.Errorf("stripe status of a new business: %d %s", r.Status, r.Body)
		}
		// The same name again: the next free slug.
		r = signupFrom(t, a, ip, signupBody("Cafe Lumiere Co", "second@lumiere.example"))
		apptest.Expect(t, "same name", r, 201, "")
		r.JSON(t, &sess)
		if second, _ := a.Store.TenantByID(t.Context(), sess.TenantID); second.Slug != "cafe-lumiere-co-2" {
			t.Errorf("second slug %q", second.Slug)
		}
		// A reserved slug is never given.
		r = signupFrom(t, a, ip, signupBody("Admin", "admin@studio.example"))
		apptest.Expect(t, "reserved", r, 201, "")
		r.JSON(t, &sess)
		if third, _ := a.Store.TenantByID(t.Context(), sess.TenantID); third.Slug != "admin-studio" {
			t.Errorf("reserved name gave slug %q", third.Slug)
		}

		// A taken e-mail: 409 naming email, saying nothing of the account.
		r = signupFrom(t, a, ip, signupBody("Another Studio", " OWNER@lumiere.example"))
		apptest.Expect(t, "taken e-mail", r, 409, "CONFLICT")
		var e struct {
			Message string
			Fields  map[string]string
		}
		r.JSON(t, &e)
		if e.Fields["email"] == "" || strings.Contains(string(r.Body), "lumiere") || strings.Contains(string(r.Body), "cafe") {
			t.Errorf("taken e-mail answer: %s", r.Body)
		}
		if _, err := a.Store.TenantBySlug(t.Context(), "another-studio"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("a refused sign-up left a tenant: %v", err)
		}

		for body, field := range map[string]string{
			`{"email":"a@b.example","password":"long-enough-pw"}`:                                                   "businessName",
			`{"businessName":"A\nB","email":"a@b.example","password":"long-enough-pw"}`:                             "businessName",
			`{"businessName":"A","email":"not-an-address","password":"long-enough-pw"}`:                             "email",
			`{"businessName":"A","email":"a@b.example","password":"short"}`:                                         "password",
			`{"businessName":"` + strings.Repeat("é", 121) + `","email":"a@b.example","password":"long-enough-pw"}`: "businessName",
		} {
			r := signupFrom(t, a, ip, body)
			apptest.Expect(t, "bad "+body, r, 400, "VALIDATION_ERROR")
			if !strings.Contains(string(r.Body), `"`+field+`"`) {
				t.Errorf("%s: fields do not name %s: %s", body, field, r.Body)
			}
		}

		// Four sign-ups counted so far from ip (three made, one taken).
		for i := 5; i <= 10; i++ {
			apptest.Expect(t, fmt.Sprint("sign-up ", i), signupFrom(t, a, ip, signupBody(fmt.Sprint("Studio ", i), fmt.Sprintf("s%d@limit.example", i))), 201, "")
		}
		r = signupFrom(t, a, ip, signupBody("Studio 11", "s11@limit.example"))
		apptest.Expect(t, "11th sign-up", r, 429, "TOO_MANY_REQUESTS")
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		apptest.Expect(t, "another address", signupFrom(t, a, "198.51.100.8", signupBody("Studio 11", "s11@limit.example")), 201, "")
	})
}

// TestSignupAtomic: a sign-up that fails half-way leaves nothing behind.
// Concurrent sign-ups with one e-mail race past the e-mail check; the
// admin's insert fails in the transaction that already wrote the tenant,
// and exactly one business exists afterwards, whatever the store. The
// tenant use case itself is checked too: a clash on the admin's e-mail
// after the tenant row leaves no tenant, site or audit row.
func TestSignupAtomic(t *testing.T) {
	t.Parallel()
	apptest.Each(t, signupOpen, func(t *testing.T, a *app.App) {
		const n = 6
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := signupFrom(t, a, fmt.Sprintf("203.0.113.%d", i+1), signupBody(fmt.Sprint("Race Studio ", i), "race@studio.example"))
				statuses[i] = r.Status
			}()
		}
		wg.Wait()
		made := 0
		for _, s := range statuses {
			switch s {
			case 201:
				made++
			case 409:
			default:
				t.Errorf("racing sign-up answered %d", s)
			}
		}
		tenants, err := a.Store.ListTenants(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if made != 1 || len(tenants) != 1 {
			t.Errorf("%d sign-ups made, %d tenants exist (statuses %v); want 1 and 1", made, len(tenants), statuses)
		}

		// The use case alone: the tenant row is written, then the admin's
		// e-mail clashes; the transaction takes the tenant back too.
		_, err = a.Tenants.Create(t.Context(), tenant.CreateInput{Slug: "half-made", Name: "Half Made",
			Email: "race@studio.example", Password: "long-enough-pw", CommissionPercent: 10})
		if !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("create with a taken admin e-mail: %v", err)
		}
		if _, err := a.Store.TenantBySlug(t.Context(), "half-made"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("the failed create left its tenant: %v", err)
		}
		if after, _ := a.Store.ListTenants(t.Context()); len(after) != 1 {
			t.Errorf("%d tenants after a failed create, want 1", len(after))
		}
	})
}

// TestSignupTimeZone: a sign-up may say where the business is; its dates
// are days there. Without one the tenant gets the default; an unknown zone
// is 400 naming timeZone, made nothing and is not counted.
func TestSignupTimeZone(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", signupOpen)
	body := func(email, zone string) string {
		b, _ := json.Marshal(map[string]string{"businessName": "Zone " + email, "email": email, "password": "long-enough-pw", "timeZone": zone})
		return string(b)
	}
	zoneOf := func(r apptest.Reply) string {
		var sess struct{ TenantID string }
		r.JSON(t, &sess)
		got, err := a.Store.TenantByID(t.Context(), sess.TenantID)
		if err != nil {
			t.Fatal(err)
		}
		return got.TimeZone
	}
	r := signupFrom(t, a, "198.51.100.20", body("berlin@zone.example", "Europe/Berlin"))
	apptest.Expect(t, "with a zone", r, 201, "")
	if z := zoneOf(r); z != "Europe/Berlin" {
		t.Errorf("zone %q, want Europe/Berlin", z)
	}
	r = signupFrom(t, a, "198.51.100.20", signupBody("No Zone", "nozone@zone.example"))
	apptest.Expect(t, "without", r, 201, "")
	if z := zoneOf(r); z != tenant.DefaultTimeZone {
		t.Errorf("zone %q, want the default %s", z, tenant.DefaultTimeZone)
	}
	for _, bad := range []string{"Mars/Olympus_Mons", "Local", "Europe/Berlin\n"} {
		r = signupFrom(t, a, "198.51.100.20", body("bad@zone.example", bad))
		apptest.Expect(t, bad, r, 400, "VALIDATION_ERROR")
		var e struct{ Fields map[string]string }
		r.JSON(t, &e)
		if e.Fields["timeZone"] == "" {
			t.Errorf("%q: fields %v", bad, e.Fields)
		}
	}
	if taken, _ := a.Identity.EmailTaken(t.Context(), "bad@zone.example"); taken {
		t.Error("a refused sign-up made an account")
	}
}
