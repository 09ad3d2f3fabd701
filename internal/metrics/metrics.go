// Package metrics is what MAIS tells Prometheus (docs/API.md §13): requests
// and latency per route pattern, bookings per status reached, checkout and
// webhook outcomes, the e-mail outbox, cache hits and misses, the database
// pool, Redis and the Go runtime. Each Metrics has its own registry, so
// several Apps in one test process never share or clash over a series.
package metrics

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds every series of one process.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	bookings  *prometheus.CounterVec
	checkouts *prometheus.CounterVec
	webhooks  *prometheus.CounterVec
}

// DurationBuckets are the latency buckets of mais_http_request_duration_seconds,
// in seconds: a cached read answers in well under a millisecond, a
// checkout through Stripe in hundreds.
var DurationBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// New returns the metrics of one process, with the Go runtime and process
// collectors registered.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mais_http_requests_total",
		Help: "HTTP requests answered, by route pattern, method and status code."}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mais_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern.", Buckets: DurationBuckets}, []string{"route"})
	m.bookings = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mais_bookings_total",
		Help: "Bookings that reached a status (PENDING: a hold placed; DEPOSIT_PAID; PAID; CONFLICT: paid for a date already gone; CANCELED; EXPIRED)."},
		[]string{"status"})
	m.checkouts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mais_checkouts_total",
		Help: "Checkouts by outcome: held, unavailable (date taken), too_many_holds, invalid, dependency (a dependency did not answer), error."}, []string{"outcome"})
	m.webhooks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mais_webhook_events_total",
		Help: "Payment events (Stripe webhooks of every type, mock payments) by outcome: the booking outcome, applied (account.updated), ignored, invalid or failed."}, []string{"outcome"})
	m.reg.MustRegister(m.requests, m.duration, m.bookings, m.checkouts, m.webhooks,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format. A non-empty
// token (MAIS_METRICS_TOKEN) must come as "Authorization: Bearer <token>";
// anything else is 401 and shows nothing.
func (m *Metrics) Handler(token string) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Timeout: 10 * time.Second})
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="mais-metrics"`)
			http.Error(w, "metrics need Authorization: Bearer <MAIS_METRICS_TOKEN>", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Route is the series of one registered route pattern, resolved when the
// route is registered so that a request only looks up its status code.
type Route struct {
	m        *Metrics
	route    string
	duration prometheus.Observer
	// codes caches the counters by method and status: the first request
	// of a pair resolves it, later ones read it.
	codes *codeCache
}

// Route returns the series of pattern ("GET /v1/packages/{slug}"): the
// route label is the pattern, never the request's path, so ids in paths
// make no new series.
func (m *Metrics) Route(pattern string) *Route {
	if m == nil {
		return nil
	}
	return &Route{m: m, route: pattern, duration: m.duration.WithLabelValues(pattern), codes: newCodeCache()}
}

// Done records one answered request.
func (r *Route) Done(method string, status int, elapsed time.Duration) {
	if r == nil {
		return
	}
	r.duration.Observe(elapsed.Seconds())
	r.codes.get(r, method, status).Inc()
}

// Booking counts a booking that reached status.
func (m *Metrics) Booking(status string) {
	if m != nil && status != "" {
		m.bookings.WithLabelValues(status).Inc()
	}
}

// Checkout counts a checkout's outcome.
func (m *Metrics) Checkout(outcome string) {
	if m != nil {
		m.checkouts.WithLabelValues(outcome).Inc()
	}
}

// PaymentEvent counts a payment event's outcome.
func (m *Metrics) PaymentEvent(outcome string) {
	if m != nil {
		m.webhooks.WithLabelValues(outcome).Inc()
	}
}

// statusText is the code label of a status: "200", or "0" never (a
// handler that wrote nothing answered 200).
func statusText(status int) string {
	if status == 0 {
		status = http.StatusOK
	}
	return strconv.Itoa(status)
}
