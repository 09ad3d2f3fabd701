package booking

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/payment"
	"mais/internal/tenant"
	"mais/internal/textin"
)

// This file is what happens to a booked date afterwards (docs/API.md §11):
// the couple pays the balance, moves the date or cancels (through the manage
// link), and the tenant refunds, cancels or moves a booking. Each change of
// status is one transaction under the date lock (both dates' locks for a
// move, in date order); money goes back through the provider with an
// idempotency key, so a retried refund never refunds twice.

// Cancel refund modes of the tenant's cancel.
const (
	RefundPolicy = "policy" // what the tenant's cancellation policy says
	RefundFull   = "full"   // everything paid
	RefundNone   = "none"   // nothing
)

// Reasons recorded on refunds (Payment.Purpose).
const (
	refundCancel   = "cancel"
	refundAdmin    = "admin"
	refundConflict = "conflict"
	refundProvider = "provider" // made in the provider's own dashboard
)

// auditAction is the audit log action of a tenant's or couple's decision.
func auditAction(a Action) string {
	switch a {
	case ActionCancelBooking:
		return audit.ActionBookingCancel
	case ActionReschedule:
		return audit.ActionBookingReschedule
	}
	return audit.ActionBookingRelease
}

// BookingPayments is one of the tenant's bookings with its charges and refunds.
func (s *Service) BookingPayments(ctx context.Context, tenantID, id string) (Booking, []Payment, error) {
	b, err := s.Store.BookingByID(ctx, tenantID, id)
	if err != nil {
		return Booking{}, nil, err
	}
	ps, err := s.Store.Payments(ctx, tenantID, id)
	if err != nil {
		return Booking{}, nil, fmt.Errorf("booking payments: %w", err)
	}
	return b, ps, nil
}

// PayBalance opens the payment session of b's balance: its payment (a
// webhook, or the mock page) goes through the checkout's completion path,
// found by this session, and makes the booking PAID exactly once. Nothing
// due → 409 CONFLICT. Asked again, it answers the same session.
func (s *Service) PayBalance(ctx context.Context, b Booking, t tenant.Tenant) (CheckoutResult, error) {
	due := b.BalanceCents()
	if b.Status != StatusDepositPaid || due <= 0 {
		return CheckoutResult{}, apperr.Conflict("nothing is due on this booking")
	}
	items := []payment.LineItem{{Name: "Balance: " + lineName(b), AmountCents: due, Quantity: 1}}
	req := payment.CheckoutRequest{
		BookingID: b.ID, Purpose: PurposeBalance, TenantID: t.ID, ConnectedAccountID: t.StripeAccountID, Currency: b.Currency,
		LineItems: items, CustomerEmail: b.Customer.Email,
		SuccessURL: s.ManageURL(b) + "?paid=1", CancelURL: s.ManageURL(b),
		Metadata: map[string]string{"bookingId": b.ID, "tenantId": t.ID, "date": b.Date, "purpose": PurposeBalance},
	}
	if t.StripeAccountID != "" {
		req.ApplicationFeeCents = b.Ledger().ChargeFee(due)
	}
	if localProvider(s.Payments) && b.BalanceSessionID != "" {
		// The mock's page is addressed by the session id alone.
		return CheckoutResult{CheckoutURL: s.PublicBaseURL + "/checkout/mock/" + b.BalanceSessionID, SessionID: b.BalanceSessionID,
			BookingID: b.ID, AmountDueNowCents: due}, nil
	}
	timeout := s.ProviderTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	session, err := s.Payments.CreateCheckout(pctx, req)
	if err != nil {
		s.Logger.WarnContext(ctx, "payment provider refused the balance checkout", "booking", b.ID, "err", err)
		return CheckoutResult{}, apperr.New(apperr.CodeUnavailable, "payments are unavailable right now; please try again")
	}
	if err := s.Store.AttachBalanceSession(ctx, b.TenantID, b.ID, session.ID); err != nil {
		return CheckoutResult{}, fmt.Errorf("attach balance session: %w", err)
	}
	return CheckoutResult{CheckoutURL: session.URL, SessionID: session.ID, ExpiresAt: session.ExpiresAt, BookingID: b.ID, AmountDueNowCents: due}, nil
}

