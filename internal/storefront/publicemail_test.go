package storefront_test

import (
	"context"
	"strings"
	"testing"

	"mais/internal/tenant"
)

// TestSignupEmailNotPublished: a business that signed up starts with its
// sign-up (login) address as its profile e-mail and EmailPublic false
// (the test tenant is stored so, as onboarding.SignUp makes it). The
// contact page, footer and structured data do not show the address, not
// even after a profile save without an e-mail; once the business saves
// its profile with the e-mail (the dashboard form always sends it), they
// do, and after a change they show only the new one.
func TestSignupEmailNotPublished(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	login := e.tenant.Email
	if login == "" || e.tenant.EmailPublic {
		t.Fatalf("the test tenant should have a private e-mail: %q public=%v", login, e.tenant.EmailPublic)
	}
	pages := []string{"/t/willow/contact", "/t/willow", "/t/willow/services"}
	notShown := func(when string) {
		t.Helper()
		for _, path := range pages {
			if body := e.get(t, path).Body.String(); strings.Contains(body, login) {
				t.Errorf("%s: %s publishes the login e-mail %s", when, path, login)
			}
		}
	}
	notShown("after sign-up")

	svc := &tenant.Service{Store: e.store, Invalidator: e.cache}
	save := func(p tenant.ProfilePatch) {
		t.Helper()
		if _, err := svc.UpdateProfile(ctx, e.tenant.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	phone := "+1 555 010 2030"
	save(tenant.ProfilePatch{Phone: &phone})
	notShown("after a save without the e-mail")

	save(tenant.ProfilePatch{Email: &login}) // the business chose this address
	for _, path := range pages {
		body := e.get(t, path).Body.String()
		if !strings.Contains(body, `href="mailto:`+login+`"`) || ldJSON(t, body)["email"] != login {
			t.Errorf("%s: the e-mail the business saved is not in the footer or structured data", path)
		}
	}
	if body := e.get(t, "/t/willow/contact").Body.String(); !strings.Contains(body, `<a href="mailto:`+login+`">`+login+`</a>`) {
		t.Errorf("the e-mail the business saved is not on the contact page")
	}

	other := "hello@willow.example"
	save(tenant.ProfilePatch{Email: &other})
	if body := e.get(t, "/t/willow/contact").Body.String(); strings.Contains(body, login) || !strings.Contains(body, "mailto:"+other) {
		t.Errorf("after a change, the page should show only the new e-mail")
	}
}
