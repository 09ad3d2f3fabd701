package booking_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"mais/internal/booking"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// recorder is an Observer keeping the payment outcomes it was told.
type recorder struct {
	mu       sync.Mutex
	payments []string
}

func (r *recorder) Checkout(string) {}

func (r *recorder) PaymentEvent(outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.payments = append(r.payments, outcome)
}

// take returns the outcomes told since the last take.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.payments
	r.payments = nil
	return got
}

// accounts stands for onboarding: it answers every account.updated with
// out and keeps the ids it was handed.
type accounts struct {
	out string
	ids []string
}

func (a *accounts) AccountUpdated(_ context.Context, ev payment.Event, _ []byte) (string, error) {
	a.ids = append(a.ids, ev.ID)
	return a.out, nil
}

// TestEveryPaymentEventObserved: each path that applies a payment event is
// counted once, with its outcome: the webhook for every type, account.updated
// (handed on to Accounts) among them, and the mock checkout page's pay and
// cancel, which stand for a webhook.
func TestEveryPaymentEventObserved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "observed")
		rec, acc := &recorder{}, &accounts{out: "applied"}
		e.svc.Observer, e.svc.Accounts = rec, acc
		ctx := context.Background()
		check := func(what string, want ...string) {
			t.Helper()
			if got := rec.take(); !slices.Equal(got, want) {
				t.Errorf("%s: observed %q, want %q", what, got, want)
			}
		}

		ev := payment.Event{ID: "evt_acct", Type: payment.EventAccountUpdated, Account: payment.AccountObject{ID: "acct_1"}}
		if out, err := e.svc.HandleStripeEvent(ctx, ev, []byte("{}")); err != nil || out != "applied" {
			t.Fatalf("account.updated: %q %v", out, err)
		}
		check("account.updated", "applied")
		if !slices.Equal(acc.ids, []string{"evt_acct"}) {
			t.Errorf("handed to Accounts: %q", acc.ids)
		}

		if _, err := e.svc.HandleStripeEvent(ctx, payment.Event{ID: "evt_other", Type: "customer.created"}, nil); err != nil {
			t.Fatal(err)
		}
		check("an unknown type", string(booking.OutcomeIgnored))

		paid, err := e.checkout(e.clock.DaysAhead(e.tenant.Location(), 40), "pay@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.PayMock(ctx, paid.SessionID); err != nil {
			t.Fatal(err)
		}
		check("mock pay", string(booking.OutcomeBooked))

		abandoned, err := e.checkout(e.clock.DaysAhead(e.tenant.Location(), 41), "cancel@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CancelMock(ctx, abandoned.SessionID); err != nil {
			t.Fatal(err)
		}
		check("mock cancel", string(booking.OutcomeReleased))

		if _, _, err := e.svc.PayMock(ctx, "cs_not_a_mock"); err == nil {
			t.Fatal("mock pay of a session that is not a mock one: no error")
		}
		check("mock pay of an unknown session", booking.PaymentInvalid)

		e.svc.Accounts = nil
		if out, err := e.svc.HandleStripeEvent(ctx, ev, nil); err != nil || out != booking.OutcomeIgnored {
			t.Errorf("account.updated without Accounts: %q %v, want ignored", out, err)
		}
		check("account.updated without Accounts", string(booking.OutcomeIgnored))
	})
}
