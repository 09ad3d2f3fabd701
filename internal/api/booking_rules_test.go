package api_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// dayAhead is the date n days after the app clock's today in the fixture
// tenants' zone.
func dayAhead(a *app.App, n int) string {
	loc, _ := time.LoadLocation("America/Chicago")
	d, _ := time.Parse(time.DateOnly, booking.Today(a.Now(), loc))
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

func checkoutBody(pkg, date, name, email string) string {
	return `{"packageId":"` + pkg + `","date":"` + date + `","customer":{"name":"` + name + `","email":"` + email + `"}}`
}

// publishDisplay publishes the default site of c with the given rules.
func publishDisplay(t *testing.T, a *app.App, c tenant.Created, rules siteconfig.DisplayRules) {
	t.Helper()
	ctx := context.Background()
	cfg := siteconfig.Default(c.Tenant.Name)
	cfg.Display = rules
	v, err := a.SiteConfig.CreateDraft(ctx, c.Tenant.ID, siteconfig.Canonical(cfg), "display rules")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SiteConfig.Publish(ctx, c.Tenant.ID, v.ID); err != nil {
		t.Fatal(err)
	}
}

// TestPublicAPIFollowsDisplayRules: a package the published display rules
// hide (hidden, or outside its date window) is neither listed nor found
// nor sold by the API, as on the storefront (issue 10 §4).
func TestPublicAPIFollowsDisplayRules(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		ctx := context.Background()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		for _, slug := range []string{"secret", "last-summer", "next-season"} {
			if _, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: f.a.Tenant.ID, Slug: slug, Name: slug, BasePriceCents: 5000, Active: true}); err != nil {
				t.Fatal(err)
			}
		}
		hiddenID := ""
		// Read the list first, so the answer is cached: publishing must still show.
		if r := apptest.Do(t, h, "GET", "/v1/packages", key, ""); r.Status != 200 || !strings.Contains(string(r.Body), `"secret"`) {
			t.Fatalf("before rules: %d %s", r.Status, r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/packages/secret", key, ""); r.Status != 200 {
			t.Fatalf("before rules: %d %s", r.Status, r.Body)
		} else {
			var p struct{ ID string }
			r.JSON(t, &p)
			hiddenID = p.ID
		}
		publishDisplay(t, a, f.a.Created, siteconfig.DisplayRules{Packages: []siteconfig.PackageRule{
			{PackageSlug: "secret", Hidden: true},
			{PackageSlug: "last-summer", VisibleFrom: dayAhead(a, -400), VisibleUntil: dayAhead(a, -1)},
			{PackageSlug: "next-season", VisibleFrom: dayAhead(a, 1)},
			{PackageSlug: "classic", Order: 1},
		}})

		r := apptest.Do(t, h, "GET", "/v1/packages", key, "")
		var list []struct{ Slug string }
		r.JSON(t, &list)
		if len(list) != 1 || list[0].Slug != "classic" {
			t.Errorf("listed packages = %+v, want classic only", list)
		}
		date := dayAhead(a, 40)
		for _, ref := range []string{"secret", hiddenID, "last-summer", "next-season"} {
			if r := apptest.Do(t, h, "GET", "/v1/packages/"+ref, key, ""); ref != hiddenID && r.Status != 404 {
				t.Errorf("GET hidden package %s: %d %s", ref, r.Status, r.Body)
			}
			r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, checkoutBody(ref, date, "Ana", "ana@example.com"))
			if r.Status != 404 || r.ErrorCode(t) != "NOT_FOUND" {
				t.Errorf("checkout of hidden package %s: %d %s", ref, r.Status, r.Body)
			}
		}
		if r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", date, "Ana", "ana@example.com")); r.Status != 200 {
			t.Errorf("checkout of a shown package: %d %s", r.Status, r.Body)
		}
		// Another tenant's rules are its own.
		if r := apptest.Do(t, h, "GET", "/v1/packages/classic", map[string]string{"X-Tenant-Key": f.b.Keys.Public}, ""); r.Status != 200 {
			t.Errorf("bravo's classic: %d %s", r.Status, r.Body)
		}
	})
}

