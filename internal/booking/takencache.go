package booking

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"mais/internal/cache"
)

// takenTTL bounds how long a month of taken days is served from the cache.
// Every booking change invalidates the tenant's availability keys at once (see
// Service.publish); the TTL only limits the damage of a lost message.
const takenTTL = time.Minute

// takenDays maps each taken day in [from, to] to what takes it as of now. It
// reads whole months through the cache; holds carry their expiry, so a
// cached month stays right as holds lapse.
func (s *Service) takenDays(ctx context.Context, tenantID string, r dayRange, now time.Time) (map[string]TakenDay, error) {
	out := map[string]TakenDay{}
	for m := time.Date(r.from.Year(), r.from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(r.to); m = m.AddDate(0, 1, 0) {
		month := r.fromDay[:len("2006-01")] // the first month needs no formatting
		if m.Year() != r.from.Year() || m.Month() != r.from.Month() {
			month = m.Format("2006-01")
		}
		days, err := s.takenMonth(ctx, tenantID, m, month)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			if d.Date < r.fromDay || d.Date > r.toDay {
				continue
			}
			if d.Reason == ReasonHeld && !d.HeldUntil.After(now) {
				continue // the hold lapsed: the date is free again
			}
			if prev := out[d.Date].Reason; prev == ReasonBooked || prev == ReasonHeld {
				continue // a booking outranks a blackout on the same day
			}
			out[d.Date] = d
		}
	}
	return out, nil
}

// takenMonth reads the taken days of the month that starts at first
// (month is it written as YYYY-MM), through the cache when there is one.
func (s *Service) takenMonth(ctx context.Context, tenantID string, first time.Time, month string) ([]TakenDay, error) {
	read := func(ctx context.Context) ([]TakenDay, error) {
		return s.Store.TakenDays(ctx, tenantID, first.Format(dateLayout), first.AddDate(0, 1, -1).Format(dateLayout))
	}
	if s.Cache == nil {
		return read(ctx)
	}
	body, err := cache.GetOrLoad(ctx, s.Cache, cache.AvailabilityKey(tenantID, "taken", month), takenTTL,
		func(ctx context.Context) ([]byte, error) {
			days, err := read(ctx)
			if err != nil {
				return nil, err
			}
			return json.Marshal(days)
		})
	if err != nil {
		return nil, err
	}
	return s.decoded.Get(body, func(b []byte) ([]TakenDay, error) {
		var days []TakenDay
		if err := json.Unmarshal(b, &days); err != nil {
			return nil, fmt.Errorf("booking: decode taken days: %w", err)
		}
		return days, nil
	})
}
