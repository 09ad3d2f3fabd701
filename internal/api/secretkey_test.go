package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/tenant"
)

// TestSecretKeyOnTenantAdminRoutes: a tenant's server calls the tenant
// admin API with "Authorization: Bearer sk_live_…", sees only its own
// tenant, is audited as api_key, is refused on platform and account routes,
// and a rotated-away key stops working at once.
func TestSecretKeyOnTenantAdminRoutes(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		if _, err := a.CreatePlatformAdmin(ctx, platformEmail, apptest.Password); err != nil {
			t.Fatal(err)
		}
		key := alpha.Keys.Secret

		r := apptest.Do(t, h, "GET", "/v1/admin/packages", apptest.Bearer(key), "")
		apptest.Expect(t, "packages with the secret key", r, 200, "")
		if !strings.Contains(string(r.Body), alpha.Package.ID) || strings.Contains(string(r.Body), bravo.Package.ID) {
			t.Errorf("packages are not exactly alpha's: %s", r.Body)
		}
		apptest.Expect(t, "bravo's package through alpha's key",
			apptest.Do(t, h, "GET", "/v1/admin/packages/"+bravo.Package.ID, apptest.Bearer(key), ""), 404, "NOT_FOUND")

		r = apptest.Do(t, h, "POST", "/v1/admin/blackouts", apptest.Bearer(key), `{"date":"`+dayFromNow(a, 90)+`","reason":"api"}`)
		apptest.Expect(t, "blackout with the secret key", r, 201, "")
		r = apptest.Do(t, h, "GET", "/v1/admin/audit?actorType=api_key", apptest.Bearer(key), "")
		apptest.Expect(t, "audit by api_key", r, 200, "")
		var entries []struct {
			Actor  struct{ Type, ID string }
			Action string
		}
		r.JSON(t, &entries)
		if len(entries) != 1 || entries[0].Actor.Type != "api_key" || entries[0].Actor.ID != tenant.SecretHint(alpha.Tenant.APIKeySecretHash) ||
			strings.Contains(string(r.Body), key) {
			t.Errorf("audit of the key's write: %s", r.Body)
		}

		for _, route := range []struct{ method, path string }{
			{"GET", "/v1/admin/tenants"}, {"POST", "/v1/admin/tenants"}, {"GET", "/v1/admin/tenants/" + alpha.Tenant.ID},
			{"POST", "/v1/admin/tenants/" + alpha.Tenant.ID + "/rotate-keys"}, {"GET", "/v1/admin/me"}, {"POST", "/v1/admin/password"},
		} {
			apptest.Expect(t, "key on "+route.method+" "+route.path,
				apptest.Do(t, h, route.method, route.path, apptest.Bearer(key), `{}`), 403, "FORBIDDEN")
			apptest.Expect(t, "bad key on "+route.method+" "+route.path,
				apptest.Do(t, h, route.method, route.path, apptest.Bearer("sk_live_alpha_nothex"), `{}`), 403, "FORBIDDEN")
		}

		forged := "sk_live_bravo_" + key[strings.LastIndexByte(key, '_')+1:]
		for name, bad := range map[string]string{"malformed": "sk_live_alpha", "short": "sk_live_alpha_abcd",
			"other tenant's slug": forged, "unknown slug": "sk_live_nobody_" + strings.Repeat("a", 32), "public key": alpha.Keys.Public} {
			apptest.Expect(t, name, apptest.Do(t, h, "GET", "/v1/admin/bookings", apptest.Bearer(bad), ""), 401, "UNAUTHORIZED")
		}

		_, rotated, err := a.Tenants.RotateKeys(ctx, alpha.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, "old key after rotation", apptest.Do(t, h, "GET", "/v1/admin/bookings", apptest.Bearer(key), ""), 401, "UNAUTHORIZED")
		apptest.Expect(t, "new key after rotation", apptest.Do(t, h, "GET", "/v1/admin/bookings", apptest.Bearer(rotated.Secret), ""), 200, "")

		active := false
		if _, err := a.Tenants.Update(ctx, alpha.Tenant.ID, tenant.Update{Active: &active}); err != nil {
			t.Fatal(err)
		}
		apptest.Expect(t, "deactivated tenant's key", apptest.Do(t, h, "GET", "/v1/admin/bookings", apptest.Bearer(rotated.Secret), ""), 403, "TENANT_INACTIVE")

		// The key's own counter: a tenant's server is limited however many
		// addresses it calls from.
		for i := 0; i < 1200; i++ {
			if _, err := a.Limiter.Allow(ctx, "apikey:secret:"+bravo.Tenant.ID, 1200, time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		r = apptest.Do(t, h, "GET", "/v1/admin/bookings", apptest.Bearer(bravo.Keys.Secret), "")
		apptest.Expect(t, "key over its limit", r, 429, "TOO_MANY_REQUESTS")
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	})
}
