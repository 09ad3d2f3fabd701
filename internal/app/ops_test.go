package app_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/config"
	"mais/internal/payment"
	"mais/internal/sqlstore/storetest"
	"mais/internal/testclock"
)

// scrape fetches /metrics (with token, when set) and returns the value of
// each series, keyed by its name and labels as the text format writes them.
func scrape(t *testing.T, a *app.App, token string) map[string]float64 {
	t.Helper()
	req := httptest.NewRequest("GET", "/metrics", nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	series := map[string]float64{}
	sc := bufio.NewScanner(rec.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		series[line[:i]] = v
	}
	return series
}

// checkoutAndPay holds a date through the public API and pays it with a
// signed Stripe webhook; it returns the session id.
func checkoutAndPay(t *testing.T, a *app.App, tn apptest.Tenant, daysAhead int) string {
	t.Helper()
	h := a.Handler()
	key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
	date := testclock.DaysAhead(a.Now(), tn.Tenant.Location(), daysAhead)
	r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
		`{"packageId":"classic","date":"`+date+`","customer":{"name":"Ana","email":"ana@example.com"}}`)
	apptest.Expect(t, "checkout", r, 200, "")
	var co struct{ SessionID string }
	r.JSON(t, &co)
	ev := payment.MarshalEvent(payment.Event{ID: "evt_" + co.SessionID, Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{ID: co.SessionID, PaymentStatus: "paid", Status: "complete"}}, a.Now())
	r = apptest.Do(t, h, "POST", "/v1/webhooks/stripe",
		apptest.StripeSigned(ev), string(ev))
	apptest.Expect(t, "webhook", r, 200, "")
	return co.SessionID
}

// docs/API.md §13: after a checkout and its webhook, /metrics shows the
// request, booking, checkout, webhook and outbox counts moved, by route
// pattern (not path), next to the pool, store and Go runtime series.
func TestMetricsAfterCheckoutAndWebhook(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		tn := apptest.NewTenant(t, a, "metrics")
		h := a.Handler()
		key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
		before := scrape(t, a, "")
		if before[`mais_bookings_total{status="PAID"}`] != 0 || before["mais_outbox_pending"] != 0 {
			t.Fatalf("counts before any booking: %v", before)
		}
		checkoutAndPay(t, a, tn, 60)
		// A move keeps the booking PAID: not a second PAID.
		a.Bus.Publish(context.Background(), booking.Event{Kind: booking.EventRescheduled, TenantID: tn.Tenant.ID,
			BookingID: "b1", Status: booking.StatusPaid})
		apptest.Do(t, h, "GET", "/v1/packages/classic", key, "")
		apptest.Do(t, h, "GET", "/v1/packages/classic", key, "")
		apptest.Do(t, h, "GET", "/v1/packages/nope", key, "")

		m := scrape(t, a, "")
		for series, want := range map[string]float64{
			`mais_http_requests_total{code="200",method="POST",route="POST /v1/bookings/checkout"}`: 1,
			`mais_http_requests_total{code="200",method="POST",route="POST /v1/webhooks/stripe"}`:   1,
			// Three paths, one pattern: ids in paths make no new series.
			`mais_http_requests_total{code="200",method="GET",route="GET /v1/packages/{slug}"}`: 2,
			`mais_http_requests_total{code="404",method="GET",route="GET /v1/packages/{slug}"}`: 1,
			`mais_http_request_duration_seconds_count{route="POST /v1/bookings/checkout"}`:      1,
			`mais_bookings_total{status="PENDING"}`:                                             1,
			`mais_bookings_total{status="PAID"}`:                                                1,
			`mais_checkouts_total{outcome="held"}`:                                              1,
			`mais_webhook_events_total{outcome="booked"}`:                                       1,
			`mais_store_up`:         1,
			`mais_outbox_scrape_ok`: 1,
		} {
			if got := m[series]; got != want {
				t.Errorf("%s = %v, want %v", series, got, want)
			}
		}
		// The confirmation e-mails wait in the outbox (no worker runs here),
		// queued at the app's clock, which has not moved.
		if m["mais_outbox_pending"] < 1 {
			t.Errorf("mais_outbox_pending = %v, want the confirmation e-mails", m["mais_outbox_pending"])
		}
		if age, ok := m["mais_outbox_oldest_pending_age_seconds"]; !ok || age < 0 {
			t.Errorf("oldest pending age = %v, %v", age, ok)
		}
		for _, prefix := range []string{"mais_db_pool_in_use_connections{", "mais_db_pool_idle_connections{",
			"mais_db_pool_waits_total{", "go_goroutines", "go_memstats_heap_alloc_bytes", `mais_cache_requests_total{result="miss"}`} {
			found := false
			for s := range m {
				found = found || strings.HasPrefix(s, prefix)
			}
			if !found {
				t.Errorf("no series %s…", prefix)
			}
		}
		for s := range m {
			if strings.Contains(s, "/v1/packages/classic") || strings.Contains(s, "/v1/packages/nope") {
				t.Errorf("a raw path became a label: %s", s)
			}
		}
		// A redelivery is a duplicate, not a second booking.
		if _, ok := m[`mais_bookings_total{status="CONFLICT"}`]; ok {
			t.Errorf("a conflict counted: %v", m)
		}
	})
}

