package api_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/payment"
	"mais/internal/payment/paymenttest"
	"mais/internal/tenant"
)

type stripeStatus struct {
	AccountID        *string
	ChargesEnabled   bool
	DetailsSubmitted bool
	StatusKnown      bool
}

func getStripeStatus(t *testing.T, a *app.App, auth map[string]string) stripeStatus {
	t.Helper()
	r := apptest.Do(t, a.Handler(), "GET", "/v1/admin/stripe/status", auth, "")
	apptest.Expect(t, "stripe status", r, 200, "")
	var s stripeStatus
	r.JSON(t, &s)
	return s
}

func connectURL(t *testing.T, a *app.App, auth map[string]string) string {
	t.Helper()
	r := apptest.Do(t, a.Handler(), "POST", "/v1/admin/stripe/connect", auth, "")
	apptest.Expect(t, "connect", r, 200, "")
	var out struct{ URL string }
	r.JSON(t, &out)
	return out.URL
}

// accountEvent delivers a signed account.updated for account.
func accountEvent(t *testing.T, a *app.App, id, account string, charges bool, created time.Time) string {
	t.Helper()
	body := payment.MarshalAccountEvent(id, payment.AccountObject{ID: account, ChargesEnabled: charges, DetailsSubmitted: charges}, created)
	r := apptest.Do(t, a.Handler(), "POST", "/v1/webhooks/stripe", apptest.StripeSigned(body), string(body))
	apptest.Expect(t, "account.updated "+id, r, 200, "")
	var out struct{ Outcome string }
	r.JSON(t, &out)
	return out.Outcome
}

// TestStripeConnectMock: with the mock preset, "connect" opens one account
// per tenant (the same one on every later call) and links to the
// simulated onboarding; account.updated keeps the status current exactly
// once (a redelivery is a duplicate, an older event never overwrites a
// newer status, another integration's account is ignored); one tenant
// never sees or changes another's account; mock checkouts are never
// refused.
func TestStripeConnectMock(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		ka, kb := apptest.Bearer(alpha.Keys.Secret), apptest.Bearer(bravo.Keys.Secret)

		if s := getStripeStatus(t, a, ka); s.AccountID != nil || s.ChargesEnabled {
			t.Fatalf("before connect: %+v", s)
		}
		link := connectURL(t, a, ka)
		if !strings.HasPrefix(link, "http://mais.test"+payment.MockOnboardingPath+"?account=acct_mock") {
			t.Fatalf("mock onboarding link %q", link)
		}
		s := getStripeStatus(t, a, ka)
		if s.AccountID == nil || !strings.HasPrefix(*s.AccountID, "acct_mock") || s.ChargesEnabled || s.DetailsSubmitted || !s.StatusKnown {
			t.Fatalf("after connect: %+v", s)
		}
		acct := *s.AccountID
		if again := connectURL(t, a, ka); !strings.HasSuffix(again, acct) {
			t.Errorf("second connect made another account: %q", again)
		}
		if got, _ := a.Store.TenantByID(t.Context(), alpha.Tenant.ID); got.StripeAccountID != acct {
			t.Errorf("tenant's stripeAccountId %q, want %q", got.StripeAccountID, acct)
		}
		if s := getStripeStatus(t, a, kb); s.AccountID != nil {
			t.Errorf("bravo sees an account: %+v", s)
		}
		if other := connectURL(t, a, kb); strings.HasSuffix(other, acct) {
			t.Errorf("bravo got alpha's account: %q", other)
		}

		// The mock preset charges nobody: never refused, connected or not.
		body := checkoutBody("classic", dayAhead(a, 30), "Ann", "ann@example.com")
		apptest.Expect(t, "mock checkout", apptest.Do(t, a.Handler(), "POST", "/v1/bookings/checkout",
			map[string]string{"X-Tenant-Key": alpha.Keys.Public}, body), 200, "")

		now := a.Now()
		if out := accountEvent(t, a, "evt_acct_1", acct, true, now); out != "applied" {
			t.Errorf("first delivery: %s", out)
		}
		if s := getStripeStatus(t, a, ka); !s.ChargesEnabled || !s.DetailsSubmitted {
			t.Errorf("after account.updated: %+v", s)
		}
		if out := accountEvent(t, a, "evt_acct_1", acct, true, now); out != "duplicate" {
			t.Errorf("redelivery: %s", out)
		}
		// Concurrent deliveries of one event: exactly one applies it.
		outcomes := make(chan string, 8)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				body := payment.MarshalAccountEvent("evt_acct_2", payment.AccountObject{ID: acct, ChargesEnabled: true}, now.Add(time.Second))
				r := apptest.Do(t, a.Handler(), "POST", "/v1/webhooks/stripe", apptest.StripeSigned(body), string(body))
				var out struct{ Outcome string }
				if err := json.Unmarshal(r.Body, &out); err != nil || r.Status != 200 {
					t.Errorf("concurrent delivery: %d %s", r.Status, r.Body)
				}
				outcomes <- out.Outcome
			})
		}
		wg.Wait()
		close(outcomes)
		tally := map[string]int{}
		for o := range outcomes {
			tally[o]++
		}
		if tally["applied"] != 1 || tally["duplicate"] != 7 {
			t.Errorf("8 concurrent deliveries: %v, want 1 applied and 7 duplicates", tally)
		}
		accountEvent(t, a, "evt_acct_0", acct, false, now.Add(-time.Hour))
		if s := getStripeStatus(t, a, ka); !s.ChargesEnabled {
			t.Errorf("an older event overwrote the status: %+v", s)
		}
		if out := accountEvent(t, a, "evt_acct_x", "acct_someoneElse1", true, now); out != "ignored" {
			t.Errorf("another integration's account: %s", out)
		}
		if s := getStripeStatus(t, a, kb); s.ChargesEnabled {
			t.Errorf("alpha's event changed bravo: %+v", s)
		}

		// The simulated onboarding finishes through the same path.
		if _, err := a.Onboarding.CompleteMockOnboarding(t.Context(), bravo.Tenant.ID); err != nil {
			t.Fatal(err)
		}
		if s := getStripeStatus(t, a, kb); !s.ChargesEnabled || !s.StatusKnown {
			t.Errorf("after simulated onboarding: %+v", s)
		}
	})
}

