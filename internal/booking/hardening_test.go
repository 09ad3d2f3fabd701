package booking_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// checkoutAs starts a checkout with the given customer details and client
// address.
func (e env) checkoutAs(date, name, email, phone, addr string) (booking.CheckoutResult, error) {
	in := booking.CheckoutInput{PackageID: e.pkg.ID, Date: date, ClientAddress: addr}
	in.Customer.Name, in.Customer.Email, in.Customer.Phone = name, email, phone
	return e.svc.Checkout(context.Background(), e.tenant, in)
}

// queuedTo returns the bodies of the queued e-mails whose dedupe key names
// the booking, by dedupe key.
func queuedFor(t *testing.T, e env, bookingID string) map[string]booking.Email {
	t.Helper()
	msgs, err := e.store.ClaimDueEmails(context.Background(), e.clock.Now().Add(time.Hour), 100, time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]booking.Email{}
	for _, m := range msgs {
		if strings.HasPrefix(m.DedupeKey, "booking:"+bookingID+":") {
			out[strings.TrimPrefix(m.DedupeKey, "booking:"+bookingID+":")] = m
		}
	}
	return out
}

// TestBookingKeepsItsOwnCustomerDetails: a stranger's checkout with Maria's
// e-mail, before or after she pays, never changes her booking, the admin
// list or her e-mails (issue 10 §2).
func TestBookingKeepsItsOwnCustomerDetails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "snapshot")
		ctx := context.Background()
		maria, err := e.checkoutAs("2028-11-04", "Maria Lopez", "maria@example.com", "+1 555 0100", "198.51.100.7")
		if err != nil {
			t.Fatal(err)
		}
		// The stranger starts (and abandons) a checkout with Maria's e-mail
		// while she is paying, and another one after she paid.
		if _, err := e.checkoutAs("2028-11-05", "Mallory Stranger", "MARIA@example.com", "+1 555 0199", "203.0.113.9"); err != nil {
			t.Fatal(err)
		}
		if out, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_maria", maria.SessionID), nil); err != nil || out != booking.OutcomeBooked {
			t.Fatalf("payment: %v %v", out, err)
		}
		stranger, err := e.checkoutAs("2028-11-06", "Mallory Again", "maria@example.com", "+1 555 0666", "203.0.113.9")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CancelMock(ctx, stranger.SessionID); err != nil {
			t.Fatal(err)
		}

		b, err := s.BookingByID(ctx, e.tenant.ID, maria.BookingID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Customer.Name != "Maria Lopez" || b.Customer.Phone != "+1 555 0100" || b.Customer.Email != "maria@example.com" {
			t.Errorf("Maria's booking shows %+v", b.Customer)
		}
		list, err := s.ListBookings(ctx, e.tenant.ID, booking.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, l := range list {
			names[l.Date] = l.Customer.Name + " / " + l.Customer.Phone
		}
		want := map[string]string{"2028-11-04": "Maria Lopez / +1 555 0100", "2028-11-05": "Mallory Stranger / +1 555 0199",
			"2028-11-06": "Mallory Again / +1 555 0666"}
		for d, w := range want {
			if names[d] != w {
				t.Errorf("admin list on %s shows %q, want %q", d, names[d], w)
			}
		}
		mails := queuedFor(t, e, maria.BookingID)
		if c := mails["customer-confirmation"]; !strings.Contains(c.TextBody, "Hi Maria Lopez") || strings.Contains(c.TextBody, "Mallory") {
			t.Errorf("confirmation to Maria:\n%s", c.TextBody)
		}
		if n := mails["tenant-notice"]; !strings.Contains(n.Subject, "Maria Lopez") || !strings.Contains(n.TextBody, "+1 555 0100") ||
			strings.Contains(n.TextBody, "Mallory") {
			t.Errorf("notice to the tenant: %s\n%s", n.Subject, n.TextBody)
		}
	})
}

