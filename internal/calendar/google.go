package calendar

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"
)

// DefaultGoogleTimeout bounds one freeBusy call, token fetch included. It is
// short because a visitor is waiting on the availability answer.
const DefaultGoogleTimeout = 3 * time.Second

// Option tunes NewGoogle.
type Option func(*googleOptions)

type googleOptions struct {
	endpoint string
	timeout  time.Duration
}

// WithEndpoint replaces the Calendar API base URL
// (https://www.googleapis.com/calendar/v3/), for tests.
func WithEndpoint(url string) Option {
	return func(o *googleOptions) { o.endpoint = url }
}

// WithTimeout sets the per-call timeout; zero or less keeps the default.
func WithTimeout(d time.Duration) Option {
	return func(o *googleOptions) {
		if d > 0 {
			o.timeout = d
		}
	}
}

// Google reads busy times with the Calendar API's freeBusy query, as a
// service account. A business shares its calendar (free/busy is enough)
// with the service account's e-mail address.
type Google struct {
	svc     *gcal.Service
	timeout time.Duration
}

// NewGoogle builds the adapter from a base64-encoded service-account key
// (GOOGLE_SERVICE_ACCOUNT_JSON_BASE64). Tokens are fetched from the key's
// token_uri. ctx is used only while building; it may be cancelled afterwards.
func NewGoogle(ctx context.Context, serviceAccountJSONBase64 string, opts ...Option) (*Google, error) {
	o := googleOptions{timeout: DefaultGoogleTimeout}
	for _, opt := range opts {
		opt(&o)
	}

	key, err := decodeBase64(serviceAccountJSONBase64)
	if err != nil {
		return nil, fmt.Errorf("calendar: service account key is not base64: %w", err)
	}
	conf, err := google.JWTConfigFromJSON(key, gcal.CalendarFreebusyScope)
	if err != nil {
		return nil, fmt.Errorf("calendar: service account key: %w", err)
	}

	// The token source keeps this context for every later token fetch, so it
	// must outlive ctx, and its HTTP client needs a timeout of its own:
	// request contexts do not reach token fetches.
	tokenCtx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient, &http.Client{Timeout: o.timeout})
	client := oauth2.NewClient(tokenCtx, conf.TokenSource(tokenCtx))
	client.Timeout = o.timeout

	copts := []option.ClientOption{option.WithHTTPClient(client)}
	if o.endpoint != "" {
		copts = append(copts, option.WithEndpoint(o.endpoint))
	}
	svc, err := gcal.NewService(ctx, copts...)
	if err != nil {
		return nil, fmt.Errorf("calendar: google client: %w", err)
	}
	return &Google{svc: svc, timeout: o.timeout}, nil
}

// decodeBase64 accepts the key with or without padding, since operators
// paste it from different tools.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty")
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}

// BusyDays implements Source.
func (g *Google) BusyDays(ctx context.Context, calendarID string, from, to string, loc *time.Location) (map[string]bool, error) {
	ds, err := days(from, to, loc)
	if err != nil {
		return nil, err
	}
	if calendarID == "" {
		return nil, errors.New("calendar: empty calendar id")
	}
	ctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()

	req := &gcal.FreeBusyRequest{
		TimeMin: ds[0].Format(time.RFC3339),
		TimeMax: ds[len(ds)-1].AddDate(0, 0, 1).Format(time.RFC3339),
		Items:   []*gcal.FreeBusyRequestItem{{Id: calendarID}},
	}
	resp, err := g.svc.Freebusy.Query(req).Context(ctx).Do()
	if err != nil {
		return nil, fmt.Errorf("calendar: google freeBusy for %s: %w", calendarID, err)
	}
	cal, ok := resp.Calendars[calendarID]
	if !ok {
		return nil, fmt.Errorf("calendar: google freeBusy answer lacks calendar %s", calendarID)
	}
	// Per-calendar errors (notFound when the calendar is not shared with the
	// service account) come with a 200 and no busy times: not "free".
	if len(cal.Errors) > 0 {
		reasons := make([]string, 0, len(cal.Errors))
		for _, e := range cal.Errors {
			reasons = append(reasons, e.Domain+"/"+e.Reason)
		}
		return nil, fmt.Errorf("calendar: google freeBusy for %s: %s", calendarID, strings.Join(reasons, ", "))
	}

	periods := make([]period, 0, len(cal.Busy))
	for _, b := range cal.Busy {
		start, err1 := time.Parse(time.RFC3339, b.Start)
		end, err2 := time.Parse(time.RFC3339, b.End)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("calendar: google freeBusy busy period: %w", err)
		}
		periods = append(periods, period{start: start, end: end})
	}
	return busyByDay(ds, periods), nil
}
