package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/booking"
	"mais/internal/testclock"
)

// TestVenuesPage: a tenant admin adds venues on the dashboard (a bad
// capacity or a name in use comes back at the field), sees them listed,
// and removes one; another tenant's venue cannot be removed.
func TestVenuesPage(t *testing.T) {
	t.Parallel()
	f, b := loggedInAlpha(t, "sqlite", nil)

	wantStatus(t, "add", b.post("/admin/venues", url.Values{"name": {"Orchard Barn"}, "address": {"12 Mill Lane"}, "capacity": {"150"}}), http.StatusSeeOther)
	page := b.get("/admin/venues")
	if !strings.Contains(page.body, "<strong>Orchard Barn</strong>") || !strings.Contains(page.body, "150 guests") {
		t.Errorf("venue not listed:\n%s", snippet(page.body))
	}
	p := b.post("/admin/venues", url.Values{"name": {"Lakeside"}, "capacity": {"lots"}})
	wantStatus(t, "bad capacity", p, http.StatusBadRequest)
	if !strings.Contains(p.body, `id="f-capacity-error"`) || !strings.Contains(p.body, `value="Lakeside"`) {
		t.Errorf("bad capacity not at the field:\n%s", snippet(p.body))
	}
	wantStatus(t, "same name", b.post("/admin/venues", url.Values{"name": {"Orchard Barn"}}), http.StatusConflict)

	list, err := f.app.Catalog.Venues(t.Context(), f.alpha.Tenant.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("venues %v %v", list, err)
	}
	other := newBrowser(t, f.app.Handler())
	other.login(f.bravo.AdminEmail, password)
	wantStatus(t, "bravo removes alpha's", other.post("/admin/venues/"+list[0].ID+"/delete", nil), http.StatusNotFound)
	wantStatus(t, "remove", b.post("/admin/venues/"+list[0].ID+"/delete", nil), http.StatusSeeOther)
	if page := b.get("/admin/venues"); !strings.Contains(page.body, "No venues yet.") {
		t.Error("removed venue still listed")
	}
}

// TestBookingShowsVenue: the booking page and the calendar name the venue
// the couple chose, with its address, and the notes.
func TestBookingShowsVenue(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	in := booking.CheckoutInput{PackageID: f.alphaPkg.ID, Date: testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), 40),
		VenueName: "The Old Mill", Notes: "Ceremony at 4"}
	in.Customer.Name, in.Customer.Email = "Ada Lovelace", "ada@example.com"
	res, err := a.Booking.Checkout(t.Context(), f.alpha.Tenant, in)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.Handler())
	b.login(f.alpha.AdminEmail, password)
	if page := b.get("/admin/bookings/" + res.BookingID); !strings.Contains(page.body, "<dt>Venue</dt><dd>The Old Mill</dd>") ||
		!strings.Contains(page.body, "Ceremony at 4") {
		t.Errorf("booking page lacks venue or notes:\n%s", snippet(page.body))
	}
	if page := b.get("/admin/bookings/calendar?month=" + in.Date[:7]); !strings.Contains(page.body, "· The Old Mill") {
		t.Errorf("calendar lacks the venue:\n%s", snippet(page.body))
	}
}
