package booking_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// moneyEnv is env with a deposit policy, a manage key and a refunding
// provider that, like Stripe, answers a repeated idempotency key with the
// refund it made for it.
func moneyEnv(t testing.TB, s *sqlstore.Store, slug string) (env, *keyedRefunder) {
	t.Helper()
	e := newEnv(t, s, slug)
	pct, days := 25, 30
	free, cutoff := 90, 30
	st, err := e.tenant.Settings(), error(nil)
	if st, err = (tenant.SettingsPatch{DepositPercent: &pct, BalanceDueDays: &days, RescheduleCutoffDays: &cutoff,
		Cancellation: &tenant.PolicyPatch{FreeCancellationDays: &free}}).Apply(st); err != nil {
		t.Fatal(err)
	}
	if e.tenant, err = s.UpdateTenantSettings(context.Background(), e.tenant.ID, st); err != nil {
		t.Fatal(err)
	}
	r := &keyedRefunder{Mock: payment.NewMock("http://mais.test"), made: map[string]int64{}}
	e.svc.Payments = r
	e.svc.ManageKey = booking.ManageKey([]byte("a test secret of at least thirty-two bytes"))
	return e, r
}

type keyedRefunder struct {
	*payment.Mock
	mu   sync.Mutex
	made map[string]int64 // idempotency key → amount
}

func (k *keyedRefunder) Refund(ctx context.Context, req payment.RefundRequest) (payment.Refund, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.made[req.IdempotencyKey]; !ok {
		k.made[req.IdempotencyKey] = req.AmountCents
	}
	return payment.Refund{ID: "re_" + req.IdempotencyKey}, nil
}

func (k *keyedRefunder) total() int64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	var n int64
	for _, a := range k.made {
		n += a
	}
	return n
}

// book checks out date and pays the checkout (the deposit, when due).
func (e env) book(t testing.TB, date, email string) booking.Booking {
	t.Helper()
	res, err := e.checkout(date, email)
	if err != nil {
		t.Fatalf("checkout %s: %v", date, err)
	}
	b, _, err := e.svc.PayMock(context.Background(), res.SessionID)
	if err != nil {
		t.Fatalf("pay %s: %v", date, err)
	}
	return b
}

// TestConcurrentReschedules: bookings moving among the same dates at once,
// on both stores, never deadlock (both locks are taken in date order), never
// end with two live bookings on a date, and refuse only with
// DATE_UNAVAILABLE.
func TestConcurrentReschedules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, _ := moneyEnv(t, s, "moves")
		loc := e.tenant.Location()
		dates := []string{e.clock.DaysAhead(loc, 200), e.clock.DaysAhead(loc, 201), e.clock.DaysAhead(loc, 202), e.clock.DaysAhead(loc, 203)}
		var ids []string
		for i, d := range dates[:3] {
			ids = append(ids, e.book(t, d, fmt.Sprintf("c%d@example.com", i)).ID)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		var wg sync.WaitGroup
		var mu sync.Mutex
		moved, refused := 0, 0
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 10 {
					id := ids[(w+i)%len(ids)]
					_, err := e.svc.Reschedule(ctx, e.tenant, id, dates[(w*3+i)%len(dates)], false)
					mu.Lock()
					switch {
					case err == nil:
						moved++
					case apperr.Is(err, apperr.CodeDateUnavailable), apperr.Is(err, apperr.CodeConflict):
						refused++
					default:
						t.Errorf("reschedule: %v", err)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			t.Fatal("reschedules did not finish: a lock wait")
		}
		n, err := s.CountDoubleBookings(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("double bookings: %d %v", n, err)
		}
		taken := map[string]bool{}
		for _, id := range ids {
			b, _ := s.BookingByID(context.Background(), e.tenant.ID, id)
			if taken[b.Date] || b.Status != booking.StatusDepositPaid {
				t.Fatalf("booking %s on %s (%s) shares a date or lost its status", id, b.Date, b.Status)
			}
			taken[b.Date] = true
		}
		t.Logf("%d moves, %d refused", moved, refused)
		if moved == 0 {
			t.Error("no move succeeded")
		}
	})
}

