package storefront_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/testclock"
)

// TestBookingFormRefusesTextThatIsNotText: a NUL, invalid UTF-8 or a line
// break in a one-line input brings the form back (400) with that input
// marked, and books nothing; line breaks in the notes are fine.
func TestBookingFormRefusesTextThatIsNotText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, c := range []struct{ what, input, value, anchor string }{
		{"NUL in name", "name", "Zoe\x00Null", "f-name"},
		{"CRLF in name", "name", "Zoe\r\nPaid: yes", "f-name"},
		{"NUL in phone", "phone", "555\x000100", "f-phone"},
		{"LF in phone", "phone", "555\n0100", "f-phone"},
		{"NUL in notes", "notes", "one\x00two", "f-notes"},
		{"invalid UTF-8 in e-mail", "email", "sam@example.com\xff", "f-email"},
		{"NUL in the date", "date", "2026-06-20\x00", "calendar"},
	} {
		t.Run(c.what, func(t *testing.T) {
			f := bookingForm("2026-06-20", "Sam", "sam@example.com")
			f.Set(c.input, c.value)
			w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", f)
			body := w.Body.String()
			if w.Code != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) || !strings.Contains(body, `href="#`+c.anchor+`"`) {
				t.Fatalf("status %d; want 400 with the form again and #%s marked", w.Code, c.anchor)
			}
			if strings.Contains(body, "\x00") || strings.Contains(body, "\xff") {
				t.Error("the form echoes bytes that are not text")
			}
		})
	}
	f := bookingForm("2026-06-20", "Sam", "sam@example.com")
	f.Set("notes", "First line\r\nSecond line\tend")
	if w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", f); w.Code != http.StatusSeeOther {
		t.Fatalf("notes on two lines: %d, want 303 to the payment page", w.Code)
	}
}

// TestBookingFormTextOnBothStores posts the same bytes through the whole
// application: 400 and the form again on PostgreSQL too, never a 500.
func TestBookingFormTextOnBothStores(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		c := apptest.NewTenant(t, a, "wren")
		date := testclock.DaysAhead(a.Now(), c.Tenant.Location(), 40)
		post := func(name, notes string) apptest.Reply {
			f := url.Values{"date": {date}, "name": {name}, "email": {"zoe@example.com"}, "phone": {""}, "notes": {notes}}
			r := httptest.NewRequest(http.MethodPost, "/t/wren/services/classic", strings.NewReader(f.Encode()))
			r.Host = "localhost"
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Origin", "http://localhost")
			return apptest.Serve(t, a.Handler(), r)
		}
		for _, name := range []string{"Zoe\x00Null", "Zoe\r\nNull", "Zo\xffe"} {
			if w := post(name, ""); w.Status != http.StatusBadRequest || !strings.Contains(string(w.Body), `href="#f-name"`) {
				t.Errorf("name %q: %d, want 400 with the name marked", name, w.Status)
			}
		}
		if w := post("Zoe", "a\x00b"); w.Status != http.StatusBadRequest || !strings.Contains(string(w.Body), `href="#f-notes"`) {
			t.Errorf("NUL in notes: %d, want 400 with the notes marked", w.Status)
		}
		if w := post("Zoe", "one\r\ntwo"); w.Status != http.StatusSeeOther {
			t.Errorf("notes on two lines: %d %s, want 303", w.Status, w.Body)
		}
	})
}
