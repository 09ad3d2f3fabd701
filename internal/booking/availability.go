package booking

import (
	"context"
	"time"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

// Availability is the answer for one day.
type Availability struct {
	Date      string  `json:"date"`
	Available bool    `json:"available"`
	Reason    *string `json:"reason"`
}

// UnavailableDay is one entry of a range answer.
type UnavailableDay struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
	// heldUntil is when the hold that takes the day lapses (held only).
	heldUntil time.Time
}

// DayAvailability answers GET /v1/availability for one date.
func (s *Service) DayAvailability(ctx context.Context, t tenant.Tenant, date string) (Availability, error) {
	a, _, err := s.dayAvailability(ctx, t, date)
	return a, err
}

// dayAvailability is DayAvailability with the unavailable day behind the
// answer (none when available), which says how long the answer holds.
func (s *Service) dayAvailability(ctx context.Context, t tenant.Tenant, date string) (Availability, []UnavailableDay, error) {
	day, err := ParseDate("date", date)
	if err != nil {
		return Availability{}, nil, err
	}
	days, err := s.unavailable(ctx, t, dayRange{from: day, to: day, fromDay: date, toDay: date})
	if err != nil {
		return Availability{}, nil, err
	}
	a := Availability{Date: date, Available: len(days) == 0}
	if len(days) > 0 {
		r := days[0].Reason
		a.Reason = &r
	}
	return a, days, nil
}

// Unavailable lists the unavailable days in [from, to] with reasons, in
// date order. Past days are "past"; a calendar that cannot answer marks the
// days it could not check as "calendar" (fail closed).
func (s *Service) Unavailable(ctx context.Context, t tenant.Tenant, from, to string) ([]UnavailableDay, error) {
	fromT, toT, err := ParseRange(from, to)
	if err != nil {
		return nil, err
	}
	return s.unavailable(ctx, t, dayRange{from: fromT, to: toT, fromDay: from, toDay: to})
}

// dayRange is an inclusive range of days, parsed and checked, with its ends
// also as written (YYYY-MM-DD), so that they are formatted only once.
type dayRange struct {
	from, to       time.Time
	fromDay, toDay string
}

// unavailable is Unavailable over a range already parsed and checked.
func (s *Service) unavailable(ctx context.Context, t tenant.Tenant, r dayRange) ([]UnavailableDay, error) {
	from, to := r.fromDay, r.toDay
	now := s.now()
	loc := t.Location()
	today := Today(now, loc)
	taken, err := s.takenDays(ctx, t.ID, r, now)
	if err != nil {
		return nil, err
	}
	var busy map[string]bool
	calendarDown := false
	if calID := s.calendarID(t); s.Calendar != nil && calID != "" && to >= today {
		start := from
		if start < today {
			start = today
		}
		busy, err = s.busyDays(ctx, t.ID, calID, start, to, loc)
		if err != nil {
			s.Logger.WarnContext(ctx, "calendar unavailable", "tenant", t.ID, "err", err)
			calendarDown = true
		}
	}
	out := []UnavailableDay{}
	horizon := t.Settings().BookingHorizonDays
	day := from
	for d := r.from; !d.After(r.to); d = d.AddDate(0, 0, 1) {
		if !d.Equal(r.from) {
			day = d.Format(dateLayout)
		}
		reason := ""
		switch {
		case day < today:
			reason = ReasonPast
		case DaysUntil(today, day) > horizon:
			reason = ReasonHorizon
		case taken[day].Reason != "":
			reason = taken[day].Reason
		case calendarDown, busy[day]:
			reason = ReasonCalendar
		}
		if reason != "" {
			out = append(out, UnavailableDay{Date: day, Reason: reason, heldUntil: taken[day].HeldUntil})
		}
	}
	return out, nil
}

// DateTaken is the DATE_UNAVAILABLE error for a date that cannot be sold;
// stores return it, since they detect the clash inside their transaction.
func DateTaken(date, reason string) error {
	return apperr.New(apperr.CodeDateUnavailable, "%s is not available (%s)", date, reason)
}

// calendarChunkDays keeps each calendar query within what one call may cover.
const calendarChunkDays = 60

// busyDays asks the calendar for [from, to] in chunks.
func (s *Service) busyDays(ctx context.Context, tenantID, calID, from, to string, loc *time.Location) (map[string]bool, error) {
	start, _ := time.Parse(dateLayout, from)
	end, _ := time.Parse(dateLayout, to)
	out := map[string]bool{}
	for !start.After(end) {
		chunkEnd := start.AddDate(0, 0, calendarChunkDays-1)
		if chunkEnd.After(end) {
			chunkEnd = end
		}
		busy, err := s.Calendar.BusyDays(ctx, tenantID, calID, start.Format(dateLayout), chunkEnd.Format(dateLayout), loc)
		if err != nil {
			return nil, err
		}
		for d, b := range busy {
			if b {
				out[d] = true
			}
		}
		start = chunkEnd.AddDate(0, 0, 1)
	}
	return out, nil
}
