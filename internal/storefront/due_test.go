package storefront_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

var isoDay = regexp.MustCompile(`>[^<]*\b20\d\d-\d\d-\d\d\b[^<]*<`)

// mustSay fails for each phrase page lacks.
func mustSay(t *testing.T, what, page string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !strings.Contains(page, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
	if d := isoDay.FindString(page); d != "" {
		t.Errorf("%s shows an ISO date to people: %s", what, d)
	}
}

// sitePage fetches a tenant site's path on the platform's own host.
func sitePage(t *testing.T, a *app.App, path string) string {
	t.Helper()
	r := apptest.Do(t, a.Handler(), http.MethodGet, "http://localhost"+path, nil, "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, r.Status)
	}
	return string(r.Body)
}

// TestCheckoutSaysWhatIsDueWhen: the mock checkout page and the page it
// returns to say, in the couple's words and the tenant's locale, what is
// paid now and what is left and by when (a deposit), or that the payment
// is the whole total (paid in full); the balance's checkout says it
// completes the booking.
func TestCheckoutSaysWhatIsDueWhen(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		tn := apptest.NewTenant(t, a, "rosa")
		pct, locale := 30, "en-GB"
		if _, err := a.Tenants.UpdateSettings(ctx, tn.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct, Locale: &locale}); err != nil {
			t.Fatal(err)
		}
		tt, err := a.Tenants.ByID(ctx, tn.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		money := func(c int64) string { return format.Money(c, "usd", locale) }
		day := func(d string) string { return format.DayIn(d, locale) }
		checkout := func(days int) (booking.CheckoutResult, booking.Booking) {
			t.Helper()
			in := booking.CheckoutInput{PackageID: tn.Package.ID, Date: testclock.DaysAhead(a.Now(), tt.Location(), days), AddOnIDs: []string{tn.AddOn.ID}}
			in.Customer.Name, in.Customer.Email = "Ada Lovelace", "ada@example.com"
			res, err := a.Booking.Checkout(ctx, tt, in)
			if err != nil {
				t.Fatal(err)
			}
			b, err := a.Booking.Booking(ctx, tt.ID, res.BookingID)
			if err != nil {
				t.Fatal(err)
			}
			return res, b
		}

		// A deposit: far enough ahead.
		res, b := checkout(200)
		deposit, left := b.DueNowCents(), b.TotalCents-b.DueNowCents()
		if deposit >= b.TotalCents || b.BalanceDueDate == "" {
			t.Fatalf("no deposit: due now %d of %d", deposit, b.TotalCents)
		}
		page := string(get(t, a, "/checkout/mock/"+res.SessionID).Body)
		mustSay(t, "deposit checkout", page, "Deposit due today", money(deposit), "Balance due by "+day(b.BalanceDueDate), money(left),
			"Today you pay a deposit of "+money(deposit)+" to reserve "+day(b.Date), money(b.TotalCents), "Pay "+money(deposit), day(b.Date))
		if strings.Contains(page, "Total due") {
			t.Error("the deposit checkout calls the deposit the total due")
		}
		paid := post(t, a, "/checkout/mock/"+res.SessionID+"/pay", nil)
		if paid.Status != http.StatusSeeOther {
			t.Fatalf("pay: %d", paid.Status)
		}
		success := sitePage(t, a, paid.Header.Get("Location"))
		mustSay(t, "deposit success", success, "Your date is reserved!", "Deposit paid", money(deposit),
			"Balance due by "+day(b.BalanceDueDate), "The balance of "+money(left)+" is due by "+day(b.BalanceDueDate))

		// The balance's checkout: what was paid and what this completes.
		b, _ = a.Booking.Booking(ctx, tt.ID, b.ID)
		bal, err := a.Booking.PayBalance(ctx, b, tt)
		if err != nil {
			t.Fatal(err)
		}
		page = string(get(t, a, "/checkout/mock/"+bal.SessionID).Body)
		mustSay(t, "balance checkout", page, "Balance due today", money(left), "is then paid in full", "Pay "+money(left))
		if strings.Contains(page, "held until") {
			t.Error("the balance's checkout says the date is held until a time")
		}

		// Paid in full: the event is too close for a deposit.
		res, b = checkout(20)
		if b.DueNowCents() != b.TotalCents {
			t.Fatalf("20 days ahead charges %d of %d", b.DueNowCents(), b.TotalCents)
		}
		page = string(get(t, a, "/checkout/mock/"+res.SessionID).Body)
		mustSay(t, "full checkout", page, "Due today", "Today you pay the full "+money(b.TotalCents)+". Nothing more will be due.")
		if strings.Contains(page, "Deposit") || strings.Contains(page, "Balance") {
			t.Error("a payment in full speaks of a deposit or balance")
		}
		paid = post(t, a, "/checkout/mock/"+res.SessionID+"/pay", url.Values{})
		success = sitePage(t, a, paid.Header.Get("Location"))
		mustSay(t, "full success", success, "booked!", "Paid in full", "nothing more is due")
	})
}

// TestManagePolicyAfterMove: after the couple moves the date, the policy
// counts its deadlines from the new date, and a deadline already past is
// said as past ("free cancellation ended on …"), never as one to meet.
func TestManagePolicyAfterMove(t *testing.T) {
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		tn := apptest.NewTenant(t, a, "rosa")
		tt, _ := a.Tenants.ByID(ctx, tn.Tenant.ID)
		loc := tt.Location()
		st := tt.Settings()
		b := depositBooking(t, a, tn, testclock.DaysAhead(a.Now(), loc, 100))
		path := strings.TrimPrefix(a.Booking.ManageURL(b), "http://mais.test")
		day := func(n int) string { return format.DayIn(testclock.DaysAhead(a.Now(), loc, n), tt.Locale) }
		free, cutoff := st.Cancellation.FreeCancellationDays, st.RescheduleCutoffDays
		page := string(get(t, a, path).Body)
		mustSay(t, "manage page before the move", page, "Cancel by "+day(100-free), "until "+day(100-cutoff))

		// Move closer: the new date's free cancellation is already over.
		newDay := free - 30
		moved := post(t, a, path+"/move", url.Values{"date": {testclock.DaysAhead(a.Now(), loc, newDay)}})
		if moved.Status != http.StatusSeeOther {
			t.Fatalf("move: %d\n%s", moved.Status, moved.Body)
		}
		page = string(get(t, a, path+"?done=moved").Body)
		mustSay(t, "manage page after the move", page, "Free cancellation ended on "+day(newDay-free), "until "+day(newDay-cutoff))
		for _, stale := range []string{"Cancel by ", day(100 - free), day(100 - cutoff)} {
			if strings.Contains(page, stale) {
				t.Errorf("after the move the page still says %q", stale)
			}
		}
		// Past the move cut-off too: said as past, and no move button.
		later, _ := a.Booking.Booking(ctx, tt.ID, b.ID)
		if _, err := a.Booking.Reschedule(ctx, tt, later.ID, testclock.DaysAhead(a.Now(), loc, cutoff-5), false); err != nil {
			t.Fatal(err)
		}
		page = string(get(t, a, path).Body)
		mustSay(t, "manage page inside the cut-off", page, "Moving the date online ended on "+day(-5), "please write to "+tt.Name)
		if strings.Contains(page, "Move the date") {
			t.Error("the move button shows inside the cut-off")
		}
	})
}
