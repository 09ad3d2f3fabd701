package booking

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"mais/internal/cache"
	"mais/internal/tenant"
)

// dayTTL bounds how long an answer for one day is served from the cache.
// Booking changes invalidate the tenant's availability at once; the TTL
// only limits the damage of a lost message.
const dayTTL = takenTTL

// DayAvailabilityJSON is DayAvailability encoded as the body of GET
// /v1/availability, read through the cache: the answer for a day is the
// same for every couple asking until a booking change invalidates the
// tenant's availability or the answer changes by itself (see dayUntil).
// The returned slice is shared and must not be written to.
func (s *Service) DayAvailabilityJSON(ctx context.Context, t *tenant.Tenant, date string) ([]byte, error) {
	if s.Cache == nil || s.Calendar != nil && s.calendarID(*t) != "" {
		// An outside calendar changes without telling us: ask each time
		// (its own cache keeps that cheap).
		return s.encodeDay(ctx, *t, date)
	}
	if _, err := ParseDate("date", date); err != nil {
		return nil, err // before the key is built from it
	}
	key := cache.AvailabilityKey(t.ID, "day", date)
	load := func(ctx context.Context) ([]byte, error) { return s.encodeDay(ctx, *t, date) }
	for range 2 {
		raw, err := cache.GetOrLoad(ctx, s.Cache, key, dayTTL, load)
		if err != nil {
			return nil, err
		}
		if len(raw) < 8 {
			return nil, fmt.Errorf("booking: cached day %s: %d bytes", date, len(raw))
		}
		if s.now().UnixNano() < int64(binary.BigEndian.Uint64(raw)) {
			return raw[8:], nil
		}
		// The day's hold lapsed or the tenant's day turned since it was
		// stored: drop it and load it again.
		s.Cache.Delete(ctx, key)
	}
	raw, err := s.encodeDay(ctx, *t, date)
	if err != nil {
		return nil, err
	}
	return raw[8:], nil
}

// encodeDay answers for date as the cache keeps it: the instant (Unix
// nanoseconds on the service's clock, big-endian) until which the answer
// holds, then its JSON.
func (s *Service) encodeDay(ctx context.Context, t tenant.Tenant, date string) ([]byte, error) {
	now := s.now()
	a, days, err := s.dayAvailability(ctx, t, date)
	if err != nil {
		return nil, err
	}
	until := dayUntil(now, t.Location(), days)
	body, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("booking: encode availability: %w", err)
	}
	out := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(body)+1), uint64(until.UnixNano()))
	out = append(out, body...)
	return append(out, '\n'), nil
}

// dayUntil is when an answer for one day, given at now, may change without
// a booking change: at the tenant's next midnight (a day turns past, the
// horizon moves) or when the hold that takes the day lapses.
func dayUntil(now time.Time, loc *time.Location, days []UnavailableDay) time.Time {
	local := now.In(loc)
	until := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, loc)
	if len(days) > 0 && days[0].Reason == ReasonHeld && days[0].heldUntil.Before(until) {
		until = days[0].heldUntil
	}
	return until
}
