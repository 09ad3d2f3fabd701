package booking_test

import (
	"context"
	"sync/atomic"
	"testing"

	"mais/internal/booking"
	"mais/internal/cache"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

type countingWaker struct{ n atomic.Int32 }

func (w *countingWaker) Wake() { w.n.Add(1) }

// TestServiceInvalidatesAndWakesItself: the service, with no subscriber on
// its bus, drops the tenant's cached availability after a hold, a payment,
// a blackout and its deletion, and a release, and wakes the outbox when a
// payment queued e-mails. Before, both lived in a bus subscriber in
// internal/app, and a blackout or a released hold invalidated the whole
// tenant through a store decorator.
func TestServiceInvalidatesAndWakesItself(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "publish")
		ctx := context.Background()
		c := cache.NewMemory(100)
		waker := &countingWaker{}
		e.svc.Cache, e.svc.Outbox = c, waker
		catalogKey := cache.TenantKey(e.tenant.ID, "catalog")
		c.Set(ctx, catalogKey, []byte("kept"), 0)

		reason := func(date string) string {
			t.Helper()
			a, err := e.svc.DayAvailability(ctx, e.tenant, date)
			if err != nil {
				t.Fatal(err)
			}
			if a.Reason == nil {
				return ""
			}
			return *a.Reason
		}
		const date = "2026-10-10"
		if r := reason(date); r != "" { // fills the cache
			t.Fatalf("before: %q", r)
		}
		res, err := e.checkout(date, "ana@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if r := reason(date); r != booking.ReasonHeld {
			t.Fatalf("after the hold: %q, want held", r)
		}
		if _, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_pub", res.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		if r := reason(date); r != booking.ReasonBooked {
			t.Fatalf("after the payment: %q, want booked", r)
		}
		if waker.n.Load() != 1 {
			t.Fatalf("outbox woken %d times after a payment, want 1", waker.n.Load())
		}

		const other = "2026-10-11"
		if r := reason(other); r != "" {
			t.Fatalf("before the blackout: %q", r)
		}
		bo, err := e.svc.CreateBlackout(ctx, e.tenant.ID, other, "family")
		if err != nil {
			t.Fatal(err)
		}
		if r := reason(other); r != booking.ReasonBlackout {
			t.Fatalf("after the blackout: %q, want blackout", r)
		}
		if err := e.svc.DeleteBlackout(ctx, e.tenant.ID, bo.ID); err != nil {
			t.Fatal(err)
		}
		if r := reason(other); r != "" {
			t.Fatalf("after deleting the blackout: %q", r)
		}
		held, err := e.checkout(other, "bo@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if r := reason(other); r != booking.ReasonHeld {
			t.Fatalf("held: %q", r)
		}
		if _, err := e.svc.CancelHold(ctx, e.tenant.ID, held.BookingID); err != nil {
			t.Fatal(err)
		}
		if r := reason(other); r != "" {
			t.Fatalf("after the tenant released the hold: %q", r)
		}
		if v, ok := c.Get(ctx, catalogKey); !ok || string(v) != "kept" {
			t.Fatal("booking changes must leave the tenant's other cached values alone")
		}
		if waker.n.Load() != 1 {
			t.Fatalf("outbox woken %d times, want 1 (only the payment queued e-mails)", waker.n.Load())
		}
	})
}