// With MAIS_METRICS_TOKEN, /metrics answers only its bearer; several Apps
// in one process each count their own requests (no global registry).
func TestMetricsTokenAndPerAppRegistry(t *testing.T) {
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_METRICS_TOKEN": "s3cret-metrics"})
	b := apptest.New(t, "sqlite", nil)
	for _, hdr := range []string{"", "Bearer wrong", "s3cret-metrics"} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		if hdr != "" {
			req.Header.Set("Authorization", hdr)
		}
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != 401 || strings.Contains(rec.Body.String(), "mais_") {
			t.Errorf("Authorization %q: %d %s", hdr, rec.Code, rec.Body)
		}
	}
	apptest.Do(t, a.Handler(), "GET", "/health", nil, "")
	apptest.Do(t, a.Handler(), "GET", "/health", nil, "")
	apptest.Do(t, b.Handler(), "GET", "/health", nil, "")
	health := `mais_http_requests_total{code="200",method="GET",route="GET /health"}`
	if got := scrape(t, a, "s3cret-metrics")[health]; got != 2 {
		t.Errorf("a counted %v /health requests, want 2", got)
	}
	if got := scrape(t, b, "")[health]; got != 1 {
		t.Errorf("b counted %v /health requests, want 1", got)
	}
}

// MAIS_METRICS=off serves no /metrics (the benchmark's baseline).
func TestMetricsOff(t *testing.T) {
	a := apptest.New(t, "sqlite", apptest.Env{"MAIS_METRICS": "off"})
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Errorf("GET /metrics with metrics off: %d", rec.Code)
	}
}

// envelopeServer plays Sentry's ingest API: it accepts envelopes on
// /api/{project}/envelope/ and hands over each event item, parsed.
type envelopeServer struct {
	*httptest.Server
	events chan map[string]any
}

func newEnvelopeServer(t *testing.T) *envelopeServer {
	s := &envelopeServer{events: make(chan map[string]any, 16)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "POST" || !regexp.MustCompile(`^/api/\d+/envelope/$`).MatchString(r.URL.Path) {
			http.Error(w, "not the envelope endpoint", 404)
			return
		}
		body, _ := io.ReadAll(r.Body)
		lines := bytes.Split(body, []byte("\n"))
		// Envelope header, then (item header, item payload) pairs.
		for i := 1; i+1 < len(lines); i += 2 {
			var item struct{ Type string }
			if json.Unmarshal(lines[i], &item) != nil {
				break
			}
			if item.Type != "event" {
				continue
			}
			var ev map[string]any
			if err := json.Unmarshal(lines[i+1], &ev); err != nil {
				t.Errorf("event payload: %v: %s", err, lines[i+1])
				continue
			}
			s.events <- ev
		}
		w.Write([]byte(`{"id":"0"}`))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *envelopeServer) dsn() string {
	return strings.Replace(s.URL, "http://", "http://publickey@", 1) + "/42"
}

func (s *envelopeServer) next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case ev := <-s.events:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event reached the Sentry server")
		return nil
	}
}

