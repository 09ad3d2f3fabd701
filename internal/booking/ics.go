package booking

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CalendarEvent is what the .ics attachment of a booking e-mail says.
type CalendarEvent struct {
	// UID stays the same for a booking across e-mails, so a calendar
	// updates its entry (a rescheduled date moves it) instead of adding one.
	UID string
	// Sequence orders the versions of one UID (a later one replaces).
	Sequence int
	// Date is the event day, YYYY-MM-DD: an all-day event.
	Date        string
	Summary     string
	Description string
	URL         string
	// Organizer is the business: its name and address ("" leaves it out).
	OrganizerName, OrganizerEmail string
	// Stamp is when the entry was written (DTSTAMP).
	Stamp time.Time
	// Canceled marks the entry STATUS:CANCELLED.
	Canceled bool
}

// ICS writes e as an RFC 5545 calendar with one all-day VEVENT: DTSTART and
// DTEND as VALUE=DATE (DTEND is the day after, exclusive), TEXT values
// escaped (backslash, semicolon, comma, line breaks), lines ending CRLF and
// folded at 75 octets without splitting a UTF-8 character.
func ICS(e CalendarEvent) []byte {
	day, err := time.Parse(time.DateOnly, e.Date)
	if err != nil {
		return nil
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(foldICS(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//MAIS//Bookings//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("BEGIN:VEVENT")
	line("UID:" + escapeICS(e.UID))
	line("SEQUENCE:" + strconv.Itoa(e.Sequence))
	line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
	line("DTSTART;VALUE=DATE:" + day.Format("20060102"))
	line("DTEND;VALUE=DATE:" + day.AddDate(0, 0, 1).Format("20060102"))
	line("SUMMARY:" + escapeICS(e.Summary))
	if e.Description != "" {
		line("DESCRIPTION:" + escapeICS(e.Description))
	}
	if e.URL != "" {
		line("URL:" + e.URL)
	}
	if e.OrganizerEmail != "" && !strings.ContainsAny(e.OrganizerEmail, "\r\n:;\"") {
		line("ORGANIZER;CN=" + quoteParam(e.OrganizerName) + ":mailto:" + e.OrganizerEmail)
	}
	status := "CONFIRMED"
	if e.Canceled {
		status = "CANCELLED"
	}
	line("STATUS:" + status)
	line("TRANSP:TRANSPARENT")
	line("END:VEVENT")
	line("END:VCALENDAR")
	return []byte(b.String())
}

// escapeICS escapes a TEXT value (RFC 5545 §3.3.11).
func escapeICS(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// quoteParam is a parameter value in double quotes, which it may not hold
// (RFC 5545 §3.1: DQUOTE is not allowed inside a quoted value).
func quoteParam(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return `"` + s + `"`
}

// foldICS ends a content line with CRLF, folding it so that no line is
// longer than 75 octets: a continuation starts with one space (RFC 5545
// §3.1), and a cut never falls inside a UTF-8 character.
func foldICS(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s + "\r\n")
	return b.String()
}
