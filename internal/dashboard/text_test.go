package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/testclock"
)

// TestFormsRefuseTextThatIsNotText: a NUL, invalid UTF-8 or a line break
// in a one-line input the admin types into brings the form back (400) with
// that input marked and stores nothing; the same bytes in an input the
// admin does not type (a version id, an op, an upload's file name) get a
// 400 page naming it. On both stores: PostgreSQL refused NUL with a 500.
func TestFormsRefuseTextThatIsNotText(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind, nil)
			a := f.app
			b := newBrowser(t, a.Handler())

			// The login form itself: the e-mail is looked up in the store.
			// Invalid UTF-8 and line breaks at the ends are caught as typed
			// (normalising the address would hide them) and are no failed
			// login, however often they come.
			for what, email := range map[string]string{
				"NUL": f.alpha.AdminEmail + "\x00", "invalid UTF-8": f.alpha.AdminEmail + "\xff", "a leading CRLF": "\r\n" + f.alpha.AdminEmail,
			} {
				for range 6 {
					p := b.submit("/admin/login", "/admin/login", url.Values{"email": {email}, "password": {password}})
					wantStatus(t, what+" in the login e-mail", p, http.StatusBadRequest)
					if !strings.Contains(p.body, `id="f-email-error"`) {
						t.Errorf("login e-mail with %s not marked:\n%s", what, snippet(p.body))
					}
				}
				p := b.submit("/admin/forgot-password", "/admin/forgot-password", url.Values{"email": {email}})
				wantStatus(t, what+" in the reset e-mail", p, http.StatusBadRequest)
			}
			b.login(f.alpha.AdminEmail, password)

			for _, c := range []struct {
				what, page, action string
				form               url.Values
				input              string
			}{
				{"NUL in a package name", "/admin/packages/new", "/admin/packages/new",
					url.Values{"slug": {"nul"}, "name": {"Full\x00day"}, "price": {"100"}, "sortOrder": {"0"}}, "name"},
				{"CRLF in a package name", "/admin/packages/new", "/admin/packages/new",
					url.Values{"slug": {"crlf"}, "name": {"Full\r\nday"}, "price": {"100"}, "sortOrder": {"0"}}, "name"},
				{"NUL in a package description", "/admin/packages/new", "/admin/packages/new",
					url.Values{"slug": {"desc"}, "name": {"Full day"}, "description": {"a\x00b"}, "price": {"100"}, "sortOrder": {"0"}}, "description"},
				{"invalid UTF-8 in an add-on name", "/admin/packages/" + f.alphaPkg.ID, "/admin/packages/" + f.alphaPkg.ID + "/addons",
					url.Values{"addons.new.slug": {"album"}, "addons.new.name": {"Album\xff"}, "addons.new.price": {"100"}, "addons.new.sortOrder": {"0"}}, "addons.new.name"},
				{"NUL in an agent name", "/admin/agents", "/admin/agents", url.Values{"name": {"bot\x00"}}, "name"},
				{"line break in a blackout reason", "/admin/blackouts", "/admin/blackouts",
					url.Values{"date": {testclock.DaysAhead(a.Now(), f.alpha.Tenant.Location(), 30)}, "reason": {"closed\r\nBcc: x"}}, "reason"},
			} {
				t.Run(c.what, func(t *testing.T) {
					p := b.submit(c.page, c.action, c.form)
					wantStatus(t, c.what, p, http.StatusBadRequest)
					id := "f-" + strings.ReplaceAll(c.input, ".", "-")
					if !strings.Contains(p.body, `id="`+id+`-error"`) || !strings.Contains(p.body, "<form") {
						t.Errorf("the form is not shown again with %s marked:\n%s", c.input, snippet(p.body))
					}
				})
			}
			pkgs, err := a.Store.ListPackages(t.Context(), f.alpha.Tenant.ID, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(pkgs) != 1 {
				t.Errorf("%d packages after refused forms, want 1", len(pkgs))
			}

			// Inputs nobody types: refused before the handler looks them up.
			p := b.submit("/admin/site/pages/home", "/admin/site/pages/home", url.Values{"base": {"v1\x00"}})
			wantStatus(t, "NUL in a version id", p, http.StatusBadRequest)
			if !strings.Contains(p.body, `&#34;base&#34;`) {
				t.Errorf("the page does not name the input:\n%s", snippet(p.body))
			}
			p = b.upload("/admin/packages/"+f.alphaPkg.ID, "/admin/packages/"+f.alphaPkg.ID+"/photo", "photo", "a\nb.png", []byte("\x89PNG"))
			wantStatus(t, "line break in an upload's file name", p, http.StatusBadRequest)
		})
	}
}
