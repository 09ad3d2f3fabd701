package booking

import (
	"fmt"
	"testing"
	"time"
)

// TestDaysMatchToday: the remembered day is Today's answer at every
// instant, walking a year forwards and then backwards (a test clock may go
// back) through zones whose daylight-saving changes fall at midnight
// (America/Santiago, America/Havana, Asia/Beirut), at 01:00 back to
// midnight (Atlantic/Azores), on the half hour (Australia/Lord_Howe), and
// across the date line (Pacific/Apia, which skipped 30 December 2011).
func TestDaysMatchToday(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "America/Santiago", "America/Havana", "Asia/Beirut",
		"Atlantic/Azores", "Australia/Lord_Howe", "Pacific/Apia", "Pacific/Kiritimati"}
	starts := []time.Time{time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	const step = 13 * time.Minute
	for _, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, start := range starts {
			var d days
			end := start.AddDate(1, 0, 0)
			check := func(now time.Time) {
				if got, want := d.today(now, loc), Today(now, loc); got != want {
					t.Fatalf("%s at %s: remembered %s, the day is %s", name, now.Format(time.RFC3339), got, want)
				}
			}
			for now := start; now.Before(end); now = now.Add(step) {
				check(now)
				check(now.Add(step / 2)) // the same day again, from memory
			}
			for now := end; now.After(start); now = now.Add(-step) {
				check(now)
			}
		}
	}
}

// TestDaysRemember: within one day the day is worked out once.
func TestDaysRemember(t *testing.T) {
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	var d days
	now := time.Date(2026, 6, 20, 5, 0, 0, 0, time.UTC) // 00:00 in Chicago
	if got := d.today(now, loc); got != "2026-06-20" {
		t.Fatalf("today = %s", got)
	}
	v, _ := d.m.Load(loc.String())
	first := v.(*zoneDay)
	if got := d.today(now.Add(23*time.Hour+59*time.Minute), loc); got != "2026-06-20" {
		t.Fatalf("late the same day = %s", got)
	}
	if v, _ := d.m.Load(loc.String()); v.(*zoneDay) != first {
		t.Fatal("the day was worked out again inside it")
	}
	// A zone loaded again (a tenant without its zone cached) is the same
	// entry, not one more per call.
	again, _ := time.LoadLocation("America/Chicago")
	d.today(now.Add(time.Hour), again)
	n := 0
	d.m.Range(func(any, any) bool { n++; return true })
	if n != 1 {
		t.Fatalf("%d entries for one zone", n)
	}
	if got := d.today(now.Add(24*time.Hour), loc); got != "2026-06-21" {
		t.Fatalf("next midnight = %s", got)
	}
}

// TestParseDayAgreesWithTimeParse: the hand reader accepts exactly what
// time.Parse accepts and writes back unchanged, and gives the same day.
func TestParseDayAgreesWithTimeParse(t *testing.T) {
	inputs := []string{"2026-06-20", "2024-02-29", "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-1-05", "2026-01-5", "26-01-05", "2026/01/05", "2026-01-05 ", " 2026-01-05", "2026-01-0a", "+026-01-05",
		"0000-01-01", "9999-12-31", "2026-04-31", "2026-12-31", "", "2026-01-05T00:00:00Z", "２０26-01-05"}
	for y := 1999; y <= 2101; y += 17 {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				inputs = append(inputs, fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for _, in := range inputs {
		want, err := time.Parse(dateLayout, in)
		wantOK := err == nil && want.Format(dateLayout) == in
		got, ok := parseDay(in)
		if ok != wantOK || ok && !got.Equal(want) {
			t.Errorf("parseDay(%q) = %v %v; time.Parse says %v %v", in, got, ok, want, wantOK)
		}
	}
}
