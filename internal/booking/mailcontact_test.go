package booking

import (
	"strings"
	"testing"
	"time"

	"mais/internal/tenant"
)

// TestMailFooterCarriesTheProfile: every e-mail to the couple ends with the
// business's ways of being reached (profile), in both parts; a message to
// the business does not repeat its own details; a hostile value stays text.
func TestMailFooterCarriesTheProfile(t *testing.T) {
	tn := tenant.Tenant{ID: "t1", Name: "Willow & Pine", Email: "hello@willow.example", TimeZone: "America/New_York",
		Phone: "+1 555 0199", Address: "12 Elm St\nHudson, NY <b>x</b>", InstagramHandle: "willow.pine", Website: "https://www.willow.example"}
	c := mailContext{tenant: tn, baseURL: "https://mais.example", manageURL: "https://mais.example/b/x", now: time.Date(2028, 1, 5, 12, 0, 0, 0, time.UTC)}
	for _, kind := range []string{MailConfirmation, MailCanceled, MailEventSoon} {
		m, err := compose(kind, c, sampleBooking(), MailExtra{})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"&#43;1 555 0199", "12 Elm St, Hudson, NY &lt;b&gt;x&lt;/b&gt;", `href="https://www.instagram.com/willow.pine/"`,
			`href="https://www.willow.example" style="color:#7b706b;">willow.example</a>`, `href="mailto:hello@willow.example"`} {
			if !strings.Contains(m.HTMLBody, want) {
				t.Errorf("%s HTML lacks %s", kind, want)
			}
		}
		for _, want := range []string{"\nhello@willow.example\n+1 555 0199\n12 Elm St, Hudson, NY <b>x</b>\nInstagram: @willow.pine\nhttps://www.willow.example\n"} {
			if !strings.Contains(m.TextBody, want) {
				t.Errorf("%s text lacks the contact block:\n%s", kind, m.TextBody)
			}
		}
	}
	m, err := compose(MailTenantNotice, c, sampleBooking(), MailExtra{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.HTMLBody, "instagram.com") || strings.Contains(m.TextBody, "Instagram:") {
		t.Errorf("the business's own notice repeats its contact details")
	}
}