// TestHoldCapPerEmail: three live unpaid holds per customer e-mail and
// tenant; the fourth is TOO_MANY_REQUESTS with a Retry-After of when the
// first hold lapses. MAIS_RATE_LIMITS=off never lifts it.
func TestHoldCapPerEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "capmail")
		other := newEnv(t, s, "capother")
		e.svc.UncappedAddresses = true
		ctx := context.Background()
		var first booking.CheckoutResult
		for i, date := range []string{"2028-11-04", "2028-11-05", "2028-11-06"} {
			res, err := e.checkoutAs(date, "Sam", "sam@example.com", "", fmt.Sprintf("198.51.100.%d", i))
			if err != nil {
				t.Fatalf("hold %d: %v", i, err)
			}
			if i == 0 {
				first = res
			}
			e.clock.Advance(time.Minute)
		}
		_, err := e.checkoutAs("2028-11-07", "Sam", "Sam@Example.com", "", "198.51.100.99")
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.CodeTooManyRequests {
			t.Fatalf("fourth hold: %v, want TOO_MANY_REQUESTS", err)
		}
		if want := int(first.ExpiresAt.Sub(e.clock.Now()) / time.Second); ae.RetryAfterSeconds != want {
			t.Errorf("Retry-After = %d s, want %d s (until the first hold lapses)", ae.RetryAfterSeconds, want)
		}
		if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2028-11-07"); !a.Available {
			t.Error("the refused checkout held its date")
		}
		// The cap is per tenant.
		if _, err := other.checkoutAs("2028-11-07", "Sam", "sam@example.com", "", "198.51.100.99"); err != nil {
			t.Errorf("same e-mail at another tenant: %v", err)
		}
		// A paid hold no longer counts; nor does a lapsed one.
		if _, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_cap_paid", first.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.checkoutAs("2028-11-07", "Sam", "sam@example.com", "", "198.51.100.99"); err != nil {
			t.Fatalf("after paying one: %v", err)
		}
		if _, err := e.checkoutAs("2028-11-08", "Sam", "sam@example.com", "", "198.51.100.99"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("at the cap again: %v", err)
		}
		e.clock.Advance(31 * time.Minute)
		if _, err := e.checkoutAs("2028-11-08", "Sam", "sam@example.com", "", "198.51.100.99"); err != nil {
			t.Fatalf("after the holds lapsed: %v", err)
		}
	})
}

// TestHoldCapPerAddress: three live holds per client address, whatever
// the e-mails; lifted by UncappedAddresses (MAIS_RATE_LIMITS=off).
func TestHoldCapPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "capaddr")
		for i := 0; i < booking.MaxLiveHolds; i++ {
			if _, err := e.checkoutAs(fmt.Sprintf("2028-11-%02d", i+1), "Guest", fmt.Sprintf("g%d@example.com", i), "", "2001:db8::7"); err != nil {
				t.Fatalf("hold %d: %v", i, err)
			}
		}
		_, err := e.checkoutAs("2028-11-10", "Guest", "g9@example.com", "", "2001:db8::7")
		var capped *booking.HoldCapError
		if !errors.As(err, &capped) || capped.By != booking.CapByAddress || !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("fourth hold from one address: %v", err)
		}
		// One IPv6 subscriber line (a /64) is one address.
		if _, err := e.checkoutAs("2028-11-10", "Guest", "g9@example.com", "", "2001:db8::9:8"); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Errorf("another address of the same /64: %v, want TOO_MANY_REQUESTS", err)
		}
		if _, err := e.checkoutAs("2028-11-10", "Guest", "g9@example.com", "", "2001:db8:0:1::8"); err != nil {
			t.Errorf("another address: %v", err)
		}
		e.svc.UncappedAddresses = true
		if _, err := e.checkoutAs("2028-11-11", "Guest", "g10@example.com", "", "2001:db8::7"); err != nil {
			t.Errorf("address cap lifted: %v", err)
		}
	})
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"198.51.100.7":         "198.51.100.7",
		"::ffff:198.51.100.7":  "198.51.100.7",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2::9":      "2001:db8:1:2::/64",
		"fe80::1%eth0":         "fe80::/64",
		"":                     "",
		"not an address":       "not an address",
	} {
		if got := booking.AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHoldCapsAreExactUnderConcurrency: twenty parallel checkouts for
// twenty dates, one e-mail (then one address): exactly three win.
func TestHoldCapsAreExactUnderConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for _, by := range []string{booking.CapByEmail, booking.CapByAddress} {
			t.Run(by, func(t *testing.T) {
				e := newEnv(t, s, "capconc"+strings.ReplaceAll(by, "-", ""))
				const n = 20
				errs := raceN(n, func(i int) error {
					email, addr := "one@example.com", fmt.Sprintf("198.51.100.%d", i)
					if by == booking.CapByAddress {
						email, addr = fmt.Sprintf("c%d@example.com", i), "198.51.100.1"
					}
					_, err := e.checkoutAs(time.Date(2028, 3, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), "Racer", email, "", addr)
					return err
				})
				won, capped := tally(t, errs, apperr.CodeTooManyRequests)
				if won != booking.MaxLiveHolds || capped != n-booking.MaxLiveHolds {
					t.Fatalf("won %d, capped %d; want %d and %d", won, capped, booking.MaxLiveHolds, n-booking.MaxLiveHolds)
				}
			})
		}
	})
}

