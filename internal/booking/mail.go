package booking

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"mais/internal/format"
	"mais/internal/notify"
	"mais/internal/tenant"
)

// Mail kinds. Each is one message with one template pair in mailtmpl/:
// {kind}.txt (text/template: "subject" and "text") and {kind}.html
// (html/template: "content", inside layout.html's frame).
const (
	MailConfirmation   = "confirmation"             // couple: the date is theirs (deposit or full)
	MailTenantNotice   = "tenant_notice"            // business: a new booking
	MailConflict       = "conflict"                 // couple: paid after the date was taken; refund
	MailTenantRefund   = "tenant_refund"            // business: refund that CONFLICT payment
	MailPaymentFailed  = "payment_failed"           // couple: the bank payment did not go through
	MailBalancePaid    = "balance_paid"             // couple: paid in full
	MailRescheduled    = "rescheduled"              // couple: the booking moved to a new date
	MailCanceled       = "canceled"                 // couple: canceled, with the refund
	MailRefunded       = "refunded"                 // couple: money returned
	MailBalanceDue     = "reminder_balance_due"     // couple: balance due in 7 days
	MailBalanceOverdue = "reminder_balance_overdue" // couple: balance past due
	MailEventSoon      = "reminder_event"           // couple: the day is in 7 days
	// The couple changed their booking from the manage page: the business
	// hears of it at once.
	MailTenantRescheduled = "tenant_rescheduled" // business: the couple moved the date
	MailTenantCanceled    = "tenant_canceled"    // business: the couple canceled
)

// MailKinds lists every kind, in the order the dashboard previews them.
var MailKinds = []string{MailConfirmation, MailBalanceDue, MailBalanceOverdue, MailBalancePaid, MailEventSoon,
	MailRescheduled, MailCanceled, MailRefunded, MailConflict, MailPaymentFailed, MailTenantNotice, MailTenantRefund,
	MailTenantRescheduled, MailTenantCanceled}

// toBusiness are the kinds written to the business rather than the couple.
var toBusiness = map[string]bool{MailTenantNotice: true, MailTenantRefund: true, MailTenantRescheduled: true, MailTenantCanceled: true}

// withCalendar are the kinds that carry the event day as an .ics file.
var withCalendar = map[string]bool{MailConfirmation: true, MailRescheduled: true, MailEventSoon: true, MailCanceled: true}

//go:embed mailtmpl
var mailFiles embed.FS

type mailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// mailTemplates are parsed once; a kind without its pair, or a template
// that does not parse, stops the program at start-up (and its tests).
var mailTemplates = func() map[string]mailTemplate {
	out := make(map[string]mailTemplate, len(MailKinds))
	for _, kind := range MailKinds {
		text := texttemplate.Must(texttemplate.New(kind).ParseFS(mailFiles, "mailtmpl/common.txt", "mailtmpl/"+kind+".txt"))
		html := htmltemplate.Must(htmltemplate.New(kind).ParseFS(mailFiles, "mailtmpl/layout.html", "mailtmpl/"+kind+".html"))
		out[kind] = mailTemplate{text, html}
	}
	return out
}()

// Letter is what a template sees: every amount and date already written
// for people in the tenant's currency and locale.
type Letter struct {
	Kind          string
	Business      string // the tenant's name
	BusinessEmail string
	Name          string // the couple's name, as given at checkout
	Email, Phone  string // the couple's (business messages)
	Notes         string
	Venue         string // "name, address" as chosen at checkout; "" none
	Ref           string // Ref(b.ID)
	Date          string // the event day in words
	OldDate       string // before a reschedule
	Lines         []LetterLine
	Total         string
	Paid          string
	Deposit       string
	Balance       string // still to pay; "" when nothing is
	DueDate       string // when Balance is due, in words
	Refund        string // the refund this message is about
	Reason        string // the couple's words when they canceled ("" none)
	Commission    string
	Session       string // the payment session (business: what to refund)
	ManageURL     string // the couple's /b/{token} page
	DashboardURL  string // the booking in the dashboard
	Preheader     string // the line inbox lists show under the subject
	Subject       string
	ForBusiness   bool // written to the business, not the couple

	// Contact is the business's profile, for the couple's footer.
	Contact MailContact
}

// LetterLine is one priced line of the order.
type LetterLine struct{ Name, Amount string }

// MailExtra is what a message says beyond the booking itself.
type MailExtra struct {
	OldDate     string // YYYY-MM-DD before a reschedule
	RefundCents int64
	Reason      string // why the couple canceled
}

// mailContext is what composing needs besides the booking.
type mailContext struct {
	tenant    tenant.Tenant
	baseURL   string
	manageURL string
	now       time.Time
}

