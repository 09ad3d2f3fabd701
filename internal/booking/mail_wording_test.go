package booking

import (
	"strings"
	"testing"
)

// TestCancelMailSaysRefundRequested: the couple's cancel message is queued
// with the cancellation, before the provider has made the refund, so it
// says the refund is asked for and on its way, never that it is done; with
// nothing to refund it says so.
func TestCancelMailSaysRefundRequested(t *testing.T) {
	c, b := sampleContext(), sampleBooking()
	b.Status = StatusCanceled
	m, err := compose(MailCanceled, c, b, MailExtra{RefundCents: 150000})
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{m.TextBody, m.HTMLBody} {
		if !strings.Contains(part, "asked for a refund of") || !strings.Contains(part, "$1,500.00") || !strings.Contains(part, "on its way") {
			t.Errorf("the refund is not worded as requested:\n%s", part)
		}
		for _, done := range []string{"refunded", "is on its way back to you", "has been refunded"} {
			if strings.Contains(part, done) {
				t.Errorf("the message states the refund as done (%q):\n%s", done, part)
			}
		}
	}
	m, err = compose(MailCanceled, c, b, MailExtra{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.TextBody, "no refund is due") || strings.Contains(m.TextBody, "asked for a refund") {
		t.Errorf("without a refund:\n%s", m.TextBody)
	}
}
