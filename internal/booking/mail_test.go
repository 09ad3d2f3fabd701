package booking

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"mais/internal/tenant"
)

// sampleBooking is a booking of 2028-11-04 for $4,200 in two lines.
func sampleBooking() Booking {
	b := Booking{ID: "0b7e1c9a-4f7e-4c61-9a51-6f0c2d1e8a77", TenantID: "t1", Date: "2028-11-04", Status: StatusPaid,
		TotalCents: 420000, PaidCents: 420000, CommissionCents: 21000, Currency: "usd", CheckoutSessionID: "cs_test_1",
		LineItems: []LineItem{{Kind: "package", Name: "Full day", AmountCents: 380000}, {Kind: "addon", Name: "Album", AmountCents: 40000}}}
	b.Customer.Name, b.Customer.Email, b.Customer.Phone = "Ada Lovelace", "ada@example.com", "+1 555 0100"
	return b
}

func sampleContext() mailContext {
	return mailContext{
		tenant:  tenant.Tenant{ID: "t1", Name: "Rosa Studio", Email: "rosa@studio.example", Locale: "en-US"},
		baseURL: "https://mais.test", manageURL: "https://mais.test/b/tok123", now: time.Date(2028, 3, 1, 12, 0, 0, 0, time.UTC),
	}
}

var isoDate = regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)

// Every message renders both parts for people: dates in words, money with
// its symbol and grouping, the short reference instead of the UUID, the
// manage link in every message to the couple, the .ics where it belongs.
func TestEveryMailKindRenders(t *testing.T) {
	c := sampleContext()
	b := sampleBooking()
	for _, kind := range MailKinds {
		t.Run(kind, func(t *testing.T) {
			m, err := compose(kind, c, b, MailExtra{OldDate: "2028-10-28", RefundCents: 150000})
			if err != nil {
				t.Fatal(err)
			}
			if m.TextBody == "" || m.HTMLBody == "" || m.Subject == "" || strings.ContainsAny(m.Subject, "\r\n") {
				t.Fatalf("subject %q, text %d bytes, html %d bytes", m.Subject, len(m.TextBody), len(m.HTMLBody))
			}
			all := m.Subject + "\n" + m.TextBody + "\n" + m.HTMLBody
			if d := isoDate.FindString(all); d != "" {
				t.Errorf("an ISO date %s for people:\n%s", d, all)
			}
			if !strings.Contains(m.TextBody, "Saturday, November 4, 2028") || !strings.Contains(m.HTMLBody, "Saturday, November 4, 2028") {
				t.Errorf("the day in words is missing:\n%s", m.TextBody)
			}
			if strings.Contains(all, "4200.00") || strings.Contains(all, "$4200") {
				t.Errorf("an amount without grouping:\n%s", all)
			}
			if !strings.Contains(m.TextBody, Ref(b.ID)) || !strings.Contains(m.HTMLBody, Ref(b.ID)) {
				t.Errorf("reference %s missing", Ref(b.ID))
			}
			if toBusiness[kind] {
				if m.To != "rosa@studio.example" || m.ReplyTo != "ada@example.com" {
					t.Errorf("to %q reply-to %q, want the business, replies to the couple", m.To, m.ReplyTo)
				}
				return
			}
			if m.To != "ada@example.com" || m.FromName != "Rosa Studio" || m.ReplyTo != "rosa@studio.example" {
				t.Errorf("to %q from %q reply-to %q, want the couple, from the business", m.To, m.FromName, m.ReplyTo)
			}
			if strings.Contains(all, b.ID) {
				t.Errorf("the UUID shows to the couple:\n%s", all)
			}
			if kind != MailConflict && kind != MailPaymentFailed && kind != MailCanceled && kind != MailRefunded &&
				(!strings.Contains(m.TextBody, c.manageURL) || !strings.Contains(m.HTMLBody, `href="`+c.manageURL+`"`)) {
				t.Errorf("no manage link in both parts:\n%s", m.TextBody)
			}
			if got := len(m.Attachments) == 1; got != withCalendar[kind] {
				t.Errorf("attachments = %d", len(m.Attachments))
			}
			if strings.Contains(m.TextBody, "<") || strings.Contains(m.TextBody, "&amp;") {
				t.Errorf("markup in the plain text:\n%s", m.TextBody)
			}
		})
	}
}

