// Package testclock is the one clock of the test suite. Every test that
// needs "now" or "today" takes it from a Clock, never from time.Now, so no
// test depends on the date the suite happens to run on.
//
// A Clock starts at a fixed instant: DefaultStart, or the RFC 3339 time in
// the environment variable MAIS_TEST_NOW, so the whole suite can be run as
// if it were any moment:
//
//	MAIS_TEST_NOW=2026-12-31T23:59:00Z go test ./internal/dashboard/
//
// From there it runs at the speed of real time (so records made one after
// the other keep their order, and timeouts still pass), and a test can jump
// it with Set or Advance. A failing test logs the start, so the run can be
// repeated on the same date.
//
// A unit test that compares instants exactly (a hold expiring at now + 30
// minutes, a window closing one nanosecond later) takes a Frozen clock
// instead: it stands still until the test moves it.
package testclock

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"
)

// EnvVar names the environment variable that sets the start of every Clock.
const EnvVar = "MAIS_TEST_NOW"

// DefaultStart is the start when EnvVar is not set: a Wednesday in the middle
// of a month, during the working day in the Americas and Europe.
var DefaultStart = time.Date(2027, time.March, 10, 15, 0, 0, 0, time.UTC)

// Clock is a test clock, safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	base   time.Time // the clock's time at realAt
	realAt time.Time
	frozen bool // Now is base: only Set and Advance move it
}

// New returns a clock starting at Start(tb).
func New(tb testing.TB) *Clock {
	tb.Helper()
	start := Start(tb)
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("testclock: this test started at %s; repeat with %s=%s",
				start.Format(time.RFC3339), EnvVar, start.Format(time.RFC3339))
		}
	})
	return At(start)
}

// At returns a clock starting at t, whatever the environment says. Tests
// that need one particular moment (a hold lapsing at 23:59) use it.
func At(t time.Time) *Clock {
	return &Clock{base: t, realAt: time.Now()}
}

// Frozen returns a clock that stands at t until Set or Advance moves it.
func Frozen(t time.Time) *Clock {
	return &Clock{base: t, realAt: time.Now(), frozen: true}
}

// Start is the instant clocks start at: MAIS_TEST_NOW when set (an invalid
// value fails the test), else DefaultStart.
func Start(tb testing.TB) time.Time {
	tb.Helper()
	t, err := Parse(os.Getenv(EnvVar))
	if err != nil {
		tb.Fatalf("testclock: %v", err)
	}
	return t
}

// Parse reads an EnvVar value: empty gives DefaultStart.
func Parse(v string) (time.Time, error) {
	if v == "" {
		return DefaultStart, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s=%q is not an RFC 3339 time such as 2026-12-31T23:30:00Z", EnvVar, v)
	}
	return t.UTC(), nil
}

// Now is the clock's current time, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.base.UTC()
	}
	return c.base.Add(time.Since(c.realAt)).UTC()
}

// Set moves the clock to t; it runs on from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base, c.realAt = t, time.Now()
}

// Advance moves the clock forward by d (backward when d < 0).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base = c.base.Add(d)
}

// Today is the clock's date in loc, as YYYY-MM-DD.
func (c *Clock) Today(loc *time.Location) string {
	return c.Now().In(loc).Format(time.DateOnly)
}

// DaysAhead is the date days after today in loc, as YYYY-MM-DD.
func (c *Clock) DaysAhead(loc *time.Location, days int) string {
	return DaysAhead(c.Now(), loc, days)
}

// DaysAhead is the date days after now's date in loc, as YYYY-MM-DD.
// Calendar days, not 24-hour steps, so daylight-saving changes do not
// shift it.
func DaysAhead(now time.Time, loc *time.Location, days int) string {
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d+days, 12, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
