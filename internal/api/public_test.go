package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

type fixture struct {
	app  *app.App
	a, b tenant.Created
}

func newFixture(t testing.TB, a *app.App) fixture {
	t.Helper()
	ctx := context.Background()
	mk := func(slug string) tenant.Created {
		c, err := a.Tenants.Create(ctx, tenant.CreateInput{Slug: slug, Name: "Studio " + slug,
			Email: "owner@" + slug + ".example", Password: "correct-horse", CommissionPercent: 12.5, TimeZone: "America/Chicago"})
		if err != nil {
			t.Fatalf("create %s: %v", slug, err)
		}
		p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: c.Tenant.ID, Slug: "classic", Name: slug + " classic", BasePriceCents: 10001, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Store.CreateAddOn(ctx, catalog.AddOn{TenantID: c.Tenant.ID, PackageID: p.ID, Slug: "album", Name: "Album", PriceCents: 2000, Active: true}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	return fixture{app: a, a: mk("alpha"), b: mk("bravo")}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorCode returns the envelope's code after checking its shape.
func (r reply) errorCode(t *testing.T) string {
	t.Helper()
	var e struct {
		Error, Message, RequestID string
	}
	r.json(t, &e)
	if e.Message == "" || e.RequestID == "" || e.RequestID != r.header.Get("X-Request-Id") {
		t.Errorf("error envelope incomplete: %s (X-Request-Id %q)", r.body, r.header.Get("X-Request-Id"))
	}
	return e.Error
}

func do(h http.Handler, method, path string, header map[string]string, body string) reply {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func TestTenantResolutionCodes(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		off := false
		inactive, err := a.Tenants.Create(context.Background(), tenant.CreateInput{Slug: "closed", Name: "Closed", Email: "c@closed.example", Password: "12345678"})
		if err != nil {
			t.Fatal(err)
		}
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
					r := do(h, "GET", path, hdr, "")
					if r.status != tc.status || r.errorCode(t) != tc.code {
						t.Errorf("%s: got %d %s, want %d %s", path, r.status, r.body, tc.status, tc.code)
					}
				}
			})
		}
	})
}

func TestPublicCatalog(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}

		r := do(h, "GET", "/v1/packages", key, "")
		var pkgs []struct {
			ID, Slug, Name string
			BasePriceCents int64
			AddOns         []struct {
				ID, Slug   string
				PriceCents int64
			}
		}
		r.json(t, &pkgs)
		if r.status != 200 || len(pkgs) != 1 || pkgs[0].Name != "alpha classic" || len(pkgs[0].AddOns) != 1 || pkgs[0].AddOns[0].PriceCents != 2000 {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		// Same slug, other tenant's key: each sees only its own package.
		r = do(h, "GET", "/v1/packages/classic", map[string]string{"X-Tenant-Key": f.b.Keys.Public}, "")
		if r.status != 200 || !bytes.Contains(r.body, []byte("bravo classic")) {
			t.Fatalf("bravo slug: %d %s", r.status, r.body)
		}
		if r := do(h, "GET", "/v1/packages/nope", key, ""); r.status != 404 || r.errorCode(t) != "NOT_FOUND" {
			t.Errorf("unknown slug: %d %s", r.status, r.body)
		}

		// An admin's write is visible on the next public read: the cached
		// list (filled by the reads above) is invalidated by the write path.
		r = do(h, "POST", "/v1/admin/login", nil, `{"email":"owner@alpha.example","password":"correct-horse"}`)
		var login struct{ Token string }
		r.json(t, &login)
		name := "Renamed classic"
		r = do(h, "PATCH", "/v1/admin/packages/"+pkgs[0].ID, map[string]string{"Authorization": "Bearer " + login.Token}, `{"name":"`+name+`"}`)
		if r.status != 200 {
			t.Fatalf("rename: %d %s", r.status, r.body)
		}
		if r := do(h, "GET", "/v1/packages", key, ""); !bytes.Contains(r.body, []byte(name)) {
			t.Errorf("after rename: %s", r.body)
		}
	})
}

