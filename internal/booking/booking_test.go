package booking_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

type env struct {
	store  *sqlstore.Store
	svc    *booking.Service
	tenant tenant.Tenant
	pkg    catalog.Package
	clock  *testclock.Clock
}

func newEnv(t testing.TB, s *sqlstore.Store, slug string) env {
	t.Helper()
	ctx := context.Background()
	clk := testclock.Frozen(time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC))
	s.SetClock(clk.Now)
	tn, _ := storetest.NewTenant(t, s, slug, clk.Now())
	pkg, err := s.CreatePackage(ctx, catalog.Package{TenantID: tn.ID, Slug: "classic", Name: "Classic", BasePriceCents: 10001, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAddOn(ctx, catalog.AddOn{TenantID: tn.ID, PackageID: pkg.ID, Slug: "album", Name: "Album", PriceCents: 5000, Active: true}); err != nil {
		t.Fatal(err)
	}
	pkg, _ = s.PackageByID(ctx, tn.ID, pkg.ID, true)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := &booking.Service{Store: s, Catalog: s, Tenants: s, Payments: payment.NewMock("http://mais.test"),
		Bus: booking.NewBus(logger), Logger: logger, Now: clk.Now, PublicBaseURL: "http://mais.test"}
	return env{store: s, svc: svc, tenant: tn, pkg: pkg, clock: clk}
}

func (e env) checkout(date, email string, addOns ...string) (booking.CheckoutResult, error) {
	in := booking.CheckoutInput{PackageID: e.pkg.ID, Date: date, AddOnIDs: addOns}
	in.Customer.Name, in.Customer.Email = "Sam Rivera", email
	return e.svc.Checkout(context.Background(), e.tenant, in)
}

func paidEvent(id, session string) payment.Event {
	return payment.Event{ID: id, Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{ID: session, PaymentStatus: payment.PaymentStatusPaid, Status: "complete"}}
}

func TestCommission(t *testing.T) {
	for _, tc := range []struct {
		total int64
		bps   int
		want  int64
	}{
		{10001, 1250, 1251}, // 1250.125 rounds up
		{10000, 1250, 1250},
		{10000, 1000, 1000},
		{1, 1000, 1},     // 0.1 cent rounds up to 1
		{999, 1500, 150}, // 149.85 → 150
		{0, 1000, 0},
		{500000, 0, 0},
		{333, 5000, 167}, // 166.5 → 167
	} {
		if got := booking.Commission(tc.total, tc.bps); got != tc.want {
			t.Errorf("Commission(%d, %d bps) = %d, want %d", tc.total, tc.bps, got, tc.want)
		}
	}
}

func TestCheckoutPricesOnServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "pricing")
		res, err := e.checkout("2026-09-12", "a@example.com", e.pkg.AddOns[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.BookingByID(context.Background(), e.tenant.ID, res.BookingID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := b.TotalCents, int64(15001); got != want {
			t.Errorf("total = %d, want %d", got, want)
		}
		if got, want := b.CommissionCents, int64(1876); got != want { // 12.5 % of 150.01 = 18.75125 → 18.76
			t.Errorf("commission = %d, want %d", got, want)
		}
		if b.Status != booking.StatusPending || b.CheckoutSessionID != res.SessionID || len(b.LineItems) != 2 {
			t.Errorf("booking after checkout: %+v", b)
		}
		if !res.ExpiresAt.Equal(e.clock.Now().Add(30 * time.Minute)) {
			t.Errorf("expiresAt = %v, want now+30m", res.ExpiresAt)
		}
	})
}