// TestManageTokenBoundAndExpiring: a manage token opens its own booking
// only, until 30 days after the event; a tampered one, another key's, or
// an expired one is 401.
func TestManageTokenBoundAndExpiring(t *testing.T) {
	s := storetest.SQLite(t)
	e, _ := moneyEnv(t, s, "tokens")
	ctx := context.Background()
	b := e.book(t, e.clock.DaysAhead(e.tenant.Location(), 100), "t@example.com")
	other := e.book(t, e.clock.DaysAhead(e.tenant.Location(), 101), "u@example.com")
	tok := e.svc.ManageToken(b)
	got, _, err := e.svc.Manage(ctx, tok)
	if err != nil || got.ID != b.ID {
		t.Fatalf("own token: %v %v", got.ID, err)
	}
	if e.svc.ManageToken(other) == tok || !strings.HasPrefix(e.svc.ManageURL(b), "http://mais.test/b/") {
		t.Fatal("tokens must differ per booking and live under /b/")
	}
	parts := strings.Split(tok, ".")
	otherParts := strings.Split(e.svc.ManageToken(other), ".")
	forged := parts[0] + "." + otherParts[1] + "." + parts[2] // another booking under this MAC
	foreign := &booking.Service{PublicBaseURL: e.svc.PublicBaseURL,
		ManageKey: booking.ManageKey([]byte("another secret of at least thirty-two bytes!"))}
	for name, bad := range map[string]string{"tampered": tok[:len(tok)-2] + "AA", "moved to another booking": forged,
		"another key": foreign.ManageToken(b), "empty": "", "garbage": "x.y.z"} {
		if _, _, err := e.svc.Manage(ctx, bad); !apperr.Is(err, apperr.CodeUnauthorized) {
			t.Errorf("%s: %v, want UNAUTHORIZED", name, err)
		}
	}
	event, _ := time.ParseInLocation("2006-01-02", b.Date, e.tenant.Location())
	e.clock.Set(event.AddDate(0, 0, 31).Add(-time.Minute))
	if _, _, err := e.svc.Manage(ctx, tok); err != nil {
		t.Fatalf("on the 30th day after the event: %v", err)
	}
	e.clock.Set(event.AddDate(0, 0, 31))
	if _, _, err := e.svc.Manage(ctx, tok); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Fatalf("31 days after the event: %v, want UNAUTHORIZED", err)
	}
}

// TestConflictRefundedOnceInOneCall: a payment that lost its date is
// refunded in full by one call; a retried refund (same idempotency key at
// the provider, same row key) never refunds twice, concurrent or not; then
// nothing is left (409).
func TestConflictRefundedOnceInOneCall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, prov := moneyEnv(t, s, "conflict")
		ctx := context.Background()
		date := e.clock.DaysAhead(e.tenant.Location(), 20) // close: paid in full
		late, err := e.checkout(date, "late@example.com")
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Hour) // the hold lapses
		e.book(t, date, "first@example.com")
		b, out, err := e.svc.PayMock(ctx, late.SessionID)
		if err != nil || out != booking.OutcomeConflict || b.PaidCents != 10001 || !b.NeedsRefund {
			t.Fatalf("late payment: %v %v %+v", out, err, b)
		}
		var wg sync.WaitGroup
		for range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := e.svc.Refund(ctx, e.tenant, b.ID, nil); err != nil && !apperr.Is(err, apperr.CodeConflict) {
					t.Errorf("refund: %v", err)
				}
			}()
		}
		wg.Wait()
		b, ps, err := e.svc.BookingPayments(ctx, e.tenant.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.RefundedCents != 10001 || b.NeedsRefund || b.CommissionCents != 0 || b.FeesCents != 0 || prov.total() != 10001 || len(ps) != 2 {
			t.Fatalf("after refunds: %+v, provider refunded %d, %d rows", b, prov.total(), len(ps))
		}
		if _, _, err := e.svc.Refund(ctx, e.tenant, b.ID, nil); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("nothing left: %v", err)
		}
		var one int64 = 1
		if _, _, err := e.svc.Refund(ctx, e.tenant, b.ID, &one); !apperr.Is(err, apperr.CodeValidation) {
			t.Fatalf("more than refundable: %v", err)
		}
		if errors.Is(err, context.Canceled) {
			t.Fatal(err)
		}
	})
}

