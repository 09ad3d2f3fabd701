package booking_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// outboxTo claims every queued message and returns those whose dedupe key
// starts with prefix.
func outboxTo(t *testing.T, s *sqlstore.Store, now time.Time, prefix string) []booking.Email {
	t.Helper()
	all, err := s.ClaimDueEmails(context.Background(), now.Add(time.Hour), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []booking.Email
	for _, m := range all {
		if strings.HasPrefix(m.DedupeKey, prefix) {
			out = append(out, m)
		}
	}
	return out
}

// TestCoupleChangesTellTheBusiness: a move or a cancellation the couple
// makes through the manage link e-mails the business (once per change, in
// the change's transaction), with the couple's words; the business's own
// changes do not write to itself. The reason and who canceled are kept on
// the booking.
func TestCoupleChangesTellTheBusiness(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		e, _ := moneyEnv(t, s, "notify")
		loc := e.tenant.Location()
		b := e.book(t, e.clock.DaysAhead(loc, 200), "sam@example.com")

		// The business moves it: no message to itself.
		if _, err := e.svc.Reschedule(ctx, e.tenant, b.ID, e.clock.DaysAhead(loc, 201), false); err != nil {
			t.Fatal(err)
		}
		if got := outboxTo(t, s, e.clock.Now(), "booking:"+b.ID+":tenant-rescheduled"); len(got) != 0 {
			t.Fatalf("the business's own move e-mailed it %d times", len(got))
		}
		// The couple moves it: the business hears of it, old and new date in words.
		if _, err := e.svc.Reschedule(ctx, e.tenant, b.ID, e.clock.DaysAhead(loc, 210), true); err != nil {
			t.Fatal(err)
		}
		moved := outboxTo(t, s, e.clock.Now(), "booking:"+b.ID+":tenant-rescheduled")
		if len(moved) != 1 {
			t.Fatalf("couple's move: %d business messages, want 1", len(moved))
		}
		if m := moved[0]; m.To != e.tenant.Email || m.ReplyTo != "sam@example.com" || !strings.Contains(m.TextBody, "moved their booking from") {
			t.Errorf("move message to %q reply-to %q:\n%s", m.To, m.ReplyTo, m.TextBody)
		}

		// The couple cancels with a reason: kept on the booking, e-mailed once.
		reason := "We are marrying abroad <after all> & thank you!"
		res, err := e.svc.CancelByCouple(ctx, e.tenant, b.ID, "  "+reason+"\n")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.BookingByID(ctx, e.tenant.ID, b.ID)
		if got.Status != booking.StatusCanceled || got.CanceledBy != booking.CanceledByCouple || got.CancelReason != reason {
			t.Fatalf("after the couple's cancel: %s by %q reason %q", got.Status, got.CanceledBy, got.CancelReason)
		}
		canceled := outboxTo(t, s, e.clock.Now(), "booking:"+b.ID+":tenant-canceled")
		if len(canceled) != 1 {
			t.Fatalf("couple's cancel: %d business messages, want 1", len(canceled))
		}
		m := canceled[0]
		if m.To != e.tenant.Email || !strings.Contains(m.TextBody, reason) || !strings.Contains(m.HTMLBody, "&lt;after all&gt; &amp; thank you!") {
			t.Errorf("cancel message to %q lacks the reason (escaped in HTML):\n%s", m.To, m.TextBody)
		}
		if res.RefundCents > 0 && !strings.Contains(m.TextBody, "refund of") {
			t.Errorf("cancel message does not say the refund of %d:\n%s", res.RefundCents, m.TextBody)
		}
		// Canceled again: refused, and no second message.
		if _, err := e.svc.CancelByCouple(ctx, e.tenant, b.ID, ""); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("second cancel: %v, want CONFLICT", err)
		}
		if n, _ := s.OutboxCount(ctx, e.tenant.ID, "booking:"+b.ID+":tenant-canceled"); n != 1 {
			t.Errorf("%d cancel messages to the business, want 1", n)
		}

		// The business cancels another booking: its note is kept, no message to itself.
		other := e.book(t, e.clock.DaysAhead(loc, 220), "kim@example.com")
		if _, err := e.svc.Cancel(ctx, e.tenant, other.ID, booking.RefundNone, "Couple asked by phone"); err != nil {
			t.Fatal(err)
		}
		got, _ = s.BookingByID(ctx, e.tenant.ID, other.ID)
		if got.CanceledBy != booking.CanceledByBusiness || got.CancelReason != "Couple asked by phone" {
			t.Errorf("business cancel kept by %q reason %q", got.CanceledBy, got.CancelReason)
		}
		if n, _ := s.OutboxCount(ctx, e.tenant.ID, "booking:"+other.ID+":tenant-canceled"); n != 0 {
			t.Errorf("the business's own cancel e-mailed it %d times", n)
		}
		// A reason that is not text, or too long, is refused before anything changes.
		third := e.book(t, e.clock.DaysAhead(loc, 230), "lee@example.com")
		for _, bad := range []string{"nul\x00byte", strings.Repeat("x", booking.MaxCancelReason+1)} {
			if _, err := e.svc.CancelByCouple(ctx, e.tenant, third.ID, bad); !apperr.Is(err, apperr.CodeValidation) {
				t.Errorf("reason of %d bytes: %v, want VALIDATION_ERROR", len(bad), err)
			}
		}
		if got, _ := s.BookingByID(ctx, e.tenant.ID, third.ID); got.Status != booking.StatusDepositPaid {
			t.Errorf("a refused cancel changed the booking: %s", got.Status)
		}
	})
}
