package errreport

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mais/internal/httpx"
)

func TestScrubMasksCustomerData(t *testing.T) {
	for in, want := range map[string]string{
		`duplicate key (email)=(ana.silva+1@example.com)`: `duplicate key (email)=([email])`,
		`phone +1 (555) 123-4567 refused`:                 `phone [number] refused`,
		`card 4242 4242 4242 4242`:                        `card [number]`,
		`date 2028-11-04 taken for booking 7f3a-19`:       `date 2028-11-04 taken for booking 7f3a-19`,
		`store: list packages: no such table: packages`:   `store: list packages: no such table: packages`,
	} {
		if got := Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

// A panic reaches Sentry's envelope endpoint as a fatal event with the
// panic's stack, the request's identifiers as tags and nothing else; the
// delivery is bounded by SendTimeout.
func TestReportPanicEnvelope(t *testing.T) {
	got := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/7/envelope/" || !strings.Contains(r.Header.Get("X-Sentry-Auth"), "sentry_key=pub") {
			t.Errorf("ingest request %s, auth %q", r.URL.Path, r.Header.Get("X-Sentry-Auth"))
		}
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer srv.Close()
	r, err := New(strings.Replace(srv.URL, "http://", "http://pub@", 1)+"/7", "production", "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			v := recover()
			r.Report(httpx.Failure{RequestID: "req-123456789", Method: "POST", Route: "POST /v1/bookings/checkout",
				Status: 500, TenantID: "t-1", Panic: v})
		}()
		panic("customer bob@example.com broke it")
	}()
	var body []byte
	select {
	case body = <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("no envelope")
	}
	lines := bytes.Split(body, []byte("\n"))
	var ev struct {
		Level       string
		Release     string
		Environment string
		Tags        map[string]string
		Request     any
		User        map[string]any
		Exception   []struct {
			Type, Value string
			Stacktrace  struct{ Frames []struct{ Function string } }
		}
	}
	for i := 1; i+1 < len(lines); i += 2 {
		if bytes.Contains(lines[i], []byte(`"type":"event"`)) {
			if err := json.Unmarshal(lines[i+1], &ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	if ev.Level != "fatal" || ev.Release != "1.2.3" || ev.Environment != "production" {
		t.Errorf("event: %s", body)
	}
	if ev.Tags["route"] != "POST /v1/bookings/checkout" || ev.Tags["tenant_id"] != "t-1" || ev.Tags["request_id"] != "req-123456789" {
		t.Errorf("tags %v", ev.Tags)
	}
	if ev.Request != nil || len(ev.User) > 0 || bytes.Contains(body, []byte("bob@example.com")) {
		t.Errorf("request, user or customer data sent: %s", body)
	}
	if len(ev.Exception) != 1 || ev.Exception[0].Type != "panic" {
		t.Fatalf("exception: %+v", ev.Exception)
	}
	frames := ev.Exception[0].Stacktrace.Frames
	found := false
	for _, f := range frames {
		found = found || strings.Contains(f.Function, "TestReportPanicEnvelope")
	}
	if !found {
		t.Errorf("the stack does not reach the panicking function: %+v", frames)
	}
}

// An outage fails every request alike: one report per route, status and
// error kind per window; the first after it says how many were left out.
func TestReportCollapsesAlikeFailures(t *testing.T) {
	got := make(chan []byte, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer srv.Close()
	r, err := New(strings.Replace(srv.URL, "http://", "http://pub@", 1)+"/7", "test", "1")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	down := httpx.Failure{Route: "GET /v1/packages", Status: 503, Err: errors.New("store: connection refused")}
	for range 100 {
		r.Report(down)
	}
	r.Report(httpx.Failure{Route: "GET /v1/config", Status: 503, Err: errors.New("store: connection refused")})
	now = now.Add(RepeatWindow)
	r.Report(down)
	if !r.Flush(5 * time.Second) {
		t.Fatal("reports not delivered")
	}
	close(got)
	var bodies []string
	for b := range got {
		bodies = append(bodies, string(b))
	}
	if len(bodies) != 3 {
		t.Fatalf("%d reports, want 3 (first, other route, first after the window)", len(bodies))
	}
	repeated := 0
	for _, b := range bodies {
		if strings.Contains(b, `"repeated":"99"`) {
			repeated++
		}
	}
	if repeated != 1 {
		t.Errorf("want one report tagged repeated=99:\n%s", strings.Join(bodies, "\n"))
	}
}
