package faults_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/config"
	"mais/internal/faults"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// The fault suite runs with `go test ./...` (about a minute). It needs the
// PostgreSQL server binaries and redis-server; without them it fails in CI
// and is skipped elsewhere. -short skips it.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild())
	}
	code := m.Run()
	faults.RemoveTemplate()
	os.Exit(code)
}

func requireServers(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("fault injection starts private servers")
	}
	_, pgErr := faults.PostgresBin()
	_, redisErr := exec.LookPath("redis-server")
	if pgErr == nil && redisErr == nil {
		return
	}
	msg := fmt.Sprintf("fault suite needs PostgreSQL server binaries and redis-server: %v %v", pgErr, redisErr)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// logBuffer collects the app's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// count is the number of lines at level (e.g. "ERROR", "WARN").
func (l *logBuffer) count(level string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), "level="+level)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// fixture is a running MAIS with one tenant ("fault-co"), a package
// ("classic") and the tenant admin's bearer token.
type fixture struct {
	t       *testing.T
	a       *app.App
	clock   *testclock.Clock
	url     string
	logs    *logBuffer
	tenant  tenant.Tenant
	key     string
	token   string
	emailNo int
}

// baseEnv is the configuration every fixture starts from.
func baseEnv(t *testing.T) map[string]string {
	return map[string]string{
		"MAIS_DATA_DIR":         t.TempDir(),
		"MAIS_DEMO":             "false",
		"ADAPTERS_PRESET":       "mock",
		"STRIPE_WEBHOOK_SECRET": webhookSecret,
		"PUBLIC_BASE_URL":       "http://mais.test",
		"MAIS_RATE_LIMITS":      "off",
		"MAIS_DB_MAX_CONNS":     "8",
	}
}

const webhookSecret = "whsec_faults"

// newApp builds an App (not listening yet) on env over baseEnv.
func newApp(t *testing.T, env map[string]string, opts ...app.Option) (*app.App, *testclock.Clock, *logBuffer, error) {
	t.Helper()
	vars := baseEnv(t)
	for k, v := range env {
		vars[k] = v
	}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.ShutdownTimeout = 2 * time.Second
	logs := &logBuffer{}
	var out io.Writer = logs
	if os.Getenv("MAIS_TEST_LOG") != "" {
		out = io.MultiWriter(logs, os.Stderr)
	}
	clock := testclock.New(t)
	opts = append([]app.Option{app.WithClock(clock.Now)}, opts...)
	a, err := app.New(context.Background(), cfg, slog.New(slog.NewTextHandler(out, nil)), opts...)
	if err == nil {
		a.Hasher.Cost = 4
		t.Cleanup(func() { a.Shutdown(context.Background()) })
	}
	return a, clock, logs, err
}

// start builds an App, serves it on a free port and seeds the tenant.
func start(t *testing.T, env map[string]string, opts ...app.Option) *fixture {
	t.Helper()
	a, clock, logs, err := newApp(t, env, opts...)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	addr, err := a.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, a: a, clock: clock, url: "http://" + addr, logs: logs}
	f.seed()
	return f
}

func (f *fixture) seed() {
	f.t.Helper()
	f.seedData()
	f.login()
}

// seedData creates the tenant and its package in the store.
func (f *fixture) seedData() {
	f.t.Helper()
	ctx := context.Background()
	c, err := f.a.Tenants.Create(ctx, tenant.CreateInput{Slug: "fault-co", Name: "Fault Co", Email: "owner@fault.example",
		Password: "correct-horse", CommissionPercent: 10, TimeZone: "America/New_York"})
	if err != nil {
		f.t.Fatalf("create tenant: %v", err)
	}
	f.tenant, f.key = c.Tenant, c.Keys.Public
	if _, err := f.a.Store.CreatePackage(ctx, catalog.Package{TenantID: c.Tenant.ID, Slug: "classic", Name: "Classic",
		BasePriceCents: 250000, Active: true}); err != nil {
		f.t.Fatalf("create package: %v", err)
	}
}

