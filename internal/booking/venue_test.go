package booking_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestCheckoutWithVenue: a checkout names one of the tenant's venues (its
// name and address are copied onto the booking and stay when the venue is
// edited), or a place the couple types; another tenant's venue, or both
// fields at once, is 400 naming the field; the venue and the notes reach
// the confirmation e-mails.
func TestCheckoutWithVenue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		e := newEnv(t, s, "venues")
		other := newEnv(t, s, "venues-other")
		e.svc.Venues = s
		cat := &catalog.Service{Store: s, Venue: s}
		name, addr := "Orchard Barn", "12 Mill Lane, Hudson NY"
		v, err := cat.CreateVenue(ctx, e.tenant.ID, catalog.VenueInput{Name: &name, Address: &addr})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := cat.CreateVenue(ctx, other.tenant.ID, catalog.VenueInput{Name: &name})
		if err != nil {
			t.Fatal(err)
		}

		in := booking.CheckoutInput{PackageID: e.pkg.ID, Date: "2028-11-04", VenueID: v.ID, Notes: "First look at 2 pm"}
		in.Customer.Name, in.Customer.Email = "Sam Rivera", "sam@example.com"
		res, err := e.svc.Checkout(ctx, e.tenant, in)
		if err != nil {
			t.Fatal(err)
		}
		renamed := "Orchard Barn (renovated)"
		if _, err := cat.UpdateVenue(ctx, e.tenant.ID, v.ID, catalog.VenueInput{Name: &renamed}); err != nil {
			t.Fatal(err)
		}
		b, err := s.BookingByID(ctx, e.tenant.ID, res.BookingID)
		if err != nil {
			t.Fatal(err)
		}
		if b.VenueID != v.ID || b.VenueName != name || b.VenueAddress != addr || b.Notes != "First look at 2 pm" {
			t.Errorf("booking venue: %q %q %q notes %q", b.VenueID, b.VenueName, b.VenueAddress, b.Notes)
		}
		if _, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_venue", res.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		mails, err := s.ClaimDueEmails(ctx, e.clock.Now().Add(time.Minute), 50, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, m := range mails {
			if m.TenantID != e.tenant.ID {
				continue
			}
			seen++
			if !strings.Contains(m.TextBody, "At Orchard Barn, 12 Mill Lane, Hudson NY") || !strings.Contains(m.HTMLBody, "At Orchard Barn, 12 Mill Lane, Hudson NY") {
				t.Errorf("e-mail to %s lacks the venue:\n%s", m.To, m.TextBody)
			}
			if m.To == e.tenant.Email && !strings.Contains(m.TextBody, "First look at 2 pm") {
				t.Errorf("business notice lacks the notes:\n%s", m.TextBody)
			}
		}
		if seen < 2 {
			t.Errorf("%d e-mails queued, want the couple's and the business's", seen)
		}

		typed := booking.CheckoutInput{PackageID: e.pkg.ID, Date: "2028-11-05", VenueName: "  Grandma's garden "}
		typed.Customer.Name, typed.Customer.Email = "Alex Kim", "alex@example.com"
		res, err = e.svc.Checkout(ctx, e.tenant, typed)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := s.BookingByID(ctx, e.tenant.ID, res.BookingID); b.VenueID != "" || b.VenueName != "Grandma's garden" {
			t.Errorf("typed venue: %q %q", b.VenueID, b.VenueName)
		}

		for field, bad := range map[string]func(*booking.CheckoutInput){
			"venueId":   func(in *booking.CheckoutInput) { in.VenueID = theirs.ID },
			"venueName": func(in *booking.CheckoutInput) { in.VenueID, in.VenueName = v.ID, "Somewhere" },
		} {
			in := typed
			in.Date, in.VenueName = "2028-11-06", ""
			bad(&in)
			_, err := e.svc.Checkout(ctx, e.tenant, in)
			var ae *apperr.Error
			if !apperr.Is(err, apperr.CodeValidation) || !errors.As(err, &ae) || ae.Fields[field] == "" {
				t.Errorf("%s: %v", field, err)
			}
		}
	})
}
