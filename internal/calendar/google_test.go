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

// fakeGoogle serves the OAuth token endpoint and the Calendar freeBusy
// endpoint, recording what it is asked.
type fakeGoogle struct {
	srv *httptest.Server

	mu        sync.Mutex
	busy      []busyPeriod
	status    int           // when non-zero, freeBusy answers this status
	hang      time.Duration // freeBusy waits this long before answering
	calErrors bool          // freeBusy reports notFound for the calendar
	calls     int
	tokens    int
	lastReq   map[string]any
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
	mux.HandleFunc("POST /calendar/v3/freeBusy", func(w http.ResponseWriter, r *http.Request) {
		var req map[string]any
		_ = json.NewDecoder(r.Body).Decode(&req)
		f.mu.Lock()
		f.calls++
		f.lastReq, f.lastAuth = req, r.Header.Get("Authorization")
		status, hang, busy, calErrors := f.status, f.hang, f.busy, f.calErrors
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
		cal := map[string]any{"busy": busy}
		if busy == nil {
			cal["busy"] = []busyPeriod{}
		}
		if calErrors {
			cal = map[string]any{"errors": []map[string]string{{"domain": "global", "reason": "notFound"}}}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"kind":      "calendar#freeBusy",
			"timeMin":   req["timeMin"],
			"timeMax":   req["timeMax"],
			"calendars": map[string]any{calID: cal},
		})
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

func (f *fakeGoogle) freeBusyCalls() int {
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
	if got, want := f.lastReq["timeMin"], "2027-06-10T00:00:00-04:00"; got != want {
		t.Errorf("timeMin = %v, want %v", got, want)
	}
	if got, want := f.lastReq["timeMax"], "2027-06-15T00:00:00-04:00"; got != want {
		t.Errorf("timeMax = %v, want %v", got, want)
	}
	if got, want := fmt.Sprint(f.lastReq["items"]), fmt.Sprintf("[map[id:%s]]", calID); got != want {
		t.Errorf("items = %s, want %s", got, want)
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
		{"CalendarNotShared", func(f *fakeGoogle) { f.calErrors = true }},
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
	if got := f.freeBusyCalls(); got != 0 {
		t.Errorf("%d freeBusy calls for invalid ranges, want 0", got)
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
