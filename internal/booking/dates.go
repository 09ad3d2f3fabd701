package booking

import (
	"time"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

const dateLayout = "2006-01-02"

// ParseDate checks that s is a real calendar day written YYYY-MM-DD.
func ParseDate(field, s string) (time.Time, error) {
	d, err := time.Parse(dateLayout, s)
	if err != nil || d.Format(dateLayout) != s {
		return time.Time{}, apperr.Validation("invalid date", map[string]string{field: "must be a real date written YYYY-MM-DD"})
	}
	return d, nil
}

// Today is the calendar day it is now in loc.
func Today(now time.Time, loc *time.Location) string {
	return now.In(loc).Format(dateLayout)
}

// maxRangeDays bounds range queries so one request cannot scan years.
const maxRangeDays = 400

// ParseRange validates an inclusive [from, to] range of days.
func ParseRange(from, to string) (time.Time, time.Time, error) {
	f, err := ParseDate("from", from)
	if err != nil {
		return f, f, err
	}
	t, err := ParseDate("to", to)
	if err != nil {
		return f, t, err
	}
	if t.Before(f) {
		return f, t, apperr.Validation("invalid range", map[string]string{"to": "must not be before from"})
	}
	if t.Sub(f) > maxRangeDays*24*time.Hour {
		return f, t, apperr.Validation("invalid range", map[string]string{"to": "the range may span at most 400 days"})
	}
	return f, t, nil
}

// Today is the tenant's calendar day on the service's clock.
func (s *Service) Today(t tenant.Tenant) string {
	return Today(s.now(), t.Location())
}
