package format

import "testing"

func TestDayIn(t *testing.T) {
	for _, c := range []struct{ date, loc, want string }{
		{"2028-11-04", "en-US", "Saturday, November 4, 2028"},
		{"2028-11-04", "", "Saturday, November 4, 2028"},
		{"2028-11-04", "en-GB", "Saturday 4 November 2028"},
		{"2028-11-04", "de-DE", "Samstag, 4. November 2028"},
		{"2028-03-01", "fr-FR", "mercredi 1 mars 2028"},
		{"2028-11-04", "es-MX", "sábado, 4 de noviembre de 2028"},
		{"2028-11-04", "nl", "zaterdag 4 november 2028"},
		{"2028-11-04", "ja-JP", "Saturday, November 4, 2028"},
		{"not a date", "de-DE", "not a date"},
	} {
		if got := DayIn(c.date, c.loc); got != c.want {
			t.Errorf("DayIn(%q, %q) = %q, want %q", c.date, c.loc, got, c.want)
		}
	}
}