func lineName(b Booking) string {
	if len(b.LineItems) > 0 {
		return b.LineItems[0].Name + " on " + b.Date
	}
	return b.Date
}

// Reschedule moves a booked date (DEPOSIT_PAID or PAID) to date: the new
// date is taken and the old one freed in one transaction holding both
// dates' locks (taken in date order, so two moves between the same dates
// cannot deadlock). A date that is not sellable → 409 DATE_UNAVAILABLE; the
// couple (byCouple) closer than the tenant's reschedule cut-off to the
// event → 409 CONFLICT. Money is unchanged; a balance due date moves with
// the event. A move by the couple is e-mailed to the business in the same
// transaction.
func (s *Service) Reschedule(ctx context.Context, t tenant.Tenant, bookingID, date string, byCouple bool) (Booking, error) {
	now := s.now()
	today := Today(now, t.Location())
	st := t.Settings()
	if _, err := ParseDate("date", date); err != nil {
		return Booking{}, err
	}
	if date < today {
		return Booking{}, apperr.Validation("invalid date", map[string]string{"date": "is in the past"})
	}
	if DaysUntil(today, date) > st.BookingHorizonDays {
		return Booking{}, DateTaken(date, ReasonHorizon)
	}
	b, err := s.Store.BookingByID(ctx, t.ID, bookingID)
	if err != nil {
		return Booking{}, err
	}
	if byCouple && DaysUntil(today, b.Date) < st.RescheduleCutoffDays {
		return Booking{}, apperr.Conflict("the date can no longer be changed online %d days or less before the event; please contact %s", st.RescheduleCutoffDays, t.Name)
	}
	if date == b.Date {
		return b, nil
	}
	if err := s.checkCalendar(ctx, t, date); err != nil {
		return Booking{}, err
	}
	old := b.Date
	err = s.Store.WithDateLocks(ctx, t.ID, []string{b.Date, date}, func(tx Tx) error {
		if b, err = tx.BookingByID(ctx, t.ID, bookingID); err != nil {
			return err
		}
		if b.Date != old {
			return apperr.Conflict("the booking moved meanwhile; please try again")
		}
		if _, _, err := Transition(b.Status, ActionReschedule, true); err != nil {
			return err
		}
		reason, err := dateTaken(ctx, tx, t.ID, date, b.ID, now)
		if err != nil {
			return err
		}
		if reason != "" {
			return DateTaken(date, reason)
		}
		b.Date = date
		if b.BalanceDueDate != "" {
			d, _ := time.Parse(dateLayout, date)
			b.BalanceDueDate = d.AddDate(0, 0, -st.BalanceDueDays).Format(dateLayout)
		}
		_, err = apply(ctx, tx, &b, ActionReschedule, true, now)
		if errors.Is(err, ErrDateOccupied) {
			return DateTaken(date, ReasonBooked)
		}
		if err != nil {
			return err
		}
		if err := s.queueMail(ctx, tx, MailRescheduled, t, b, MailExtra{OldDate: old}, now); err != nil {
			return err
		}
		if !byCouple {
			return nil
		}
		return s.queueMail(ctx, tx, MailTenantRescheduled, t, b, MailExtra{OldDate: old}, now)
	})
	if err != nil {
		return Booking{}, err
	}
	ev := bookingEvent(EventRescheduled, b)
	ev.Reason = "moved from " + old
	s.publish(ctx, ev)
	return b, nil
}

// CancelResult is a cancellation: the booking (CANCELED) and what went back.
type CancelResult struct {
	Booking     Booking
	RefundCents int64
}

