package booking

import (
	"strings"
	"testing"

	"mais/internal/tenant"
)

// TestEmailAmountsInTheBookingCurrency: the confirmation writes amounts as
// the storefront and dashboard do (format.Money), in the booking's own
// currency, not always in dollars.
func TestEmailAmountsInTheBookingCurrency(t *testing.T) {
	tn := tenant.Tenant{ID: "t1", Name: "Studio", Email: "owner@studio.example"}
	for cur, want := range map[string]string{"usd": "$1,500.50", "eur": "€1,500.50"} {
		b := Booking{ID: "b1", TenantID: "t1", Date: "2028-11-04", Status: StatusPaid, TotalCents: 150050, Currency: cur,
			LineItems: []LineItem{{Name: "Classic", AmountCents: 150050}}}
		b.Customer.Name, b.Customer.Email = "Ada", "ada@example.com"
		for _, e := range composeEmails(tn, b, "https://mais.test", false) {
			if !strings.Contains(e.TextBody, want) {
				t.Errorf("%s e-mail to %s lacks %q:\n%s", cur, e.To, want, e.TextBody)
			}
		}
	}
}
