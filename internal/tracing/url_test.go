package tracing

import "testing"

// A collector base URL gets "/v1/traces"; a traces URL is kept as given.
func TestTraceURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://otel:4318":            "http://otel:4318/v1/traces",
		"http://otel:4318/":           "http://otel:4318/v1/traces",
		"http://otel:4318/v1/traces":  "http://otel:4318/v1/traces",
		"http://otel:4318/v1/traces/": "http://otel:4318/v1/traces",
	} {
		if got := traceURL(in); got != want {
			t.Errorf("traceURL(%q) = %q, want %q", in, got, want)
		}
	}
}
