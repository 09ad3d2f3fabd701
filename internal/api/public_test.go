package api_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/payment"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// fixture is a running MAIS with two tenants, alpha and bravo (see
// apptest.NewTenant).
type fixture struct {
	app  *app.App
	a, b apptest.Tenant
}

func newFixture(t testing.TB, a *app.App) fixture {
	t.Helper()
	return fixture{app: a, a: apptest.NewTenant(t, a, "alpha"), b: apptest.NewTenant(t, a, "bravo")}
}

func TestTenantResolutionCodes(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		off := false
		inactive := apptest.NewTenant(t, a, "closed")
		if _, err := a.Tenants.Update(context.Background(), inactive.Tenant.ID, tenant.Update{Active: &off}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, key string
			status    int
			code      string
		}{
			{"Missing", "", 401, "TENANT_KEY_REQUIRED"},
			{"Garbage", "hello", 401, "INVALID_TENANT_KEY"},
			{"SecretKeyRefused", f.a.Keys.Secret, 401, "INVALID_TENANT_KEY"},
			{"ShortHex", "pk_live_alpha_abc", 401, "INVALID_TENANT_KEY"},
			{"UpperHex", "pk_live_alpha_ABCDEF0123456789", 401, "INVALID_TENANT_KEY"},
			{"Unknown", "pk_live_alpha_0123456789abcdef", 401, "TENANT_NOT_FOUND"},
			{"Inactive", inactive.Keys.Public, 403, "TENANT_INACTIVE"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				hdr := map[string]string{}
				if tc.key != "" {
					hdr["X-Tenant-Key"] = tc.key
				}
				for _, path := range []string{"/v1/packages", "/v1/availability?date=2030-01-01", "/v1/packages/classic"} {
					r := apptest.Do(t, h, "GET", path, hdr, "")
					if r.Status != tc.status || r.ErrorCode(t) != tc.code {
						t.Errorf("%s: got %d %s, want %d %s", path, r.Status, r.Body, tc.status, tc.code)
					}
				}
			})
		}
	})
}

func TestPublicCatalog(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}

		r := apptest.Do(t, h, "GET", "/v1/packages", key, "")
		var pkgs []struct {
			ID, Slug, Name string
			BasePriceCents int64
			AddOns         []struct {
				ID, Slug   string
				PriceCents int64
			}
		}
		r.JSON(t, &pkgs)
		if r.Status != 200 || len(pkgs) != 1 || pkgs[0].Name != "alpha classic" || len(pkgs[0].AddOns) != 1 || pkgs[0].AddOns[0].PriceCents != 2000 {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		// Same slug, other tenant's key: each sees only its own package.
		r = apptest.Do(t, h, "GET", "/v1/packages/classic", map[string]string{"X-Tenant-Key": f.b.Keys.Public}, "")
		if r.Status != 200 || !bytes.Contains(r.Body, []byte("bravo classic")) {
			t.Fatalf("bravo slug: %d %s", r.Status, r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/packages/nope", key, ""); r.Status != 404 || r.ErrorCode(t) != "NOT_FOUND" {
			t.Errorf("unknown slug: %d %s", r.Status, r.Body)
		}

		// An admin's write is visible on the next public read: the cached
		// list (filled by the reads above) is invalidated by the write path.
		r = apptest.Do(t, h, "POST", "/v1/admin/login", nil, `{"email":"owner@alpha.example","password":"correct-horse"}`)
		var login struct{ Token string }
		r.JSON(t, &login)
		name := "Renamed classic"
		r = apptest.Do(t, h, "PATCH", "/v1/admin/packages/"+pkgs[0].ID, map[string]string{"Authorization": "Bearer " + login.Token}, `{"name":"`+name+`"}`)
		if r.Status != 200 {
			t.Fatalf("rename: %d %s", r.Status, r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/packages", key, ""); !bytes.Contains(r.Body, []byte(name)) {
			t.Errorf("after rename: %s", r.Body)
		}
	})
}

