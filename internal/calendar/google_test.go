package calendar_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the test zones must not depend on the machine

	"mais/internal/calendar"
)

const calID = "weddings@group.calendar.google.com"

type busyPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// event is one item of an events list answer, in Google's wire format.
type event map[string]any

// allDay is an all-day event from start to end (exclusive), as Google
// writes it: dates without times, whatever the calendar's zone.
func allDay(start, end string) event {
	return event{"status": "confirmed", "start": map[string]string{"date": start}, "end": map[string]string{"date": end}}
}

// timed is an event between two RFC 3339 instants, with the zone the
// calendar shows it in.
func timed(start, end, zone string) event {
	return event{"status": "confirmed", "start": map[string]string{"dateTime": start, "timeZone": zone},
		"end": map[string]string{"dateTime": end, "timeZone": zone}}
}

// fakeGoogle serves the OAuth token endpoint and the Calendar events list
// endpoint, recording what it is asked.
type fakeGoogle struct {
	srv *httptest.Server

	mu        sync.Mutex
	busy      []busyPeriod // timed events, in UTC
	events    []event      // further events, as given
	pageSize  int          // when non-zero, answers come in pages of this many events
	status    int          // when non-zero, the list answers this status
	hang      time.Duration
	calls     int
	tokens    int
	lastQuery url.Values
	lastPath  string
	lastAuth  string
}