// TestLatePaymentOnBlackedOutDate: the hold lapses, the tenant blacks the
// date out before the sweeper runs, then the payment arrives: CONFLICT and
// a refund flag, never PAID on a blacked-out date (issue 10 §3). With the
// sweeper run first the answer is the same.
func TestLatePaymentOnBlackedOutDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		for _, swept := range []bool{false, true} {
			t.Run(fmt.Sprintf("swept=%v", swept), func(t *testing.T) {
				e := newEnv(t, s, fmt.Sprintf("lateblack%v", swept))
				ctx := context.Background()
				res, err := e.checkoutAs("2028-11-04", "Lena", "lena@example.com", "", "198.51.100.4")
				if err != nil {
					t.Fatal(err)
				}
				e.clock.Advance(31 * time.Minute)
				if swept {
					(&booking.Sweeper{Store: s, Bus: e.svc.Bus, Logger: e.svc.Logger, Now: e.clock.Now}).SweepOnce(ctx)
				}
				bo, err := e.svc.CreateBlackout(ctx, e.tenant.ID, "2028-11-04", "family")
				if err != nil {
					t.Fatalf("blackout of a lapsed hold's date: %v", err)
				}
				if bo.ReleasedHoldID != "" {
					t.Errorf("a lapsed hold was reported released: %s", bo.ReleasedHoldID)
				}
				out, err := e.svc.HandleStripeEvent(ctx, paidEvent(fmt.Sprintf("evt_late_black_%v", swept), res.SessionID), nil)
				if err != nil || out != booking.OutcomeConflict {
					t.Fatalf("late payment: %v %v, want conflict", out, err)
				}
				b, _ := s.BookingByID(ctx, e.tenant.ID, res.BookingID)
				if b.Status != booking.StatusConflict || !b.NeedsRefund {
					t.Errorf("booking after late payment: %s refund=%v", b.Status, b.NeedsRefund)
				}
				if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2028-11-04"); a.Reason == nil || *a.Reason != booking.ReasonBlackout {
					t.Errorf("availability after late payment: %+v", a)
				}
				mails := queuedFor(t, e, res.BookingID)
				if _, ok := mails["customer-conflict"]; !ok {
					t.Errorf("no conflict e-mail to the couple: %v", mails)
				}
				if _, ok := mails["tenant-refund"]; !ok {
					t.Errorf("no refund e-mail to the tenant: %v", mails)
				}
				if _, ok := mails["customer-confirmation"]; ok {
					t.Error("a confirmation was queued for a date that is blacked out")
				}
			})
		}
	})
}

// TestBlackoutReleasesALiveHold: blacking out a held date releases the
// hold and creates the blackout in one transaction, both audited; a paid
// date stays CONFLICT. The released hold's payment is then a refund case.
func TestBlackoutReleasesALiveHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "blackhold")
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorUser, ID: "owner-1"})
		held, err := e.checkoutAs("2028-11-04", "Hal", "hal@example.com", "", "198.51.100.5")
		if err != nil {
			t.Fatal(err)
		}
		bo, err := e.svc.CreateBlackout(ctx, e.tenant.ID, "2028-11-04", "")
		if err != nil {
			t.Fatalf("blackout of a held date: %v", err)
		}
		if bo.ReleasedHoldID != held.BookingID {
			t.Errorf("ReleasedHoldID = %q, want %q", bo.ReleasedHoldID, held.BookingID)
		}
		if b, _ := s.BookingByID(ctx, e.tenant.ID, held.BookingID); b.Status != booking.StatusCanceled {
			t.Errorf("held booking after blackout: %s", b.Status)
		}
		entries, err := s.ListAudit(ctx, e.tenant.ID, audit.Filter{Action: "booking.release"})
		if err != nil || len(entries) != 1 || entries[0].EntityID != held.BookingID || entries[0].Actor.ID != "owner-1" {
			t.Errorf("release audit: %+v %v", entries, err)
		}
		if out, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_after_blackout", held.SessionID), nil); err != nil || out != booking.OutcomeConflict {
			t.Errorf("payment of the released hold: %v %v, want conflict", out, err)
		}

		paid, err := e.checkoutAs("2028-11-05", "Pia", "pia@example.com", "", "198.51.100.6")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_paid_date", paid.SessionID), nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateBlackout(ctx, e.tenant.ID, "2028-11-05", ""); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("blackout of a paid date: %v, want CONFLICT", err)
		}
		if b, _ := s.BookingByID(ctx, e.tenant.ID, paid.BookingID); b.Status != booking.StatusPaid {
			t.Errorf("paid booking after a refused blackout: %s", b.Status)
		}
	})
}

