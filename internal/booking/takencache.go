package booking

import (
	"context"
	"encoding/json"
	"time"

	"mais/internal/cache"
)

// takenTTL bounds how long a month of taken days is served from the cache.
// Every booking change invalidates the tenant's availability keys at once (see
// Service.publish); the TTL only limits the damage of a lost message.
const takenTTL = time.Minute

// takenDays maps each taken day in [from, to] to its reason as of now. It
// reads whole months through the cache; holds carry their expiry, so a
// cached month stays right as holds lapse.
func (s *Service) takenDays(ctx context.Context, tenantID string, from, to time.Time, now time.Time) (map[string]string, error) {
	out := map[string]string{}
	fromDay, toDay := from.Format(dateLayout), to.Format(dateLayout)
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		days, err := s.takenMonth(ctx, tenantID, m)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			if d.Date < fromDay || d.Date > toDay {
				continue
			}
			if d.Reason == ReasonHeld && !d.HeldUntil.After(now) {
				continue // the hold lapsed: the date is free again
			}
			if prev := out[d.Date]; prev == ReasonBooked || prev == ReasonHeld {
				continue // a booking outranks a blackout on the same day
			}
			out[d.Date] = d.Reason
		}
	}
	return out, nil
}

func (s *Service) takenMonth(ctx context.Context, tenantID string, month time.Time) ([]TakenDay, error) {
	first := month.Format(dateLayout)
	last := month.AddDate(0, 1, -1).Format(dateLayout)
	if s.Cache == nil {
		return s.Store.TakenDays(ctx, tenantID, first, last)
	}
	body, err := cache.GetOrLoad(ctx, s.Cache, cache.AvailabilityKey(tenantID, "taken", month.Format("2006-01")), takenTTL,
		func(ctx context.Context) ([]byte, error) {
			days, err := s.Store.TakenDays(ctx, tenantID, first, last)
			if err != nil {
				return nil, err
			}
			return json.Marshal(days)
		})
	if err != nil {
		return nil, err
	}
	var days []TakenDay
	if err := json.Unmarshal(body, &days); err != nil {
		return nil, err
	}
	return days, nil
}
