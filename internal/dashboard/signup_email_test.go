package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// TestSignupProfileEmail: a business that signed up does not have its
// login e-mail on its site; the Business profile page says so under the
// e-mail field, and once the form is saved the site shows the address and
// the hint says it does.
func TestSignupProfileEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"MAIS_SIGNUP": "open"})
	b := newBrowser(t, f.app.Handler())
	const email = "hi@goldenhour.example"
	form := url.Values{"businessName": {"Golden Hour Films"}, "email": {email}, "password": {"long-enough-pw"}}
	wantStatus(t, "sign up", b.submit("/signup", "/signup", form), http.StatusSeeOther)

	const notYet, shown = "Your site shows it to couples once you save it here.", "Couples write here: your site shows it."
	page := b.get("/admin/profile")
	if !strings.Contains(page.body, notYet) || strings.Contains(page.body, shown) {
		t.Errorf("profile page after sign-up lacks the hint %q:\n%s", notYet, snippet(page.body))
	}
	if contact := b.get("/t/golden-hour-films/contact"); contact.status != http.StatusOK || strings.Contains(contact.body, email) {
		t.Errorf("contact page after sign-up (%d) shows the login e-mail", contact.status)
	}

	save := url.Values{"businessName": {"Golden Hour Films"}, "email": {email}}
	wantStatus(t, "save", b.submit("/admin/profile", "/admin/profile", save), http.StatusSeeOther)
	if page := b.get("/admin/profile"); !strings.Contains(page.body, shown) {
		t.Errorf("profile page after a save lacks the hint %q:\n%s", shown, snippet(page.body))
	}
	if contact := b.get("/t/golden-hour-films/contact"); !strings.Contains(contact.body, "mailto:"+email) {
		t.Errorf("contact page after the profile was saved does not show %s:\n%s", email, snippet(contact.body))
	}
}
