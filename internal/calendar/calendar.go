// Package calendar tells which days a business is busy according to its
// Google Calendar, so those days are not sold.
//
// # Failure policy: fail closed
//
// Selling a date the business is already busy on (a wedding sold twice) costs
// far more than losing one inquiry, so when the calendar cannot be read the
// date is treated as not sellable. Concretely, Cached:
//
//   - answers from memory while an answer is younger than its ttl;
//   - otherwise asks Google (a few seconds at most), and on success
//     remembers the answer per tenant, calendar and day;
//   - when Google fails or times out, falls back to the last good answer if
//     it is younger than staleFor — a calendar rarely changes within minutes,
//     and a short Google hiccup should not close the shop;
//   - when there is no answer that recent, returns an error wrapping
//     ErrUnavailable. The booking layer must then report the date as not
//     available with reason "calendar" and refuse checkout for it.
//
// Any error from BusyDays, ErrUnavailable or not, means "do not sell".
package calendar

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrUnavailable says the calendar could not be read and no recent enough
// answer was at hand.
var ErrUnavailable = errors.New("calendar unavailable")

// Source reports which calendar days (YYYY-MM-DD in loc) in [from, to] have
// any busy time. The map has an entry for every day of the range.
// Implementations bound their own calls in time.
type Source interface {
	BusyDays(ctx context.Context, calendarID string, from, to string, loc *time.Location) (map[string]bool, error)
}

// MaxRangeDays is the longest range one BusyDays call may cover.
const MaxRangeDays = 62

const dayLayout = "2006-01-02"

// days lists the days of [from, to] in loc, checking the range.
func days(from, to string, loc *time.Location) ([]time.Time, error) {
	if loc == nil {
		return nil, errors.New("calendar: nil location")
	}
	first, err := time.ParseInLocation(dayLayout, from, loc)
	if err != nil {
		return nil, fmt.Errorf("calendar: bad from date %q: %w", from, err)
	}
	last, err := time.ParseInLocation(dayLayout, to, loc)
	if err != nil {
		return nil, fmt.Errorf("calendar: bad to date %q: %w", to, err)
	}
	if last.Before(first) {
		return nil, fmt.Errorf("calendar: range %s..%s ends before it starts", from, to)
	}
	var out []time.Time
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if len(out) == MaxRangeDays {
			return nil, fmt.Errorf("calendar: range %s..%s is longer than %d days", from, to, MaxRangeDays)
		}
		out = append(out, d)
	}
	return out, nil
}

// period is a busy interval, end exclusive.
type period struct{ start, end time.Time }

// busyByDay marks each day busy when a period overlaps it. Days are measured
// in the days' own location, so an event from 23:00 to 00:30 local time
// makes both days busy and one ending at midnight does not touch the next.
func busyByDay(ds []time.Time, periods []period) map[string]bool {
	out := make(map[string]bool, len(ds))
	for _, d := range ds {
		next := d.AddDate(0, 0, 1) // 23 or 25 hours on DST days
		busy := false
		for _, p := range periods {
			if p.start.Before(next) && p.end.After(d) {
				busy = true
				break
			}
		}
		out[d.Format(dayLayout)] = busy
	}
	return out
}