// With SENTRY_DSN, a 5xx answer reaches Sentry with the request id the
// client got, the route pattern and the tenant id, and nothing of the
// request (no query, headers, body or client address).
func TestSentryReportsServerErrors(t *testing.T) {
	sentry := newEnvelopeServer(t)
	a := apptest.New(t, "sqlite", apptest.Env{"SENTRY_DSN": sentry.dsn()})
	tn := apptest.NewTenant(t, a, "sentried")
	// Break the store under the running app: the package list fails (ours).
	db, err := sql.Open("sqlite", "file:"+filepath.Join(a.Config.DataDir, "mais.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`ALTER TABLE packages RENAME TO packages_gone`); err != nil {
		t.Fatal(err)
	}
	// Not apptest.Do: the OpenAPI document names no 500 for this route.
	req := httptest.NewRequest("GET", "/v1/packages?secret=ana@example.com", nil)
	req.Header.Set("X-Tenant-Key", tn.Keys.Public)
	req.Header.Set("Cookie", "session=abc")
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	r := apptest.Reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if r.Status < 500 {
		t.Fatalf("with the table gone: %d %s", r.Status, r.Body)
	}
	ev := sentry.next(t)
	tags, _ := ev["tags"].(map[string]any)
	for k, want := range map[string]string{"request_id": r.Header.Get("X-Request-Id"), "route": "GET /v1/packages",
		"tenant_id": tn.Tenant.ID, "status": strconv.Itoa(r.Status), "method": "GET"} {
		if tags[k] != want {
			t.Errorf("tag %s = %v, want %q (event %v)", k, tags[k], want, ev)
		}
	}
	raw, _ := json.Marshal(ev)
	for _, leak := range []string{"ana@example.com", "secret=", "session=abc", tn.Keys.Public, "192.0.2.1"} {
		if bytes.Contains(raw, []byte(leak)) {
			t.Errorf("the report carries %q: %s", leak, raw)
		}
	}
	if !bytes.Contains(raw, []byte("packages")) {
		t.Errorf("the report does not say what failed: %s", raw)
	}
}

// syncBuffer is a log sink the HTTP handlers and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Each business event writes one line at info with its tenant and the
// request id the client got; the customer's details are not in it. The
// access log is at debug (absent at info).
func TestBusinessEventsLogOneLineEach(t *testing.T) {
	var logs syncBuffer
	vars := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false", "ADAPTERS_PRESET": "mock",
		"STRIPE_WEBHOOK_SECRET": "whsec_test_secret", "PUBLIC_BASE_URL": "http://mais.test"}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(&logs, nil)), app.WithClock(testclock.New(t).Now))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown(context.Background())
	a.Hasher.Cost = 4
	tn := apptest.NewTenant(t, a, "logged")
	h := a.Handler()
	key := map[string]string{"X-Tenant-Key": tn.Keys.Public}
	date := testclock.DaysAhead(a.Now(), tn.Tenant.Location(), 30)
	r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key,
		`{"packageId":"classic","date":"`+date+`","customer":{"name":"Ana Silva","email":"ana@example.com","phone":"+1 555 123 4567"}}`)
	apptest.Expect(t, "checkout", r, 200, "")
	holdID := r.Header.Get("X-Request-Id")
	var co struct{ SessionID string }
	r.JSON(t, &co)
	ev := payment.MarshalEvent(payment.Event{ID: "evt_log", Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{ID: co.SessionID, PaymentStatus: "paid", Status: "complete"}}, a.Now())
	r = apptest.Do(t, h, "POST", "/v1/webhooks/stripe",
		apptest.StripeSigned(ev), string(ev))
	apptest.Expect(t, "webhook", r, 200, "")
	paidID := r.Header.Get("X-Request-Id")
	live, err := a.SiteConfig.Published(context.Background(), tn.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	draft, err := a.SiteConfig.CreateDraft(context.Background(), tn.Tenant.ID, live.Config, "again")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SiteConfig.Publish(context.Background(), tn.Tenant.ID, draft.ID); err != nil {
		t.Fatal(err)
	}

	out := logs.String()
	for msg, with := range map[string]string{"hold placed": holdID, "booking paid": paidID, "site version published": draft.ID} {
		var lines []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, `msg="`+msg+`"`) {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.Contains(lines[0], "tenant="+tn.Tenant.ID) || !strings.Contains(lines[0], with) {
			t.Errorf("%q: lines %q, want one with tenant %s and %s", msg, lines, tn.Tenant.ID, with)
		}
	}
	if !strings.Contains(out, "requestId="+holdID) {
		t.Errorf("the hold's line lacks requestId=%s:\n%s", holdID, out)
	}
	for _, leak := range []string{"ana@example.com", "Ana Silva", "555"} {
		if strings.Contains(out, leak) {
			t.Errorf("the log holds %q:\n%s", leak, out)
		}
	}
	if strings.Contains(out, `msg=request `) {
		t.Errorf("access log lines at info:\n%s", out)
	}
}

// Every mais_ series the sample dashboard and alert rules in ops/ query is
// one a running App serves (after a booking, with Redis configured), so a
// renamed metric cannot leave them silently empty.
func TestOpsDashboardsQueryServedMetrics(t *testing.T) {
	a := apptest.New(t, "sqlite", apptest.Env{"REDIS_URL": storetest.RedisURL(t)})
	checkoutAndPay(t, a, apptest.NewTenant(t, a, "opsfiles"), 40)
	served := map[string]bool{}
	for s := range scrape(t, a, "") {
		name, _, _ := strings.Cut(s, "{")
		served[name] = true
	}
	used := regexp.MustCompile(`\b(mais|go|process)_[a-z_]+`)
	for _, file := range []string{"prometheus-alerts.yml", "grafana-dashboard.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "ops", file))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range used.FindAllString(string(b), -1) {
			if !served[name] {
				t.Errorf("ops/%s queries %s, which /metrics does not serve", file, name)
			}
		}
	}
}
