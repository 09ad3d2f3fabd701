package storefront_test

import (
	"strings"
	"testing"
)

// TestSignupEmailNotPublished: a new tenant's profile e-mail is its
// sign-up (login) address; the contact page, footer and structured data
// do not show it until the business saves it in its profile, and then do.
func TestSignupEmailNotPublished(t *testing.T) {
	e := newEnv(t)
	login := e.tenant.Email
	if login == "" {
		t.Fatal("the test tenant has no e-mail")
	}
	for _, path := range []string{"/t/willow/contact", "/t/willow", "/t/willow/services"} {
		if body := e.get(t, path).Body.String(); strings.Contains(body, login) {
			t.Errorf("%s publishes the login e-mail %s", path, login)
		}
	}
	p := e.tenant.Profile()
	p.Phone = "+1 555 010 2030"
	setProfile(t, e, p) // saved as is: the business chose this address
	body := e.get(t, "/t/willow/contact").Body.String()
	if !strings.Contains(body, `<a href="mailto:`+login+`">`+login+`</a>`) || ldJSON(t, body)["email"] != login {
		t.Errorf("the e-mail the business saved is not on the contact page")
	}
	p.Email = "hello@willow.example"
	setProfile(t, e, p)
	if body := e.get(t, "/t/willow/contact").Body.String(); strings.Contains(body, login) || !strings.Contains(body, "mailto:hello@willow.example") {
		t.Errorf("after a change, the page should show only the new e-mail")
	}
}