// letterFor writes b's facts for kind.
func letterFor(kind string, c mailContext, b Booking, x MailExtra) Letter {
	loc := localeOf(c.tenant)
	money := func(cents int64) string { return format.Money(cents, b.Currency, loc) }
	f := moneyFacts(b)
	l := Letter{
		Kind: kind, ForBusiness: toBusiness[kind], Business: c.tenant.Name, BusinessEmail: c.tenant.Email, Contact: mailContactOf(c.tenant), Name: b.Customer.Name, Email: b.Customer.Email,
		Phone: b.Customer.Phone, Notes: b.Notes, Venue: venueLine(b), Ref: Ref(b.ID), Date: format.DayIn(b.Date, loc),
		Total: money(b.TotalCents), Paid: money(f.paid), Deposit: money(f.deposit), Commission: money(b.CommissionCents),
		Session: b.CheckoutSessionID, ManageURL: c.manageURL, Reason: x.Reason, DashboardURL: strings.TrimRight(c.baseURL, "/") + "/admin/bookings/" + b.ID,
	}
	if x.OldDate != "" {
		l.OldDate = format.DayIn(x.OldDate, loc)
	}
	if f.balance > 0 {
		l.Balance = money(f.balance)
		l.DueDate = format.DayIn(f.dueDate, loc)
	}
	if x.RefundCents > 0 {
		l.Refund = money(x.RefundCents)
	}
	for _, li := range b.LineItems {
		l.Lines = append(l.Lines, LetterLine{li.Name, money(li.AmountCents)})
	}
	return l
}

// compose renders kind for b as an outbox message: to the couple from the
// business's name with replies to the business, or to the business with
// replies to the couple; the event day attached as .ics where it helps.
func compose(kind string, c mailContext, b Booking, x MailExtra) (Email, error) {
	tpl, ok := mailTemplates[kind]
	if !ok {
		return Email{}, fmt.Errorf("compose e-mail: no template %q", kind)
	}
	l := letterFor(kind, c, b, x)
	var subject, text, html bytes.Buffer
	if err := tpl.text.ExecuteTemplate(&subject, "subject", l); err != nil {
		return Email{}, fmt.Errorf("compose %s subject: %w", kind, err)
	}
	if err := tpl.text.ExecuteTemplate(&text, "text", l); err != nil {
		return Email{}, fmt.Errorf("compose %s text: %w", kind, err)
	}
	l.Preheader, l.Subject = firstLine(text.String()), strings.Join(strings.Fields(subject.String()), " ")
	if err := tpl.html.ExecuteTemplate(&html, "layout", l); err != nil {
		return Email{}, fmt.Errorf("compose %s html: %w", kind, err)
	}
	m := Email{
		TenantID: c.tenant.ID, Subject: l.Subject,
		TextBody: text.String(), HTMLBody: html.String(), Tag: kind,
	}
	if toBusiness[kind] {
		m.To, m.FromName, m.ReplyTo = c.tenant.Email, "MAIS bookings", b.Customer.Email
	} else {
		m.To, m.FromName, m.ReplyTo = b.Customer.Email, c.tenant.Name, c.tenant.Email
	}
	if withCalendar[kind] {
		m.Attachments = []notify.Attachment{{
			Name: "wedding-" + strings.ReplaceAll(l.Ref, "-", "") + ".ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH",
			Content: ICS(calendarEvent(c, b, l)),
		}}
	}
	return m, nil
}

// calendarEvent is the booking's day as a calendar entry.
func calendarEvent(c mailContext, b Booking, l Letter) CalendarEvent {
	desc := fmt.Sprintf("Booked with %s. Reference %s.", c.tenant.Name, l.Ref)
	if l.ManageURL != "" {
		desc += "\nYour booking: " + l.ManageURL
	}
	return CalendarEvent{
		UID: b.ID + "@mais", Sequence: int(c.now.Unix() / 60), Date: b.Date,
		Summary: c.tenant.Name + " – " + b.lineName(), Description: desc, URL: l.ManageURL,
		OrganizerName: c.tenant.Name, OrganizerEmail: c.tenant.Email, Stamp: c.now, Canceled: b.Status == StatusCanceled,
	}
}

// lineName is the package booked ("" when the order has no lines).
func (b Booking) lineName() string {
	for _, li := range b.LineItems {
		if li.Kind == "package" {
			return li.Name
		}
	}
	return "booking"
}

// firstLine is the first non-empty line of s after the greeting.
func firstLine(s string) string {
	lines := strings.Split(s, "\n")
	for i, ln := range lines {
		ln = strings.TrimSpace(ln)
		if ln == "" || (i == 0 && strings.HasSuffix(ln, ",")) {
			continue
		}
		return ln
	}
	return ""
}
