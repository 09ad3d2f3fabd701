package booking_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestDayAvailabilityJSONFollowsTheClock: the cached answer for one day is
// right at every instant of the service's clock, not only after a booking
// change invalidates it: a hold lapsing frees the day, the tenant's
// midnight turns it past, and a booking or blackout takes it at once.
func TestDayAvailabilityJSONFollowsTheClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "daycache")
		e.svc.Cache = cache.NewMemory(0)
		ctx := context.Background()
		day := func(date string) (available bool, reason string) {
			t.Helper()
			body, err := e.svc.DayAvailabilityJSON(ctx, &e.tenant, date)
			if err != nil {
				t.Fatalf("%s: %v", date, err)
			}
			var a struct {
				Date      string  `json:"date"`
				Available bool    `json:"available"`
				Reason    *string `json:"reason"`
			}
			if err := json.Unmarshal(body, &a); err != nil || a.Date != date {
				t.Fatalf("%s: body %q, %v", date, body, err)
			}
			if a.Reason != nil {
				reason = *a.Reason
			}
			return a.Available, reason
		}
		held := e.clock.Now().AddDate(0, 2, 0).Format("2006-01-02")
		if ok, _ := day(held); !ok {
			t.Fatalf("%s is not open before any booking", held)
		}
		if _, err := e.checkout(held, "first@example.com"); err != nil {
			t.Fatal(err)
		}
		if ok, reason := day(held); ok || reason != booking.ReasonHeld {
			t.Fatalf("right after the hold: available=%v reason=%q, want held", ok, reason)
		}
		e.clock.Advance(30*time.Minute + time.Second) // the hold lapses; nothing invalidates
		if ok, reason := day(held); !ok {
			t.Fatalf("after the hold lapsed: reason %q, want open", reason)
		}

		today := e.svc.Today(e.tenant)
		if ok, reason := day(today); !ok {
			t.Fatalf("today (%s) is not open: %q", today, reason)
		}
		local := e.clock.Now().In(e.tenant.Location())
		midnight := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 1, 0, e.tenant.Location())
		e.clock.Advance(midnight.Sub(e.clock.Now()))
		if ok, reason := day(today); ok || reason != booking.ReasonPast {
			t.Fatalf("after the tenant's midnight %s is available=%v reason=%q, want past", today, ok, reason)
		}

		blackout := e.clock.Now().AddDate(0, 3, 0).Format("2006-01-02")
		if ok, _ := day(blackout); !ok {
			t.Fatalf("%s is not open", blackout)
		}
		if _, err := e.svc.CreateBlackout(ctx, e.tenant.ID, blackout, "family wedding"); err != nil {
			t.Fatal(err)
		}
		if ok, reason := day(blackout); ok || reason != booking.ReasonBlackout {
			t.Fatalf("right after the blackout: available=%v reason=%q", ok, reason)
		}

		if _, err := e.svc.DayAvailabilityJSON(ctx, &e.tenant, "2027-02-30"); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("an impossible date: %v, want VALIDATION_ERROR", err)
		}
	})
}
