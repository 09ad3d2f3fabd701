package dashboard

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
)

type calendarDay struct {
	Day       int
	Date      string
	InMonth   bool
	Today     bool
	Past      bool
	Bookings  []bookingRow
	Blackouts []booking.Blackout
}

type calendarData struct {
	Month    string
	PrevURL  string
	NextURL  string
	TodayURL string
	Weeks    [][]calendarDay
	Agenda   []calendarDay
	Weekdays []string
}

var errBadMonth = apperr.Validation("the month must be written YYYY-MM", nil)

// bookingCalendar shows a month: bookings and blackouts by day, weeks from
// Monday, with the month's busy days listed below for small screens.
func (h *Handler) bookingCalendar(w http.ResponseWriter, r *http.Request, s *session) error {
	today := todayIn(h.now(), s.Tenant)
	month := today
	if m := r.URL.Query().Get("month"); m != "" {
		t, err := time.Parse("2006-01", m)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			h.redirectError(w, r, "/admin/bookings/calendar", errBadMonth)
			return nil
		}
		month = t
	}
	first, last := monthBounds(month)
	ctx := r.Context()
	list, err := h.cfg.Bookings.ListBookings(ctx, s.Tenant.ID, booking.ListFilter{From: first.Format(time.DateOnly),
		To: last.Format(time.DateOnly), Statuses: []booking.Status{booking.StatusPaid, booking.StatusPending, booking.StatusConflict},
		Limit: 500})
	if err != nil {
		return err
	}
	blackouts, err := h.cfg.Bookings.ListBlackouts(ctx, s.Tenant.ID, first.Format(time.DateOnly), last.Format(time.DateOnly))
	if err != nil {
		return err
	}
	names, err := h.packageNames(ctx, s.Tenant.ID)
	if err != nil {
		return err
	}
	byDay := map[string][]bookingRow{}
	for _, row := range bookingRows(list, names) {
		byDay[row.Date] = append(byDay[row.Date], row)
	}
	offDay := map[string][]booking.Blackout{}
	for _, b := range blackouts {
		offDay[b.Date] = append(offDay[b.Date], b)
	}

	d := calendarData{Month: first.Format("January 2006"),
		PrevURL:  "/admin/bookings/calendar?month=" + first.AddDate(0, -1, 0).Format("2006-01"),
		NextURL:  "/admin/bookings/calendar?month=" + first.AddDate(0, 1, 0).Format("2006-01"),
		TodayURL: "/admin/bookings/calendar",
		Weekdays: []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}}
	// Start on the Monday on or before the 1st, end on the Sunday on or
	// after the last day.
	start := first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	end := last.AddDate(0, 0, (7-int(last.Weekday()))%7)
	var week []calendarDay
	for day := start; !day.After(end); day = day.AddDate(0, 0, 1) {
		key := day.Format(time.DateOnly)
		cd := calendarDay{Day: day.Day(), Date: key, InMonth: day.Month() == first.Month(),
			Today: day.Equal(today), Past: day.Before(today)}
		if cd.InMonth {
			cd.Bookings, cd.Blackouts = byDay[key], offDay[key]
			if len(cd.Bookings)+len(cd.Blackouts) > 0 {
				d.Agenda = append(d.Agenda, cd)
			}
		}
		week = append(week, cd)
		if len(week) == 7 {
			d.Weeks = append(d.Weeks, week)
			week = nil
		}
	}
	h.writePage(w, r, http.StatusOK, "calendar", &view{Title: "Calendar · " + d.Month, Nav: "calendar", S: s, Data: d})
	return nil
}
