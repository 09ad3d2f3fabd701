package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

// The overview's money: received and deposits this month by payment date,
// balances outstanding, and the same balance overdue once its due date
// has passed; a deposit booking is among the upcoming ones.
func TestOverviewMoney(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			a, clock := apptest.NewClocked(t, kind, nil)
			ctx := context.Background()
			tn := apptest.NewTenant(t, a, "alpha")
			pct := 30
			if _, err := a.Tenants.UpdateSettings(ctx, tn.Tenant.ID, tenant.SettingsPatch{DepositPercent: &pct}); err != nil {
				t.Fatal(err)
			}
			tt, _ := a.Tenants.ByID(ctx, tn.Tenant.ID)
			in := booking.CheckoutInput{PackageID: tn.Package.ID, Date: testclock.DaysAhead(a.Now(), tt.Location(), 120)}
			in.Customer.Name, in.Customer.Email = "Ada Lovelace", "ada@example.com"
			res, err := a.Booking.Checkout(ctx, tt, in)
			if err != nil {
				t.Fatal(err)
			}
			b, _, err := a.Booking.PayMock(ctx, res.SessionID)
			if err != nil || b.Status != booking.StatusDepositPaid {
				t.Fatalf("deposit: %v %v", b.Status, err)
			}
			br := newBrowser(t, a.Handler())
			br.login("owner@alpha.example", password)
			page := br.get("/admin")
			wantStatus(t, "overview", page, http.StatusOK)
			for _, want := range []string{"including 1 deposit ($30.01)", "Still due", "$70.00", "1 balance to be paid before the day",
				"Nothing past due", "/admin/bookings/" + b.ID} {
				if !strings.Contains(page.body, want) {
					t.Errorf("overview lacks %q", want)
				}
			}
			// Past the due date (30 days before the event): overdue.
			clock.Advance(95 * 24 * time.Hour)
			br = newBrowser(t, a.Handler()) // the session has long expired
			br.login("owner@alpha.example", password)
			page = br.get("/admin")
			if !strings.Contains(page.body, "1 balance past due") || !strings.Contains(page.body, "stat-alert") {
				t.Errorf("overdue balance not shown:\n%s", snippet(page.body))
			}
		})
	}
}