// TestStripeConnectReal runs onboarding through stripe-go against
// stripe-mock: an Express account and an Account Link; checkout of a
// tenant whose account cannot take charges is 503 UNAVAILABLE with a
// clear message and holds nothing, and works once account.updated says it
// can; an account a platform admin set (status unknown) keeps working, as
// does a tenant with no account at all.
func TestStripeConnectReal(t *testing.T) {
	t.Parallel()
	base := paymenttest.StartStripeMock(t)
	env := apptest.Env{"ADAPTERS_PRESET": "real", "STRIPE_SECRET_KEY": "sk_test_123", "STRIPE_API_BASE": base}
	apptest.Each(t, env, func(t *testing.T, a *app.App) {
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		ka := apptest.Bearer(alpha.Keys.Secret)
		h := a.Handler()

		if link := connectURL(t, a, ka); !strings.HasPrefix(link, "https://") {
			t.Fatalf("account link %q", link)
		}
		s := getStripeStatus(t, a, ka)
		if s.AccountID == nil || !strings.HasPrefix(*s.AccountID, "acct_") || s.ChargesEnabled || !s.StatusKnown {
			t.Fatalf("after connect: %+v", s)
		}

		date := dayAhead(a, 40)
		body := checkoutBody("classic", date, "Ann", "ann@example.com")
		key := map[string]string{"X-Tenant-Key": alpha.Keys.Public}
		r := apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, body)
		apptest.Expect(t, "checkout before onboarding", r, 503, "UNAVAILABLE")
		if !strings.Contains(string(r.Body), "Studio alpha cannot take payments online yet") {
			t.Errorf("503 message: %s", r.Body)
		}
		if r := apptest.Do(t, h, "GET", "/v1/availability?date="+date, key, ""); !strings.Contains(string(r.Body), `"available":true`) {
			t.Errorf("a refused checkout held the date: %s", r.Body)
		}

		accountEvent(t, a, "evt_ready", *s.AccountID, true, a.Now())
		apptest.Expect(t, "checkout once charges are enabled", apptest.Do(t, h, "POST", "/v1/bookings/checkout", key, body), 200, "")

		// No account at all: the platform charges alone, as before Connect.
		bkey := map[string]string{"X-Tenant-Key": bravo.Keys.Public}
		apptest.Expect(t, "no account", apptest.Do(t, h, "POST", "/v1/bookings/checkout", bkey,
			checkoutBody("classic", dayAhead(a, 41), "Bea", "bea@example.com")), 200, "")
		// An account the platform admin set: vouched for until Stripe says otherwise.
		id := "acct_1Nv0FGQ9RKHgCVdK"
		if _, err := a.Tenants.Update(t.Context(), bravo.Tenant.ID, tenant.Update{StripeAccountID: &id}); err != nil {
			t.Fatal(err)
		}
		if s := getStripeStatus(t, a, apptest.Bearer(bravo.Keys.Secret)); s.StatusKnown || !s.ChargesEnabled || s.AccountID == nil || *s.AccountID != id {
			t.Errorf("platform-set account: %+v", s)
		}
		apptest.Expect(t, "platform-set account", apptest.Do(t, h, "POST", "/v1/bookings/checkout", bkey,
			checkoutBody("classic", dayAhead(a, 42), "Bea", "bea2@example.com")), 200, "")
		accountEvent(t, a, "evt_restricted", id, false, a.Now())
		apptest.Expect(t, "platform-set account, restricted", apptest.Do(t, h, "POST", "/v1/bookings/checkout", bkey,
			checkoutBody("classic", dayAhead(a, 43), "Bea", "bea3@example.com")), 503, "UNAVAILABLE")
	})
}

// TestStripeConnectOutage: Stripe unreachable → connect is 503 UNAVAILABLE
// with Retry-After, and no account is recorded, so the next try starts over.
func TestStripeConnectOutage(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", apptest.Env{"ADAPTERS_PRESET": "real", "STRIPE_SECRET_KEY": "sk_test_123",
		"STRIPE_API_BASE": "http://127.0.0.1:1"})
	alpha := apptest.NewTenant(t, a, "alpha")
	auth := apptest.Bearer(alpha.Keys.Secret)
	r := apptest.Do(t, a.Handler(), "POST", "/v1/admin/stripe/connect", auth, "")
	apptest.Expect(t, "connect while Stripe is down", r, 503, "UNAVAILABLE")
	if r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Body), "Stripe could not open your account right now") {
		t.Errorf("outage answer: %v %s", r.Header, r.Body)
	}
	if s := getStripeStatus(t, a, auth); s.AccountID != nil {
		t.Errorf("an account was recorded: %+v", s)
	}
}
