package app_test

import (
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/config"
	"mais/internal/testclock"
)

// With an OTLP endpoint, each request becomes a server span named by its
// route pattern, continuing the caller's trace (traceparent), exported
// over OTLP/HTTP by shutdown at the latest.
func TestTracingExportsRouteSpans(t *testing.T) {
	var (
		mu    sync.Mutex
		spans = map[string]string{} // name → trace id (hex)
	)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/traces" {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var req coltrace.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			t.Errorf("export body: %v", err)
		}
		mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					spans[s.Name] = hex.EncodeToString(s.TraceId)
				}
			}
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
		b, _ := proto.Marshal(&coltrace.ExportTraceServiceResponse{})
		w.Write(b)
	}))
	defer collector.Close()

	vars := map[string]string{"MAIS_DATA_DIR": t.TempDir(), "MAIS_DEMO": "false", "ADAPTERS_PRESET": "mock",
		"PUBLIC_BASE_URL": "http://mais.test", "OTEL_EXPORTER_OTLP_ENDPOINT": collector.URL}
	cfg, err := config.Load(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler), app.WithClock(testclock.New(t).Now))
	if err != nil {
		t.Fatal(err)
	}
	a.Hasher.Cost = 4
	tn := apptest.NewTenant(t, a, "traced")
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	apptest.Do(t, a.Handler(), "GET", "/v1/packages/classic", map[string]string{"X-Tenant-Key": tn.Keys.Public,
		"traceparent": "00-" + traceID + "-00f067aa0ba902b7-01"}, "")
	apptest.Do(t, a.Handler(), "GET", "/health", nil, "")
	if err := a.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if spans["GET /v1/packages/{slug}"] != traceID {
		t.Errorf("spans %v: want GET /v1/packages/{slug} in trace %s", spans, traceID)
	}
	if _, ok := spans["GET /health"]; !ok {
		t.Errorf("spans %v: no GET /health", spans)
	}
}
