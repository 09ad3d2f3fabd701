package format

import (
	"strconv"
	"strings"
	"time"
)

// dayWords is how a language writes a date in words.
type dayWords struct {
	weekdays [7]string  // Sunday first
	months   [12]string // January first
	// long builds the date from weekday, day, month name and year.
	long func(wd, d, m, y string) string
}

var dayLanguages = map[string]dayWords{
	"de": {
		[7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		[12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		func(wd, d, m, y string) string { return wd + ", " + d + ". " + m + " " + y },
	},
	"fr": {
		[7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		[12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		func(wd, d, m, y string) string { return wd + " " + d + " " + m + " " + y },
	},
	"es": {
		[7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
		[12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		func(wd, d, m, y string) string { return wd + ", " + d + " de " + m + " de " + y },
	},
	"nl": {
		[7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
		[12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		func(wd, d, m, y string) string { return wd + " " + d + " " + m + " " + y },
	},
}

// DayIn writes a YYYY-MM-DD date in words in a locale: "Saturday,
// November 4, 2028" (en-US), "Saturday 4 November 2028" (en-GB and other
// English), "Samstag, 4. November 2028" (de), "samedi 4 novembre 2028"
// (fr), "sábado, 4 de noviembre de 2028" (es), "zaterdag 4 november 2028"
// (nl). Another language is written as en-US; anything that is not such a
// date comes back as it is. E-mails and the couple's pages write dates so.
func DayIn(date, loc string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	lang, region, _ := strings.Cut(strings.ToLower(loc), "-")
	if w, ok := dayLanguages[lang]; ok {
		return w.long(w.weekdays[d.Weekday()], strconv.Itoa(d.Day()), w.months[d.Month()-1], strconv.Itoa(d.Year()))
	}
	if lang == "en" && region != "" && region != "us" {
		return d.Format("Monday 2 January 2006")
	}
	return d.Format("Monday, January 2, 2006")
}
