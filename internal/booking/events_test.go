package booking_test

import (
	"context"
	"testing"

	"mais/internal/booking"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestEventsCarryTheBooking: DateHeld and BookingPaid carry the couple's
// e-mail and name, the event date and the frozen line items, so a
// subscriber (an e-mail, a calendar sync) never reads the booking again.
func TestEventsCarryTheBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "events")
		var got []booking.Event
		e.svc.Bus.Subscribe(func(_ context.Context, ev booking.Event) { got = append(got, ev) })
		res, err := e.checkout("2028-11-04", "sam@example.com", e.pkg.AddOns[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.HandleStripeEvent(context.Background(), paidEvent("evt_events", res.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Kind != booking.EventDateHeld || got[1].Kind != booking.EventBookingPaid {
			t.Fatalf("events: %+v", got)
		}
		for _, ev := range got {
			if ev.BookingID != res.BookingID || ev.Date != "2028-11-04" || ev.Email != "sam@example.com" || ev.CustomerName != "Sam Rivera" ||
				ev.TotalCents != 15001 || ev.Currency == "" || len(ev.LineItems) != 2 ||
				ev.LineItems[0].Kind != "package" || ev.LineItems[0].Name != "Classic" || ev.LineItems[0].AmountCents != 10001 ||
				ev.LineItems[1].Kind != "addon" || ev.LineItems[1].Name != "Album" || ev.LineItems[1].AmountCents != 5000 {
				t.Errorf("%s lacks the booking's facts: %+v", ev.Kind, ev)
			}
		}
		if paid := got[1]; paid.Status != booking.StatusPaid || paid.PaidCents != 15001 || paid.SessionID != res.SessionID {
			t.Errorf("BookingPaid money: %+v", paid)
		}
	})
}
