// Package tracing sends OpenTelemetry spans over OTLP/HTTP when an
// endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT): one span per HTTP request, named by
// its route pattern, and one per outgoing payment-provider call, joined to
// the caller's trace (W3C traceparent). Off by default, and then nothing
// wraps anything: the request path is the same as without this package.
// Each App has its own tracer provider (no global state), so several Apps
// in one process trace apart.
package tracing

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// ExportTimeout bounds each export to the collector.
const ExportTimeout = 5 * time.Second

// Tracer is one App's tracing.
type Tracer struct {
	provider *sdktrace.TracerProvider
	prop     propagation.TextMapPropagator
}

// New starts exporting spans to endpoint (a base URL such as
// http://otel-collector:4318; "/v1/traces" is added) as service
// "mais" of version.
func New(ctx context.Context, endpoint, version string) (*Tracer, error) {
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(traceURL(endpoint)), otlptracehttp.WithTimeout(ExportTimeout))
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	res := resource.NewSchemaless(semconv.ServiceName("mais"), semconv.ServiceVersion(version))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return &Tracer{provider: tp, prop: propagation.TraceContext{}}, nil
}

// traceURL is the OTLP/HTTP traces URL of a collector base URL.
func traceURL(endpoint string) string {
	endpoint = strings.TrimSuffix(endpoint, "/")
	if strings.HasSuffix(endpoint, "/v1/traces") {
		return endpoint
	}
	return endpoint + "/v1/traces"
}

// Handler wraps the whole HTTP surface: each request is a server span
// named by pattern(r), the route that serves it ("GET /v1/packages/{slug}").
func (t *Tracer) Handler(h http.Handler, pattern func(*http.Request) string) http.Handler {
	return otelhttp.NewHandler(h, "http", otelhttp.WithTracerProvider(t.provider), otelhttp.WithPropagators(t.prop),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			if p := pattern(r); p != "" {
				return p
			}
			return r.Method + " unrouted"
		}))
}

// Transport wraps an outgoing client's transport (nil: the default): each
// call is a client span, and the trace travels in its traceparent header.
func (t *Tracer) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return otelhttp.NewTransport(base, otelhttp.WithTracerProvider(t.provider), otelhttp.WithPropagators(t.prop))
}

// Shutdown sends the spans still buffered, within ctx.
func (t *Tracer) Shutdown(ctx context.Context) error { return t.provider.Shutdown(ctx) }