func TestConventions(t *testing.T) {
	a := apptest.New(t, "sqlite", nil)
	f := newFixture(t, a)
	h := a.Handler()
	key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}

	r := do(h, "GET", "/v1/no/such/route", nil, "")
	if r.status != 404 || r.errorCode(t) != "NOT_FOUND" {
		t.Errorf("unknown route: %d %s", r.status, r.body)
	}
	r = do(h, "DELETE", "/v1/packages", key, "")
	if r.status != 405 || r.errorCode(t) != "METHOD_NOT_ALLOWED" {
		t.Errorf("wrong method: %d %s", r.status, r.body)
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
		"OtherTenantPkg": {`{"packageId":"nope","date":"2028-01-01","customer":{"name":"A","email":"a@b.co"}}`, 404, "NOT_FOUND"},
	} {
		t.Run(name, func(t *testing.T) {
			r := do(h, "POST", "/v1/bookings/checkout", key, tc.body)
			if r.status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("got %d %s, want %d %s", r.status, r.body, tc.status, tc.code)
			}
		})
	}
	for _, q := range []string{"", "?date=2026-13-01", "?date=2026-02-30", "?date=tomorrow"} {
		if r := do(h, "GET", "/v1/availability"+q, key, ""); r.status != 400 || r.errorCode(t) != "VALIDATION_ERROR" {
			t.Errorf("availability%s: %d %s", q, r.status, r.body)
		}
	}
	r = do(h, "GET", "/v1/availability?date=2001-01-01", key, "")
	if !bytes.Contains(r.body, []byte(`"reason":"past"`)) {
		t.Errorf("past date: %s", r.body)
	}
	r = do(h, "GET", "/health", nil, "")
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"status":"healthy"`)) {
		t.Errorf("health: %s", r.body)
	}
	if r := do(h, "GET", "/health/ready", nil, ""); r.status != 200 {
		t.Errorf("ready: %d", r.status)
	}
	r = do(h, "GET", "/health/cache", nil, "")
	for _, field := range []string{"connected", "hits", "misses", "keys", "totalRequests", "hitRate"} {
		if !bytes.Contains(r.body, []byte(`"`+field+`"`)) {
			t.Errorf("health/cache lacks %s: %s", field, r.body)
		}
	}
}

func TestCheckoutAndWebhookOverHTTP(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		date := testclock.DaysAhead(a.Now(), f.a.Tenant.Location(), 60)
		body := `{"packageId":"classic","date":"` + date + `","addOnIds":["album"],"customer":{"name":"Ana","email":"ana@example.com"}}`

		// Read availability first so the answer is cached; the checkout must still show.
		if r := do(h, "GET", "/v1/availability?date="+date, key, ""); !bytes.Contains(r.body, []byte(`"available":true`)) {
			t.Fatalf("before checkout: %s", r.body)
		}
		r := do(h, "POST", "/v1/bookings/checkout", key, body)
		var co struct{ CheckoutURL, SessionID string }
		r.json(t, &co)
		if r.status != 200 || !strings.HasPrefix(co.CheckoutURL, "http://mais.test/checkout/mock/") || co.SessionID == "" {
			t.Fatalf("checkout: %d %s", r.status, r.body)
		}
		if r := do(h, "GET", "/v1/availability?date="+date, key, ""); !bytes.Contains(r.body, []byte(`"reason":"held"`)) {
			t.Fatalf("after checkout: %s", r.body)
		}
		if r := do(h, "POST", "/v1/bookings/checkout", key, body); r.status != 409 || r.errorCode(t) != "DATE_UNAVAILABLE" {
			t.Fatalf("second checkout: %d %s", r.status, r.body)
		}
		// Another tenant's calendar is its own.
		if r := do(h, "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": f.b.Keys.Public}, body); r.status != 200 {
			t.Fatalf("other tenant same date: %d %s", r.status, r.body)
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
			r := do(h, "POST", "/v1/webhooks/stripe", tc.header, string(ev))
			if r.status != tc.status || r.errorCode(t) != tc.code {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
			}
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_http_1"); err == nil {
			t.Fatal("a rejected webhook was stored")
		}
		unknown := payment.MarshalEvent(payment.Event{ID: "evt_http_unknown", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: "cs_test_unknown", PaymentStatus: "paid"}}, time.Now())
		if r := do(h, "POST", "/v1/webhooks/stripe", sign(unknown, "whsec_test_secret", time.Now()), string(unknown)); r.status != 200 || !strings.Contains(string(r.body), `"outcome":"ignored"`) {
			t.Errorf("unknown session: %d %s", r.status, r.body)
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_http_unknown"); err == nil {
			t.Error("an event for an unknown session was stored")
		}

		for i := 0; i < 3; i++ { // first delivery and two redeliveries
			r := do(h, "POST", "/v1/webhooks/stripe", sign(ev, "whsec_test_secret", time.Now()), string(ev))
			if r.status != 200 {
				t.Fatalf("delivery %d: %d %s", i, r.status, r.body)
			}
		}
		r = do(h, "GET", "/v1/availability?date="+date, key, "")
		if !bytes.Contains(r.body, []byte(`"reason":"booked"`)) {
			t.Errorf("after payment: %s", r.body)
		}
		other := do(h, "POST", "/v1/webhooks/stripe", sign([]byte(`{"id":"evt_x","object":"event","type":"customer.created","api_version":"`+payment.APIVersion+`","data":{"object":{}}}`), "whsec_test_secret", time.Now()),
			`{"id":"evt_x","object":"event","type":"customer.created","api_version":"`+payment.APIVersion+`","data":{"object":{}}}`)
		if other.status != 200 {
			t.Errorf("unknown event type: %d %s", other.status, other.body)
		}
	})
}

func TestWebhookWithoutSecretIsUnavailable(t *testing.T) {
	a := apptest.New(t, "sqlite", apptest.Env{"STRIPE_WEBHOOK_SECRET": ""})
	r := do(a.Handler(), "POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": "t=1,v1=00"}, `{}`)
	if r.status != 503 || r.errorCode(t) != "UNAVAILABLE" {
		t.Errorf("got %d %s", r.status, r.body)
	}
}
