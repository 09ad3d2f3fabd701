package booking

import "mais/internal/tenant"

// PreviewMails renders every message kind (MailKinds order) for tenant t
// with a sample couple and booking, as the dashboard shows them before any
// couple gets one: the tenant's own name, address, locale and currency; a
// deposit booking three months after now with a balance due, so every
// amount and date a message can hold is filled.
func (s *Service) PreviewMails(t tenant.Tenant) ([]Email, error) {
	now := s.now()
	date := now.AddDate(0, 3, 0).Format(dateLayout)
	cur := t.Settings().Currency
	b := Booking{ID: "00000000-0000-4000-8000-000000000000", TenantID: t.ID, Date: date, Status: StatusDepositPaid,
		TotalCents: 420000, DepositCents: 126000, PaidCents: 126000, CommissionCents: 42000, Currency: cur,
		BalanceDueDate: now.AddDate(0, 2, 0).Format(dateLayout), CheckoutSessionID: "cs_sample",
		Notes:     "Ceremony at 3 pm in the garden; portraits before sunset.",
		LineItems: []LineItem{{Kind: "package", Name: "Classic Wedding", AmountCents: 380000}, {Kind: "addon", Name: "Heirloom album", AmountCents: 40000}},
	}
	b.Customer.Name, b.Customer.Email, b.Customer.Phone = "Sam & Alex Rivera", "sam@example.com", "+1 555 0100"
	c := mailContext{tenant: t, baseURL: s.PublicBaseURL, manageURL: s.PublicBaseURL + "/b/sample-link", now: now}
	if c.tenant.Email == "" {
		c.tenant.Email = "you@example.com" // so the business's messages preview too
	}
	out := make([]Email, 0, len(MailKinds))
	for _, kind := range MailKinds {
		x := MailExtra{OldDate: now.AddDate(0, 3, -7).Format(dateLayout), RefundCents: 126000,
			Reason: "We have decided on a small ceremony abroad. Thank you for everything!"}
		m, err := compose(kind, c, b, x)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
