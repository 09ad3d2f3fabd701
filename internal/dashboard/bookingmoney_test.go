package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/booking"
	"mais/internal/testclock"
)

// The business's side of a booking's money on its page: a CONFLICT
// booking refunded with one click; for a booked date the manage link to
// copy, the confirmation sent again, the date moved, and a cancel with the
// refund the business chose.
func TestBookingMoneyActions(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			f, br := loggedInAlpha(t, kind, nil)
			a, ctx := f.app, context.Background()

			// A payment that arrives after its date was blacked out: CONFLICT.
			date := testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), 150)
			in := booking.CheckoutInput{PackageID: f.alphaPkg.ID, Date: date}
			in.Customer.Name, in.Customer.Email = "Late Payer", "late@example.com"
			res, err := a.Booking.Checkout(ctx, f.alpha.Tenant, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Booking.CreateBlackout(ctx, f.alpha.Tenant.ID, date, "closed"); err != nil {
				t.Fatal(err)
			}
			late, _, err := a.Booking.PayMock(ctx, res.SessionID)
			if err != nil || late.Status != booking.StatusConflict {
				t.Fatalf("late payment: %v %v", late.Status, err)
			}
			page := br.get("/admin/bookings/" + late.ID)
			wantStatus(t, "conflict page", page, http.StatusOK)
			if !strings.Contains(page.body, "Refund $100.01 now") {
				t.Fatalf("no one-click refund:\n%s", snippet(page.body))
			}
			wantStatus(t, "refund", br.submit("/admin/bookings/"+late.ID, "/admin/bookings/"+late.ID+"/refund", nil), http.StatusSeeOther)
			if got, _ := a.Booking.Booking(ctx, f.alpha.Tenant.ID, late.ID); got.RefundedCents != got.PaidCents || got.PaidCents == 0 {
				t.Errorf("after the refund: paid %d refunded %d", got.PaidCents, got.RefundedCents)
			}
			if n, _ := a.Store.OutboxCount(ctx, f.alpha.Tenant.ID, "booking:"+late.ID+":refunded"); n != 1 {
				t.Errorf("%d refund e-mails queued, want 1", n)
			}
			if after := br.get("/admin/bookings/" + late.ID); strings.Contains(after.body, "Refund $100.01 now") || !strings.Contains(after.body, "Refunded</dt><dd>$100.01") {
				t.Errorf("page after the refund:\n%s", snippet(after.body))
			}

			// A booked date: link, resend, move, cancel.
			b := book(t, a, f.alpha, f.alphaPkg.ID, 200)
			path := "/admin/bookings/" + b.ID
			page = br.get(path)
			for _, want := range []string{a.Booking.ManageURL(b), "Send the confirmation again", booking.Ref(b.ID), `value="policy"`} {
				if !strings.Contains(page.body, want) {
					t.Errorf("booking page lacks %q", want)
				}
			}
			wantStatus(t, "resend", br.submit(path, path+"/resend", nil), http.StatusSeeOther)
			if n, _ := a.Store.OutboxCount(ctx, f.alpha.Tenant.ID, "booking:"+b.ID+":customer-confirmation"); n != 2 {
				t.Errorf("%d confirmations queued after a resend, want 2", n)
			}
			newDate := testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), 210)
			wantStatus(t, "move", br.submit(path, path+"/reschedule", url.Values{"date": {newDate}}), http.StatusSeeOther)
			if got, _ := a.Booking.Booking(ctx, f.alpha.Tenant.ID, b.ID); got.Date != newDate {
				t.Errorf("date after the move: %s, want %s", got.Date, newDate)
			}
			refused := br.follow(br.submit(path, path+"/reschedule", url.Values{"date": {date}})) // blacked out
			if !strings.Contains(refused.body, "flash-error") {
				t.Errorf("a move to a blacked-out date is not refused on the page:\n%s", snippet(refused.body))
			}
			wantStatus(t, "cancel", br.submit(path, path+"/cancel", url.Values{"refund": {"none"}}), http.StatusSeeOther)
			if got, _ := a.Booking.Booking(ctx, f.alpha.Tenant.ID, b.ID); got.Status != booking.StatusCanceled || got.RefundedCents != 0 {
				t.Errorf("after cancel without refund: %s refunded %d", got.Status, got.RefundedCents)
			}
			// Another tenant's booking is not reachable.
			other := book(t, a, f.bravo, f.bravoPkg.ID, 120)
			wantStatus(t, "other tenant's refund", br.submit(path, "/admin/bookings/"+other.ID+"/refund", nil), http.StatusNotFound)
		})
	}
}
