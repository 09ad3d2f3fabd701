package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/testclock"
)

// TestVenuesAPI: a tenant admin keeps venues (create, list, patch, delete,
// one name once, bounds as 400 naming the field, audited); another
// tenant's admin cannot see or touch them; a checkout names one by
// venueId or types venueName, and GET /v1/admin/bookings shows the venue
// and the notes.
func TestVenuesAPI(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		ka, kb := apptest.Bearer(alpha.Keys.Secret), apptest.Bearer(bravo.Keys.Secret)

		r := apptest.Do(t, h, "POST", "/v1/admin/venues", ka, `{"name":" Orchard Barn ","address":"12 Mill Lane","capacity":150}`)
		apptest.Expect(t, "create venue", r, 201, "")
		var v struct {
			ID, Name, Address string
			Capacity          *int
		}
		r.JSON(t, &v)
		if v.Name != "Orchard Barn" || v.Capacity == nil || *v.Capacity != 150 {
			t.Errorf("created: %s", r.Body)
		}
		apptest.Expect(t, "same name", apptest.Do(t, h, "POST", "/v1/admin/venues", ka, `{"name":"Orchard Barn"}`), 409, "CONFLICT")
		for body, field := range map[string]string{`{"name":""}`: "name", `{"address":"x"}`: "name",
			`{"name":"A","capacity":0}`: "capacity", `{"name":"A","address":"` + strings.Repeat("a", 301) + `"}`: "address"} {
			r := apptest.Do(t, h, "POST", "/v1/admin/venues", ka, body)
			apptest.Expect(t, "bad "+body, r, 400, "VALIDATION_ERROR")
			if !strings.Contains(string(r.Body), `"`+field+`"`) {
				t.Errorf("%s: fields do not name %s: %s", body, field, r.Body)
			}
		}
		r = apptest.Do(t, h, "PATCH", "/v1/admin/venues/"+v.ID, ka, `{"capacity":null}`)
		apptest.Expect(t, "patch", r, 200, "")
		if !strings.Contains(string(r.Body), `"capacity":null`) || !strings.Contains(string(r.Body), `"address":"12 Mill Lane"`) {
			t.Errorf("patched: %s", r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/admin/venues", kb, ""); r.Status != 200 || string(r.Body) != "[]\n" && string(r.Body) != "[]" {
			t.Errorf("bravo sees: %d %s", r.Status, r.Body)
		}
		apptest.Expect(t, "bravo patches alpha's", apptest.Do(t, h, "PATCH", "/v1/admin/venues/"+v.ID, kb, `{"name":"Mine"}`), 404, "NOT_FOUND")
		apptest.Expect(t, "bravo deletes alpha's", apptest.Do(t, h, "DELETE", "/v1/admin/venues/"+v.ID, kb, ""), 404, "NOT_FOUND")
		r = apptest.Do(t, h, "GET", "/v1/admin/audit?entity=venue", ka, "")
		if !strings.Contains(string(r.Body), `"venue.create"`) || !strings.Contains(string(r.Body), `"venue.update"`) {
			t.Errorf("audit: %s", r.Body)
		}

		key := map[string]string{"X-Tenant-Key": alpha.Keys.Public}
		d1 := testclock.DaysAhead(a.Now(), alpha.Tenant.Location(), 60)
		d2 := testclock.DaysAhead(a.Now(), alpha.Tenant.Location(), 61)
		d3 := testclock.DaysAhead(a.Now(), alpha.Tenant.Location(), 62)
		apptest.Expect(t, "checkout with venueId", apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
			`{"packageId":"classic","date":"`+d1+`","venueId":"`+v.ID+`","notes":"Sunset portraits","customer":{"name":"Ana","email":"ana@example.com"}}`), 200, "")
		apptest.Expect(t, "checkout with venueName", apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
			`{"packageId":"classic","date":"`+d2+`","venueName":"The Old Mill","customer":{"name":"Bo","email":"bo@example.com"}}`), 200, "")
		r = apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
			`{"packageId":"classic","date":"`+d3+`","venueId":"nope","customer":{"name":"Cy","email":"cy@example.com"}}`)
		apptest.Expect(t, "unknown venueId", r, 400, "VALIDATION_ERROR")
		if !strings.Contains(string(r.Body), `"venueId"`) {
			t.Errorf("unknown venue: %s", r.Body)
		}

		apptest.Expect(t, "delete", apptest.Do(t, h, "DELETE", "/v1/admin/venues/"+v.ID, ka, ""), 204, "")
		r = apptest.Do(t, h, "GET", "/v1/admin/bookings", ka, "")
		apptest.Expect(t, "bookings", r, 200, "")
		var list []struct {
			Date, Notes string
			Venue       *struct {
				ID            *string
				Name, Address string
			}
		}
		r.JSON(t, &list)
		if len(list) != 2 || list[0].Venue == nil || list[0].Venue.ID == nil || *list[0].Venue.ID != v.ID ||
			list[0].Venue.Name != "Orchard Barn" || list[0].Venue.Address != "12 Mill Lane" || list[0].Notes != "Sunset portraits" ||
			list[1].Venue == nil || list[1].Venue.ID != nil || list[1].Venue.Name != "The Old Mill" {
			t.Errorf("bookings with venues: %s", r.Body)
		}
	})
}
