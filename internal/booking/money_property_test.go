package booking_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// TestMoneyProperties runs random sequences of what happens to bookings
// (checkouts, deposits and full payments, balances, moves, cancellations
// by the couple and the tenant, refunds whole and partial, late payments
// of lapsed holds, webhook redeliveries, time passing) on both stores, and
// after every step checks that no date has two live bookings, that no
// booking has refunded more than it was paid, that its fees never exceed
// its commission, and that its sums are those of its payment rows.
func TestMoneyProperties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		sequences, steps := 30, 30
		if strings.HasSuffix(t.Name(), "/postgres") {
			sequences = 12
		}
		checks, ops := 0, map[string]int{}
		for seq := range sequences {
			e, _ := moneyEnv(t, s, fmt.Sprintf("prop%d", seq))
			rng := rand.New(rand.NewPCG(uint64(seq), 13))
			ctx := context.Background()
			loc := e.tenant.Location()
			// Far dates take deposits, the near one is paid in full.
			dates := []string{e.clock.DaysAhead(loc, 10), e.clock.DaysAhead(loc, 200), e.clock.DaysAhead(loc, 201)}
			var ids, sessions []string
			canceled := map[string]bool{} // paid, then canceled by the couple or the tenant
			pick := func(list []string) string { return list[rng.IntN(len(list))] }
			for step := range steps {
				op := rng.IntN(9)
				if len(ids) == 0 {
					op = 0
				}
				var err error
				switch op {
				case 0: // checkout
					ops["checkout"]++
					var res booking.CheckoutResult
					res, err = e.checkout(pick(dates), fmt.Sprintf("c%d@example.com", step))
					if err == nil {
						ids, sessions = append(ids, res.BookingID), append(sessions, res.SessionID)
					}
				case 1: // pay a checkout (maybe of a lapsed hold), or redeliver its payment
					ops["pay checkout / redelivery"]++
					_, _, err = e.svc.PayMock(ctx, pick(sessions))
				case 2: // the balance
					ops["pay balance"]++
					var b booking.Booking
					if b, err = s.BookingByID(ctx, e.tenant.ID, pick(ids)); err == nil {
						var res booking.CheckoutResult
						if res, err = e.svc.PayBalance(ctx, b, e.tenant); err == nil {
							_, _, err = e.svc.PayMock(ctx, res.SessionID)
						}
					}
				case 3:
					ops["reschedule"]++
					_, err = e.svc.Reschedule(ctx, e.tenant, pick(ids), pick(dates), rng.IntN(2) == 0)
				case 4:
					ops["cancel"]++
					id := pick(ids)
					var res booking.CancelResult
					if res, err = e.svc.Cancel(ctx, e.tenant, id, []string{"policy", "full", "none"}[rng.IntN(3)], ""); err == nil && res.Booking.PaidCents > 0 {
						canceled[id] = true // paid, then canceled: no late event books it again
					}
				case 5:
					ops["refund"]++
					var amount *int64
					if rng.IntN(2) == 0 {
						a := int64(1 + rng.IntN(6000))
						amount = &a
					}
					_, _, err = e.svc.Refund(ctx, e.tenant, pick(ids), amount)
				case 6: // a late webhook: checkout.session.completed for any session, again and again
					ops["late webhook"]++
					sid := pick(sessions)
					_, err = e.svc.HandleStripeEvent(ctx, paidEvent(fmt.Sprintf("evt_%s_%d", sid, rng.IntN(2)), sid), nil)
				case 7:
					ops["time passes"]++
					e.clock.Advance(time.Duration(rng.IntN(90)) * time.Minute)
				case 8: // the session expires (releases only a hold)
					ops["session expired"]++
					sid := pick(sessions)
					_, err = e.svc.HandleStripeEvent(ctx, payment.Event{ID: "evt_exp_" + sid, Type: payment.EventCheckoutExpired,
						Session: payment.SessionObject{ID: sid, Status: "expired"}}, nil)
				}
				if err != nil && !expected(err) {
					t.Fatalf("sequence %d step %d op %d: %v", seq, step, op, err)
				}
				where := fmt.Sprintf("sequence %d step %d", seq, step)
				checks += checkMoneyInvariants(t, s, e, ids, where)
				for id := range canceled {
					if b, _ := s.BookingByID(ctx, e.tenant.ID, id); b.Live() {
						t.Fatalf("%s: canceled booking %s is %s again", where, id, b.Status)
					}
					checks++
				}
			}
		}
		t.Logf("%d sequences of %d steps, %d invariant checks; operations: %v", sequences, steps, checks, ops)
	})
}

// expected are the refusals a random step may meet.
func expected(err error) bool {
	for _, c := range []string{apperr.CodeDateUnavailable, apperr.CodeConflict, apperr.CodeValidation, apperr.CodeTooManyRequests} {
		if apperr.Is(err, c) {
			return true
		}
	}
	return false
}

// checkMoneyInvariants checks every booking of ids and the dates; it
// returns the number of checks made.
func checkMoneyInvariants(t *testing.T, s *sqlstore.Store, e env, ids []string, where string) int {
	t.Helper()
	ctx := context.Background()
	n, err := s.CountDoubleBookings(ctx)
	if err != nil || n != 0 {
		t.Fatalf("%s: %d dates with two live bookings (%v)", where, n, err)
	}
	checks := 1
	for _, id := range ids {
		b, ps, err := e.svc.BookingPayments(ctx, e.tenant.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		var paid, refunded, fees int64
		for _, p := range ps {
			if p.Kind == booking.PaymentCharge {
				paid, fees = paid+p.AmountCents, fees+p.ApplicationFeeCents
			} else {
				refunded, fees = refunded+p.AmountCents, fees-p.ApplicationFeeCents
			}
		}
		switch {
		case b.PaidCents-b.RefundedCents < 0:
			t.Fatalf("%s: booking %s refunded %d of %d paid", where, id, b.RefundedCents, b.PaidCents)
		case b.FeesCents > b.CommissionCents || b.FeesCents < 0:
			t.Fatalf("%s: booking %s fees %d, commission %d", where, id, b.FeesCents, b.CommissionCents)
		case paid != b.PaidCents || refunded != b.RefundedCents || fees != b.FeesCents:
			t.Fatalf("%s: booking %s sums %d/%d/%d, rows %d/%d/%d", where, id, b.PaidCents, b.RefundedCents, b.FeesCents, paid, refunded, fees)
		case b.PaidCents > b.TotalCents && !b.NeedsRefund && b.RefundedCents < b.PaidCents-b.TotalCents:
			t.Fatalf("%s: booking %s paid %d of %d and is not owed a refund", where, id, b.PaidCents, b.TotalCents)
		}
		checks += 4
	}
	return checks
}