func TestCheckoutRejects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "rejects")
		other := newEnv(t, s, "other")
		ctx := context.Background()
		blackedOut := e.clock.DaysAhead(e.tenant.Location(), 131)
		if _, err := e.svc.CreateBlackout(ctx, e.tenant.ID, blackedOut, ""); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			in   func(*booking.CheckoutInput)
			code string
		}{
			{"PastDate", func(in *booking.CheckoutInput) { in.Date = "2026-05-31" }, apperr.CodeValidation},
			{"ImpossibleDate", func(in *booking.CheckoutInput) { in.Date = "2026-02-30" }, apperr.CodeValidation},
			{"BadEmail", func(in *booking.CheckoutInput) { in.Customer.Email = "not-an-email" }, apperr.CodeValidation},
			{"MissingName", func(in *booking.CheckoutInput) { in.Customer.Name = " " }, apperr.CodeValidation},
			{"UnknownPackage", func(in *booking.CheckoutInput) { in.PackageID = "nope" }, apperr.CodeNotFound},
			{"OtherTenantsPackage", func(in *booking.CheckoutInput) { in.PackageID = other.pkg.ID }, apperr.CodeNotFound},
			{"OtherTenantsAddOn", func(in *booking.CheckoutInput) { in.AddOnIDs = []string{other.pkg.AddOns[0].ID} }, apperr.CodeNotFound},
			{"Blackout", func(in *booking.CheckoutInput) { in.Date = blackedOut }, apperr.CodeDateUnavailable},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := booking.CheckoutInput{PackageID: e.pkg.Slug, Date: "2026-09-20"}
				in.Customer.Name, in.Customer.Email = "Sam", "sam@example.com"
				tc.in(&in)
				_, err := e.svc.Checkout(ctx, e.tenant, in)
				if got := apperr.Code(err); got != tc.code {
					t.Fatalf("got %v (%s), want %s", err, got, tc.code)
				}
			})
		}
		// None of the refusals left a hold behind.
		days, err := e.svc.Unavailable(ctx, e.tenant, "2026-09-01", "2026-09-30")
		if err != nil || len(days) != 0 {
			t.Errorf("refused checkouts left holds: %v %v", days, err)
		}
	})
}

// raceN runs f(0..n-1) in n goroutines released together and returns
// their errors by index.
func raceN(n int, f func(i int) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}(i)
	}
	close(start)
	wg.Wait()
	return errs
}

// tally counts the nil errors and those with code; any other error fails t.
func tally(t testing.TB, errs []error, code string) (ok, refused int) {
	t.Helper()
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case apperr.Is(err, code):
			refused++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	return ok, refused
}

// The worst bug this product can have: one date sold twice.
func TestConcurrentCheckoutsForOneDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "race")
		const n = 100
		errs := raceN(n, func(i int) error {
			_, err := e.checkout("2026-08-08", fmt.Sprintf("c%d@example.com", i))
			return err
		})
		ok, taken := tally(t, errs, apperr.CodeDateUnavailable)
		if ok != 1 || taken != n-1 {
			t.Fatalf("successes = %d, DATE_UNAVAILABLE = %d; want 1 and %d", ok, taken, n-1)
		}
		live, _ := s.ListBookings(context.Background(), e.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusPending, booking.StatusPaid}})
		if len(live) != 1 {
			t.Fatalf("live bookings for the date = %d, want 1", len(live))
		}
	})
}

func TestSameWebhookEventConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "redeliver")
		res, err := e.checkout("2026-07-04", "couple@example.com")
		if err != nil {
			t.Fatal(err)
		}
		ev := paidEvent("evt_same_1", res.SessionID)
		const n = 50
		outcomes := make([]booking.Outcome, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				outcomes[i], errs[i] = e.svc.HandleStripeEvent(context.Background(), ev, []byte(`{}`))
			}(i)
		}
		wg.Wait()
		booked := 0
		for i := range outcomes {
			if errs[i] != nil {
				t.Fatalf("delivery %d: %v", i, errs[i])
			}
			if outcomes[i] == booking.OutcomeBooked {
				booked++
			}
		}
		if booked != 1 {
			t.Errorf("deliveries that booked = %d, want 1", booked)
		}
		paid, _ := s.ListBookings(context.Background(), e.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusPaid}})
		if len(paid) != 1 {
			t.Errorf("paid bookings = %d, want 1", len(paid))
		}
		mails, _ := s.OutboxCount(context.Background(), e.tenant.ID, "booking:"+res.BookingID+":customer-confirmation")
		if mails != 1 {
			t.Errorf("confirmation e-mails queued = %d, want 1", mails)
		}
		stored, err := s.WebhookEventByID(context.Background(), "evt_same_1")
		if err != nil || stored.Status != "processed" || stored.Attempts != 1 {
			t.Errorf("stored event = %+v, %v; want processed once", stored, err)
		}
	})
}

func TestDistinctPaidSessionsRaceForOneDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "latepay")
		const n = 50
		sessions := make([]string, n)
		for i := 0; i < n; i++ {
			res, err := e.checkout("2026-12-31", fmt.Sprintf("p%d@example.com", i))
			if err != nil {
				t.Fatalf("checkout %d: %v", i, err)
			}
			sessions[i] = res.SessionID
			e.clock.Advance(31 * time.Minute) // the hold lapses; the next checkout takes the date
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = e.svc.HandleStripeEvent(context.Background(), paidEvent(fmt.Sprintf("evt_late_%d", i), sessions[i]), nil)
			}(i)
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("event %d: %v", i, err)
			}
		}
		ctx := context.Background()
		paid, _ := s.ListBookings(ctx, e.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusPaid}})
		conflicts, _ := s.ListBookings(ctx, e.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusConflict}})
		if len(paid) != 1 || len(conflicts) != n-1 {
			t.Fatalf("paid = %d, conflict = %d; want 1 and %d", len(paid), len(conflicts), n-1)
		}
		for _, c := range conflicts {
			if !c.NeedsRefund {
				t.Errorf("conflict %s not flagged for refund", c.ID)
			}
		}
	})
}

func TestHoldExpiryFreesDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "expiry")
		ctx := context.Background()
		if _, err := e.checkout("2026-11-07", "first@example.com"); err != nil {
			t.Fatal(err)
		}
		a, _ := e.svc.DayAvailability(ctx, e.tenant, "2026-11-07")
		if a.Available || a.Reason == nil || *a.Reason != booking.ReasonHeld {
			t.Fatalf("during hold: %+v", a)
		}
		if _, err := e.checkout("2026-11-07", "second@example.com"); !apperr.Is(err, apperr.CodeDateUnavailable) {
			t.Fatalf("second checkout during hold: %v", err)
		}
		e.clock.Advance(30*time.Minute + time.Second)
		a, _ = e.svc.DayAvailability(ctx, e.tenant, "2026-11-07")
		if !a.Available {
			t.Fatalf("after expiry the date is still unavailable: %+v", a)
		}
		sw := &booking.Sweeper{Store: s, Bus: e.svc.Bus, Logger: e.svc.Logger, Now: e.clock.Now}
		sw.SweepOnce(ctx)
		expired, _ := s.ListBookings(ctx, e.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusExpired}})
		if len(expired) != 1 {
			t.Errorf("sweeper expired %d holds, want 1", len(expired))
		}
		if _, err := e.checkout("2026-11-07", "second@example.com"); err != nil {
			t.Fatalf("checkout after expiry: %v", err)
		}
	})
}

func TestSessionEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "events")
		ctx := context.Background()

		t.Run("UnknownSessionIgnoredAndStoresNothing", func(t *testing.T) {
			// Another integration on the same Stripe account: acknowledged,
			// or Stripe would retry it for days.
			out, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_unknown", "cs_test_nobody"), nil)
			if err != nil || out != booking.OutcomeIgnored {
				t.Fatalf("got %v %v, want ignored", out, err)
			}
			if _, err := s.WebhookEventByID(ctx, "evt_unknown"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("an event for an unknown session was stored: %v", err)
			}
		})
		t.Run("UnpaidKeepsHoldThenAsyncFailureReleases", func(t *testing.T) {
			res, err := e.checkout("2027-01-09", "slow@example.com")
			if err != nil {
				t.Fatal(err)
			}
			ev := paidEvent("evt_unpaid", res.SessionID)
			ev.Session.PaymentStatus = payment.PaymentStatusUnpaid
			if out, err := e.svc.HandleStripeEvent(ctx, ev, nil); err != nil || out != booking.OutcomeAwaiting {
				t.Fatalf("unpaid completion: %v %v", out, err)
			}
			e.clock.Advance(2 * time.Hour) // past the original hold; the delayed payment keeps it
			if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2027-01-09"); a.Available {
				t.Fatal("date released while a delayed payment is pending")
			}
			fail := payment.Event{ID: "evt_async_failed", Type: payment.EventCheckoutAsyncFailed, Session: payment.SessionObject{ID: res.SessionID}}
			if out, err := e.svc.HandleStripeEvent(ctx, fail, nil); err != nil || out != booking.OutcomeReleased {
				t.Fatalf("async failure: %v %v", out, err)
			}
			if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2027-01-09"); !a.Available {
				t.Fatal("date still held after the payment failed")
			}
		})
		t.Run("ExpiredEventReleases", func(t *testing.T) {
			res, err := e.checkout("2027-02-13", "gone@example.com")
			if err != nil {
				t.Fatal(err)
			}
			ev := payment.Event{ID: "evt_expired", Type: payment.EventCheckoutExpired, Session: payment.SessionObject{ID: res.SessionID}}
			if out, err := e.svc.HandleStripeEvent(ctx, ev, nil); err != nil || out != booking.OutcomeReleased {
				t.Fatalf("expired: %v %v", out, err)
			}
			if _, err := e.checkout("2027-02-13", "next@example.com"); err != nil {
				t.Fatalf("date not free after expiry event: %v", err)
			}
		})
		t.Run("UnknownTypeIgnored", func(t *testing.T) {
			out, err := e.svc.HandleStripeEvent(ctx, payment.Event{ID: "evt_x", Type: "invoice.paid"}, nil)
			if err != nil || out != booking.OutcomeIgnored {
				t.Fatalf("got %v %v", out, err)
			}
		})
		t.Run("MockPayUsesSamePath", func(t *testing.T) {
			res, err := e.checkout("2027-03-20", "mock@example.com")
			if err != nil {
				t.Fatal(err)
			}
			b, out, err := e.svc.PayMock(ctx, res.SessionID)
			if err != nil || out != booking.OutcomeBooked || b.Status != booking.StatusPaid {
				t.Fatalf("pay mock: %v %v %+v", out, err, b.Status)
			}
			if _, out, _ := e.svc.PayMock(ctx, res.SessionID); out != booking.OutcomeDuplicate {
				t.Errorf("second pay: %v, want duplicate", out)
			}
		})
	})
}

