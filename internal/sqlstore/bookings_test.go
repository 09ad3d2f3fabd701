package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// The booking.Store conformance suite: the contracts of the row operations
// the booking rules run on, on SQLite and PostgreSQL. The rules themselves
// are tested in internal/booking.

var bookingNow = time.Date(2028, 6, 1, 15, 0, 0, 0, time.UTC)

// newHold is a PENDING booking of tenantID on date by email, whose hold
// lasts 30 minutes from bookingNow.
func newHold(id, tenantID, date, email, session string) booking.Booking {
	return booking.Booking{ID: id, TenantID: tenantID, Date: date, PackageID: "p1",
		Customer:  booking.Customer{Name: "Ana " + id, Email: email, Phone: "+1 555 0100"},
		LineItems: []booking.LineItem{{Kind: "package", ID: "p1", Name: "Classic", AmountCents: 10000}}, AddOnIDs: []string{},
		TotalCents: 10000, Currency: "usd", HoldExpiresAt: bookingNow.Add(30 * time.Minute), CheckoutSessionID: session,
		ClientAddress: "198.51.100.7", CreatedAt: bookingNow, UpdatedAt: bookingNow}
}

// inDate runs fn under the date lock and fails the test on an error.
func inDate(t *testing.T, s *sqlstore.Store, tenantID, date string, fn func(tx booking.Tx) error) {
	t.Helper()
	if err := s.WithDateLock(context.Background(), tenantID, date, fn); err != nil {
		t.Fatal(err)
	}
}

func TestBookingStoreHoldRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := mustTenant(t, s, "alpha"), mustTenant(t, s, "beta")
		const date = "2028-11-04"

		// fn's error rolls everything back and comes back as is.
		boom := errors.New("boom")
		err := s.WithDateLock(ctx, a.ID, date, func(tx booking.Tx) error {
			if _, err := tx.InsertHold(ctx, newHold("h0", a.ID, date, "ana@example.com", "")); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("fn error: got %v", err)
		}
		if _, err := s.BookingByID(ctx, a.ID, "h0"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("rolled-back hold still there: %v", err)
		}

		// InsertHold stores a PENDING booking with a customer; LiveBooking finds it.
		inDate(t, s, a.ID, date, func(tx booking.Tx) error {
			if _, ok, err := tx.LiveBooking(ctx, a.ID, date); err != nil || ok {
				t.Fatalf("empty date: ok=%v err=%v", ok, err)
			}
			h, err := tx.InsertHold(ctx, newHold("h1", a.ID, date, "ana@example.com", "cs_1"))
			if err != nil {
				return err
			}
			if h.Customer.ID == "" {
				t.Error("InsertHold must return the customer id")
			}
			live, ok, err := tx.LiveBooking(ctx, a.ID, date)
			if err != nil || !ok || live.ID != "h1" || live.Status != booking.StatusPending {
				t.Fatalf("live booking: %+v ok=%v err=%v", live, ok, err)
			}
			if _, ok, _ := tx.LiveBooking(ctx, b.ID, date); ok {
				t.Error("another tenant's date must be empty")
			}
			return nil
		})
		// A second live booking on the date is refused by the store's own guard.
		err = s.WithDateLock(ctx, a.ID, date, func(tx booking.Tx) error {
			_, err := tx.InsertHold(ctx, newHold("h2", a.ID, date, "bo@example.com", ""))
			return err
		})
		if !errors.Is(err, booking.ErrDateOccupied) {
			t.Fatalf("second live booking: %v, want ErrDateOccupied", err)
		}
		// The same e-mail keeps its first customer: a later checkout never rewrites it.
		inDate(t, s, a.ID, "2028-11-05", func(tx booking.Tx) error {
			h := newHold("h3", a.ID, "2028-11-05", "ana@example.com", "")
			h.Customer.Name = "Mallory"
			_, err := tx.InsertHold(ctx, h)
			return err
		})
		h1, _ := s.BookingByID(ctx, a.ID, "h1")
		h3, err := s.BookingByID(ctx, a.ID, "h3")
		if err != nil || h3.Customer.ID != h1.Customer.ID || h3.Customer.Name != "Mallory" || h1.Customer.Name != "Ana h1" {
			t.Fatalf("customer: h1 %+v h3 %+v %v", h1.Customer, h3.Customer, err)
		}

		// Reads are tenant-scoped, inside and outside a transaction.
		if _, err := s.BookingByID(ctx, b.ID, "h1"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("other tenant's booking: %v", err)
		}
		err = s.WithDateLock(ctx, b.ID, date, func(tx booking.Tx) error {
			_, err := tx.BookingByID(ctx, b.ID, "h1")
			return err
		})
		if !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("other tenant's booking in a tx: %v", err)
		}
		got, err := s.BookingBySession(ctx, "cs_1")
		if err != nil || got.ID != "h1" {
			t.Fatalf("by session: %+v %v", got, err)
		}

		// UpdateBooking writes the lifecycle columns, only from the status read.
		paid := bookingNow.Add(time.Minute)
		inDate(t, s, a.ID, date, func(tx booking.Tx) error {
			h, err := tx.BookingBySession(ctx, "cs_1")
			if err != nil {
				return err
			}
			h.Status, h.PaidAt, h.NeedsRefund, h.UpdatedAt = booking.StatusConflict, &paid, true, paid
			if err := tx.UpdateBooking(ctx, h, booking.StatusPaid); !errors.Is(err, booking.ErrStale) {
				t.Errorf("update from a status the row is not in: %v, want ErrStale", err)
			}
			return tx.UpdateBooking(ctx, h, booking.StatusPending)
		})
		got, _ = s.BookingByID(ctx, a.ID, "h1")
		if got.Status != booking.StatusConflict || !got.NeedsRefund || got.PaidAt == nil || !got.PaidAt.Equal(paid) {
			t.Fatalf("after update: %+v", got)
		}
		if _, ok, _ := liveOn(s, a.ID, date); ok {
			t.Error("a CONFLICT booking is not live")
		}
	})
}

