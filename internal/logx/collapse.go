// Package logx holds slog helpers shared by the composition root.
package logx

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// DefaultWindow is how long repeats of one warning or error are collapsed.
const DefaultWindow = 10 * time.Second

// maxKeys bounds the repeats remembered; past it, finished windows are
// forgotten first.
const maxKeys = 1024

// Collapse wraps h so that a warning or an error repeated within window is
// written once: during an outage every failed request would otherwise log
// its own identical line (63 000 lines in 25 s in one run). Two records
// repeat each other when they have the same level, message and values of
// the attributes that say what went wrong ("err", "status", "op", "store");
// request ids, paths and durations may differ. The first record of a window
// is written as is; when the window ends with repeats left out, that first
// record is written again carrying "repeated": the number left out, so the
// count of an outage's last window is never lost (should a repeat arrive
// before that line is out, it carries the count instead). Records below warn
// pass untouched.
func Collapse(h slog.Handler, window time.Duration) slog.Handler {
	if c, ok := h.(*collapser); ok {
		return c
	}
	if window <= 0 {
		window = DefaultWindow
	}
	return &collapser{next: h, state: &repeats{window: window, seen: map[string]*repeat{}, now: time.Now}}
}

type collapser struct {
	next  slog.Handler
	state *repeats
	// scope is the part of the repeat key that comes from the handler
	// itself: its groups and the identifying attributes given by
	// WithAttrs. Two loggers made With("store", "postgres") and With("store",
	// "sqlite") report two failures, not one.
	scope string
}

type repeats struct {
	window time.Duration
	now    func() time.Time
	mu     sync.Mutex
	seen   map[string]*repeat
}

type repeat struct {
	start   time.Time
	dropped int
	// first is the window's first record and next the handler that wrote
	// it: the summary line at the window's end repeats them.
	first slog.Record
	next  slog.Handler
}

func (c *collapser) Enabled(ctx context.Context, l slog.Level) bool { return c.next.Enabled(ctx, l) }

func (c *collapser) WithAttrs(as []slog.Attr) slog.Handler {
	scope := c.scope
	for _, a := range as {
		scope += identityPart(a)
	}
	return &collapser{next: c.next.WithAttrs(as), state: c.state, scope: scope}
}

func (c *collapser) WithGroup(name string) slog.Handler {
	return &collapser{next: c.next.WithGroup(name), state: c.state, scope: c.scope + "\x00group=" + name}
}

// Handle writes r unless it repeats a record written less than a window ago.
func (c *collapser) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return c.next.Handle(ctx, r)
	}
	dropped, write := c.state.admit(c.scope+key(r), r, c.next)
	if !write {
		return nil
	}
	if dropped > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("repeated", dropped))
	}
	return c.next.Handle(ctx, r)
}

// admit says whether r, with key k, seen now is written, and how many of
// its repeats were left out before it. The first repeat left out in a
// window schedules the window's summary line (flush).
func (s *repeats) admit(k string, r slog.Record, next slog.Handler) (dropped int, write bool) {
	t := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if rp, ok := s.seen[k]; ok && t.Sub(rp.start) < s.window {
		rp.dropped++
		if rp.dropped == 1 {
			time.AfterFunc(s.window-t.Sub(rp.start), func() { s.flush(k, rp) })
		}
		return 0, false
	} else if ok {
		dropped = rp.dropped
		rp.dropped = 0 // counted here: the pending summary has nothing to say
	}
	if len(s.seen) >= maxKeys {
		for k, rp := range s.seen {
			if t.Sub(rp.start) >= s.window {
				delete(s.seen, k)
			}
		}
		if len(s.seen) >= maxKeys {
			clear(s.seen)
		}
	}
	s.seen[k] = &repeat{start: t, first: r.Clone(), next: next}
	return dropped, true
}

// flush writes the summary of rp's window, when repeats were left out and
// no later record has carried their count yet.
func (s *repeats) flush(k string, rp *repeat) {
	s.mu.Lock()
	n := rp.dropped
	rp.dropped = 0
	if s.seen[k] == rp {
		// The next occurrence opens a new window and is written at once.
		delete(s.seen, k)
	}
	s.mu.Unlock()
	if n == 0 {
		return
	}
	r := rp.first.Clone()
	r.Time = s.now()
	r.AddAttrs(slog.Int("repeated", n))
	_ = rp.next.Handle(context.Background(), r)
}

// identity are the attributes that tell one failure from another.
// A booking id is one of them: warnings about two bookings are two facts.
var identity = map[string]bool{"err": true, "status": true, "op": true, "store": true, "booking": true}

func key(r slog.Record) string {
	k := r.Level.String() + "\x00" + r.Message
	r.Attrs(func(a slog.Attr) bool {
		k += identityPart(a)
		return true
	})
	return k
}

// identityPart is a's share of a repeat key: empty unless a tells one
// failure from another.
func identityPart(a slog.Attr) string {
	if !identity[a.Key] {
		return ""
	}
	return "\x00" + a.Key + "=" + fmt.Sprint(a.Value.Resolve().Any())
}