// recordingProvider is the mock provider that remembers what it was asked.
type recordingProvider struct {
	*payment.Mock
	mu   sync.Mutex
	last payment.CheckoutRequest
}

func (p *recordingProvider) CreateCheckout(ctx context.Context, req payment.CheckoutRequest) (payment.CheckoutSession, error) {
	p.mu.Lock()
	p.last = req
	p.mu.Unlock()
	return p.Mock.CreateCheckout(ctx, req)
}

func TestConnectedAccountGetsCommissionAsFee(t *testing.T) {
	s := storetest.SQLite(t)
	e := newEnv(t, s, "connect")
	rec := &recordingProvider{Mock: payment.NewMock("http://mais.test")}
	e.svc.Payments = rec

	if _, err := e.checkout("2026-09-05", "a@example.com", e.pkg.AddOns[0].ID); err != nil {
		t.Fatal(err)
	}
	if rec.last.ConnectedAccountID != "" || rec.last.ApplicationFeeCents != 0 {
		t.Errorf("no connected account: got account %q fee %d, want none", rec.last.ConnectedAccountID, rec.last.ApplicationFeeCents)
	}
	e.tenant.StripeAccountID = "acct_123"
	if _, err := e.checkout("2026-09-06", "b@example.com", e.pkg.AddOns[0].ID); err != nil {
		t.Fatal(err)
	}
	// 12.5 % of 150.01 rounds up to 18.76.
	if rec.last.ConnectedAccountID != "acct_123" || rec.last.ApplicationFeeCents != 1876 || rec.last.TotalCents() != 15001 {
		t.Errorf("connected account: got account %q fee %d total %d", rec.last.ConnectedAccountID, rec.last.ApplicationFeeCents, rec.last.TotalCents())
	}
}

// remoteProvider hides the mock's Local method, so the engine treats it as a
// remote provider (Stripe): hold first, then open the session, then attach.
type remoteProvider struct {
	mock *payment.Mock
	fail bool
}

func (p *remoteProvider) Name() string { return "remote-test" }

func (p *remoteProvider) CreateCheckout(ctx context.Context, req payment.CheckoutRequest) (payment.CheckoutSession, error) {
	if p.fail {
		return payment.CheckoutSession{}, &payment.ProviderError{Provider: "remote-test", Message: "down"}
	}
	return p.mock.CreateCheckout(ctx, req)
}

func TestRemoteProviderPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		e := newEnv(t, s, "remote")
		ctx := context.Background()
		remote := &remoteProvider{mock: payment.NewMock("http://mais.test"), fail: true}
		e.svc.Payments = remote

		_, err := e.checkout("2026-08-15", "down@example.com")
		if !apperr.Is(err, apperr.CodeUnavailable) {
			t.Fatalf("provider down: got %v, want UNAVAILABLE", err)
		}
		if a, _ := e.svc.DayAvailability(ctx, e.tenant, "2026-08-15"); !a.Available {
			t.Fatalf("the hold survived a provider failure: %+v", a)
		}

		remote.fail = false
		res, err := e.checkout("2026-08-15", "up@example.com")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.BookingBySession(ctx, res.SessionID)
		if err != nil || b.PaymentProvider != "remote-test" || b.Status != booking.StatusPending {
			t.Fatalf("attached session: %+v %v", b, err)
		}
		if out, err := e.svc.HandleStripeEvent(ctx, paidEvent("evt_remote", res.SessionID), nil); err != nil || out != booking.OutcomeBooked {
			t.Fatalf("payment: %v %v", out, err)
		}
	})
}