// TestStripeDashboardRefundAndDispute: a refund made in Stripe's dashboard
// (charge.refunded, cumulative) is recorded once however often it is
// delivered, and counts only what MAIS did not refund itself; a dispute
// flags the booking and queues one e-mail to the business; a charge MAIS
// did not make is ignored.
func TestStripeDashboardRefundAndDispute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, _ := moneyEnv(t, s, "disputes")
		ctx := context.Background()
		res, err := e.checkout(e.clock.DaysAhead(e.tenant.Location(), 10), "d@example.com")
		if err != nil {
			t.Fatal(err)
		}
		paid := paidEvent("evt_paid", res.SessionID)
		paid.Session.PaymentIntent = "pi_full"
		if out, err := e.svc.HandleStripeEvent(ctx, paid, nil); err != nil || out != booking.OutcomeBooked {
			t.Fatalf("pay: %v %v", out, err)
		}
		// MAIS refunds 1000 itself; then Stripe's dashboard refunds 2000 more.
		amount := int64(1000)
		if _, _, err := e.svc.Refund(ctx, e.tenant, res.BookingID, &amount); err != nil {
			t.Fatal(err)
		}
		refunded := func(id string, total int64) payment.Event {
			return payment.Event{ID: id, Type: payment.EventChargeRefunded, Charge: payment.ChargeObject{ID: "ch_1", PaymentIntent: "pi_full", Amount: 10001, AmountRefunded: total}}
		}
		for i, ev := range []payment.Event{refunded("evt_r1", 1000), refunded("evt_r2", 3000), refunded("evt_r2", 3000), refunded("evt_r3", 3000)} {
			if _, err := e.svc.HandleStripeEvent(ctx, ev, nil); err != nil {
				t.Fatalf("delivery %d: %v", i, err)
			}
		}
		b, ps, err := e.svc.BookingPayments(ctx, e.tenant.ID, res.BookingID)
		if err != nil {
			t.Fatal(err)
		}
		if b.RefundedCents != 3000 || len(ps) != 3 || b.CommissionCents != booking.Commission(7001, 1250) {
			t.Fatalf("after the dashboard refund: refunded %d, %d rows, commission %d", b.RefundedCents, len(ps), b.CommissionCents)
		}
		dispute := payment.Event{ID: "evt_d", Type: payment.EventChargeDisputeCreated, Charge: payment.ChargeObject{ID: "ch_1", PaymentIntent: "pi_full", Amount: 10001}}
		for range 2 {
			if _, err := e.svc.HandleStripeEvent(ctx, dispute, nil); err != nil {
				t.Fatal(err)
			}
		}
		b, _ = s.BookingByID(ctx, e.tenant.ID, res.BookingID)
		if !b.Disputed {
			t.Fatal("the dispute did not flag the booking")
		}
		msgs, err := s.ClaimDueEmails(ctx, e.clock.Now().Add(time.Hour), 100, time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range msgs {
			if m.DedupeKey == "booking:"+b.ID+":disputed" {
				n++
				if m.To != e.tenant.Email {
					t.Errorf("dispute e-mail to %q, want the business %q", m.To, e.tenant.Email)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d dispute e-mails, want 1", n)
		}
		out, err := e.svc.HandleStripeEvent(ctx, payment.Event{ID: "evt_o", Type: payment.EventChargeRefunded,
			Charge: payment.ChargeObject{PaymentIntent: "pi_other", AmountRefunded: 5}}, nil)
		if err != nil || out != booking.OutcomeIgnored {
			t.Fatalf("another integration's charge: %v %v", out, err)
		}
	})
}

