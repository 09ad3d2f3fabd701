package api_test

import (
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/testclock"
)

// checkoutOn holds date for the tenant of key through the public API.
func checkoutOn(t *testing.T, f adminFixture, key, date string) {
	t.Helper()
	body := `{"packageId":"classic","date":"` + date + `","addOnIds":["album"],"customer":{"name":"Ana","email":"ana@example.com"}}`
	apptest.Expect(t, "checkout "+date, apptest.Do(t, f.h, "POST", "/v1/bookings/checkout", map[string]string{"X-Tenant-Key": key}, body), 200, "")
}

// dayFromNow is the date days after the app clock's today (UTC).
func dayFromNow(a *app.App, days int) string { return testclock.DaysAhead(a.Now(), time.UTC, days) }

// TestAdminTenantIsolation sends tenant A's token at every tenant-admin
// route with tenant B's ids: each answers 404 and B's data is untouched.
func TestAdminTenantIsolation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		packageOf := func(token string) adminPackage {
			t.Helper()
			var list []adminPackage
			r := f.as(token, "GET", "/v1/admin/packages", "")
			apptest.Expect(t, "list", r, 200, "")
			r.JSON(t, &list)
			if len(list) != 1 || len(list[0].AddOns) != 1 {
				t.Fatalf("want one package with one add-on, got %s", r.Body)
			}
			return list[0]
		}
		pkgA, pkgB := packageOf(f.alpha), packageOf(f.bravo)
		addOnB := pkgB.AddOns[0]

		date := dayFromNow(a, 70)
		checkoutOn(t, f, f.a.Keys.Public, date)
		checkoutOn(t, f, f.b.Keys.Public, date)
		var blackoutB struct{ ID string }
		r := f.as(f.bravo, "POST", "/v1/admin/blackouts", `{"date":"`+dayFromNow(a, 90)+`","reason":"B's holiday"}`)
		apptest.Expect(t, "B blackout", r, 201, "")
		r.JSON(t, &blackoutB)
		apptest.Expect(t, "A blackout", f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+dayFromNow(a, 91)+`"}`), 201, "")

		cross := []struct{ method, path, body string }{
			{"GET", "/v1/admin/packages/" + pkgB.ID, ""},
			{"PATCH", "/v1/admin/packages/" + pkgB.ID, `{"name":"Hijacked"}`},
			{"DELETE", "/v1/admin/packages/" + pkgB.ID, ""},
			{"POST", "/v1/admin/packages/" + pkgB.ID + "/addons", `{"slug":"planted","name":"Planted","priceCents":1}`},
			{"PATCH", "/v1/admin/packages/" + pkgB.ID + "/addons/" + addOnB.ID, `{"priceCents":1}`},
			{"DELETE", "/v1/admin/packages/" + pkgB.ID + "/addons/" + addOnB.ID, ""},
			// A's own package with B's add-on.
			{"PATCH", "/v1/admin/packages/" + pkgA.ID + "/addons/" + addOnB.ID, `{"priceCents":1}`},
			{"DELETE", "/v1/admin/packages/" + pkgA.ID + "/addons/" + addOnB.ID, ""},
			{"DELETE", "/v1/admin/blackouts/" + blackoutB.ID, ""},
		}
		for _, c := range cross {
			apptest.Expect(t, "A on B: "+c.method+" "+c.path, f.as(f.alpha, c.method, c.path, c.body), 404, "NOT_FOUND")
		}

		// Listings hold only A's rows.
		var bookings []struct{ ID, Date, PackageID string }
		r = f.as(f.alpha, "GET", "/v1/admin/bookings", "")
		apptest.Expect(t, "A bookings", r, 200, "")
		r.JSON(t, &bookings)
		if len(bookings) != 1 || bookings[0].PackageID != pkgA.ID {
			t.Errorf("A's bookings: %s", r.Body)
		}
		r = f.as(f.alpha, "GET", "/v1/admin/blackouts", "")
		if strings.Contains(string(r.Body), blackoutB.ID) || !strings.Contains(string(r.Body), dayFromNow(a, 91)) {
			t.Errorf("A's blackouts: %s", r.Body)
		}
		if strings.Contains(string(f.as(f.alpha, "GET", "/v1/admin/packages", "").Body), pkgB.ID) {
			t.Error("A's package list shows B's package")
		}

		// B's rows are as they were.
		after := packageOf(f.bravo)
		if after.Name != pkgB.Name || len(after.AddOns) != 1 || after.AddOns[0].PriceCents != addOnB.PriceCents {
			t.Errorf("B's package changed: %+v", after)
		}
		if !strings.Contains(string(f.as(f.bravo, "GET", "/v1/admin/blackouts", "").Body), blackoutB.ID) {
			t.Error("B's blackout is gone")
		}
	})
}

func TestAdminBlackoutsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		held, free := dayFromNow(a, 40), dayFromNow(a, 41)
		checkoutOn(t, f, f.a.Keys.Public, held)

		// A held date can be blacked out: the hold is released with it
		// (see TestAdminReleasesHoldsAndBlacksOutHeldDates); a paid one cannot.
		apptest.Expect(t, "blackout on a held date", f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+held+`"}`), 201, "")
		// Cache the availability answer first: creating the blackout must invalidate it.
		apptest.Do(t, f.h, "GET", "/v1/availability?date="+free, key, "")
		r := f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+free+`","reason":" Family wedding "}`)
		apptest.Expect(t, "create", r, 201, "")
		var b struct{ ID, Date, Reason string }
		r.JSON(t, &b)
		if b.ID == "" || b.Date != free || b.Reason != "Family wedding" {
			t.Errorf("created: %s", r.Body)
		}
		if r := apptest.Do(t, f.h, "GET", "/v1/availability?date="+free, key, ""); !strings.Contains(string(r.Body), `"reason":"blackout"`) {
			t.Errorf("availability after the blackout: %s", r.Body)
		}
		apptest.Expect(t, "same date twice", f.as(f.alpha, "POST", "/v1/admin/blackouts", `{"date":"`+free+`"}`), 409, "CONFLICT")
		for what, body := range map[string]string{
			"impossible date": `{"date":"2026-02-30"}`,
			"no date":         `{"reason":"x"}`,
			"long reason":     `{"date":"` + dayFromNow(a, 50) + `","reason":"` + strings.Repeat("x", 201) + `"}`,
		} {
			apptest.Expect(t, what, f.as(f.alpha, "POST", "/v1/admin/blackouts", body), 400, "VALIDATION_ERROR")
		}

		r = f.as(f.alpha, "GET", "/v1/admin/blackouts?from="+free+"&to="+free, "")
		apptest.Expect(t, "list in range", r, 200, "")
		var list []struct{ ID string }
		r.JSON(t, &list)
		if len(list) != 1 || list[0].ID != b.ID {
			t.Errorf("in range: %s", r.Body)
		}
		r = f.as(f.alpha, "GET", "/v1/admin/blackouts?from="+dayFromNow(a, 42), "")
		if r.JSON(t, &list); len(list) != 0 {
			t.Errorf("after the range: %s", r.Body)
		}
		apptest.Expect(t, "bad range", f.as(f.alpha, "GET", "/v1/admin/blackouts?from=yesterday", ""), 400, "VALIDATION_ERROR")

		apptest.Expect(t, "delete", f.as(f.alpha, "DELETE", "/v1/admin/blackouts/"+b.ID, ""), 204, "")
		apptest.Expect(t, "delete twice", f.as(f.alpha, "DELETE", "/v1/admin/blackouts/"+b.ID, ""), 404, "NOT_FOUND")
		if r := apptest.Do(t, f.h, "GET", "/v1/availability?date="+free, key, ""); !strings.Contains(string(r.Body), `"available":true`) {
			t.Errorf("availability after deleting the blackout: %s", r.Body)
		}
	})
}

func TestAdminBookingsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		d1, d2 := dayFromNow(a, 30), dayFromNow(a, 60)
		checkoutOn(t, f, f.a.Keys.Public, d2)
		checkoutOn(t, f, f.a.Keys.Public, d1)

		type booking struct {
			ID, Date, Status, PackageID string
			AddOnIDs                    []string
			Customer                    struct{ Name, Email string }
			TotalCents, CommissionCents int64
			CommissionPercent           float64
			CreatedAt                   time.Time
		}
		list := func(query string) []booking {
			t.Helper()
			r := f.as(f.alpha, "GET", "/v1/admin/bookings"+query, "")
			apptest.Expect(t, "list "+query, r, 200, "")
			var out []booking
			r.JSON(t, &out)
			return out
		}
		all := list("")
		if len(all) != 2 || all[0].Date != d1 || all[1].Date != d2 {
			t.Fatalf("all, by date: %+v", all)
		}
		b := all[0]
		if b.Status != "PENDING" || b.TotalCents != 12001 || b.CommissionCents != 1501 || b.CommissionPercent != 12.5 ||
			len(b.AddOnIDs) != 1 || b.Customer.Name != "Ana" || b.Customer.Email != "ana@example.com" || b.CreatedAt.IsZero() {
			t.Errorf("booking shape: %+v", b)
		}
		for query, want := range map[string]int{
			"?status=PAID":                     0,
			"?status=pending,PAID":             2,
			"?from=" + d2:                      1,
			"?to=" + d1:                        1,
			"?from=" + d1 + "&to=" + d2:        2,
			"?limit=1":                         1,
			"?limit=1&offset=1":                1,
			"?offset=2":                        0,
			"?from=" + d1 + "&status=CANCELED": 0,
		} {
			if got := list(query); len(got) != want {
				t.Errorf("%s: %d bookings, want %d", query, len(got), want)
			}
		}
		if got := list("?limit=1&offset=1"); len(got) == 1 && got[0].Date != d2 {
			t.Errorf("second page holds %s, want %s", got[0].Date, d2)
		}
		for _, query := range []string{"?status=BOOKED", "?from=2026-13-01", "?limit=0", "?limit=501", "?offset=-1", "?from=" + d2 + "&to=" + d1} {
			apptest.Expect(t, query, f.as(f.alpha, "GET", "/v1/admin/bookings"+query, ""), 400, "VALIDATION_ERROR")
		}
	})
}