// RefundPreview is what canceling b now would refund under the tenant's
// policy (the couple sees it before confirming).
func (s *Service) RefundPreview(t tenant.Tenant, b Booking) int64 {
	p := t.Settings().Cancellation
	days := DaysUntil(Today(s.now(), t.Location()), b.Date)
	return RefundOnCancel(b.Ledger(), b.DepositCents, days, Policy{FreeCancellationDays: p.FreeCancellationDays, DepositRefundable: p.DepositRefundable})
}

// MaxCancelReason is the longest reason a cancellation keeps, in characters.
const MaxCancelReason = 1000

// Cancel is the business canceling one of its bookings: the date is free at
// once, then mode's amount (RefundPolicy, RefundFull or RefundNone) is
// refunded through the provider. An unknown mode, or a reason that is not
// text of at most MaxCancelReason characters → 400.
func (s *Service) Cancel(ctx context.Context, t tenant.Tenant, bookingID, mode, reason string) (CancelResult, error) {
	return s.cancel(ctx, t, bookingID, mode, reason, CanceledByBusiness)
}

// CancelByCouple is the couple canceling through their manage link: the
// policy's refund, their reason kept on the booking, and the business told
// by e-mail in the transaction of the change (once per booking).
func (s *Service) CancelByCouple(ctx context.Context, t tenant.Tenant, bookingID, reason string) (CancelResult, error) {
	return s.cancel(ctx, t, bookingID, RefundPolicy, reason, CanceledByCouple)
}

func (s *Service) cancel(ctx context.Context, t tenant.Tenant, bookingID, mode, reason, by string) (CancelResult, error) {
	switch mode {
	case "", RefundPolicy, RefundFull, RefundNone:
	default:
		return CancelResult{}, apperr.Validation("invalid refund", map[string]string{"refund": "must be policy, full or none"})
	}
	if mode == "" {
		mode = RefundPolicy
	}
	reason = strings.TrimSpace(reason)
	if why := textin.Problem(reason, textin.Multiline); why != "" || textin.Len(reason) > MaxCancelReason {
		if why == "" {
			why = fmt.Sprintf("must be at most %d characters", MaxCancelReason)
		}
		return CancelResult{}, apperr.Validation("invalid reason", map[string]string{"reason": why})
	}
	b, err := s.Store.BookingByID(ctx, t.ID, bookingID)
	if err != nil {
		return CancelResult{}, err
	}
	now := s.now()
	var fx Effects
	err = s.Store.WithDateLock(ctx, t.ID, b.Date, func(tx Tx) error {
		if b, err = tx.BookingByID(ctx, t.ID, bookingID); err != nil {
			return err
		}
		b.CanceledBy, b.CancelReason = by, reason
		if fx, err = apply(ctx, tx, &b, ActionCancelBooking, false, now); err != nil {
			return err
		}
		if !fx.Changed() {
			return apperr.Conflict("this booking is %s already", b.Status)
		}
		// The couple's message says what the refund below asks for.
		x := MailExtra{RefundCents: cancelRefund(s, t, b, mode), Reason: reason}
		if err := s.queueMail(ctx, tx, MailCanceled, t, b, x, now); err != nil {
			return err
		}
		if by != CanceledByCouple {
			return nil
		}
		return s.queueMail(ctx, tx, MailTenantCanceled, t, b, x, now)
	})
	if err != nil {
		return CancelResult{}, err
	}
	ev := bookingEvent(EventCanceled, b)
	ev.Reason = reason
	s.publish(ctx, ev)
	amount := cancelRefund(s, t, b, mode)
	if amount <= 0 {
		return CancelResult{Booking: b}, nil
	}
	b, refunded, err := s.refund(ctx, t, b.ID, amount, refundCancel)
	if err != nil {
		return CancelResult{Booking: b}, fmt.Errorf("refund after cancel: %w", err)
	}
	return CancelResult{Booking: b, RefundCents: refunded}, nil
}

