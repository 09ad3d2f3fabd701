package testclock_test

import (
	"testing"
	"time"

	"mais/internal/testclock"
)

func TestParse(t *testing.T) {
	if got, err := testclock.Parse(""); err != nil || !got.Equal(testclock.DefaultStart) {
		t.Errorf("Parse(\"\") = %v, %v; want DefaultStart", got, err)
	}
	got, err := testclock.Parse("2026-12-31T18:30:00-05:00")
	if want := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC); err != nil || !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Parse = %v, %v; want %v in UTC", got, err, want)
	}
	for _, bad := range []string{"2026-12-31", "tomorrow", "2026-12-31 23:30:00"} {
		if _, err := testclock.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	c := testclock.At(start)
	if now := c.Now(); now.Before(start) || now.Sub(start) > time.Minute {
		t.Errorf("Now = %v, want just after %v", now, start)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	if got := c.Today(chicago); got != "2026-11-30" {
		t.Errorf("Today in Chicago = %s, want 2026-11-30", got)
	}
	if got := c.Today(time.UTC); got != "2026-11-30" {
		t.Errorf("Today in UTC = %s", got)
	}
	c.Advance(time.Hour)
	if got := c.Today(time.UTC); got != "2026-12-01" {
		t.Errorf("Today in UTC an hour later = %s, want 2026-12-01", got)
	}
	if got := c.DaysAhead(chicago, 1); got != "2026-12-01" {
		t.Errorf("tomorrow in Chicago = %s, want 2026-12-01", got)
	}
	c.Set(time.Date(2027, 2, 28, 12, 0, 0, 0, time.UTC))
	if got := c.DaysAhead(time.UTC, 1); got != "2027-03-01" {
		t.Errorf("the day after 28 February 2027 = %s", got)
	}
	// Calendar days across a daylight-saving change, not 24-hour steps.
	if got := testclock.DaysAhead(time.Date(2027, 3, 13, 23, 30, 0, 0, chicago), chicago, 1); got != "2027-03-14" {
		t.Errorf("the day after 13 March 2027 in Chicago = %s", got)
	}
}

func TestStartHonoursTheEnvironment(t *testing.T) {
	t.Setenv(testclock.EnvVar, "2027-01-01T05:30:00Z")
	if got := testclock.New(t).Today(time.UTC); got != "2027-01-01" {
		t.Errorf("a clock under %s=2027-01-01T05:30:00Z says %s", testclock.EnvVar, got)
	}
}

func TestFrozen(t *testing.T) {
	start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	c := testclock.Frozen(start)
	time.Sleep(time.Millisecond)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("a frozen clock moved by itself: %v", got)
	}
	c.Advance(time.Nanosecond)
	if got := c.Now(); !got.Equal(start.Add(time.Nanosecond)) {
		t.Errorf("Advance(1ns) = %v", got)
	}
	c.Set(start.Add(time.Hour))
	time.Sleep(time.Millisecond)
	if got := c.Now(); !got.Equal(start.Add(time.Hour)) {
		t.Errorf("after Set, a frozen clock says %v", got)
	}
}