func TestConventions(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newFixture(t, a)
	h := a.Handler()
	key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}

	r := apptest.Do(t, h, "GET", "/v1/no/such/route", nil, "")
	if r.Status != 404 || r.ErrorCode(t) != "NOT_FOUND" {
		t.Errorf("unknown route: %d %s", r.Status, r.Body)
	}
	r = apptest.Do(t, h, "DELETE", "/v1/packages", key, "")
	if r.Status != 405 || r.ErrorCode(t) != "METHOD_NOT_ALLOWED" {
		t.Errorf("wrong method: %d %s", r.Status, r.Body)
	}
	for name, tc := range map[string]struct {
		body   string
		status int
		code   string
	}{
		"Malformed":      {`{"packageId":`, 400, "VALIDATION_ERROR"},
		"WrongType":      {`{"packageId": 5}`, 400, "VALIDATION_ERROR"},
		"UnknownField":   {`{"packageId":"classic","price":1}`, 400, "VALIDATION_ERROR"},
		"Empty":          {``, 400, "VALIDATION_ERROR"},
		"TwoObjects":     {`{} {}`, 400, "VALIDATION_ERROR"},
		"TooLarge":       {`{"notes":"` + strings.Repeat("x", 70<<10) + `"}`, 413, "PAYLOAD_TOO_LARGE"},
		"ImpossibleDay":  {`{"packageId":"classic","date":"2030-02-30","customer":{"name":"A","email":"a@b.co"}}`, 400, "VALIDATION_ERROR"},
		"PastDay":        {`{"packageId":"classic","date":"2001-01-01","customer":{"name":"A","email":"a@b.co"}}`, 400, "VALIDATION_ERROR"},
		"OtherTenantPkg": {`{"packageId":"nope","date":"` + dayFromNow(a, 60) + `","customer":{"name":"A","email":"a@b.co"}}`, 404, "NOT_FOUND"},
	} {
		t.Run(name, func(t *testing.T) {
			r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, tc.body)
			if r.Status != tc.status || r.ErrorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.Status, r.Body, tc.status, tc.code)
			}
		})
	}
	for _, q := range []string{"", "?date=2026-13-01", "?date=2026-02-30", "?date=tomorrow"} {
		if r := apptest.Do(t, h, "GET", "/v1/availability"+q, key, ""); r.Status != 400 || r.ErrorCode(t) != "VALIDATION_ERROR" {
			t.Errorf("availability%s: %d %s", q, r.Status, r.Body)
		}
	}
	r = apptest.Do(t, h, "GET", "/v1/availability?date=2001-01-01", key, "")
	if !bytes.Contains(r.Body, []byte(`"reason":"past"`)) {
		t.Errorf("past date: %s", r.Body)
	}
	r = apptest.Do(t, h, "GET", "/health", nil, "")
	if r.Status != 200 || !bytes.Contains(r.Body, []byte(`"status":"healthy"`)) {
		t.Errorf("health: %s", r.Body)
	}
	if r := apptest.Do(t, h, "GET", "/health/ready", nil, ""); r.Status != 200 {
		t.Errorf("ready: %d", r.Status)
	}
	r = apptest.Do(t, h, "GET", "/health/cache", nil, "")
	for _, field := range []string{"connected", "hits", "misses", "keys", "totalRequests", "hitRate", "efficiency"} {
		if !bytes.Contains(r.Body, []byte(`"`+field+`"`)) {
			t.Errorf("health/cache lacks %s: %s", field, r.Body)
		}
	}
	if !bytes.Contains(r.Body, []byte(`"efficiency":"warming"`)) {
		t.Errorf("health/cache after a handful of lookups is not warming: %s", r.Body)
	}
}

func TestCheckoutAndWebhookOverHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		date := testclock.DaysAhead(a.Now(), f.a.Tenant.Location(), 60)
		body := `{"packageId":"classic","date":"` + date + `","addOnIds":["album"],"customer":{"name":"Ana","email":"ana@example.com"}}`

		// Read availability first so the answer is cached; the checkout must still show.
		if r := apptest.Do(t, h, "GET", "/v1/availability?date="+date, key, ""); !bytes.Contains(r.Body, []byte(`"available":true`)) {
			t.Fatalf("before checkout: %s", r.Body)
		}
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, body)
		var co struct{ CheckoutURL, SessionID string }
		r.JSON(t, &co)
		if r.Status != 200 || !strings.HasPrefix(co.CheckoutURL, "http://mais.test/checkout/mock/") || co.SessionID == "" {
			t.Fatalf("checkout: %d %s", r.Status, r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/availability?date="+date, key, ""); !bytes.Contains(r.Body, []byte(`"reason":"held"`)) {
			t.Fatalf("after checkout: %s", r.Body)
		}
		if r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, body); r.Status != 409 || r.ErrorCode(t) != "DATE_UNAVAILABLE" {
			t.Fatalf("second checkout: %d %s", r.Status, r.Body)
		}
		// Another tenant's calendar is its own.
		if r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": f.b.Keys.Public}, body); r.Status != 200 {
			t.Fatalf("other tenant same date: %d %s", r.Status, r.Body)
		}

		ev := payment.MarshalEvent(payment.Event{ID: "evt_http_1", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: co.SessionID, PaymentStatus: "paid", Status: "complete"}}, time.Now())
		sign := func(payload []byte, secret string, at time.Time) map[string]string {
			return map[string]string{"Stripe-Signature": payment.SignWebhook(payload, secret, at)}
		}
		bad := []struct {
			name   string
			header map[string]string
			status int
			code   string
		}{
			{"NoSignature", nil, 400, "INVALID_SIGNATURE"},
			{"WrongSecret", sign(ev, "whsec_other", time.Now()), 400, "INVALID_SIGNATURE"},
			{"Stale", sign(ev, "whsec_test_secret", time.Now().Add(-301*time.Second)), 400, "INVALID_SIGNATURE"},
		}
		for _, tc := range bad {
			r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", tc.header, string(ev))
			if r.Status != tc.status || r.ErrorCode(t) != tc.code {
				t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
			}
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_http_1"); err == nil {
			t.Fatal("a rejected webhook was stored")
		}
		unknown := payment.MarshalEvent(payment.Event{ID: "evt_http_unknown", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: "cs_test_unknown", PaymentStatus: "paid"}}, time.Now())
		if r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", sign(unknown, "whsec_test_secret", time.Now()), string(unknown)); r.Status != 200 || !strings.Contains(string(r.Body), `"outcome":"ignored"`) {
			t.Errorf("unknown session: %d %s", r.Status, r.Body)
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_http_unknown"); err == nil {
			t.Error("an event for an unknown session was stored")
		}

		for i := 0; i < 3; i++ { // first delivery and two redeliveries
			r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", sign(ev, "whsec_test_secret", time.Now()), string(ev))
			if r.Status != 200 {
				t.Fatalf("delivery %d: %d %s", i, r.Status, r.Body)
			}
		}
		r = apptest.Do(t, h, "GET", "/v1/availability?date="+date, key, "")
		if !bytes.Contains(r.Body, []byte(`"reason":"booked"`)) {
			t.Errorf("after payment: %s", r.Body)
		}
		other := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", sign([]byte(`{"id":"evt_x","object":"event","type":"customer.created","api_version":"`+payment.APIVersion+`","data":{"object":{}}}`), "whsec_test_secret", time.Now()),
			`{"id":"evt_x","object":"event","type":"customer.created","api_version":"`+payment.APIVersion+`","data":{"object":{}}}`)
		if other.Status != 200 {
			t.Errorf("unknown event type: %d %s", other.Status, other.Body)
		}
	})
}

func TestWebhookWithoutSecretIsUnavailable(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", apptest.Env{"STRIPE_WEBHOOK_SECRET": ""})
	r := apptest.Do(t, a.Handler(), "POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": "t=1,v1=00"}, `{}`)
	if r.Status != 503 || r.ErrorCode(t) != "UNAVAILABLE" {
		t.Errorf("got %d %s", r.Status, r.Body)
	}
}