// cancelRefund is what a cancel in mode gives back of b.
func cancelRefund(s *Service, t tenant.Tenant, b Booking, mode string) int64 {
	switch mode {
	case RefundFull:
		return b.Ledger().Refundable()
	case RefundPolicy:
		return s.RefundPreview(t, b)
	}
	return 0
}

// Refund gives back amountCents (nil: everything paid and not refunded yet)
// of one of the tenant's bookings through the provider. More than that →
// 400; nothing left to refund → 409. A CONFLICT booking is refunded in
// full by one call and is no longer flagged.
func (s *Service) Refund(ctx context.Context, t tenant.Tenant, bookingID string, amountCents *int64) (Booking, int64, error) {
	b, err := s.Store.BookingByID(ctx, t.ID, bookingID)
	if err != nil {
		return Booking{}, 0, err
	}
	left := b.Ledger().Refundable()
	amount := left
	if amountCents != nil {
		amount = *amountCents
		if amount <= 0 || amount > left {
			return Booking{}, 0, apperr.Validation("invalid amount", map[string]string{"amountCents": fmt.Sprintf("must be between 1 and %d, what is paid and not refunded yet", left)})
		}
	}
	if amount <= 0 {
		return Booking{}, 0, apperr.Conflict("nothing paid on this booking is left to refund")
	}
	why := refundAdmin
	if b.Status == StatusConflict {
		why = refundConflict
	}
	return s.refund(ctx, t, bookingID, amount, why)
}

// refund gives amount back on b: first it asks the provider (outside any
// transaction: no lock waits on the network) with an idempotency key made
// of the booking, what was refunded before and the amount, so a retry of
// the same refund is the same refund at the provider; then, under the date
// lock, it records the refund row under that key (once) and moves the
// booking's sums: refunded, fees given back, commission after refunds.
func (s *Service) refund(ctx context.Context, t tenant.Tenant, bookingID string, amount int64, why string) (Booking, int64, error) {
	b, err := s.Store.BookingByID(ctx, t.ID, bookingID)
	if err != nil {
		return Booking{}, 0, err
	}
	amount = min(amount, b.Ledger().Refundable())
	if amount <= 0 {
		return b, 0, nil
	}
	charges, err := s.Store.Payments(ctx, t.ID, b.ID)
	if err != nil {
		return b, 0, fmt.Errorf("refund: read payments: %w", err)
	}
	key := fmt.Sprintf("refund:%s:%d:%d", b.ID, b.RefundedCents, amount)
	refunder, ok := s.Payments.(payment.Refunder)
	if !ok {
		return b, 0, apperr.New(apperr.CodeUnavailable, "this payment provider cannot refund")
	}
	// Refund the latest charges first (the balance, then the deposit), each
	// at most what is left of it; each part is a refund and a row of its own.
	parts := splitRefund(charges, amount)
	if err := s.findPayments(ctx, b, parts); err != nil {
		return b, 0, err
	}
	var done []refundPart
	for i, part := range parts {
		part.key = fmt.Sprintf("%s:%d", key, i)
		r, err := refunder.Refund(ctx, payment.RefundRequest{PaymentID: part.paymentID, AmountCents: part.amount,
			Connected: t.StripeAccountID != "", IdempotencyKey: part.key})
		if err != nil {
			s.Logger.WarnContext(ctx, "provider refused a refund", "booking", b.ID, "amount", part.amount, "err", err)
			if len(done) == 0 {
				return b, 0, apperr.New(apperr.CodeUnavailable, "the refund could not be made right now; please try again")
			}
			break // record what went back; the rest can be asked again
		}
		part.refundID = r.ID
		done = append(done, part)
	}
	var refunded int64
	now := s.now()
	err = s.Store.WithDateLock(ctx, t.ID, b.Date, func(tx Tx) error {
		if b, err = tx.BookingByID(ctx, t.ID, bookingID); err != nil {
			return err
		}
		refunded = 0
		for _, part := range done {
			if part.legacy && part.paymentID != "" {
				if err := adoptLegacyCharge(ctx, tx, b, charges, part.paymentID); err != nil {
					return err
				}
			}
			n, err := recordRefund(ctx, tx, &b, part, why, now)
			if err != nil {
				return err
			}
			refunded += n
		}
		if refunded <= 0 || why == refundCancel { // a cancel's message says it already
			return nil
		}
		return s.queueMail(ctx, tx, MailRefunded, t, b, MailExtra{RefundCents: refunded}, now)
	})
	if err != nil {
		return b, 0, err
	}
	ev := bookingEvent(EventRefunded, b)
	ev.Reason = fmt.Sprintf("%d refunded", refunded)
	s.publish(ctx, ev)
	return b, refunded, nil
}

