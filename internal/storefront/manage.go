package storefront

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/format"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// This file is the couple's manage page, PUBLIC_BASE_URL/b/{token}
// (docs/API.md §11): the booking, what is paid and due, the policy in plain
// words, and three actions as plain forms (no script needed): pay the
// balance, move the date with the booking form's month calendar, cancel
// with the refund shown before confirming. Every rule is the booking
// service's; this file only asks and shows.

// Manager is the couple's side of booking.Service.
type Manager interface {
	Manage(ctx context.Context, token string) (booking.Booking, tenant.Tenant, error)
	PayBalance(ctx context.Context, b booking.Booking, t tenant.Tenant) (booking.CheckoutResult, error)
	Reschedule(ctx context.Context, t tenant.Tenant, bookingID, date string, byCouple bool) (booking.Booking, error)
	CancelByCouple(ctx context.Context, t tenant.Tenant, bookingID, reason string) (booking.CancelResult, error)
	RefundPreview(t tenant.Tenant, b booking.Booking) int64
}

// manageView is the manage page.
type manageView struct {
	URL                        string // /b/{token}
	Ref                        string
	Name                       string
	Date                       string // in words
	Status                     string // what the couple reads
	Kind                       string // booked, reserved, canceled, conflict
	Lines                      []moneyLine
	Total                      string
	Paid                       string
	Refunded                   string // "" when nothing was
	Balance                    string // "" when nothing is due
	DueDate                    string
	Overdue                    bool // the balance's due date has passed
	Policy                     []string
	CanPay, CanMove, CanCancel bool
	// Step is "" (the booking), "move" or "cancel".
	Step     string
	Calendar *calendarView
	Refund   string // what cancelling now refunds
	Notice   string
	Error    string
}

type moneyLine struct{ Name, Amount string }

// manager answers NOT_FOUND while no manager is configured.
func (h *Handler) manager() (Manager, error) {
	if h.cfg.Manage == nil {
		return nil, apperr.NotFound("page")
	}
	return h.cfg.Manage, nil
}

