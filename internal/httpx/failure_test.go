package httpx_test

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"mais/internal/httpx"
)

// observed records what a route observer is told.
type observed struct {
	mu    sync.Mutex
	calls []string
}

func (o *observed) Done(method string, status int, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, method+" "+http.StatusText(status))
}

// A route's observer is told each answer under the route's pattern (a
// panic as a 500); the edge's reporter gets 5xx answers and panics with
// the request id the client saw, the pattern, the tenant the handler noted
// and the error, and hears nothing of a 4xx.
func TestRouteObserverAndFailureReport(t *testing.T) {
	obs := map[string]*observed{}
	var reports []httpx.Failure
	m := httpx.NewMux(httpx.MuxConfig{Observe: func(pattern string) httpx.RouteObserver {
		obs[pattern] = &observed{}
		return obs[pattern]
	}})
	m.Handle("GET /boom/{id}", httpx.Policy{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.NoteTenant(r.Context(), "tenant-1")
		panic("kaboom")
	}))
	m.Handle("GET /fail", httpx.Policy{}, httpx.JSON(slog.New(slog.DiscardHandler), func(w http.ResponseWriter, r *http.Request) error {
		httpx.NoteTenant(r.Context(), "tenant-2")
		return errors.New("store: disk on fire")
	}))
	m.Handle("GET /missing", httpx.Policy{}, http.NotFoundHandler())
	m.Handle("GET /ok", httpx.Policy{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	h := httpx.Edge(httpx.EdgeConfig{Report: func(f httpx.Failure) { reports = append(reports, f) }}, m)

	serve := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	boom := serve("/boom/42")
	fail := serve("/fail")
	if boom.Code != 500 || fail.Code != 500 || serve("/missing").Code != 404 || serve("/ok").Code != 200 {
		t.Fatalf("statuses: boom %d, fail %d", boom.Code, fail.Code)
	}
	for pattern, want := range map[string]string{"GET /boom/{id}": "GET Internal Server Error",
		"GET /fail": "GET Internal Server Error", "GET /missing": "GET Not Found", "GET /ok": "GET OK"} {
		if o := obs[pattern]; o == nil || len(o.calls) != 1 || o.calls[0] != want {
			t.Errorf("observer of %s: %v, want [%s]", pattern, o, want)
		}
	}
	if len(reports) != 2 {
		t.Fatalf("reports: %+v, want the panic and the 500", reports)
	}
	p, f := reports[0], reports[1]
	if p.Route != "GET /boom/{id}" || p.Status != 500 || p.Panic != "kaboom" || p.TenantID != "tenant-1" ||
		p.RequestID != boom.Header().Get("X-Request-Id") || p.Method != "GET" {
		t.Errorf("panic report: %+v", p)
	}
	if f.Route != "GET /fail" || f.Status != 500 || f.Err == nil || f.Err.Error() != "store: disk on fire" ||
		f.TenantID != "tenant-2" || f.RequestID != fail.Header().Get("X-Request-Id") || f.Panic != nil {
		t.Errorf("error report: %+v", f)
	}
}