// recordRefund writes the refund part on b under its key (a key recorded
// before counts nothing: 0) and moves b's sums; the application fee given
// back is what the fees exceed the commission after the refund by.
func recordRefund(ctx context.Context, tx Tx, b *Booking, part refundPart, why string, now time.Time) (int64, error) {
	l := b.Ledger()
	amount := min(part.amount, l.Refundable())
	if amount <= 0 {
		return 0, nil
	}
	fee := l.RefundFee(amount)
	err := tx.InsertPayment(ctx, Payment{ID: newID(), TenantID: b.TenantID, BookingID: b.ID, Kind: PaymentRefund, Purpose: why,
		AmountCents: amount, ApplicationFeeCents: fee, Provider: b.PaymentProvider, ProviderPaymentID: part.paymentID,
		ProviderRefundID: part.refundID, IdempotencyKey: part.key, CreatedAt: now})
	if errors.Is(err, ErrDuplicatePayment) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	before := *b
	l = l.Refund(amount, fee)
	b.RefundedCents, b.FeesCents, b.CommissionCents, b.UpdatedAt = l.RefundedCents, l.FeesCents, l.Commission(), now
	if l.Refundable() == 0 {
		b.NeedsRefund = false
	}
	if err := tx.UpdateBooking(ctx, *b, b.Status); err != nil {
		return 0, err
	}
	return amount, tx.Audit(ctx, audit.Entry{TenantID: b.TenantID, At: now, Actor: audit.ActorFrom(ctx),
		Action: audit.ActionBookingRefund, Entity: audit.EntityBooking, EntityID: b.ID,
		Before: mustJSON(map[string]any{"refundedCents": before.RefundedCents, "commissionCents": before.CommissionCents}),
		After:  mustJSON(map[string]any{"refundedCents": b.RefundedCents, "commissionCents": b.CommissionCents, "amountCents": amount, "reason": why})})
}

// refundPart is the share of a refund taken from one charge.
type refundPart struct {
	paymentID string // the charge's provider payment ("" for the mock)
	sessionID string // the charge's payment session
	// legacy: money the booking counts but no charge row records (paid
	// before migration 008); its charge is recorded with the refund.
	legacy   bool
	amount   int64
	key      string // idempotency key, at the provider and on the row
	refundID string // the provider's refund
}

// splitRefund takes amount from the charges, latest first, each at most
// what is left of it after earlier refunds (counted against the latest
// charges first, as they were made).
func splitRefund(ps []Payment, amount int64) []refundPart {
	var charges []Payment
	var refunded int64
	for _, p := range ps {
		if p.Kind == PaymentCharge {
			charges = append(charges, p)
		} else {
			refunded += p.AmountCents
		}
	}
	var out []refundPart
	for i := len(charges) - 1; i >= 0 && amount > 0; i-- {
		c := charges[i]
		avail := c.AmountCents
		used := min(refunded, avail)
		refunded -= used
		avail -= used
		if avail <= 0 {
			continue
		}
		take := min(avail, amount)
		out = append(out, refundPart{paymentID: c.ProviderPaymentID, sessionID: c.SessionID, amount: take})
		amount -= take
	}
	if amount > 0 { // sums on the booking ahead of the rows: refund the rest at once
		out = append(out, refundPart{amount: amount, legacy: true})
	}
	return out
}