// TestWebhookEdgeCases: another integration's session is acknowledged and
// ignored; a header with two timestamps, or an old event behind a fresh
// timestamp, is INVALID_SIGNATURE (issue 10 §3).
func TestWebhookEdgeCases(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		const secret = "whsec_test_secret"
		sign := func(body []byte, at time.Time) map[string]string {
			return map[string]string{"Stripe-Signature": payment.SignWebhook(body, secret, at)}
		}

		foreign := payment.MarshalEvent(payment.Event{ID: "evt_foreign", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: "cs_live_other_integration", PaymentStatus: "paid", Status: "complete"}}, time.Now())
		r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", sign(foreign, time.Now()), string(foreign))
		var ack map[string]any
		r.JSON(t, &ack)
		if r.Status != 200 || ack["received"] != true || ack["outcome"] != "ignored" {
			t.Errorf("foreign session: %d %s", r.Status, r.Body)
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_foreign"); err == nil {
			t.Error("an event for a foreign session was stored")
		}

		co := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 50), "Ana", "ana@example.com"))
		var res struct{ SessionID string }
		co.JSON(t, &res)
		ev := payment.MarshalEvent(payment.Event{ID: "evt_replayed", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: res.SessionID, PaymentStatus: "paid", Status: "complete"}}, time.Now().Add(-time.Hour))
		fresh := "t=" + strconv.FormatInt(time.Now().Unix(), 10)
		old := payment.SignWebhook(ev, secret, time.Now().Add(-time.Hour))
		for name, header := range map[string]string{
			"FreshTimestampInFront": fresh + "," + old,
			"FreshTimestampBehind":  old + "," + fresh,
			"TwoFreshTimestamps":    fresh + "," + payment.SignWebhook(ev, secret, time.Now()),
		} {
			r := apptest.Do(t, h, "POST", "/v1/webhooks/stripe", map[string]string{"Stripe-Signature": header}, string(ev))
			if r.Status != 400 || r.ErrorCode(t) != "INVALID_SIGNATURE" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
		if _, err := a.Store.WebhookEventByID(context.Background(), "evt_replayed"); err == nil {
			t.Error("a refused event was stored")
		}
		if r := apptest.Do(t, h, "GET", "/v1/availability?date="+dayAhead(a, 50), key, ""); !strings.Contains(string(r.Body), `"held"`) {
			t.Errorf("the replay booked the date: %s", r.Body)
		}
	})
}

// TestCheckoutHoldCapsOverHTTP: the fourth live hold of one client address
// is 429 with Retry-After; MAIS_RATE_LIMITS=off lifts the address cap but
// not the per-e-mail cap (issue 10 §4, docs/API.md §5).
func TestCheckoutHoldCapsOverHTTP(t *testing.T) {
	t.Parallel()
	for _, limits := range []string{"on", "off"} {
		t.Run("limits="+limits, func(t *testing.T) {
			apptest.Each(t, apptest.Env{"MAIS_RATE_LIMITS": limits}, func(t *testing.T, a *app.App) {
				f := newFixture(t, a)
				h := a.Handler()
				key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
				const peer = "198.51.100.20:4000"
				for i := 0; i < booking.MaxLiveHolds; i++ {
					r := doFrom(t, h, peer, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 30+i), "Guest", "guest"+strconv.Itoa(i)+"@example.com"))
					apptest.Expect(t, "hold "+strconv.Itoa(i), r, 200, "")
				}
				r := doFrom(t, h, peer, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 40), "Guest", "guest9@example.com"))
				if limits == "on" {
					apptest.Expect(t, "fourth hold from one address", r, 429, "TOO_MANY_REQUESTS")
					if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 30*60 {
						t.Errorf("Retry-After = %q", r.Header.Get("Retry-After"))
					}
				} else {
					apptest.Expect(t, "fourth hold, address cap lifted", r, 200, "")
				}
				// The e-mail cap holds whatever the setting, from any address.
				for i := 0; i < booking.MaxLiveHolds; i++ {
					peer := "203.0.113." + strconv.Itoa(10+i) + ":4000"
					apptest.Expect(t, "same e-mail", doFrom(t, h, peer, "POST", "/v1/bookings/checkout", key,
						checkoutBody("classic", dayAhead(a, 60+i), "Eve", "eve@example.com")), 200, "")
				}
				r = doFrom(t, h, "203.0.113.99:4000", "POST", "/v1/bookings/checkout", key, checkoutBody("classic", dayAhead(a, 70), "Eve", "eve@example.com"))
				apptest.Expect(t, "fourth hold of one e-mail", r, 429, "TOO_MANY_REQUESTS")
				if r.Header.Get("Retry-After") == "" {
					t.Error("no Retry-After on the e-mail cap")
				}
			})
		})
	}
}

