package calendar

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"
)

// cacheDays caps how many (tenant, calendar, day) answers are kept; a few
// months of days for a few hundred tenants.
const cacheDays = 50_000

// sharedFetchTimeout bounds a fetch that several callers wait on, in case the
// Source does not bound itself.
const sharedFetchTimeout = 10 * time.Second

// Cached puts a per-tenant, per-day memory in front of a Source and applies
// the fail-closed policy described in the package documentation.
type Cached struct {
	src      Source
	ttl      time.Duration
	staleFor time.Duration
	now      func() time.Time
	days     *lru.Cache[dayKey, dayEntry]
	flight   singleflight.Group
}

type dayKey struct {
	tenantID, calendarID, zone, day string
}

type dayEntry struct {
	busy bool
	at   time.Time
}

// NewCached wraps src. Answers are served from memory for ttl; when src
// fails, answers up to staleFor old are still used. now is the clock (nil
// means time.Now).
func NewCached(src Source, ttl, staleFor time.Duration, now func() time.Time) *Cached {
	if now == nil {
		now = time.Now
	}
	if staleFor < ttl {
		staleFor = ttl
	}
	days, err := lru.New[dayKey, dayEntry](cacheDays)
	if err != nil {
		panic(err) // only for a non-positive size
	}
	return &Cached{src: src, ttl: ttl, staleFor: staleFor, now: now, days: days}
}

// BusyDays answers like Source.BusyDays for one tenant's calendar. An error
// means the days must not be sold; errors.Is(err, ErrUnavailable) tells that
// the calendar could not be read.
func (c *Cached) BusyDays(ctx context.Context, tenantID, calendarID string, from, to string, loc *time.Location) (map[string]bool, error) {
	ds, err := days(from, to, loc)
	if err != nil {
		return nil, err
	}
	keys := make([]dayKey, len(ds))
	for i, d := range ds {
		keys[i] = dayKey{tenantID: tenantID, calendarID: calendarID, zone: loc.String(), day: d.Format(dayLayout)}
	}
	if busy, ok := c.lookup(keys, c.ttl); ok {
		return busy, nil
	}

	busy, err := c.fetch(ctx, tenantID, calendarID, from, to, loc)
	if err == nil {
		at := c.now()
		for _, k := range keys {
			c.days.Add(k, dayEntry{busy: busy[k.day], at: at})
		}
		return busy, nil
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if stale, ok := c.lookup(keys, c.staleFor); ok {
		slog.WarnContext(ctx, "calendar unreadable, using last good answer",
			"tenant", tenantID, "from", from, "to", to, "err", err)
		return stale, nil
	}
	return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// lookup returns the remembered answer when every day has one younger than
// maxAge.
func (c *Cached) lookup(keys []dayKey, maxAge time.Duration) (map[string]bool, bool) {
	now := c.now()
	out := make(map[string]bool, len(keys))
	for _, k := range keys {
		e, ok := c.days.Peek(k)
		if !ok || now.Sub(e.at) >= maxAge {
			return nil, false
		}
		out[k.day] = e.busy
	}
	return out, true
}

// fetch asks src once for all concurrent callers of the same range, so a
// burst of visitors on one date makes one Google call. A caller that gives
// up does not cancel the call for the others.
func (c *Cached) fetch(ctx context.Context, tenantID, calendarID, from, to string, loc *time.Location) (map[string]bool, error) {
	key := tenantID + "\x00" + calendarID + "\x00" + loc.String() + "\x00" + from + "\x00" + to
	ch := c.flight.DoChan(key, func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedFetchTimeout)
		defer cancel()
		return c.src.BusyDays(fctx, calendarID, from, to, loc)
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		// Shared callers get the same map; hand each its own copy.
		return maps.Clone(res.Val.(map[string]bool)), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
