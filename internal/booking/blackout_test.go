package booking_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// TestBlackoutRefusesPastDate: a blackout of a day before today in the
// tenant's time zone is VALIDATION_ERROR naming date, and nothing is
// stored; today itself is accepted. At 15:00 UTC it is already tomorrow in
// Kiritimati (UTC+14), so UTC's today is past there; at 03:00 UTC it is
// still yesterday in Chicago, so UTC's yesterday is today there.
func TestBlackoutRefusesPastDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "pastblack")
		e.clock.Set(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC))
		ctx := context.Background()
		east, _ := storetest.NewTenant(t, s, "pastblack-east", e.clock.Now(), func(n *tenant.New) {
			n.Tenant.TimeZone = "Pacific/Kiritimati"
		})
		utcToday := e.clock.Today(time.UTC)
		if got := e.clock.Today(east.Location()); got <= utcToday {
			t.Fatalf("setup: Kiritimati's today %s is not after UTC's %s", got, utcToday)
		}

		for _, tc := range []struct {
			name   string
			tenant tenant.Tenant
			date   string
		}{
			{"Yesterday", e.tenant, e.clock.DaysAhead(e.tenant.Location(), -1)},
			{"YearsAgo", e.tenant, e.clock.DaysAhead(e.tenant.Location(), -3*365)},
			{"TodayInUTCYesterdayInZone", east, utcToday},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.svc.CreateBlackout(ctx, tc.tenant.ID, tc.date, "")
				var ae *apperr.Error
				if !apperr.Is(err, apperr.CodeValidation) || !errors.As(err, &ae) || ae.Fields["date"] == "" {
					t.Fatalf("blackout of %s: %v, want VALIDATION_ERROR naming date", tc.date, err)
				}
				if list, err := s.ListBlackouts(ctx, tc.tenant.ID, "", ""); err != nil || len(list) != 0 {
					t.Errorf("blackouts after a refused one: %+v %v", list, err)
				}
			})
		}

		for _, tc := range []struct {
			name   string
			tenant tenant.Tenant
			date   string
		}{
			{"TodayInZone", e.tenant, e.clock.Today(e.tenant.Location())},
			{"TodayInEastZone", east, e.clock.Today(east.Location())},
			{"Tomorrow", e.tenant, e.clock.DaysAhead(e.tenant.Location(), 1)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := e.svc.CreateBlackout(ctx, tc.tenant.ID, tc.date, ""); err != nil {
					t.Fatalf("blackout of %s: %v", tc.date, err)
				}
			})
		}

		// At 03:00 UTC it is still yesterday in Chicago: that day is today
		// there, and accepted, though UTC has moved on.
		e.clock.Set(time.Date(2026, 6, 2, 3, 0, 0, 0, time.UTC))
		west, _ := storetest.NewTenant(t, s, "pastblack-west", e.clock.Now())
		if day := e.clock.Today(west.Location()); day >= e.clock.Today(time.UTC) {
			t.Fatalf("setup: Chicago's today %s is not before UTC's", day)
		} else if _, err := e.svc.CreateBlackout(ctx, west.ID, day, ""); err != nil {
			t.Errorf("blackout of today in Chicago, yesterday in UTC: %v", err)
		}

		if _, err := e.svc.CreateBlackout(ctx, "t-nobody", e.clock.DaysAhead(time.UTC, 5), ""); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("blackout for an unknown tenant: %v, want NOT_FOUND", err)
		}
	})
}

// TestNewBlackoutPast: NewBlackout, the rule itself, refuses a date before
// the today it is given and accepts today.
func TestNewBlackoutPast(t *testing.T) {
	if _, err := booking.NewBlackout("t1", "2030-01-09", "", "2030-01-10"); !apperr.Is(err, apperr.CodeValidation) {
		t.Errorf("day before today: %v, want VALIDATION_ERROR", err)
	}
	if _, err := booking.NewBlackout("t1", "2030-01-10", "", "2030-01-10"); err != nil {
		t.Errorf("today: %v", err)
	}
}