func newFakeGoogle(t *testing.T) *fakeGoogle {
	t.Helper()
	f := &fakeGoogle{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if got, want := r.FormValue("grant_type"), "urn:ietf:params:oauth:grant-type:jwt-bearer"; got != want {
			http.Error(w, "bad grant_type "+got, http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.tokens++
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"ya29.fake","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("GET /calendar/v3/calendars/{id}/events", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls++
		f.lastQuery, f.lastPath, f.lastAuth = r.URL.Query(), r.PathValue("id"), r.Header.Get("Authorization")
		status, hang, pageSize := f.status, f.hang, f.pageSize
		items := []event{}
		for _, b := range f.busy {
			items = append(items, timed(b.Start, b.End, "UTC"))
		}
		items = append(items, f.events...)
		f.mu.Unlock()

		if hang > 0 {
			select {
			case <-time.After(hang):
			case <-r.Context().Done():
				return
			}
		}
		if status != 0 {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error":{"code":%d,"message":"backend error"}}`, status)
			return
		}
		if r.PathValue("id") != calID {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":{"code":404,"message":"Not Found","errors":[{"domain":"global","reason":"notFound"}]}}`)
			return
		}
		answer := map[string]any{"kind": "calendar#events", "accessRole": "freeBusyReader", "timeZone": "Europe/London"}
		offset, _ := strconv.Atoi(r.URL.Query().Get("pageToken"))
		if pageSize > 0 && offset+pageSize < len(items) {
			answer["nextPageToken"] = strconv.Itoa(offset + pageSize)
			items = items[offset : offset+pageSize]
		} else {
			items = items[min(offset, len(items)):]
		}
		answer["items"] = items
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(answer)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGoogle) set(fn func(f *fakeGoogle)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeGoogle) listCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// serviceAccountKey returns a base64 service-account key whose token_uri
// points at tokenURI.
func serviceAccountKey(t *testing.T, tokenURI string) string {
	t.Helper()
	pk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(pk)
	if err != nil {
		t.Fatal(err)
	}
	key, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "mais-test",
		"private_key_id": "k1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   "mais@mais-test.iam.gserviceaccount.com",
		"client_id":      "1",
		"token_uri":      tokenURI,
	})
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(key)
}

func newGoogle(t *testing.T, f *fakeGoogle, timeout time.Duration) *calendar.Google {
	t.Helper()
	g, err := calendar.NewGoogle(context.Background(), serviceAccountKey(t, f.srv.URL+"/token"),
		calendar.WithEndpoint(f.srv.URL+"/calendar/v3/"), calendar.WithTimeout(timeout))
	if err != nil {
		t.Fatalf("NewGoogle: %v", err)
	}
	return g
}

func TestGoogleBusyDaysInTenantZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.busy = []busyPeriod{
			// 23:00 Jun 11 to 00:30 Jun 12 in New York: both days busy.
			{Start: "2027-06-12T03:00:00Z", End: "2027-06-12T04:30:00Z"},
			// 21:00 to midnight Jun 13 in New York; a UTC reading would
			// wrongly call Jun 14 busy. Ending at midnight leaves Jun 14 free.
			{Start: "2027-06-14T01:00:00Z", End: "2027-06-14T04:00:00Z"},
		}
	})
	g := newGoogle(t, f, 2*time.Second)

	got, err := g.BusyDays(context.Background(), calID, "2027-06-10", "2027-06-14", ny)
	if err != nil {
		t.Fatalf("BusyDays: %v", err)
	}
	want := map[string]bool{
		"2027-06-10": false,
		"2027-06-11": true,
		"2027-06-12": true,
		"2027-06-13": true,
		"2027-06-14": false,
	}
	if !maps.Equal(got, want) {
		t.Errorf("BusyDays = %v, want %v", got, want)
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	if got, want := f.lastAuth, "Bearer ya29.fake"; got != want {
		t.Errorf("Authorization = %q, want %q (token from the key's token_uri)", got, want)
	}
	if got, want := f.lastPath, calID; got != want {
		t.Errorf("calendar = %q, want %q", got, want)
	}
	// Two days more on each side: Google picks all-day events by the
	// calendar's own zone.
	for k, want := range map[string]string{"timeMin": "2027-06-08T00:00:00-04:00", "timeMax": "2027-06-17T00:00:00-04:00",
		"singleEvents": "true", "showDeleted": "false"} {
		if got := f.lastQuery.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

// TestGoogleAllDayEvents: an all-day event blocks exactly the dates Google
// gives it (start date, end date exclusive), whatever the zones of the
// calendar and of the tenant. A London all-day event on 12 June is 23:00
// to 23:00 UTC, which freeBusy reported as 19:00 on the 11th to 19:00 on
// the 12th in New York, blocking two days.
func TestGoogleAllDayEvents(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.events = []event{
			allDay("2027-06-12", "2027-06-13"),
			allDay("2027-06-20", "2027-06-22"), // two days: the 20th and the 21st
			allDay("2027-06-01", "2027-06-11"), // began before the range: only the 10th is in it
			// 23:30 to 01:00 in London is 18:30 to 20:00 on the 15th in New York.
			timed("2027-06-15T23:30:00+01:00", "2027-06-16T01:00:00+01:00", "Europe/London"),
		}
	})
	got, err := newGoogle(t, f, 2*time.Second).BusyDays(context.Background(), calID, "2027-06-10", "2027-06-23", ny)
	if err != nil {
		t.Fatal(err)
	}
	busy := map[string]bool{"2027-06-10": true, "2027-06-12": true, "2027-06-15": true, "2027-06-20": true, "2027-06-21": true}
	for day := range got {
		if got[day] != busy[day] {
			t.Errorf("%s busy = %v, want %v", day, got[day], busy[day])
		}
	}
	if len(got) != 14 {
		t.Errorf("%d days answered, want 14", len(got))
	}
}

// TestGoogleFreeEvents: what freeBusy did not count as busy does not block
// a date here either.
func TestGoogleFreeEvents(t *testing.T) {
	with := func(e event, k string, v any) event { e[k] = v; return e }
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.events = []event{
			with(allDay("2027-06-10", "2027-06-11"), "transparency", "transparent"),
			with(allDay("2027-06-11", "2027-06-12"), "status", "cancelled"),
			with(allDay("2027-06-12", "2027-06-13"), "eventType", "workingLocation"),
			with(timed("2027-06-13T15:00:00Z", "2027-06-13T16:00:00Z", "UTC"), "attendees",
				[]map[string]any{{"email": "studio@example.com", "self": true, "responseStatus": "declined"}}),
			// Declined by a guest, not by the calendar's owner: still busy.
			with(timed("2027-06-14T15:00:00Z", "2027-06-14T16:00:00Z", "UTC"), "attendees",
				[]map[string]any{{"email": "guest@example.com", "responseStatus": "declined"},
					{"email": "studio@example.com", "self": true, "responseStatus": "accepted"}}),
		}
	})
	got, err := newGoogle(t, f, 2*time.Second).BusyDays(context.Background(), calID, "2027-06-10", "2027-06-14", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"2027-06-10": false, "2027-06-11": false, "2027-06-12": false, "2027-06-13": false, "2027-06-14": true}
	if !maps.Equal(got, want) {
		t.Errorf("BusyDays = %v, want %v", got, want)
	}
}