// login gets the tenant admin's bearer token.
func (f *fixture) login() {
	f.t.Helper()
	r := f.do("POST", "/v1/admin/login", nil, `{"email":"owner@fault.example","password":"correct-horse"}`)
	var s struct{ Token string }
	if r.status != 200 || json.Unmarshal(r.body, &s) != nil {
		f.t.Fatalf("login: %d %s", r.status, r.body)
	}
	f.token = s.Token
}

// reply is one HTTP answer; status 0 means no answer (err says why).
type reply struct {
	status int
	header http.Header
	body   []byte
	took   time.Duration
	err    error
}

func (r reply) String() string {
	if r.err != nil {
		return fmt.Sprintf("no answer after %v (%v)", r.took.Round(time.Millisecond), r.err)
	}
	return fmt.Sprintf("%d in %v", r.status, r.took.Round(time.Millisecond))
}

// code is the contract error code of a JSON error answer.
func (r reply) code() string {
	var e struct{ Error string }
	json.Unmarshal(r.body, &e)
	return e.Error
}

var client = &http.Client{Timeout: 90 * time.Second}

func (f *fixture) do(method, path string, header map[string]string, body string) reply {
	return send(f.url, method, path, header, body)
}

func send(base, method, path string, header map[string]string, body string) reply {
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if body != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return reply{took: time.Since(start), err: err}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: b, took: time.Since(start)}
}

func (f *fixture) public() map[string]string { return map[string]string{"X-Tenant-Key": f.key} }

func (f *fixture) admin() map[string]string {
	return map[string]string{"Authorization": "Bearer " + f.token}
}

// date is a sellable date n days ahead on the app's clock.
func (f *fixture) date(n int) string { return f.clock.DaysAhead(f.tenant.Location(), 60+n) }

// checkout asks for a hold on the date n days ahead, each with its own
// customer (the per-customer hold cap stays out of the way).
func (f *fixture) checkout(n int) reply {
	f.emailNo++
	body := fmt.Sprintf(`{"packageId":"classic","date":"%s","customer":{"name":"Ana","email":"ana+%d-%d@example.com"}}`,
		f.date(n), n, f.emailNo)
	return f.do("POST", "/v1/bookings/checkout", f.public(), body)
}

// live counts the tenant's PENDING and PAID bookings, straight from the store.
func (f *fixture) live() int {
	f.t.Helper()
	return len(f.bookings(booking.StatusPending, booking.StatusPaid))
}

// bookings lists the tenant's bookings in the given statuses.
func (f *fixture) bookings(statuses ...booking.Status) []booking.Booking {
	f.t.Helper()
	bs, err := f.a.Store.ListBookings(context.Background(), f.tenant.ID, booking.ListFilter{Statuses: statuses, Limit: 1000})
	if err != nil {
		f.t.Fatalf("list bookings: %v", err)
	}
	return bs
}

// noDoubleBookings checks the store's own count of dates sold twice.
func (f *fixture) noDoubleBookings() {
	f.t.Helper()
	n, err := f.a.Store.CountDoubleBookings(context.Background())
	if err != nil || n != 0 {
		f.t.Errorf("double bookings: %d, %v", n, err)
	}
}

// want503 checks an outage answer: 503, Retry-After, and for JSON routes
// the UNAVAILABLE code.
func want503(t *testing.T, what string, r reply, json bool) {
	t.Helper()
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Errorf("%s: %s, Retry-After %q; want 503 with Retry-After\n%.300s", what, r, r.header.Get("Retry-After"), r.body)
		return
	}
	if json && r.code() != "UNAVAILABLE" {
		t.Errorf("%s: error %q, want UNAVAILABLE", what, r.code())
	}
}

// eventually polls cond every 50 ms for up to limit; it returns how long
// cond took to hold, or false.
func eventually(limit time.Duration, cond func() bool) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < limit {
		if cond() {
			return time.Since(start), true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return limit, cond()
}
