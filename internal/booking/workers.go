package booking

import (
	"context"
	"log/slog"
	"time"

	"mais/internal/cache"
	"mais/internal/notify"
)

// Sweeper expires lapsed holds, for sessions whose expiry event never came.
type Sweeper struct {
	Store Store
	Bus   *Bus
	// Cache loses the availability of every tenant a sweep touched (nil: none).
	Cache    cache.Cache
	Logger   *slog.Logger
	Interval time.Duration
	Now      func() time.Time
}

// Run sweeps every Interval until ctx ends.
func (w *Sweeper) Run(ctx context.Context) {
	interval := w.Interval
	if interval <= 0 {
		interval = 30 * time.Second
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		w.SweepOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SweepOnce runs one sweep.
func (w *Sweeper) SweepOnce(ctx context.Context) {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	tenants, err := SweepHolds(ctx, w.Store, now())
	if err != nil {
		if ctx.Err() == nil {
			w.Logger.WarnContext(ctx, "sweep expired holds", "err", err)
		}
		return
	}
	for _, t := range tenants {
		invalidate(ctx, w.Cache, t)
		w.Bus.Publish(ctx, Event{Kind: EventDateReleased, TenantID: t})
	}
}

// Outbox sends queued e-mails with retries and backoff. Several processes
// may run it: a claimed message is leased to one of them.
type Outbox struct {
	Store    Store
	Sender   notify.Sender
	Logger   *slog.Logger
	Interval time.Duration
	// MaxAttempts before a message is marked failed for good (default 8).
	MaxAttempts int
	// Gather is how long a wake-up waits for more messages (default 50 ms).
	Gather time.Duration
	// Now is the clock (tests move it past a backoff).
	Now  func() time.Time
	wake chan struct{}
}

// NewOutbox returns an outbox worker.
func NewOutbox(store Store, sender notify.Sender, logger *slog.Logger) *Outbox {
	return &Outbox{Store: store, Sender: sender, Logger: logger, Interval: 5 * time.Second, MaxAttempts: 8, Gather: 50 * time.Millisecond, Now: time.Now, wake: make(chan struct{}, 1)}
}

// Wake asks the worker to look for due messages now (after a booking).
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (o *Outbox) Run(ctx context.Context) {
	tick := time.NewTicker(o.Interval)
	defer tick.Stop()
	for {
		o.DeliverDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-o.wake:
			// Let bookings that land together go out in one batch.
			select {
			case <-ctx.Done():
				return
			case <-time.After(o.Gather):
			}
		}
	}
}

// emailLease is how long a claimed batch stays this worker's: long enough
// to send 20 messages and to record them through a short store outage.
const emailLease = 10 * time.Minute

// markSent records delivered messages, retrying with back-off until the
// store takes it or until (on the outbox clock) the lease is about to end.
func (o *Outbox) markSent(ctx context.Context, ids []string, until time.Time) {
	delay := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := o.Store.MarkEmailsSent(context.WithoutCancel(ctx), ids, o.Now().UTC())
		if err == nil {
			if attempt > 1 {
				o.Logger.InfoContext(ctx, "e-mails recorded as sent after a store outage", "count", len(ids), "attempts", attempt)
			}
			return
		}
		if attempt == 1 || attempt%20 == 0 {
			o.Logger.WarnContext(ctx, "mark e-mails sent; retrying while the lease lasts", "count", len(ids), "attempt", attempt, "err", err)
		}
		if !o.Now().Before(until) {
			o.Logger.ErrorContext(ctx, "e-mails sent but not recorded; they may go again", "ids", ids, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			o.Logger.ErrorContext(ctx, "stopping with e-mails sent but not recorded; they may go again", "ids", ids, "err", err)
			return
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// outgoing is a queued message as a sender takes it. Messages queued
// before they had a tag go as "booking".
func outgoing(m Email) notify.Message {
	tag := m.Tag
	if tag == "" {
		tag = "booking"
	}
	return notify.Message{ID: m.ID, To: m.To, Subject: m.Subject, TextBody: m.TextBody, HTMLBody: m.HTMLBody, Tag: tag,
		FromName: m.FromName, ReplyTo: m.ReplyTo, Attachments: m.Attachments}
}

// DeliverDue sends every message that is due; it returns how many were sent.
func (o *Outbox) DeliverDue(ctx context.Context) int {
	sent := 0
	for ctx.Err() == nil {
		now := o.Now().UTC()
		batch, err := o.Store.ClaimDueEmails(ctx, now, 20, emailLease)
		if err != nil {
			if ctx.Err() == nil {
				o.Logger.WarnContext(ctx, "claim e-mails", "err", err)
			}
			return sent
		}
		if len(batch) == 0 {
			return sent
		}
		var delivered []string
		for _, m := range batch {
			sendCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
			err := o.Sender.Send(sendCtx, outgoing(m))
			cancel()
			if err == nil {
				delivered = append(delivered, m.ID)
				continue
			}
			attempts := m.Attempts + 1
			permanent := notify.IsPermanent(err) || attempts >= o.MaxAttempts
			backoff := time.Duration(1<<min(attempts, 10)) * 30 * time.Second
			o.Logger.WarnContext(ctx, "send e-mail", "id", m.ID, "attempt", attempts, "permanent", permanent, "err", err)
			if merr := o.Store.MarkEmailFailed(ctx, m.ID, err.Error(), o.Now().UTC().Add(backoff), permanent); merr != nil {
				o.Logger.WarnContext(ctx, "mark e-mail failed", "id", m.ID, "err", merr)
			}
		}
		// One write for the batch. The messages went out: should the store
		// fail now, keep trying while the lease keeps them ours, so that a
		// store outage mid-send does not send them twice. Only a process
		// that dies holding them lets the lease run out and a second copy go
		// (Postmark has no idempotency key): e-mail is at least once.
		if len(delivered) > 0 {
			o.markSent(ctx, delivered, now.Add(emailLease-time.Minute))
			sent += len(delivered)
		}
	}
	return sent
}
