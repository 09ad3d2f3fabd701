package app

import (
	"context"
	"log/slog"
	"time"

	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/errreport"
	"mais/internal/httpx"
	"mais/internal/metrics"
)

// buildOps wires what operators see (docs/API.md §13): the metrics of the
// process, error reports to Sentry when SENTRY_DSN is set, and one log
// line per booking change. It runs after the booking engine is built.
func (a *App) buildOps() error {
	a.Metrics = metrics.New()
	st := a.Store
	state := metrics.State{
		Outbox:  st.OutboxBacklog,
		Pools:   st.PoolStats,
		StoreUp: func(ctx context.Context) bool { return st.Ping(ctx) == nil },
		Cache: func(context.Context) (int64, int64) {
			hits, misses, _ := cache.Counts(a.Cache)
			return hits, misses
		},
		Now: a.Now,
	}
	if a.Config.RedisURL != "" {
		state.Redis = func(ctx context.Context) bool { return cache.Status(ctx, a.Cache) == cache.StatusOK }
	}
	a.Metrics.Observe(state)
	a.Booking.Observer = a.Metrics
	a.Bus.Subscribe(a.onBookingEvent)
	if a.Config.SentryDSN != "" {
		r, err := errreport.New(a.Config.SentryDSN, a.Config.Env, Version)
		if err != nil {
			return err
		}
		a.reporter = r
	}
	return nil
}

// Version is the release reported with errors; cmd/mais sets it.
var Version = "dev"

// observeRoute gives each registered route pattern its series.
func (a *App) observeRoute(pattern string) httpx.RouteObserver { return a.Metrics.Route(pattern) }

// reportFailure sends a 5xx answer or a panic to Sentry, when configured.
func (a *App) reportFailure(f httpx.Failure) {
	if a.reporter != nil {
		a.reporter.Report(f)
	}
}

// flushReports gives queued error reports a moment to leave at shutdown.
func (a *App) flushReports() {
	if a.reporter != nil {
		a.reporter.Flush(2 * time.Second)
	}
}

// bookingLines are the log messages of booking events; an event not
// listed (the sweeper's per-tenant notice) writes no line of its own.
var bookingLines = map[string]string{
	booking.EventDateHeld:       "hold placed",
	booking.EventBookingPaid:    "booking paid",
	booking.EventDateReleased:   "hold released",
	booking.EventDateBlackedOut: "date blacked out",
	booking.EventRescheduled:    "booking moved",
	booking.EventCanceled:       "booking canceled",
	booking.EventRefunded:       "refund recorded",
	booking.EventDisputed:       "payment disputed",
}

// statusChanges are the events whose Status is one the booking just
// reached; the others (a move, a refund, a dispute) carry the status it
// keeps, which must not be counted again.
var statusChanges = map[string]bool{
	booking.EventDateHeld: true, booking.EventBookingPaid: true, booking.EventBookingFailed: true,
	booking.EventDateReleased: true, booking.EventDateBlackedOut: true, booking.EventCanceled: true,
}

// onBookingEvent counts a booking's new status and writes the one log
// line of the change: tenant, booking, date, status (the request id comes
// from ctx through the logger). Nothing about the customer is logged.
func (a *App) onBookingEvent(ctx context.Context, e booking.Event) {
	if statusChanges[e.Kind] {
		a.Metrics.Booking(string(e.Status))
	}
	msg, level := bookingLines[e.Kind], slog.LevelInfo
	switch {
	case e.Kind == booking.EventBookingFailed && e.Status == booking.StatusConflict:
		msg, level = "paid booking lost its date: refund owed", slog.LevelWarn
	case e.Kind == booking.EventBookingFailed:
		msg = "payment failed"
	case e.Kind == booking.EventDisputed:
		level = slog.LevelWarn
	case e.Kind == booking.EventDateReleased && e.BookingID == "":
		if e.Date == "" {
			return // the sweeper's per-tenant notice: no booking, no date
		}
		msg = "date sellable again" // a blackout deleted
	}
	if msg == "" {
		return
	}
	a.Logger.Log(ctx, level, msg, "event", e.Kind, "tenant", e.TenantID, "booking", e.BookingID, "date", e.Date,
		"status", string(e.Status), "reason", e.Reason)
}
