package booking

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestICS(t *testing.T) {
	long := strings.Repeat("Ünïcödé wedding; with, commas \\ and a backslash. ", 4)
	got := string(ICS(CalendarEvent{
		UID: "b1@mais", Sequence: 3, Date: "2028-12-31", Summary: "Rosa, Studio; Full day", Description: long + "\nline two",
		URL: "https://mais.test/b/tok", OrganizerName: `Rosa "R" Studio`, OrganizerEmail: "rosa@studio.example",
		Stamp: time.Date(2028, 3, 1, 12, 30, 0, 0, time.FixedZone("x", 3600)),
	}))
	if !strings.HasSuffix(got, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(got, "\r\n", ""), "\n") {
		t.Fatalf("lines must end CRLF:\n%q", got)
	}
	for _, line := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("a fold split a character: %q", line)
		}
	}
	unfolded := strings.ReplaceAll(got, "\r\n ", "")
	for _, want := range []string{
		"DTSTART;VALUE=DATE:20281231\r\n", "DTEND;VALUE=DATE:20290101\r\n", "DTSTAMP:20280301T113000Z\r\n",
		"UID:b1@mais\r\n", "SEQUENCE:3\r\n", `SUMMARY:Rosa\, Studio\; Full day` + "\r\n",
		`DESCRIPTION:` + strings.Repeat(`Ünïcödé wedding\; with\, commas \\ and a backslash. `, 4) + `\nline two` + "\r\n",
		`ORGANIZER;CN="Rosa R Studio":mailto:rosa@studio.example` + "\r\n", "STATUS:CONFIRMED\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in:\n%s", want, unfolded)
		}
	}
	if ICS(CalendarEvent{Date: "2028-02-30"}) != nil {
		t.Errorf("an impossible date gave an entry")
	}
}
