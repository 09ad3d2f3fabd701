package dashboard_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// TestSignupProfileEmail: a business that signed up does not have its
// login e-mail on its site, and the profile page's "show this e-mail"
// box starts unticked; saving the form without the box (only adding a
// phone) keeps it off the site; ticking it shows it.
func TestSignupProfileEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"MAIS_SIGNUP": "open"})
	b := newBrowser(t, f.app.Handler())
	const email = "hi@goldenhour.example"
	form := url.Values{"businessName": {"Golden Hour Films"}, "email": {email}, "password": {"long-enough-pw"}}
	wantStatus(t, "sign up", b.submit("/signup", "/signup", form), http.StatusSeeOther)

	page := b.get("/admin/profile")
	if tag := regexp.MustCompile(`<input[^>]*name="emailPublic"[^>]*>`).FindString(page.body); tag == "" || strings.Contains(tag, "checked") {
		t.Errorf("profile page after sign-up: the show-e-mail box is missing or ticked:\n%s", snippet(page.body))
	}
	if contact := b.get("/t/golden-hour-films/contact"); contact.status != http.StatusOK || strings.Contains(contact.body, email) {
		t.Errorf("contact page after sign-up (%d) shows the login e-mail", contact.status)
	}

	save := url.Values{"businessName": {"Golden Hour Films"}, "email": {email}, "phone": {"+1 312 555 0148"}}
	wantStatus(t, "save without the box", b.submit("/admin/profile", "/admin/profile", save), http.StatusSeeOther)
	if contact := b.get("/t/golden-hour-films/contact"); strings.Contains(contact.body, email) || !strings.Contains(contact.body, "555 0148") {
		t.Errorf("after a save that only added a phone, the contact page shows the e-mail or lacks the phone:\n%s", snippet(contact.body))
	}

	save.Set("emailPublic", "on")
	wantStatus(t, "save with the box", b.submit("/admin/profile", "/admin/profile", save), http.StatusSeeOther)
	if contact := b.get("/t/golden-hour-films/contact"); !strings.Contains(contact.body, "mailto:"+email) {
		t.Errorf("contact page after the box was ticked does not show %s:\n%s", email, snippet(contact.body))
	}
}
