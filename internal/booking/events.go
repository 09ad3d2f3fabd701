package booking

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"

	"github.com/google/uuid"

	"mais/internal/cache"
)

// Event kinds published after a booking change commits.
const (
	EventDateHeld      = "DateHeld"
	EventBookingPaid   = "BookingPaid"
	EventBookingFailed = "BookingFailed"
	EventDateReleased  = "DateReleased"
	// EventDateBlackedOut: the tenant blacked out a date (and released the
	// hold on it, if BookingID is set).
	EventDateBlackedOut = "DateBlackedOut"
	// The money of a booking (docs/API.md §11). A deposit's payment is
	// EventBookingPaid with Status DEPOSIT_PAID, the balance's the same
	// with Status PAID.
	EventRescheduled = "BookingRescheduled" // Reason: "moved from YYYY-MM-DD"
	EventCanceled    = "BookingCanceled"
	EventRefunded    = "BookingRefunded"
	EventDisputed    = "BookingDisputed"
)

// Waker is the outbox worker as the service sees it: told that messages
// were just queued.
type Waker interface{ Wake() }

// publish is every booking change after its transaction commits: the
// tenant's availability (taken days, calendars, booking pages) is dropped
// from the cache, and nothing else of the tenant's (catalog, configuration,
// other pages stay cached, so booking traffic does not empty the cache); the
// outbox is woken when the change queued e-mails; then the bus tells its
// subscribers.
func (s *Service) publish(ctx context.Context, e Event) {
	invalidate(ctx, s.Cache, e.TenantID)
	if s.Outbox != nil && (e.Kind == EventBookingPaid || e.Kind == EventBookingFailed || e.Kind == EventRescheduled ||
		e.Kind == EventCanceled || e.Kind == EventRefunded) {
		s.Outbox.Wake()
	}
	s.Bus.Publish(ctx, e)
}

// invalidate drops the tenant's availability from c (nil: no cache).
func invalidate(ctx context.Context, c cache.Cache, tenantID string) {
	if c != nil && tenantID != "" {
		cache.InvalidateAvailability(ctx, c, tenantID)
	}
}

func newID() string { return uuid.NewString() }

// mustJSON encodes an audit snapshot (maps of strings and times: never fails).
func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// Event is a domain event. Handlers run synchronously after commit and must
// be quick; anything durable (e-mail) already sits in the outbox.
//
// An event about one booking (built by bookingEvent) carries what a
// subscriber needs to tell someone about it — the couple's name and
// e-mail, the frozen line items, totals and money so far — as of the
// commit, so no subscriber reads the booking again (and races a later
// change). Date is the event date (YYYY-MM-DD, tenant's zone).
type Event struct {
	Kind      string
	TenantID  string
	BookingID string
	Date      string
	SessionID string
	Reason    string
	// Status is the status the booking reached, when the event is a
	// change of one booking's status ("" otherwise: a blackout without a
	// hold, the sweeper's per-tenant notice). Metrics count bookings by it.
	Status Status

	// Set on events about one booking; empty otherwise.
	Email        string     // the couple's e-mail, as given at checkout
	CustomerName string     // the couple's name
	LineItems    []LineItem // package first, then add-ons (a copy)
	TotalCents   int64      // order total, minor units of Currency
	PaidCents    int64      // charged so far, refunds not deducted
	Currency     string     // ISO 4217, lower case
	Notes        string     // the couple's notes from the booking form
	VenueName    string     // the venue chosen or typed at checkout ("" none)
}

// bookingEvent is an event of kind about b, filled from b as committed.
func bookingEvent(kind string, b Booking) Event {
	return Event{Kind: kind, TenantID: b.TenantID, BookingID: b.ID, Date: b.Date, Status: b.Status,
		Email: b.Customer.Email, CustomerName: b.Customer.Name, LineItems: append([]LineItem(nil), b.LineItems...),
		TotalCents: b.TotalCents, PaidCents: b.PaidCents, Currency: b.Currency, Notes: b.Notes, VenueName: b.VenueName}
}

// Bus is an in-process publish/subscribe of domain events.
type Bus struct {
	mu       sync.RWMutex
	handlers []func(context.Context, Event)
	logger   *slog.Logger
}

// NewBus returns an empty bus.
func NewBus(logger *slog.Logger) *Bus { return &Bus{logger: logger} }

// Subscribe adds a handler for every event.
func (b *Bus) Subscribe(h func(context.Context, Event)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.handlers = append(b.handlers, h)
}

// Publish runs every handler; a panicking handler is logged, not fatal.
func (b *Bus) Publish(ctx context.Context, e Event) {
	if b == nil {
		return
	}
	b.mu.RLock()
	hs := b.handlers
	b.mu.RUnlock()
	for _, h := range hs {
		func() {
			defer func() {
				if v := recover(); v != nil && b.logger != nil {
					b.logger.Error("event handler panicked", "event", e.Kind, "panic", v)
				}
			}()
			h(ctx, e)
		}()
	}
}
