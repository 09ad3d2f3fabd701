package booking_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"mais/internal/booking"
	"mais/internal/notify"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// flakySender fails while down is set, then records what it sends.
type flakySender struct {
	mu   sync.Mutex
	down bool
	sent []notify.Message
}

func (f *flakySender) Send(_ context.Context, m notify.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("smtp is on fire")
	}
	f.sent = append(f.sent, m)
	return nil
}

func TestOutboxSurvivesAnOutage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "outbox")
		ctx := context.Background()
		res, err := e.checkout("2026-10-03", "couple@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_outbox", res.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		sender := &flakySender{down: true}
		o := booking.NewOutbox(s, sender, slog.New(slog.NewTextHandler(io.Discard, nil)))

		if n := o.DeliverDue(ctx); n != 0 || len(sender.sent) != 0 {
			t.Fatalf("sent %d during the outage", n)
		}
		// The booking stands whatever e-mail does.
		if b, _ := s.BookingBySession(ctx, res.SessionID); b.Status != booking.StatusPaid {
			t.Fatalf("booking status %s during e-mail outage", b.Status)
		}
		// Failed messages wait for their backoff; nothing is due right now.
		sender.down = false
		if n := o.DeliverDue(ctx); n != 0 {
			t.Fatalf("a message was retried before its backoff: %d", n)
		}
		o.Now = func() time.Time { return time.Now().Add(2 * time.Minute) } // past the first backoff (60 s)
		if n := o.DeliverDue(ctx); n != 2 {
			t.Fatalf("delivered %d after the outage, want 2 (couple and business)", n)
		}
		to := map[string]bool{}
		for _, m := range sender.sent {
			to[m.To] = true
		}
		if !to["couple@example.com"] || !to[e.tenant.Email] {
			t.Errorf("recipients: %v", to)
		}
		if n := o.DeliverDue(ctx); n != 0 {
			t.Errorf("a sent message went again: %d", n)
		}
	})
}

func TestOutboxWritesFilesWithoutPostmark(t *testing.T) {
	s := storetest.SQLite(t)
	e := newEnv(t, s, "files")
	ctx := context.Background()
	res, err := e.checkout("2026-10-04", "files@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.PayMock(ctx, res.SessionID); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := booking.NewOutbox(s, notify.NewFileSink(dir), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if n := o.DeliverDue(ctx); n != 2 {
		t.Fatalf("delivered %d, want 2", n)
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 2 {
		t.Errorf("files written: %d, want 2", len(files))
	}
}
