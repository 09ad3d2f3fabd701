// Package errreport sends the server's failures (panics, 5xx answers) to
// Sentry when SENTRY_DSN is set (docs/API.md §13). A report names the
// request id, route pattern, method, status and tenant id, and the error
// with anything shaped like an e-mail address, a phone number or a card
// number masked: no customer data, no request body, query, headers or
// client address.
package errreport

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/getsentry/sentry-go"

	"mais/internal/httpx"
)

// SendTimeout bounds each delivery to Sentry: an ingest outage costs a
// lost report, never a stuck goroutine.
const SendTimeout = 5 * time.Second

// Reporter sends failures to one Sentry project.
type Reporter struct {
	client *sentry.Client
	// During an outage every request fails alike: one report per route,
	// status and error kind per RepeatWindow, the next carrying the count
	// of those left out (tag "repeated").
	mu     sync.Mutex
	recent map[string]*recentReport
	now    func() time.Time
}

// RepeatWindow is how long alike failures are reported once.
const RepeatWindow = 10 * time.Second

// maxRecent bounds the failures remembered for RepeatWindow.
const maxRecent = 1024

type recentReport struct {
	at      time.Time
	dropped int
}

// New returns a Reporter for dsn; environment and release tag every event.
func New(dsn, environment, release string) (*Reporter, error) {
	transport := sentry.NewHTTPTransport()
	transport.Timeout = SendTimeout
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn: dsn, Environment: environment, Release: release,
		Transport:  transport,
		HTTPClient: &http.Client{Timeout: SendTimeout},
		// No IP, cookies or user (the SDK's default leaves them out): we send
		// what Report builds, scrubbed, and nothing else.
		BeforeSend: scrubEvent,
	})
	if err != nil {
		return nil, fmt.Errorf("sentry: %w", err)
	}
	return &Reporter{client: client, recent: map[string]*recentReport{}, now: time.Now}, nil
}

// admit says whether a failure alike to key is reported now, and how many
// alike ones were left out since the last report.
func (r *Reporter) admit(key string) (dropped int, send bool) {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if rr, ok := r.recent[key]; ok {
		if now.Sub(rr.at) < RepeatWindow {
			rr.dropped++
			return 0, false
		}
		dropped = rr.dropped
	}
	if len(r.recent) >= maxRecent {
		clear(r.recent)
	}
	r.recent[key] = &recentReport{at: now}
	return dropped, true
}

// Report sends f unless an alike failure was sent less than RepeatWindow
// ago. It returns at once; delivery happens in the background.
func (r *Reporter) Report(f httpx.Failure) {
	kind, value := "error", fmt.Sprintf("%d answered on %s", f.Status, f.Route)
	switch {
	case f.Panic != nil:
		kind, value = "panic", fmt.Sprint(f.Panic)
	case f.Err != nil:
		kind, value = fmt.Sprintf("%T", f.Err), f.Err.Error()
	}
	// Alike: same route, status and error type (a panic: same panic value).
	alike := kind
	if f.Panic != nil {
		alike += ":" + value
	}
	dropped, send := r.admit(f.Route + "\x00" + strconv.Itoa(f.Status) + "\x00" + alike)
	if !send {
		return
	}
	ev := sentry.NewEvent()
	ev.Level = sentry.LevelError
	if f.Panic != nil {
		ev.Level = sentry.LevelFatal
	}
	ev.Transaction = f.Route
	ev.Tags = map[string]string{
		"request_id": f.RequestID, "route": f.Route, "method": f.Method, "status": strconv.Itoa(f.Status),
	}
	if f.TenantID != "" {
		ev.Tags["tenant_id"] = f.TenantID
	}
	if dropped > 0 {
		ev.Tags["repeated"] = strconv.Itoa(dropped)
	}
	ev.Message = Scrub(value)
	ex := sentry.Exception{Type: kind, Value: ev.Message}
	if f.Panic != nil {
		// Called on the panicking goroutine: the stack shows the panic.
		ex.Stacktrace = sentry.NewStacktrace()
	}
	ev.Exception = []sentry.Exception{ex}
	r.client.CaptureEvent(ev, nil, nil)
}

// Flush waits up to timeout for queued reports to be delivered (shutdown).
func (r *Reporter) Flush(timeout time.Duration) bool { return r.client.Flush(timeout) }

// scrubEvent is the last look before sending: whatever an integration
// added about the request or user goes.
func scrubEvent(ev *sentry.Event, _ *sentry.EventHint) *sentry.Event {
	ev.Request = nil
	ev.User = sentry.User{}
	ev.Breadcrumbs = nil
	ev.Message = Scrub(ev.Message)
	for i := range ev.Exception {
		ev.Exception[i].Value = Scrub(ev.Exception[i].Value)
	}
	return ev
}

var (
	emailLike = regexp.MustCompile(`[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}`)
	// Seven or more digits, possibly split by spaces, dots, dashes or
	// parentheses: phone and card numbers. Dates (2028-11-04) and ids with
	// letters stay readable.
	longNumber = regexp.MustCompile(`\+?\d[\d\s().-]{5,}\d`)
)

// Scrub masks what could be a customer's e-mail address, phone number or
// card number in an error text.
func Scrub(s string) string {
	s = emailLike.ReplaceAllString(s, "[email]")
	return longNumber.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, c := range m {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		if digits < 7 || isDate(m) {
			return m
		}
		return "[number]"
	})
}

var dateLike = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func isDate(s string) bool { return dateLike.MatchString(s) }