// TestLateCancelKeepsTheDepositAndCutoff: inside freeCancellationDays the
// couple's cancel refunds everything but the deposit, the tenant may still
// refund in full or not at all, and the couple can no longer move a date
// closer than rescheduleCutoffDays to the event.
func TestLateCancelKeepsTheDepositAndCutoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, prov := moneyEnv(t, s, "late")
		ctx := context.Background()
		loc := e.tenant.Location()
		pay := func(date string) booking.Booking {
			b := e.book(t, date, "l"+date+"@example.com")
			res, err := e.svc.PayBalance(ctx, b, e.tenant)
			if err != nil {
				t.Fatal(err)
			}
			if b, _, err = e.svc.PayMock(ctx, res.SessionID); err != nil || b.Status != booking.StatusPaid {
				t.Fatalf("balance: %v %s", err, b.Status)
			}
			return b
		}
		a, b, c := pay(e.clock.DaysAhead(loc, 100)), pay(e.clock.DaysAhead(loc, 101)), pay(e.clock.DaysAhead(loc, 102))
		e.clock.Advance(80 * 24 * time.Hour) // 20 days before the events: late, and inside the cut-off
		if _, err := e.svc.Reschedule(ctx, e.tenant, a.ID, e.clock.DaysAhead(loc, 40), true); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("couple's move inside the cut-off: %v, want CONFLICT", err)
		}
		if _, err := e.svc.Reschedule(ctx, e.tenant, a.ID, e.clock.DaysAhead(loc, 40), false); err != nil {
			t.Fatalf("the tenant may move it: %v", err)
		}
		for _, c := range []struct {
			b    booking.Booking
			mode string
			want int64
		}{{a, booking.RefundPolicy, 10001 - 2501}, {b, booking.RefundNone, 0}, {c, booking.RefundFull, 10001}} {
			before := prov.total()
			res, err := e.svc.Cancel(ctx, e.tenant, c.b.ID, c.mode, "")
			if err != nil {
				t.Fatal(err)
			}
			if res.RefundCents != c.want || prov.total()-before != c.want || res.Booking.Status != booking.StatusCanceled {
				t.Errorf("%s: refunded %d (provider %d), want %d; %s", c.mode, res.RefundCents, prov.total()-before, c.want, res.Booking.Status)
			}
		}
		if _, err := e.svc.Cancel(ctx, e.tenant, a.ID, booking.RefundPolicy, ""); !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("canceling twice: %v", err)
		}
		if _, err := e.svc.Cancel(ctx, e.tenant, b.ID, "half", ""); !apperr.Is(err, apperr.CodeValidation) {
			t.Fatalf("unknown mode: %v", err)
		}
	})
}

// movingStore moves a booking to another date right after its payment
// event is recorded, before the event's date lock is taken: the race a
// reschedule can win against a webhook.
type movingStore struct {
	*sqlstore.Store
	move   func()
	locked *[]string // dates whose lock was taken, in order
}

func (m movingStore) WithDateLock(ctx context.Context, tenantID, date string, fn func(tx booking.Tx) error) error {
	*m.locked = append(*m.locked, date)
	return m.Store.WithDateLock(ctx, tenantID, date, fn)
}

func (m movingStore) RecordSessionEvent(ctx context.Context, sessionID, eventID, eventType string, payload []byte) (booking.SessionRef, bool, error) {
	ref, processed, err := m.Store.RecordSessionEvent(ctx, sessionID, eventID, eventType, payload)
	if m.move != nil {
		m.move()
	}
	return ref, processed, err
}

// TestPaymentOfABookingMovedMeanwhile: a balance payment applied while its
// booking moves to another date runs under the new date's lock and pays
// the booking there.
func TestPaymentOfABookingMovedMeanwhile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e, _ := moneyEnv(t, s, "race")
		ctx := context.Background()
		loc := e.tenant.Location()
		b := e.book(t, e.clock.DaysAhead(loc, 200), "r@example.com")
		res, err := e.svc.PayBalance(ctx, b, e.tenant)
		if err != nil {
			t.Fatal(err)
		}
		moveTo := e.clock.DaysAhead(loc, 250)
		var locked []string
		ms := movingStore{Store: s, locked: &locked}
		ms.move = func() {
			if _, err := e.svc.Reschedule(ctx, e.tenant, b.ID, moveTo, false); err != nil {
				t.Errorf("move: %v", err)
			}
		}
		e.svc.Store = ms
		paid, out, err := e.svc.PayMock(ctx, res.SessionID)
		if err != nil || out != booking.OutcomeBooked || paid.Status != booking.StatusPaid || paid.Date != moveTo {
			t.Fatalf("payment after the move: %v %v %s on %s", out, err, paid.Status, paid.Date)
		}
		// The event was applied under the booking's new date's lock.
		if len(locked) == 0 || locked[len(locked)-1] != moveTo {
			t.Fatalf("date locks taken for the payment: %v, want the last to be %s", locked, moveTo)
		}
	})
}