// liveOn reads the live booking of a date in its own transaction.
func liveOn(s *sqlstore.Store, tenantID, date string) (b booking.Booking, ok bool, err error) {
	err = s.WithDateLock(context.Background(), tenantID, date, func(tx booking.Tx) error {
		b, ok, err = tx.LiveBooking(context.Background(), tenantID, date)
		return err
	})
	return b, ok, err
}

func TestBookingStoreHoldCapsAndSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := mustTenant(t, s, "alpha")
		for i, date := range []string{"2028-11-01", "2028-11-02", "2028-11-03"} {
			h := newHold("c"+date, a.ID, date, "ana@example.com", "cs_"+date)
			h.HoldExpiresAt = bookingNow.Add(time.Duration(30-10*i) * time.Minute)
			if i == 2 {
				h.HoldExpiresAt = bookingNow.Add(-time.Minute) // lapsed: not counted
			}
			inDate(t, s, a.ID, date, func(tx booking.Tx) error { _, err := tx.InsertHold(ctx, h); return err })
		}
		inDate(t, s, a.ID, "2028-12-01", func(tx booking.Tx) error {
			until, err := tx.LiveHoldExpiries(ctx, a.ID, booking.CapByEmail, "ana@example.com", bookingNow, 5)
			if err != nil {
				return err
			}
			if len(until) != 2 || !until[0].Equal(bookingNow.Add(20*time.Minute)) || !until[1].Equal(bookingNow.Add(30*time.Minute)) {
				t.Errorf("by e-mail: %v, want the two live expiries, earliest first", until)
			}
			if until, _ := tx.LiveHoldExpiries(ctx, a.ID, booking.CapByAddress, "198.51.100.7", bookingNow, 1); len(until) != 1 {
				t.Errorf("by address, limit 1: %v", until)
			}
			if until, _ := tx.LiveHoldExpiries(ctx, a.ID, booking.CapByEmail, "bo@example.com", bookingNow, 5); len(until) != 0 {
				t.Errorf("another e-mail: %v", until)
			}
			if _, err := tx.LiveHoldExpiries(ctx, a.ID, "phone", "x", bookingNow, 5); err == nil {
				t.Error("an unknown cap must be refused")
			}
			return nil
		})
		// A hold without a session, created long ago, is swept as CANCELED;
		// a lapsed one as EXPIRED; a live one stays.
		inDate(t, s, a.ID, "2028-11-09", func(tx booking.Tx) error {
			h := newHold("nosession", a.ID, "2028-11-09", "cy@example.com", "")
			h.CreatedAt = bookingNow.Add(-time.Hour)
			_, err := tx.InsertHold(ctx, h)
			return err
		})
		tenants, err := s.SweepHolds(ctx, bookingNow, bookingNow.Add(-2*time.Minute))
		if err != nil || len(tenants) != 1 || tenants[0] != a.ID {
			t.Fatalf("sweep: %v %v", tenants, err)
		}
		for id, want := range map[string]booking.Status{"c2028-11-03": booking.StatusExpired, "nosession": booking.StatusCanceled, "c2028-11-01": booking.StatusPending} {
			if b, _ := s.BookingByID(ctx, a.ID, id); b.Status != want {
				t.Errorf("%s after sweep: %s, want %s", id, b.Status, want)
			}
		}
		days, err := s.TakenDays(ctx, a.ID, "2028-11-01", "2028-11-30")
		if err != nil || len(days) != 2 || days[0].Reason != booking.ReasonHeld || days[0].HeldUntil.IsZero() {
			t.Fatalf("taken days: %+v %v", days, err)
		}
	})
}

func TestBookingStoreBlackoutRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a, b := mustTenant(t, s, "alpha"), mustTenant(t, s, "beta")
		const date = "2028-11-04"
		bo := booking.Blackout{ID: "bo1", TenantID: a.ID, Date: date, Reason: "family", CreatedAt: bookingNow}
		inDate(t, s, a.ID, date, func(tx booking.Tx) error {
			if has, err := tx.HasBlackout(ctx, a.ID, date); err != nil || has {
				t.Fatalf("before: %v %v", has, err)
			}
			if err := tx.InsertBlackout(ctx, bo); err != nil {
				return err
			}
			if has, _ := tx.HasBlackout(ctx, a.ID, date); !has {
				t.Error("HasBlackout after insert")
			}
			if has, _ := tx.HasBlackout(ctx, b.ID, date); has {
				t.Error("another tenant's date is not blacked out")
			}
			return tx.Audit(ctx, audit.Entry{TenantID: a.ID, At: bookingNow, Action: audit.ActionBlackoutCreate, Entity: audit.EntityBlackout, EntityID: bo.ID, After: []byte(`{}`)})
		})
		err := s.WithDateLock(ctx, a.ID, date, func(tx booking.Tx) error {
			return tx.InsertBlackout(ctx, booking.Blackout{ID: "bo2", TenantID: a.ID, Date: date, CreatedAt: bookingNow})
		})
		if !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("second blackout of a date: %v, want CONFLICT", err)
		}
		got, err := s.BlackoutByID(ctx, a.ID, "bo1")
		if err != nil || got.Date != date || got.Reason != "family" {
			t.Fatalf("by id: %+v %v", got, err)
		}
		if _, err := s.BlackoutByID(ctx, b.ID, "bo1"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("another tenant's blackout: %v", err)
		}
		if list, err := s.ListBlackouts(ctx, a.ID, "2028-11-01", ""); err != nil || len(list) != 1 {
			t.Fatalf("list, open end: %v %v", list, err)
		}
		if list, _ := s.ListBlackouts(ctx, a.ID, "2028-11-05", "2028-12-01"); len(list) != 0 {
			t.Fatalf("list outside: %v", list)
		}
		if entries, _ := s.ListAudit(ctx, a.ID, audit.Filter{Action: audit.ActionBlackoutCreate}); len(entries) != 1 {
			t.Fatalf("audit in the transaction: %v", entries)
		}
		err = s.WithDateLock(ctx, b.ID, date, func(tx booking.Tx) error { return tx.DeleteBlackout(ctx, b.ID, "bo1") })
		if !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("delete another tenant's blackout: %v", err)
		}
		inDate(t, s, a.ID, date, func(tx booking.Tx) error { return tx.DeleteBlackout(ctx, a.ID, "bo1") })
		if _, err := s.BlackoutByID(ctx, a.ID, "bo1"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("after delete: %v", err)
		}
	})
}

func TestBookingStoreEventsAndOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		a := mustTenant(t, s, "alpha")
		const date = "2028-11-04"
		inDate(t, s, a.ID, date, func(tx booking.Tx) error {
			_, err := tx.InsertHold(ctx, newHold("h1", a.ID, date, "ana@example.com", "cs_1"))
			return err
		})
		if _, _, err := s.RecordSessionEvent(ctx, "cs_unknown", "evt_0", "checkout.session.completed", nil); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("event of a session not ours: %v", err)
		}
		ref, processed, err := s.RecordSessionEvent(ctx, "cs_1", "evt_1", "checkout.session.completed", []byte(`{}`))
		if err != nil || processed || ref.TenantID != a.ID || ref.Date != date {
			t.Fatalf("record: %+v %v %v", ref, processed, err)
		}
		// A claim rolled back leaves the event to claim again.
		boom := errors.New("boom")
		err = s.WithDateLock(ctx, a.ID, date, func(tx booking.Tx) error {
			if ok, err := tx.ClaimEvent(ctx, a.ID, "evt_1", bookingNow); err != nil || !ok {
				t.Fatalf("first claim: %v %v", ok, err)
			}
			return boom
		})
		if err != boom {
			t.Fatal(err)
		}
		msg := booking.Email{TenantID: a.ID, DedupeKey: "booking:h1:customer-confirmation", To: "ana@example.com", Subject: "Booked", TextBody: "Yes"}
		inDate(t, s, a.ID, date, func(tx booking.Tx) error {
			if ok, err := tx.ClaimEvent(ctx, a.ID, "evt_1", bookingNow); err != nil || !ok {
				t.Fatalf("claim after a rollback: %v %v", ok, err)
			}
			if ok, err := tx.ClaimEvent(ctx, a.ID, "evt_1", bookingNow); err != nil || ok {
				t.Fatalf("second claim: %v %v, want false", ok, err)
			}
			if err := tx.EnqueueEmails(ctx, []booking.Email{msg}, bookingNow); err != nil {
				return err
			}
			return tx.EnqueueEmails(ctx, []booking.Email{msg, {TenantID: a.ID, DedupeKey: "booking:h1:tenant-notice", To: "owner@example.com"}}, bookingNow)
		})
		if _, processed, err := s.RecordSessionEvent(ctx, "cs_1", "evt_1", "checkout.session.completed", nil); err != nil || !processed {
			t.Fatalf("a claimed event is processed: %v %v", processed, err)
		}
		if n, err := s.OutboxCount(ctx, a.ID, "booking:h1:"); err != nil || n != 2 {
			t.Fatalf("outbox: %d %v, want 2 (one per dedupe key)", n, err)
		}
		due, err := s.ClaimDueEmails(ctx, bookingNow, 10, time.Minute)
		if err != nil || len(due) != 2 {
			t.Fatalf("due: %v %v", due, err)
		}
		if again, _ := s.ClaimDueEmails(ctx, bookingNow, 10, time.Minute); len(again) != 0 {
			t.Fatalf("leased messages are not due again: %v", again)
		}
	})
}
