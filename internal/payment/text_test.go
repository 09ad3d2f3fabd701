package payment_test

import (
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/payment"
	"mais/internal/textin"
)

// TestVerifyWebhookRefusesTextThatIsNotText: even a correctly signed event
// whose ids or statuses hold a NUL or a line break is a VALIDATION_ERROR
// naming the member, before anything is stored or looked up.
func TestVerifyWebhookRefusesTextThatIsNotText(t *testing.T) {
	for _, c := range []struct {
		field string
		edit  func(*payment.Event)
		why   string
	}{
		{"id", func(e *payment.Event) { e.ID = "evt_\x00" }, textin.ReasonNUL},
		{"type", func(e *payment.Event) { e.Type = payment.EventCheckoutCompleted + "\n" }, textin.ReasonLine},
		{"data.object.id", func(e *payment.Event) { e.Session.ID = "cs_test\x00abc" }, textin.ReasonNUL},
		{"data.object.payment_status", func(e *payment.Event) { e.Session.PaymentStatus = "paid\r\n" }, textin.ReasonLine},
	} {
		t.Run(c.field, func(t *testing.T) {
			ev := completedEvent()
			c.edit(&ev)
			now := time.Now() // signatures are checked against the wall clock (see webhook_test.go)
			body := payment.MarshalEvent(ev, now)
			_, err := payment.VerifyWebhook(body, payment.SignWebhook(body, whsec, now), whsec, 0)
			e, ok := err.(*apperr.Error)
			if !ok || e.Code != apperr.CodeValidation || e.Fields[c.field] != c.why {
				t.Fatalf("VerifyWebhook = %v, want VALIDATION_ERROR %s: %s", err, c.field, c.why)
			}
		})
	}
}