// managePage serves GET /b/{token} (?step=move&month=YYYY-MM, ?step=cancel).
func (h *Handler) managePage(w http.ResponseWriter, r *http.Request) error {
	m, err := h.manager()
	if err != nil {
		return err
	}
	b, t, err := m.Manage(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	return h.renderManage(w, r, http.StatusOK, t, b, q.Get("step"), q.Get("month"), q.Get("date"), noticeOf(q.Get("done")), "")
}

func noticeOf(done string) string {
	switch done {
	case "moved":
		return "Your booking has moved. A confirmation with the new date is on its way."
	case "canceled":
		return "Your booking is canceled. A confirmation is on its way."
	case "paid":
		return "Thank you! Your payment is being confirmed."
	}
	return ""
}

// renderManage renders the page for one step.
func (h *Handler) renderManage(w http.ResponseWriter, r *http.Request, status int, t tenant.Tenant, b booking.Booking, step, month, selected, notice, formErr string) error {
	v := h.manageView(t, b, r.PathValue("token"))
	v.Refund = h.amount(t, b, h.cfg.Manage.RefundPreview(t, b))
	v.Notice, v.Error = notice, formErr
	switch {
	case step == "move" && v.CanMove:
		v.Step = "move"
		if month == "" {
			month = monthOf(selected)
		}
		if month == "" {
			month = monthOf(b.Date)
		}
		base := v.URL + "?step=move&month="
		cal, err := h.buildCalendar(r.Context(), t, month, selected, func(m string) string { return base + m })
		if err != nil {
			return err
		}
		cal.PartialURL = "" // no script here: months are links
		v.Calendar = cal
	case step == "cancel" && v.CanCancel:
		v.Step = "cancel"
	}
	d, err := h.loadSite(r.Context(), t, false)
	if err != nil {
		return err
	}
	s := &site{t: t, mode: modeSlug}
	page := pageView{Lang: langOf(t), NoIndex: true, Site: h.siteView(s, d, ""), Manage: &v,
		Title: "Your booking " + v.Ref + " · " + t.Name}
	h.writeHTML(w, r, status, "manage", false, page)
	return nil
}

// langOf is the page language of the tenant's locale ("en-US" → "en").
func langOf(t tenant.Tenant) string {
	if lang, _, _ := strings.Cut(t.Locale, "-"); lang != "" {
		return lang
	}
	return "en"
}

// amount writes cents in b's currency and t's locale.
func (h *Handler) amount(t tenant.Tenant, b booking.Booking, cents int64) string {
	loc := t.Locale
	if loc == "" {
		loc = format.DefaultLocale
	}
	return format.Money(cents, b.Currency, loc)
}

// manageView writes b for the couple in the tenant's locale and currency.
func (h *Handler) manageView(t tenant.Tenant, b booking.Booking, token string) manageView {
	loc := t.Locale
	if loc == "" {
		loc = format.DefaultLocale
	}
	amount := func(c int64) string { return format.Money(c, b.Currency, loc) }
	day := func(d string) string { return format.DayIn(d, loc) }
	today := booking.Today(h.cfg.Now(), t.Location())
	v := manageView{URL: "/b/" + url.PathEscape(token), Ref: booking.Ref(b.ID), Name: b.Customer.Name, Date: day(b.Date),
		Total: amount(b.TotalCents), Paid: amount(b.PaidCents)}
	for _, li := range b.LineItems {
		v.Lines = append(v.Lines, moneyLine{li.Name, amount(li.AmountCents)})
	}
	if b.RefundedCents > 0 {
		v.Refunded = amount(b.RefundedCents)
	}
	held := b.Status == booking.StatusPaid || b.Status == booking.StatusDepositPaid
	ahead := b.Date > today
	if bal := b.BalanceCents(); b.Status == booking.StatusDepositPaid && bal > 0 {
		v.Balance, v.DueDate, v.Overdue = amount(bal), day(b.BalanceDueDate), b.BalanceDueDate < today
		v.CanPay = ahead
	}
	switch b.Status {
	case booking.StatusPaid:
		v.Kind, v.Status = "booked", "Booked and paid in full"
	case booking.StatusDepositPaid:
		v.Kind, v.Status = "reserved", "Reserved: deposit paid"
	case booking.StatusCanceled, booking.StatusExpired:
		v.Kind, v.Status = "canceled", "Canceled"
	case booking.StatusConflict:
		v.Kind, v.Status = "conflict", "Not booked: the date was taken before your payment arrived; your payment is refunded"
	default:
		v.Kind, v.Status = "pending", "Waiting for payment"
	}
	st := t.Settings()
	v.CanMove = held && booking.DaysUntil(today, b.Date) >= st.RescheduleCutoffDays
	v.CanCancel = held && ahead
	if held {
		v.Policy = policyWords(t, b, today, amount, day)
	}
	return v
}

// policyWords is the tenant's policy for this booking in plain words, its
// deadlines counted from the booking's current date and said as past once
// today (YYYY-MM-DD, the tenant's) is after them.
func policyWords(t tenant.Tenant, b booking.Booking, today string, amount func(int64) string, day func(string) string) []string {
	var out []string
	st := t.Settings()
	free := addDays(b.Date, -st.Cancellation.FreeCancellationDays)
	kept := "the deposit of " + amount(b.DepositCents) + " stays with " + t.Name + " and the rest is refunded."
	switch {
	case st.Cancellation.DepositRefundable || b.DepositCents <= 0:
		out = append(out, "If you cancel, everything you paid is refunded.")
	case today <= free:
		out = append(out, "Cancel by "+day(free)+" and everything you paid is refunded. After that, "+kept)
	default:
		out = append(out, "Free cancellation ended on "+day(free)+". If you cancel now, "+kept)
	}
	cutoff := addDays(b.Date, -st.RescheduleCutoffDays)
	switch {
	case st.RescheduleCutoffDays <= 0:
		out = append(out, "You can move your booking to another open date until the day itself. What you paid moves with it.")
	case today <= cutoff:
		out = append(out, "You can move your booking to another open date until "+day(cutoff)+". What you paid moves with it.")
	default:
		out = append(out, "Moving the date online ended on "+day(cutoff)+". To change it now, please write to "+t.Name+".")
	}
	return out
}

// addDays is date moved by n days ("" for a bad date).
func addDays(date string, n int) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ""
	}
	return d.AddDate(0, 0, n).Format("2006-01-02")
}

