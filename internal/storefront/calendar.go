package storefront

import (
	"context"
	"time"

	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/tenant"
)

// monthsAhead bounds calendar navigation, a little inside the booking
// service's three-year limit.
const monthsAhead = 35

// calendarView is one month of the date picker, server-rendered so the
// booking flow works without JavaScript.
type calendarView struct {
	Month      string // YYYY-MM
	Label      string // "June 2026"
	PrevURL    string // "" at the current month
	PrevLabel  string
	NextURL    string // "" at the last bookable month
	NextLabel  string
	PartialURL string // the same month as a fragment, for the script
	Weekdays   []weekday
	Days       []dayCell
	Selected   string
	// SelectedLabel spells out the chosen date ("Saturday, June 13, 2026").
	SelectedLabel string
	Error         string
	FreeCount     int
}

type weekday struct{ Short, Long string }

type dayCell struct {
	Blank     bool
	Day       int
	Date      string
	Label     string
	Available bool
	Today     bool
	Selected  bool
}

// parseMonth reads ?month=YYYY-MM, clamped to [this month, monthsAhead].
func parseMonth(s string, today time.Time) time.Time {
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	m, err := time.Parse("2006-01", s)
	if err != nil || m.Before(first) {
		return first
	}
	if last := first.AddDate(0, monthsAhead, 0); m.After(last) {
		return last
	}
	return m
}

// monthOf returns the month of a YYYY-MM-DD date, or "" if it is not one.
func monthOf(date string) string {
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return ""
	}
	return date[:7]
}

// buildCalendar asks the booking service which days of the month cannot be
// sold and lays the month out in weeks starting on Sunday.
func (h *Handler) buildCalendar(ctx context.Context, t tenant.Tenant, month, selected string, monthURL func(string) string) (*calendarView, error) {
	loc := t.Location()
	now := h.cfg.Now()
	todayStr := booking.Today(now, loc)
	today, _ := time.Parse(time.DateOnly, todayStr)
	first := parseMonth(month, today)
	last := first.AddDate(0, 1, -1)
	taken, err := h.cfg.Booking.Unavailable(ctx, t, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	off := make(map[string]bool, len(taken))
	for _, d := range taken {
		off[d.Date] = true
	}
	cal := &calendarView{Month: first.Format("2006-01"), Label: format.Month(first),
		PartialURL: monthURL(first.Format("2006-01")), Weekdays: weekdays()}
	if thisMonth := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC); first.After(thisMonth) {
		prev := first.AddDate(0, -1, 0)
		cal.PrevURL, cal.PrevLabel = monthURL(prev.Format("2006-01")), format.Month(prev)
	}
	if next := first.AddDate(0, 1, 0); !next.After(today.AddDate(0, monthsAhead, 0)) {
		cal.NextURL, cal.NextLabel = monthURL(next.Format("2006-01")), format.Month(next)
	}
	for i := 0; i < int(first.Weekday()); i++ {
		cal.Days = append(cal.Days, dayCell{Blank: true})
	}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		c := dayCell{Day: d.Day(), Date: date, Label: format.Day(date),
			Available: !off[date], Today: date == todayStr}
		if c.Available {
			cal.FreeCount++
			if date == selected {
				c.Selected = true
				cal.Selected, cal.SelectedLabel = date, c.Label
			}
		}
		cal.Days = append(cal.Days, c)
	}
	return cal, nil
}

func weekdays() []weekday {
	return []weekday{{"Su", "Sunday"}, {"Mo", "Monday"}, {"Tu", "Tuesday"}, {"We", "Wednesday"},
		{"Th", "Thursday"}, {"Fr", "Friday"}, {"Sa", "Saturday"}}
}
