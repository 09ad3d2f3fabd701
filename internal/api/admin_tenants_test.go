package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

type adminTenant struct {
	ID, Slug, Name, Email, TimeZone, APIKeyPublic, APIKeySecret, AdminEmail string
	Active                                                                  bool
	CommissionPercent                                                       float64
	CustomDomain                                                            *string
	HoldMinutes                                                             int
}

func TestPlatformTenantsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)

		r := f.as(f.platform, "POST", "/v1/admin/tenants", `{"slug":"charlie","name":"Charlie Films","email":" Owner@Charlie.example ","password":"charlie-pass"}`)
		apptest.Expect(t, "create", r, 201, "")
		var c adminTenant
		r.JSON(t, &c)
		if c.ID == "" || c.Slug != "charlie" || !c.Active || c.CommissionPercent != 10 || c.TimeZone != "America/New_York" ||
			!strings.HasPrefix(c.APIKeyPublic, "pk_live_charlie_") || !strings.HasPrefix(c.APIKeySecret, "sk_live_charlie_") ||
			c.AdminEmail != "owner@charlie.example" || c.CustomDomain != nil || c.HoldMinutes != 30 {
			t.Errorf("created: %s", r.Body)
		}
		loginToken(t, f.h, "owner@charlie.example", "charlie-pass")

		r = f.as(f.platform, "GET", "/v1/admin/tenants", "")
		apptest.Expect(t, "list", r, 200, "")
		if strings.Contains(string(r.Body), "sk_live_") || strings.Contains(string(r.Body), "apiKeySecret") {
			t.Errorf("the list shows secret keys: %s", r.Body)
		}
		var list []adminTenant
		r.JSON(t, &list)
		if len(list) != 3 {
			t.Errorf("list holds %d tenants, want 3", len(list))
		}

		for what, body := range map[string]string{
			"taken slug":   `{"slug":"alpha","name":"Again","email":"x@alpha2.example","password":"long-enough"}`,
			"taken e-mail": `{"slug":"delta","name":"Delta","email":"` + f.a.AdminEmail + `","password":"long-enough"}`,
		} {
			apptest.Expect(t, what, f.as(f.platform, "POST", "/v1/admin/tenants", body), 409, "CONFLICT")
		}
		for what, body := range map[string]string{
			"bad fields":     `{"slug":"A B","name":"","email":"nope","password":"short","commissionPercent":60,"timeZone":"Mars/Base"}`,
			"reserved slug":  `{"slug":"admin","name":"X","email":"x@x.example","password":"long-enough"}`,
			"unknown member": `{"slug":"echo","name":"Echo","email":"e@e.example","password":"long-enough","apiKeyPublic":"pk_live_echo_0000000000000000"}`,
		} {
			apptest.Expect(t, what, f.as(f.platform, "POST", "/v1/admin/tenants", body), 400, "VALIDATION_ERROR")
		}

		r = f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID, `{"name":"Charlie & Co","commissionPercent":12.5,"customDomain":"https://Photos.Charlie-Films.com:8443/about?x=1","active":false}`)
		apptest.Expect(t, "update", r, 200, "")
		var u adminTenant
		r.JSON(t, &u)
		if u.Name != "Charlie & Co" || u.CommissionPercent != 12.5 || u.CustomDomain == nil || *u.CustomDomain != "photos.charlie-films.com" || u.Active {
			t.Errorf("updated: %s", r.Body)
		}
		key := map[string]string{"X-Tenant-Key": c.APIKeyPublic}
		apptest.Expect(t, "inactive tenant's public API", apptest.Do(t, f.h, "GET", "/v1/packages", key, ""), 403, "TENANT_INACTIVE")
		apptest.Expect(t, "reactivate", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID, `{"active":true}`), 200, "")
		apptest.Expect(t, "active again", apptest.Do(t, f.h, "GET", "/v1/packages", key, ""), 200, "")
		for what, body := range map[string]string{
			"commission too high": `{"commissionPercent":50.5}`,
			"bad domain":          `{"customDomain":"not a host"}`,
			"IP address domain":   `{"customDomain":"https://192.168.1.10/"}`,
			"single label domain": `{"customDomain":"photos"}`,
			"bad stripe account":  `{"stripeAccountId":"sk_live_oops"}`,
			"nothing":             `{}`,
		} {
			r := f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID, body)
			apptest.Expect(t, what, r, 400, "VALIDATION_ERROR")
			if strings.Contains(what, "domain") && !strings.Contains(string(r.Body), `"customDomain"`) {
				t.Errorf("%s: field not named: %s", what, r.Body)
			}
		}
		r = f.as(f.platform, "PATCH", "/v1/admin/tenants/"+c.ID, `{"stripeAccountId":"acct_1Nv0FGQ9RKHgCVdK"}`)
		apptest.Expect(t, "connect account", r, 200, "")
		if !strings.Contains(string(r.Body), `"stripeAccountId":"acct_1Nv0FGQ9RKHgCVdK"`) {
			t.Errorf("connect account not saved: %s", r.Body)
		}
		apptest.Expect(t, "domain taken", f.as(f.platform, "PATCH", "/v1/admin/tenants/"+f.a.Tenant.ID, `{"customDomain":"photos.charlie-films.com"}`), 409, "CONFLICT")
		apptest.Expect(t, "update unknown", f.as(f.platform, "PATCH", "/v1/admin/tenants/no-such-id", `{"name":"X"}`), 404, "NOT_FOUND")
		apptest.Expect(t, "get unknown", f.as(f.platform, "GET", "/v1/admin/tenants/no-such-id", ""), 404, "NOT_FOUND")

		r = f.as(f.platform, "POST", "/v1/admin/tenants/"+c.ID+"/rotate-keys", "")
		apptest.Expect(t, "rotate", r, 200, "")
		var rotated adminTenant
		r.JSON(t, &rotated)
		if rotated.APIKeyPublic == c.APIKeyPublic || rotated.APIKeySecret == "" || rotated.APIKeySecret == c.APIKeySecret {
			t.Errorf("rotated keys: %s", r.Body)
		}
		apptest.Expect(t, "old public key", apptest.Do(t, f.h, "GET", "/v1/packages", key, ""), 401, "TENANT_NOT_FOUND")
		apptest.Expect(t, "new public key", apptest.Do(t, f.h, "GET", "/v1/packages", map[string]string{"X-Tenant-Key": rotated.APIKeyPublic}, ""), 200, "")
		apptest.Expect(t, "rotate unknown", f.as(f.platform, "POST", "/v1/admin/tenants/no-such-id/rotate-keys", ""), 404, "NOT_FOUND")

		apptest.Expect(t, "tenant admin lists tenants", f.as(f.alpha, "GET", "/v1/admin/tenants", ""), 403, "FORBIDDEN")
		apptest.Expect(t, "tenant admin rotates its own keys", f.as(f.alpha, "POST", "/v1/admin/tenants/"+f.a.Tenant.ID+"/rotate-keys", ""), 403, "FORBIDDEN")
	})
}