// TestAdminReleasesHoldsAndBlacksOutHeldDates: a tenant frees a held date
// through the API (audited), and blacking out a held date releases the
// hold in the same transaction; a paid date stays 409.
func TestAdminReleasesHoldsAndBlacksOutHeldDates(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		hold := func(date string) (bookingID, sessionID string) {
			r := apptest.Do(t, f.h, "POST", "/v1/bookings/checkout", key, checkoutBody("classic", date, "Ana", "ana@example.com"))
			apptest.Expect(t, "checkout "+date, r, 200, "")
			var res struct{ BookingID, SessionID string }
			r.JSON(t, &res)
			return res.BookingID, res.SessionID
		}

		d1 := dayAhead(a, 30)
		id, session := hold(d1)
		apptest.Expect(t, "bravo releases alpha's hold", f.as(f.bravo, "POST", "/v1/admin/bookings/"+id+"/release", ""), 404, "NOT_FOUND")
		r := f.as(f.alpha, "POST", "/v1/admin/bookings/"+id+"/release", "")
		apptest.Expect(t, "release", r, 200, "")
		var rel struct{ Status string }
		r.JSON(t, &rel)
		if rel.Status != "CANCELED" {
			t.Errorf("released booking status %q", rel.Status)
		}
		if r := apptest.Do(t, f.h, "GET", "/v1/availability?date="+d1, key, ""); !strings.Contains(string(r.Body), `"available":true`) {
			t.Errorf("after release: %s", r.Body)
		}
		apptest.Expect(t, "release twice", f.as(f.alpha, "POST", "/v1/admin/bookings/"+id+"/release", ""), 409, "CONFLICT")
		audit := f.as(f.alpha, "GET", "/v1/admin/audit", "")
		if !strings.Contains(string(audit.Body), `"booking.release"`) {
			t.Errorf("audit lacks booking.release: %s", audit.Body)
		}
		// The couple pays the released checkout anyway: the date is free, so it books.
		ev := payment.MarshalEvent(payment.Event{ID: "evt_after_release", Type: payment.EventCheckoutCompleted,
			Session: payment.SessionObject{ID: session, PaymentStatus: "paid", Status: "complete"}}, time.Now())
		wr := apptest.Do(t, f.h, "POST", "/v1/webhooks/stripe", apptest.StripeSigned(ev), string(ev))
		if wr.Status != 200 || !strings.Contains(string(wr.Body), `"booked"`) {
			t.Errorf("payment after release on a free date: %d %s", wr.Status, wr.Body)
		}
		apptest.Expect(t, "blackout of a paid date", f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+d1+`"}`), 409, "CONFLICT")

		d2 := dayAhead(a, 31)
		id2, _ := hold(d2)
		r = f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+d2+`","reason":"studio closed"}`)
		apptest.Expect(t, "blackout of a held date", r, 201, "")
		var bo map[string]any
		if err := json.Unmarshal(r.Body, &bo); err != nil || bo["releasedBookingId"] != id2 {
			t.Errorf("blackout answer %s, want releasedBookingId %s", r.Body, id2)
		}
		if r := apptest.Do(t, f.h, "GET", "/v1/availability?date="+d2, key, ""); !strings.Contains(string(r.Body), `"reason":"blackout"`) {
			t.Errorf("after blackout: %s", r.Body)
		}
	})
}