// Names typed by people are escaped in HTML and left alone in plain text,
// subject and sender name.
func TestMailEscaping(t *testing.T) {
	c := sampleContext()
	c.tenant.Name = `Rosa <script>alert(1)</script> & "Co"`
	b := sampleBooking()
	b.Customer.Name = `Ada <b>&amp;</b> Bob`
	b.Notes = `<img src=x onerror=alert(1)>`
	for _, kind := range MailKinds {
		m, err := compose(kind, c, b, MailExtra{RefundCents: 100})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(m.HTMLBody, "<script>") || strings.Contains(m.HTMLBody, "<b>&amp;") || strings.Contains(m.HTMLBody, "<img") {
			t.Errorf("%s: markup from a name or note reached the HTML:\n%s", kind, m.HTMLBody)
		}
		if !strings.Contains(m.HTMLBody, "Rosa &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;") {
			t.Errorf("%s: the business's name is not escaped as text in the HTML", kind)
		}
		if !strings.Contains(m.TextBody, c.tenant.Name) && !strings.Contains(m.TextBody, b.Customer.Name) {
			t.Errorf("%s: plain text does not carry the names verbatim:\n%s", kind, m.TextBody)
		}
		if !toBusiness[kind] && m.FromName != c.tenant.Name {
			t.Errorf("%s: from name %q", kind, m.FromName)
		}
	}
}

// A German tenant selling in euros writes its dates and amounts so.
func TestMailInTheTenantsLocaleAndCurrency(t *testing.T) {
	c := sampleContext()
	c.tenant.Locale = "de-DE"
	b := sampleBooking()
	b.Currency = "eur"
	m, err := compose(MailConfirmation, c, b, MailExtra{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Samstag, 4. November 2028", "4.200,00\u00a0€"} {
		if !strings.Contains(m.TextBody, want) || !strings.Contains(m.HTMLBody, want) {
			t.Errorf("%q missing:\n%s", want, m.TextBody)
		}
	}
}

// The confirmation of a paid booking says it is paid; the PAID → e-mails
// path (composeEmails) queues the couple's and the business's messages
// with their stable dedupe keys.
func TestComposeEmailsOfAPayment(t *testing.T) {
	s := &Service{PublicBaseURL: "https://mais.test", Now: func() time.Time { return time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC) }}
	tn := sampleContext().tenant
	b := sampleBooking()
	msgs, err := s.composeEmails(tn, b, false)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]Email{}
	for _, m := range msgs {
		keys[m.DedupeKey] = m
	}
	c, ok := keys["booking:"+b.ID+":customer-confirmation"]
	if !ok || keys["booking:"+b.ID+":tenant-notice"].To != tn.Email || len(msgs) != 2 {
		t.Fatalf("messages %v", keys)
	}
	if !strings.Contains(c.TextBody, "paid in full") || !strings.Contains(c.TextBody, "$4,200.00") {
		t.Errorf("confirmation:\n%s", c.TextBody)
	}
	tn.Email = ""
	if msgs, _ := s.composeEmails(tn, b, false); len(msgs) != 1 {
		t.Errorf("a business without an address gets %d messages, want only the couple's", len(msgs))
	}
}

func TestRef(t *testing.T) {
	id := sampleBooking().ID
	r := Ref(id)
	if !regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`).MatchString(r) {
		t.Errorf("Ref = %q, want XXXX-XXXX in Crockford base32", r)
	}
	if Ref(id) != r || Ref(id+"x") == r {
		t.Errorf("Ref is not a stable function of the id")
	}
	if !MatchesRef(id, strings.ToLower(strings.ReplaceAll(r, "-", ""))) || MatchesRef(id, "") {
		t.Errorf("MatchesRef")
	}
}
