package booking

import (
	"sync"
	"time"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

const dateLayout = "2006-01-02"

// ParseDate checks that s is a real calendar day written YYYY-MM-DD and
// returns its midnight in UTC.
func ParseDate(field, s string) (time.Time, error) {
	d, ok := parseDay(s)
	if !ok {
		return time.Time{}, apperr.Validation("invalid date", map[string]string{field: "must be a real date written YYYY-MM-DD"})
	}
	return d, nil
}

// parseDay is time.Parse(dateLayout, s) that also refuses what the layout
// would not write back (a one-digit month, a 30 February), read by hand:
// every availability request parses a date, and time.Parse followed by
// Format cost it more than the rest of the edge's cached answer.
func parseDay(s string) (time.Time, bool) {
	if len(s) != len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y, okY := digits(s[0:4])
	m, okM := digits(s[5:7])
	d, okD := digits(s[8:10])
	if !okY || !okM || !okD || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // time.Date carried a day past the month's end over
		return time.Time{}, false
	}
	return t, true
}

// digits reads s, which must be ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
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
	return s.days.today(s.now(), t.Location())
}

// days remembers, per time zone, the calendar day it is there and the
// instants that day lasts, so the read paths that key caches by day
// (packages, availability) format a date once a day per zone instead of
// on every request. The zero value is ready.
type days struct {
	// m is keyed by the zone's name, not its *time.Location: a tenant
	// whose zone was not loaded with it gets a new Location on every
	// call, which would add an entry per request.
	m sync.Map // zone name → *zoneDay
}

type zoneDay struct {
	day         string
	from, until time.Time // the day is day for every instant in [from, until)
}

// today is Today(now, loc), from memory while now is inside the day last
// worked out for loc.
func (d *days) today(now time.Time, loc *time.Location) string {
	if v, ok := d.m.Load(loc.String()); ok {
		if z := v.(*zoneDay); !now.Before(z.from) && now.Before(z.until) {
			return z.day
		}
	}
	z := dayAround(now, loc)
	d.m.Store(loc.String(), z)
	return z.day
}

// dayAround is the day of now in loc with bounds that never reach past
// the real day: where a daylight-saving change falls at midnight,
// time.Date may name an instant of the day before or after, and the bound
// then shrinks to one that is certainly inside (now itself, or a minute
// later), which only means working the day out again sooner.
func dayAround(now time.Time, loc *time.Location) *zoneDay {
	local := now.In(loc)
	y, m, dd := local.Date()
	z := &zoneDay{day: local.Format(dateLayout), from: time.Date(y, m, dd, 0, 0, 0, 0, loc), until: time.Date(y, m, dd+1, 0, 0, 0, 0, loc)}
	same := func(t time.Time) bool {
		ty, tm, td := t.In(loc).Date()
		return ty == y && tm == m && td == dd
	}
	if z.from.After(now) || !same(z.from) {
		z.from = now
	}
	// The last instant before until must still be this day, and until
	// itself the next: else until is not the day's end.
	if !z.until.After(now) || same(z.until) || !same(z.until.Add(-time.Nanosecond)) {
		z.until = now.Add(time.Minute)
		if !same(z.until) {
			z.until = now.Add(time.Nanosecond)
		}
	}
	return z
}
