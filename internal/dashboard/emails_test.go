package dashboard_test

import (
	"net/http"
	"strings"
	"testing"

	"mais/internal/booking"
)

// The e-mail preview lists every message with its sender and plain text,
// and serves each HTML part in a frame that can run nothing.
func TestEmailPreview(t *testing.T) {
	_, br := loggedInAlpha(t, "sqlite", nil)
	page := br.get("/admin/emails")
	wantStatus(t, "e-mails page", page, http.StatusOK)
	for _, kind := range booking.MailKinds {
		if !strings.Contains(page.body, `src="/admin/emails/`+kind+`"`) {
			t.Errorf("no preview of %s", kind)
		}
	}
	for _, want := range []string{"Studio alpha", "Sam &amp; Alex Rivera", "Plain-text version", ".ics"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("e-mails page lacks %q", want)
		}
	}
	html := br.get("/admin/emails/" + booking.MailConfirmation)
	wantStatus(t, "confirmation HTML", html, http.StatusOK)
	if csp := html.header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP of the preview frame: %q", csp)
	}
	if !strings.Contains(html.body, "Studio alpha") || !strings.Contains(html.body, "<table") {
		t.Errorf("confirmation HTML:\n%s", snippet(html.body))
	}
	wantStatus(t, "unknown kind", br.get("/admin/emails/nope"), http.StatusNotFound)
}
