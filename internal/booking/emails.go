package booking

import (
	"fmt"
	"time"

	"mais/internal/tenant"
)

// composeEmails writes the messages for a booking that just became PAID
// (or DEPOSIT_PAID) or CONFLICT, or CANCELED because its delayed (bank)
// payment failed. Names and addresses are the booking's own, as given at
// its checkout. Dedupe keys make each message exist once, whatever retries
// do. A template error is returned (and rolls the change back) rather than
// losing the message; every template is rendered by the tests.
func (s *Service) composeEmails(t tenant.Tenant, b Booking, paymentFailed bool) ([]Email, error) {
	var kinds []string
	switch {
	case paidForDate(b.Status):
		kinds = []string{MailConfirmation, MailTenantNotice}
	case b.Status == StatusConflict:
		kinds = []string{MailConflict, MailTenantRefund}
	case b.Status == StatusCanceled && paymentFailed:
		kinds = []string{MailPaymentFailed}
	}
	out := make([]Email, 0, len(kinds))
	for _, kind := range kinds {
		m, err := s.Mail(kind, t, b, MailExtra{})
		if err != nil {
			return nil, err
		}
		if m.To != "" {
			out = append(out, m)
		}
	}
	return out, nil
}

// dedupeKeys name each message of a booking once. The first five keep the
// keys of the messages queued before templates existed.
var dedupeKeys = map[string]string{
	MailConfirmation:  "booking:%s:customer-confirmation",
	MailTenantNotice:  "booking:%s:tenant-notice",
	MailConflict:      "booking:%s:customer-conflict",
	MailTenantRefund:  "booking:%s:tenant-refund",
	MailPaymentFailed: "booking:%s:customer-payment-failed",
	MailBalancePaid:   "booking:%s:balance-paid",
	MailCanceled:      "booking:%s:canceled",
}

// Mail composes one message of kind about b, ready for Tx.EnqueueEmails,
// with its dedupe key. Messages that may rightly come more than once carry
// what makes them differ in their key: a reschedule its new date, a refund
// its amount and time, a reminder the date it reminds of (so a moved date
// is reminded again, and each reminder goes once however many schedulers
// run). A business message without a business address has To "" (skip it).
func (s *Service) Mail(kind string, t tenant.Tenant, b Booking, x MailExtra) (Email, error) {
	now := s.now()
	m, err := compose(kind, mailContext{tenant: t, baseURL: s.PublicBaseURL, manageURL: s.manageLink(b), now: now}, b, x)
	if err != nil {
		return Email{}, err
	}
	m.DedupeKey = dedupeKey(kind, b, x, now)
	return m, nil
}

func dedupeKey(kind string, b Booking, x MailExtra, now time.Time) string {
	if k, ok := dedupeKeys[kind]; ok {
		return fmt.Sprintf(k, b.ID)
	}
	switch kind {
	case MailRescheduled:
		return "booking:" + b.ID + ":rescheduled:" + b.Date + ":" + now.UTC().Format(time.RFC3339Nano)
	case MailRefunded:
		return fmt.Sprintf("booking:%s:refunded:%d:%s", b.ID, x.RefundCents, now.UTC().Format(time.RFC3339Nano))
	case MailBalanceDue:
		return "reminder:balance_due:" + b.ID + ":" + moneyFacts(b).dueDate
	case MailBalanceOverdue:
		return "reminder:balance_overdue:" + b.ID + ":" + moneyFacts(b).dueDate
	case MailEventSoon:
		return "reminder:event:" + b.ID + ":" + b.Date
	}
	return "booking:" + b.ID + ":" + kind + ":" + now.UTC().Format(time.RFC3339Nano)
}
