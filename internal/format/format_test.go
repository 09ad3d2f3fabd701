package format

import (
	"testing"
	"time"
)

func TestMoney(t *testing.T) {
	for _, c := range []struct {
		minor      int64
		cur, loc   string
		long, shrt string
	}{
		{0, "usd", "en-US", "$0.00", "$0"},
		{5, "usd", "en-US", "$0.05", "$0.05"},
		{150000, "usd", "en-US", "$1,500.00", "$1,500"},
		{150050, "USD", "", "$1,500.50", "$1,500.50"},
		{123456789, "usd", "en-US", "$1,234,567.89", "$1,234,567.89"},
		{-2500, "usd", "en-US", "-$25.00", "-$25"},
		{150050, "eur", "de-DE", "1.500,50\u00a0€", "1.500,50\u00a0€"},
		{150000, "eur", "en-GB", "€1,500.00", "€1,500"},
		{150000, "gbp", "en-GB", "£1,500.00", "£1,500"},
		{150000, "jpy", "en-US", "¥150,000", "¥150,000"},
		{150000, "xyz", "en-US", "1,500.00 XYZ", "1,500 XYZ"},
		{150000, "", "en-US", "$1,500.00", "$1,500"},
	} {
		if got := Money(c.minor, c.cur, c.loc); got != c.long {
			t.Errorf("Money(%d, %q, %q) = %q, want %q", c.minor, c.cur, c.loc, got, c.long)
		}
		if got := MoneyShort(c.minor, c.cur, c.loc); got != c.shrt {
			t.Errorf("MoneyShort(%d, %q, %q) = %q, want %q", c.minor, c.cur, c.loc, got, c.shrt)
		}
	}
}

func TestAttrs(t *testing.T) {
	if a := Attrs("usd", ""); a != (MoneyAttrs{"en-US", "USD", 2}) {
		t.Errorf("usd = %+v", a)
	}
	if a := Attrs("jpy", "ja-JP"); a != (MoneyAttrs{"ja-JP", "JPY", 0}) {
		t.Errorf("jpy = %+v", a)
	}
}

func TestDates(t *testing.T) {
	if got := Day("2028-11-04"); got != "Saturday, November 4, 2028" {
		t.Errorf("Day = %q", got)
	}
	if got := ShortDay("2028-11-04"); got != "Sat, Nov 4, 2028" {
		t.Errorf("ShortDay = %q", got)
	}
	if got := Day("not a date"); got != "not a date" {
		t.Errorf("Day(bad) = %q", got)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	at := time.Date(2028, 11, 4, 20, 45, 0, 0, time.UTC)
	if got := Clock(at, chicago); got != "3:45 PM CDT" {
		t.Errorf("Clock = %q", got)
	}
	if got := Month(at); got != "November 2028" {
		t.Errorf("Month = %q", got)
	}
}

func TestAmounts(t *testing.T) {
	for _, c := range []struct {
		in    string
		cur   string
		minor int64
		ok    bool
	}{
		{"1500", "usd", 150000, true}, {"1,500.50", "usd", 150050, true}, {"$99.9", "usd", 9990, true},
		{".5", "usd", 50, true}, {"1.", "usd", 0, false}, {"1.234", "usd", 0, false}, {"-5", "usd", 0, false},
		{"", "usd", 0, false}, {"abc", "usd", 0, false}, {"1500", "jpy", 1500, true}, {"1500.5", "jpy", 0, false},
	} {
		got, ok := ParseAmount(c.in, c.cur)
		if got != c.minor || ok != c.ok {
			t.Errorf("ParseAmount(%q, %q) = %d, %v; want %d, %v", c.in, c.cur, got, ok, c.minor, c.ok)
		}
	}
	for _, c := range []struct {
		minor int64
		cur   string
		want  string
	}{{150000, "usd", "1500.00"}, {5, "usd", "0.05"}, {1500, "jpy", "1500"}} {
		if got := Amount(c.minor, c.cur); got != c.want {
			t.Errorf("Amount(%d, %q) = %q, want %q", c.minor, c.cur, got, c.want)
		}
	}
}
