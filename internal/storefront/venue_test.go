package storefront_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"mais/internal/booking"
	"mais/internal/catalog"
)

// TestBookingFormVenue: the booking form offers the tenant's venues and a
// field to type another place; the choice reaches the booking, and a
// venue picked and typed at once comes back as the venue field's error.
func TestBookingFormVenue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if body := e.get(t, "/t/willow/services/classic").Body.String(); !strings.Contains(body, `<label for="f-venue-name">Venue`) ||
		strings.Contains(body, `<select id="f-venue"`) {
		t.Error("without venues the form should offer only the typed field")
	}
	v, err := e.store.CreateVenue(ctx, catalog.Venue{TenantID: e.tenant.ID, Name: "Orchard Barn", Address: "12 Mill Lane"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	e.cache.InvalidateTenant(ctx, e.tenant.ID) // what catalog.Service does after a write
	body := e.get(t, "/t/willow/services/classic").Body.String()
	if !strings.Contains(body, `<option value="`+v.ID+`">Orchard Barn · 12 Mill Lane</option>`) {
		t.Fatalf("form lacks the venue option")
	}

	f := bookingForm("2026-06-20", "Sam", "sam@example.com")
	f.Set("venue", v.ID)
	f.Set("notes", "Ceremony at 4")
	if w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", f); w.Code != http.StatusSeeOther {
		t.Fatalf("post with venue = %d: %s", w.Code, w.Body.String())
	}
	list, err := e.store.ListBookings(ctx, e.tenant.ID, booking.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].VenueID != v.ID || list[0].VenueName != "Orchard Barn" || list[0].Notes != "Ceremony at 4" {
		t.Errorf("booking: %+v", list)
	}

	f = bookingForm("2026-06-27", "Sam", "sam@example.com")
	f.Set("venue", v.ID)
	f.Set("venueName", "The beach")
	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", f)
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="f-venue-error">Please pick one of the venues or type the place`) ||
		!strings.Contains(w.Body.String(), `value="The beach"`) || !strings.Contains(w.Body.String(), `value="`+v.ID+`" selected`) {
		t.Errorf("both venue fields = %d", w.Code)
	}
}