// TestGooglePages: every page of events is read, not only the first.
func TestGooglePages(t *testing.T) {
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.pageSize = 1
		f.events = []event{allDay("2027-06-10", "2027-06-11"), allDay("2027-06-12", "2027-06-13"), allDay("2027-06-14", "2027-06-15")}
	})
	got, err := newGoogle(t, f, 2*time.Second).BusyDays(context.Background(), calID, "2027-06-10", "2027-06-14", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"2027-06-10": true, "2027-06-11": false, "2027-06-12": true, "2027-06-13": false, "2027-06-14": true}
	if !maps.Equal(got, want) {
		t.Errorf("BusyDays = %v, want %v", got, want)
	}
	if got := f.listCalls(); got != 3 {
		t.Errorf("%d list calls, want 3 (one per page)", got)
	}
}

func TestGoogleDSTDay(t *testing.T) {
	// 2027-03-14 has 23 hours in New York; 23:30 local is 03:30Z the next
	// UTC day and must still count for the 14th.
	ny, _ := time.LoadLocation("America/New_York")
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.busy = []busyPeriod{{Start: "2027-03-15T03:30:00Z", End: "2027-03-15T03:45:00Z"}}
	})
	got, err := newGoogle(t, f, 2*time.Second).BusyDays(context.Background(), calID, "2027-03-14", "2027-03-15", ny)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]bool{"2027-03-14": true, "2027-03-15": false}; !maps.Equal(got, want) {
		t.Errorf("BusyDays = %v, want %v", got, want)
	}
}

func TestGoogleFailures(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *fakeGoogle)
	}{
		{"ServerError", func(f *fakeGoogle) { f.status = http.StatusInternalServerError }},
		{"Forbidden", func(f *fakeGoogle) { f.status = http.StatusForbidden }},
		{"CalendarNotShared", func(f *fakeGoogle) { f.status = http.StatusNotFound }},
		{"Timeout", func(f *fakeGoogle) { f.hang = 5 * time.Second }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeGoogle(t)
			f.set(tc.setup)
			g := newGoogle(t, f, 300*time.Millisecond)

			start := time.Now()
			got, err := g.BusyDays(context.Background(), calID, "2027-06-10", "2027-06-10", time.UTC)
			if err == nil {
				t.Fatalf("BusyDays = %v, want an error (never a free day)", got)
			}
			if elapsed := time.Since(start); elapsed > 2*time.Second {
				t.Errorf("took %v with a 300ms timeout", elapsed)
			}
		})
	}
}

func TestGoogleRejectsBadRanges(t *testing.T) {
	f := newFakeGoogle(t)
	g := newGoogle(t, f, time.Second)
	tests := []struct{ name, from, to string }{
		{"ImpossibleDate", "2027-02-30", "2027-03-01"},
		{"Backwards", "2027-06-10", "2027-06-09"},
		{"TooLong", "2027-01-01", "2027-12-31"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := g.BusyDays(context.Background(), calID, tc.from, tc.to, time.UTC); err == nil {
				t.Error("BusyDays succeeded, want error")
			}
		})
	}
	if got := f.listCalls(); got != 0 {
		t.Errorf("%d list calls for invalid ranges, want 0", got)
	}
}

func TestNewGoogleRejectsBadKeys(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct{ name, key string }{
		{"Empty", ""},
		{"NotBase64", "%%%"},
		{"NotJSON", b64("hello")},
		{"NotServiceAccount", b64(`{"type":"authorized_user","client_id":"x"}`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := calendar.NewGoogle(context.Background(), tc.key); err == nil {
				t.Error("NewGoogle succeeded, want error")
			}
		})
	}
}

func TestNewGoogleAcceptsUnpaddedBase64(t *testing.T) {
	f := newFakeGoogle(t)
	key := serviceAccountKey(t, f.srv.URL+"/token")
	raw, _ := base64.StdEncoding.DecodeString(key)
	if _, err := calendar.NewGoogle(context.Background(), base64.RawStdEncoding.EncodeToString(raw)); err != nil {
		t.Errorf("NewGoogle(unpadded): %v", err)
	}
}
