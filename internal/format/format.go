// Package format writes amounts and dates for people, the same way on every
// surface: storefront and dashboard templates, booking e-mails, and the
// storefront's scripts (which read the rules from data attributes rather
// than keeping a copy of them).
//
// Amounts are in minor units (cents) of a currency named by its ISO 4217
// code, as bookings store it ("usd"). Locales are BCP 47 tags; a tenant has
// no locale of its own yet, so every caller passes DefaultLocale today.
package format

import (
	"strconv"
	"strings"
	"time"
)

// DefaultLocale is the locale of every tenant until tenants choose one.
const DefaultLocale = "en-US"

// DefaultCurrency is what packages are priced in until tenants choose a
// currency; bookings carry their own.
const DefaultCurrency = "usd"

// currencyInfo is what formatting needs of a currency.
type currencyInfo struct {
	symbol string
	// digits is the number of minor-unit digits (2 for cents, 0 for yen).
	digits int
}

// currencies are the currencies a tenant may be paid in. An unknown code is
// written as "1,500.00 XYZ" with two digits, never refused.
var currencies = map[string]currencyInfo{
	"USD": {"$", 2}, "CAD": {"CA$", 2}, "AUD": {"A$", 2}, "NZD": {"NZ$", 2}, "MXN": {"MX$", 2},
	"EUR": {"€", 2}, "GBP": {"£", 2}, "CHF": {"CHF ", 2}, "JPY": {"¥", 0},
}

// localeInfo is how a locale groups and separates digits.
type localeInfo struct {
	group, decimal string
	// suffix puts the symbol after the amount ("1.500,00 €").
	suffix bool
}

var locales = map[string]localeInfo{
	"en": {",", ".", false},
	"de": {".", ",", true},
	"fr": {"\u202f", ",", true},
	"es": {".", ",", true},
	"nl": {".", ",", false},
}

func locale(tag string) localeInfo {
	lang, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if l, ok := locales[lang]; ok {
		return l
	}
	return locales["en"]
}

func currency(code string) (string, currencyInfo) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		code = strings.ToUpper(DefaultCurrency)
	}
	if c, ok := currencies[code]; ok {
		return code, c
	}
	return code, currencyInfo{digits: 2}
}

// Money writes minor units with all their digits: Money(150000, "usd",
// "en-US") is "$1,500.00", Money(-2500, "eur", "de-DE") is "-25,00 €".
// The dashboard shows amounts this way.
func Money(minor int64, cur, loc string) string { return money(minor, cur, loc, false) }

// MoneyShort is Money without the minor digits of a whole amount: "$1,500",
// but "$1,500.50". The storefront shows prices this way.
func MoneyShort(minor int64, cur, loc string) string { return money(minor, cur, loc, true) }

func money(minor int64, cur, loc string, short bool) string {
	code, c := currency(cur)
	l := locale(loc)
	neg := minor < 0
	if neg {
		minor = -minor
	}
	scale := int64(1)
	for range c.digits {
		scale *= 10
	}
	whole, frac := minor/scale, minor%scale
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if !l.suffix && c.symbol != "" {
		b.WriteString(c.symbol)
	}
	b.WriteString(group(strconv.FormatInt(whole, 10), l.group))
	if c.digits > 0 && !(short && frac == 0) {
		f := strconv.FormatInt(frac, 10)
		b.WriteString(l.decimal + strings.Repeat("0", c.digits-len(f)) + f)
	}
	switch {
	case c.symbol == "":
		b.WriteString(" " + code)
	case l.suffix:
		b.WriteString("\u00a0" + strings.TrimSpace(c.symbol))
	}
	return b.String()
}

// group puts sep between groups of three digits.
func group(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// MoneyAttrs are the rules of MoneyShort for a script that totals prices
// in the page: the template puts them in data attributes, and the script
// hands them to Intl.NumberFormat, so no rule is written twice.
type MoneyAttrs struct {
	// Locale is a BCP 47 tag ("en-US").
	Locale string
	// Currency is the upper-case ISO 4217 code ("USD").
	Currency string
	// Digits is the number of minor-unit digits.
	Digits int
}

// Attrs returns the MoneyAttrs of a currency and locale.
func Attrs(cur, loc string) MoneyAttrs {
	code, c := currency(cur)
	if loc == "" {
		loc = DefaultLocale
	}
	return MoneyAttrs{Locale: loc, Currency: code, Digits: c.digits}
}

// Day writes a YYYY-MM-DD date in words, "Saturday, June 13, 2026";
// anything that is not such a date comes back as it is.
func Day(date string) string { return dateLayout(date, "Monday, January 2, 2006") }

// ShortDay is Day abbreviated, "Sat, Jun 13, 2026", for lists and tables.
func ShortDay(date string) string { return dateLayout(date, "Mon, Jan 2, 2006") }

// Month writes a month as "June 2026".
func Month(t time.Time) string { return t.Format("January 2006") }

// Clock writes the time of day of t in loc, with the zone's abbreviation:
// "3:45 PM CDT".
func Clock(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	zone, _ := t.Zone()
	return t.Format("3:04 PM") + " " + zone
}

func dateLayout(date, layout string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.Format(layout)
}

// Amount writes minor units as a person types an amount into a form, with
// no symbol or grouping: Amount(150000, "usd") is "1500.00".
func Amount(minor int64, cur string) string {
	_, c := currency(cur)
	if c.digits == 0 {
		return strconv.FormatInt(minor, 10)
	}
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	scale := int64(1)
	for range c.digits {
		scale *= 10
	}
	f := strconv.FormatInt(minor%scale, 10)
	return sign + strconv.FormatInt(minor/scale, 10) + "." + strings.Repeat("0", c.digits-len(f)) + f
}

// ParseAmount reads an amount typed into a form ("1500", "1,500.50",
// "$99.9") as minor units of cur. ok is false for anything else: a
// negative amount, more decimals than the currency has, or past 2^40 main
// units.
func ParseAmount(s, cur string) (minor int64, ok bool) {
	_, c := currency(cur)
	s = strings.TrimSpace(s)
	if c.symbol != "" {
		s = strings.TrimSpace(strings.TrimPrefix(s, strings.TrimSpace(c.symbol)))
	}
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, false
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if hasFrac && (len(frac) == 0 || len(frac) > c.digits) {
		return 0, false
	}
	frac += strings.Repeat("0", c.digits-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > 1<<40 {
		return 0, false
	}
	var f int64
	if frac != "" {
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil || f < 0 {
			return 0, false
		}
	}
	scale := int64(1)
	for range c.digits {
		scale *= 10
	}
	return w*scale + f, true
}
