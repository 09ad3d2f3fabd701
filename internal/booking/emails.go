package booking

import (
	"context"
	"fmt"
	"time"

	"mais/internal/apperr"
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
		if b.Status == StatusPaid && b.BalanceSessionID != "" {
			// The balance of a deposit: the confirmation went with the
			// deposit (its key skips it now); this says "paid in full".
			kinds = append(kinds, MailBalancePaid)
		}
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

// queueMail queues kind for b in tx (a business message without a
// business address is skipped).
func (s *Service) queueMail(ctx context.Context, tx Tx, kind string, t tenant.Tenant, b Booking, x MailExtra, now time.Time) error {
	m, err := s.Mail(kind, t, b, x)
	if err != nil || m.To == "" {
		return err
	}
	return tx.EnqueueEmails(ctx, []Email{m}, now)
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
	// A booking is canceled once: the business hears of it once.
	MailTenantCanceled: "booking:%s:tenant-canceled",
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
	case MailTenantRescheduled:
		return "booking:" + b.ID + ":tenant-rescheduled:" + b.Date + ":" + now.UTC().Format(time.RFC3339Nano)
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

// ResendConfirmation queues the couple's confirmation of one of the
// tenant's bookings again (the business asked: "I never got it"), as it
// reads now: the current date, amounts and manage link. Only a booking that
// holds its date has one (else 409 CONFLICT). Each resend is its own
// message (its key carries the time), so a click sends one e-mail.
func (s *Service) ResendConfirmation(ctx context.Context, t tenant.Tenant, bookingID string) error {
	b, err := s.Store.BookingByID(ctx, t.ID, bookingID)
	if err != nil {
		return err
	}
	now := s.now()
	err = s.Store.WithDateLock(ctx, t.ID, b.Date, func(tx Tx) error {
		if b, err = tx.BookingByID(ctx, t.ID, bookingID); err != nil {
			return err
		}
		if !paidForDate(b.Status) {
			return apperr.Conflict("only a booked date has a confirmation to send (this booking is %s)", b.Status)
		}
		m, err := s.Mail(MailConfirmation, t, b, MailExtra{})
		if err != nil {
			return err
		}
		m.DedupeKey += ":resent:" + now.UTC().Format(time.RFC3339Nano)
		return tx.EnqueueEmails(ctx, []Email{m}, now)
	})
	if err != nil {
		return fmt.Errorf("resend confirmation: %w", err)
	}
	if s.Outbox != nil {
		s.Outbox.Wake()
	}
	return nil
}