// TestTenantReleasesAHold: CancelHold frees a held date (audited); a paid
// booking or another tenant's id cannot be released. A payment that still
// comes books the date only while it is free.
func TestTenantReleasesAHold(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "release")
		other := newEnv(t, s, "releaseother")
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorUser, ID: "owner-2"})
		held, err := e.checkoutAs("2028-11-04", "Rae", "rae@example.com", "", "198.51.100.8")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.svc.CancelHold(ctx, other.tenant.ID, held.BookingID); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("another tenant releasing it: %v, want NOT_FOUND", err)
		}
		b, err := e.svc.CancelHold(ctx, e.tenant.ID, held.BookingID)
		if err != nil || b.Status != booking.StatusCanceled {
			t.Fatalf("release: %+v %v", b.Status, err)
		}
		if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2028-11-04"); !a.Available {
			t.Errorf("date after release: %+v", a)
		}
		if _, err := e.svc.CancelHold(ctx, e.tenant.ID, held.BookingID); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("releasing twice: %v, want CONFLICT", err)
		}
		entries, _ := s.ListAudit(ctx, e.tenant.ID, audit.Filter{Action: "booking.release"})
		if len(entries) != 1 || entries[0].Actor.ID != "owner-2" {
			t.Errorf("audit: %+v", entries)
		}
		// Someone else takes the date; the released checkout's payment is a refund case.
		if _, err := e.checkoutAs("2028-11-04", "Next", "next@example.com", "", "198.51.100.9"); err != nil {
			t.Fatal(err)
		}
		if out, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_released_paid", held.SessionID), nil); err != nil || out != booking.OutcomeConflict {
			t.Errorf("payment after release and retake: %v %v, want conflict", out, err)
		}
		paid, err := e.checkoutAs("2028-11-06", "Pat", "pat@example.com", "", "198.51.100.10")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.PayMock(ctx, paid.SessionID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CancelHold(ctx, e.tenant.ID, paid.BookingID); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("releasing a paid booking: %v, want CONFLICT", err)
		}
	})
}

// TestDelayedPaymentIsMarkedAwaiting: checkout.session.completed unpaid
// marks the booking as awaiting its bank payment (the success page says
// so); a failed bank payment releases the date and e-mails the couple.
func TestDelayedPaymentIsMarkedAwaiting(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "awaiting")
		ctx := context.Background()
		res, err := e.checkoutAs("2028-11-04", "Bo", "bo@example.com", "", "198.51.100.11")
		if err != nil {
			t.Fatal(err)
		}
		ev := paidEvent("evt_unpaid_bo", res.SessionID)
		ev.Session.PaymentStatus = payment.PaymentStatusUnpaid
		if out, err := e.svc.HandleStripeEvent(ctx, ev, nil); err != nil || out != booking.OutcomeAwaiting {
			t.Fatalf("unpaid completion: %v %v", out, err)
		}
		b, _ := e.svc.SessionBooking(ctx, res.SessionID)
		if b.Status != booking.StatusPending || !b.AwaitingPayment {
			t.Fatalf("after unpaid completion: %s awaiting=%v", b.Status, b.AwaitingPayment)
		}
		fail := payment.Event{ID: "evt_failed_bo", Type: payment.EventCheckoutAsyncFailed, Session: payment.SessionObject{ID: res.SessionID}}
		if out, err := e.svc.HandleStripeEvent(ctx, fail, nil); err != nil || out != booking.OutcomeReleased {
			t.Fatalf("async failure: %v %v", out, err)
		}
		b, _ = e.svc.SessionBooking(ctx, res.SessionID)
		if b.Status != booking.StatusCanceled || b.AwaitingPayment {
			t.Errorf("after failure: %s awaiting=%v", b.Status, b.AwaitingPayment)
		}
		if m, ok := queuedFor(t, e, res.BookingID)["customer-payment-failed"]; !ok || m.To != "bo@example.com" {
			t.Errorf("payment-failed e-mail: %+v %v", m, ok)
		}
	})
}
