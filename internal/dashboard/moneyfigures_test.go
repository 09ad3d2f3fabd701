package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// TestOverviewOneMoneyFigureSet: the overview shows one set of money
// figures from one source — collected (charges net of refunds, by payment
// date), the platform's commission on that money, what is still due — and
// not a second "revenue" next to it. A hold nobody paid adds nothing.
func TestOverviewOneMoneyFigureSet(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f, br := loggedInAlpha(t, kind, nil)
			a, ctx := f.app, context.Background()
			pct := 30
			if _, err := a.Tenants.UpdateSettings(ctx, f.alpha.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct}); err != nil {
				t.Fatal(err)
			}
			tt, _ := a.Tenants.ByID(ctx, f.alpha.Tenant.ID)
			dep := book(t, a, tenant.Created{Tenant: tt}, f.alphaPkg.ID, 200) // $30.01 deposit, fee $3.76
			full := book(t, a, tenant.Created{Tenant: tt}, f.alphaPkg.ID, 10) // $100.01 in full, fee $12.51
			if dep.Status != booking.StatusDepositPaid || full.Status != booking.StatusPaid {
				t.Fatalf("statuses %s %s", dep.Status, full.Status)
			}
			refund := int64(2001)
			if _, _, err := a.Booking.Refund(ctx, tt, full.ID, &refund); err != nil {
				t.Fatal(err)
			}
			in := booking.CheckoutInput{PackageID: f.alphaPkg.ID, Date: testclock.DaysAhead(a.Now(), tt.Location(), 300)}
			in.Customer.Name, in.Customer.Email = "Hold Only", "hold@example.com"
			if _, err := a.Booking.Checkout(ctx, tt, in); err != nil {
				t.Fatal(err)
			}
			totals, err := a.Booking.Totals(ctx, tt.ID, a.Now().AddDate(0, -1, 0), a.Now().AddDate(0, 1, 0), tt.Location())
			if err != nil {
				t.Fatal(err)
			}
			after, _ := a.Booking.Booking(ctx, tt.ID, full.ID)
			wantFees := dep.FeesCents + after.FeesCents
			if totals.CollectedCents() != 3001+10001-2001 || totals.CommissionCents != wantFees || totals.OutstandingCents != 7000 || totals.Holding != 1 {
				t.Fatalf("totals %+v; want collected %d, commission %d (the bookings' fees), 7000 still due, 1 hold", totals, 3001+10001-2001, wantFees)
			}

			page := br.get("/admin")
			wantStatus(t, "overview", page, http.StatusOK)
			if v, note := statValue(t, page.body, "Collected"); v != "$110.01" || !strings.Contains(note, "2 payments") || !strings.Contains(note, "less $20.01 refunded") {
				t.Errorf("collected %q, %q", v, note)
			}
			if v, _ := statValue(t, page.body, "Platform commission"); v != money(wantFees) {
				t.Errorf("commission %q, want %s", v, money(wantFees))
			}
			if v, _ := statValue(t, page.body, "Still due"); v != "$70.00" {
				t.Errorf("still due %q", v)
			}
			for _, old := range []string{">Revenue<", "Received this month", "Deposits this month", "Balances outstanding"} {
				if strings.Contains(page.body, old) {
					t.Errorf("the overview still shows a second figure set (%q)", old)
				}
			}
			if n := strings.Count(page.body, `<p class="stat-label">Platform commission</p>`); n != 1 {
				t.Errorf("%d commission figures, want 1", n)
			}
		})
	}
}

// money writes cents as the dashboard does for dollars.
func money(c int64) string { return format.Money(c, "usd", format.DefaultLocale) }

// TestBookingListCommissionOnMoneyTaken: the bookings list shows the
// commission on the money actually taken — the deposit's share for a
// deposit, nothing but "on payment" for an unpaid hold.
func TestBookingListCommissionOnMoneyTaken(t *testing.T) {
	f, br := loggedInAlpha(t, "sqlite", nil)
	a, ctx := f.app, context.Background()
	pct := 30
	if _, err := a.Tenants.UpdateSettings(ctx, f.alpha.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct}); err != nil {
		t.Fatal(err)
	}
	tt, _ := a.Tenants.ByID(ctx, f.alpha.Tenant.ID)
	dep := book(t, a, tenant.Created{Tenant: tt}, f.alphaPkg.ID, 200)
	in := booking.CheckoutInput{PackageID: f.alphaPkg.ID, Date: testclock.DaysAhead(a.Now(), tt.Location(), 300)}
	in.Customer.Name, in.Customer.Email = "Hold Only", "hold@example.com"
	if _, err := a.Booking.Checkout(ctx, tt, in); err != nil {
		t.Fatal(err)
	}
	page := br.get("/admin/bookings")
	wantStatus(t, "bookings", page, http.StatusOK)
	rows := strings.Split(page.body, "<tr>")
	var holdRow, depRow string
	for _, r := range rows {
		switch {
		case strings.Contains(r, "hold@example.com"):
			holdRow = r
		case strings.Contains(r, dep.ID):
			depRow = r
		}
	}
	if !strings.Contains(holdRow, "on payment") || strings.Contains(holdRow, "$12.51") {
		t.Errorf("the hold's commission is not 'on payment':\n%s", holdRow)
	}
	if !strings.Contains(depRow, money(dep.FeesCents)) || strings.Contains(depRow, "$12.51") || dep.FeesCents >= dep.CommissionCents {
		t.Errorf("the deposit's row does not show the commission on the deposit (%s of %s):\n%s", money(dep.FeesCents), money(dep.CommissionCents), depRow)
	}
}

// TestBookingPageShowsCancelReason: the couple's reason for canceling from
// their page is on the business's booking page, as text.
func TestBookingPageShowsCancelReason(t *testing.T) {
	f, br := loggedInAlpha(t, "sqlite", nil)
	a, ctx := f.app, context.Background()
	b := book(t, a, f.alpha, f.alphaPkg.ID, 200)
	if _, err := a.Booking.CancelByCouple(ctx, f.alpha.Tenant, b.ID, "Plans changed <b>sadly</b>"); err != nil {
		t.Fatal(err)
	}
	page := br.get("/admin/bookings/" + b.ID)
	for _, want := range []string{"the couple, from their booking page", "Their reason", "Plans changed &lt;b&gt;sadly&lt;/b&gt;"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("booking page lacks %q:\n%s", want, snippet(page.body))
		}
	}
	// The business's own note from its cancel form.
	other := book(t, a, f.alpha, f.alphaPkg.ID, 210)
	path := "/admin/bookings/" + other.ID
	wantStatus(t, "cancel", br.submit(path, path+"/cancel", url.Values{"refund": {"none"}, "reason": {"Asked by phone"}}), http.StatusSeeOther)
	if page := br.get(path); !strings.Contains(page.body, "Your note") || !strings.Contains(page.body, "Asked by phone") {
		t.Errorf("the business's note is not shown:\n%s", snippet(page.body))
	}
}