// managePay serves POST /b/{token}/pay: a checkout for the balance.
func (h *Handler) managePay(w http.ResponseWriter, r *http.Request) error {
	m, err := h.manageAction(r)
	if err != nil {
		return err
	}
	b, t, err := m.Manage(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	res, err := m.PayBalance(r.Context(), b, t)
	if err != nil {
		return err
	}
	http.Redirect(w, r, res.CheckoutURL, http.StatusSeeOther)
	return nil
}

// manageMove serves POST /b/{token}/move (form field date).
func (h *Handler) manageMove(w http.ResponseWriter, r *http.Request) error {
	m, err := h.manageAction(r)
	if err != nil {
		return err
	}
	token, date := r.PathValue("token"), strings.TrimSpace(r.PostFormValue("date"))
	if date == "" {
		return h.manageAgain(w, r, m, "move", date, apperr.Validation("choose a date", map[string]string{"date": "is required"}))
	}
	b, t, err := m.Manage(r.Context(), token)
	if err != nil {
		return err
	}
	if _, err := m.Reschedule(r.Context(), t, b.ID, date, true); err != nil {
		return h.manageAgain(w, r, m, "move", date, err)
	}
	http.Redirect(w, r, "/b/"+url.PathEscape(token)+"?done=moved", http.StatusSeeOther)
	return nil
}

// manageCancel serves POST /b/{token}/cancel (optional reason).
func (h *Handler) manageCancel(w http.ResponseWriter, r *http.Request) error {
	m, err := h.manageAction(r)
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	b, t, err := m.Manage(r.Context(), token)
	if err != nil {
		return err
	}
	if _, err := m.CancelByCouple(r.Context(), t, b.ID, r.PostFormValue("reason")); err != nil {
		return h.manageAgain(w, r, m, "cancel", "", err)
	}
	http.Redirect(w, r, "/b/"+url.PathEscape(token)+"?done=canceled", http.StatusSeeOther)
	return nil
}

// manageAction checks a manage form post: same-site, and a manager.
func (h *Handler) manageAction(r *http.Request) (Manager, error) {
	if err := h.checkOrigin(r, "manage post"); err != nil {
		return nil, err
	}
	return h.manager()
}

// manageAgain shows the step again with what went wrong, when the refusal
// is the couple's to fix (a date no longer open, a validation); any other
// error goes to the error page.
func (h *Handler) manageAgain(w http.ResponseWriter, r *http.Request, m Manager, step, date string, cause error) error {
	var ae *apperr.Error
	if !errors.As(cause, &ae) || (ae.Code != apperr.CodeDateUnavailable && ae.Code != apperr.CodeConflict && ae.Code != apperr.CodeValidation) {
		return cause
	}
	b, t, err := m.Manage(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	status := http.StatusConflict
	if ae.Code == apperr.CodeValidation {
		status = http.StatusBadRequest
	}
	return h.renderManage(w, r, status, t, b, step, "", date, "", ae.Message)
}

// manageRate limits manage pages and posts per client address: a couple
// needs a few, a token guesser many.
var manageRate = httpx.RateClass{Name: "manage", PerMinute: 60}
