package booking

import (
	"context"
	"log/slog"
	"sync"
)

// Event kinds published after a booking change commits.
const (
	EventDateHeld      = "DateHeld"
	EventBookingPaid   = "BookingPaid"
	EventBookingFailed = "BookingFailed"
	EventDateReleased  = "DateReleased"
)

// Event is a domain event. Handlers run synchronously after commit and must
// be quick; anything durable (e-mail) already sits in the outbox.
type Event struct {
	Kind      string
	TenantID  string
	BookingID string
	Date      string
	SessionID string
	Reason    string
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
