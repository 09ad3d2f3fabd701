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

// DefaultGoogleTimeout bounds one BusyDays call (token fetch and every page
// of events included). It is short because a visitor is waiting on the
// availability answer.
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

// Google reads busy times with the Calendar API's events list, as a
// service account. A business shares its calendar with the service
// account's e-mail address ("See only free/busy" is enough: events then
// come without their details, which are not needed).
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
	conf, err := google.JWTConfigFromJSON(key, gcal.CalendarEventsReadonlyScope)
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

// searchMargin widens the events query on both sides. Google decides
// which all-day events overlap the window by the calendar's own zone, which
// can be up to 26 hours from the tenant's; the answer is filtered by date
// afterwards, so asking for more costs nothing but a few events.
const searchMargin = 2 * 24 * time.Hour

// BusyDays implements Source with the Events list API (one event per
// occurrence, singleEvents=true), not freeBusy: freeBusy answers instants
// only, and an all-day event of a London calendar comes back as 23:00 to
// 23:00 UTC, which straddles two days in New York. Here an all-day event
// blocks exactly its dates (start date, end date exclusive, as Google
// gives them); a timed event blocks the days it touches in loc. Events
// that are free (transparent), cancelled, declined by the calendar's owner
// or working-location markers block nothing, as in freeBusy.
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

	out := make(map[string]bool, len(ds))
	for _, d := range ds {
		out[d.Format(dayLayout)] = false
	}
	var periods []period
	call := g.svc.Events.List(calendarID).Context(ctx).SingleEvents(true).ShowDeleted(false).MaxResults(2500).
		TimeMin(ds[0].Add(-searchMargin).Format(time.RFC3339)).
		TimeMax(ds[len(ds)-1].AddDate(0, 0, 1).Add(searchMargin).Format(time.RFC3339)).
		Fields("nextPageToken", "items(status,transparency,eventType,start,end,attendees(self,responseStatus))")
	err = call.Pages(ctx, func(page *gcal.Events) error {
		for _, e := range page.Items {
			if !blocks(e) {
				continue
			}
			if e.Start.Date != "" {
				if err := markDates(out, e.Start.Date, e.End.Date); err != nil {
					return err
				}
				continue
			}
			start, err1 := time.Parse(time.RFC3339, e.Start.DateTime)
			end, err2 := time.Parse(time.RFC3339, e.End.DateTime)
			if err := errors.Join(err1, err2); err != nil {
				return fmt.Errorf("event time: %w", err)
			}
			periods = append(periods, period{start: start, end: end})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("calendar: google events of %s: %w", calendarID, err)
	}
	for day, busy := range busyByDay(ds, periods) {
		out[day] = out[day] || busy
	}
	return out, nil
}

// blocks says whether an event makes its time busy.
func blocks(e *gcal.Event) bool {
	if e == nil || e.Start == nil || e.End == nil || e.Status == "cancelled" || e.Transparency == "transparent" ||
		e.EventType == "workingLocation" {
		return false
	}
	for _, a := range e.Attendees {
		if a != nil && a.Self && a.ResponseStatus == "declined" {
			return false
		}
	}
	return true
}

// markDates marks the days of out in [start, end) busy: an all-day event's
// dates, end exclusive. Days outside out are not added.
func markDates(out map[string]bool, start, end string) error {
	first, err1 := time.Parse(dayLayout, start)
	last, err2 := time.Parse(dayLayout, end)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("all-day event dates: %w", err)
	}
	if !last.After(first) {
		last = first.AddDate(0, 0, 1) // a malformed zero-length event still blocks its day
	}
	for d := first; d.Before(last); d = d.AddDate(0, 0, 1) {
		if _, ok := out[d.Format(dayLayout)]; ok {
			out[d.Format(dayLayout)] = true
		}
	}
	return nil
}
