package booking

import (
	"fmt"
	"strings"

	"mais/internal/format"
	"mais/internal/tenant"
)

// composeEmails writes the messages for a booking that just became PAID or
// CONFLICT, or CANCELED because its delayed (bank) payment failed. Names and
// addresses are the booking's own, as given at its checkout. Dedupe keys
// make each message exist once, whatever retries do.
func composeEmails(t tenant.Tenant, b Booking, baseURL string, paymentFailed bool) []Email {
	// Amounts in the booking's own currency, as every surface writes them.
	money := func(cents int64) string { return format.Money(cents, b.Currency, format.DefaultLocale) }
	var lines strings.Builder
	for _, li := range b.LineItems {
		fmt.Fprintf(&lines, "  %-40s %s\n", li.Name, money(li.AmountCents))
	}
	fmt.Fprintf(&lines, "  %-40s %s\n", "Total", money(b.TotalCents))

	switch b.Status {
	case StatusPaid:
		customer := Email{
			TenantID: t.ID, DedupeKey: "booking:" + b.ID + ":customer-confirmation", To: b.Customer.Email,
			Subject: fmt.Sprintf("Your date with %s is booked: %s", t.Name, b.Date),
			TextBody: fmt.Sprintf("Hi %s,\n\nThank you! Your booking with %s for %s is confirmed and paid.\n\n%s\nBooking reference: %s\n\nReply to this e-mail if anything changes. We look forward to it.\n\n%s\n",
				b.Customer.Name, t.Name, b.Date, lines.String(), b.ID, t.Name),
		}
		emails := []Email{customer}
		if t.Email != "" {
			emails = append(emails, Email{
				TenantID: t.ID, DedupeKey: "booking:" + b.ID + ":tenant-notice", To: t.Email,
				Subject: fmt.Sprintf("New booking: %s on %s", b.Customer.Name, b.Date),
				TextBody: fmt.Sprintf("%s (%s, %s) booked %s.\n\n%s\nPlatform commission: %s\nNotes: %s\n\nSee it in your dashboard: %s/admin/bookings/%s\n",
					b.Customer.Name, b.Customer.Email, b.Customer.Phone, b.Date, lines.String(), money(b.CommissionCents), b.Notes, baseURL, b.ID),
			})
		}
		return emails
	case StatusConflict:
		emails := []Email{{
			TenantID: t.ID, DedupeKey: "booking:" + b.ID + ":customer-conflict", To: b.Customer.Email,
			Subject: fmt.Sprintf("About your payment to %s for %s", t.Name, b.Date),
			TextBody: fmt.Sprintf("Hi %s,\n\nWe received your payment, but %s was no longer available when it arrived, so we could not confirm it. Your payment of %s will be refunded in full. We are sorry, and %s will contact you about other dates.\n\nReference: %s\n",
				b.Customer.Name, b.Date, money(b.TotalCents), t.Name, b.ID),
		}}
		if t.Email != "" {
			emails = append(emails, Email{
				TenantID: t.ID, DedupeKey: "booking:" + b.ID + ":tenant-refund", To: t.Email,
				Subject: fmt.Sprintf("Refund needed: payment for %s arrived after the date was taken", b.Date),
				TextBody: fmt.Sprintf("%s (%s) paid %s for %s, but the date was no longer sellable (booked by someone else or blacked out). No booking was made. Please refund session %s.\n",
					b.Customer.Name, b.Customer.Email, money(b.TotalCents), b.Date, b.CheckoutSessionID),
			})
		}
		return emails
	case StatusCanceled:
		if !paymentFailed {
			return nil
		}
		return []Email{{
			TenantID: t.ID, DedupeKey: "booking:" + b.ID + ":customer-payment-failed", To: b.Customer.Email,
			Subject: fmt.Sprintf("Your payment to %s for %s did not go through", t.Name, b.Date),
			TextBody: fmt.Sprintf("Hi %s,\n\nYour bank told us that the payment for %s with %s did not go through, so the date is no longer held for you. Nothing was charged. If you still want the date, please book it again.\n\nReference: %s\n",
				b.Customer.Name, b.Date, t.Name, b.ID),
		}}
	}
	return nil
}
