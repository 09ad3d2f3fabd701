package dashboard_test

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/tenant"
	"mais/internal/testclock"
)

const password = apptest.Password

// fixture is a running MAIS with two tenants, alpha and bravo, each with
// one package.
type fixture struct {
	app          *app.App
	alpha, bravo tenant.Created
	alphaPkg     catalog.Package
	bravoPkg     catalog.Package
}

func newFixture(t *testing.T, kind string, env apptest.Env) fixture {
	t.Helper()
	a := apptest.New(t, kind, env)
	f := fixture{app: a}
	f.alpha, f.alphaPkg = createTenant(t, a, "alpha")
	f.bravo, f.bravoPkg = createTenant(t, a, "bravo")
	return f
}

// loggedInAlpha is newFixture with a browser logged in as alpha's admin.
func loggedInAlpha(t *testing.T, kind string, env apptest.Env) (fixture, *browser) {
	t.Helper()
	f := newFixture(t, kind, env)
	b := newBrowser(t, f.app.Handler())
	b.login(f.alpha.AdminEmail, password)
	return f, b
}

// createTenant is apptest.NewTenant, as the dashboard tests use it.
func createTenant(t *testing.T, a *app.App, slug string) (tenant.Created, catalog.Package) {
	t.Helper()
	tn := apptest.NewTenant(t, a, slug)
	return tn.Created, tn.Package
}

// book makes a paid booking for the tenant through the booking service,
// daysAhead days after the app clock's today in the tenant's zone.
func book(t *testing.T, a *app.App, c tenant.Created, pkgID string, daysAhead int) booking.Booking {
	t.Helper()
	ctx := context.Background()
	in := booking.CheckoutInput{PackageID: pkgID, Date: testclock.DaysAhead(a.Now(), c.Tenant.Location(), daysAhead)}
	in.Customer.Name, in.Customer.Email = "Ada Lovelace", "ada@example.com"
	res, err := a.Booking.Checkout(ctx, c.Tenant, in)
	if err != nil {
		t.Fatalf("checkout: %v", err)
	}
	b, _, err := a.Booking.PayMock(ctx, res.SessionID)
	if err != nil {
		t.Fatalf("pay: %v", err)
	}
	return b
}

// browser drives the dashboard like a browser on localhost: it keeps
// cookies, says a POST comes from the dashboard itself (Sec-Fetch-Site and
// Origin, as browsers do) and does not follow redirects, so tests see each
// answer.
type browser struct {
	t       *testing.T
	h       http.Handler
	cookies map[string]*http.Cookie
}

type answer struct {
	status int
	header http.Header
	body   string
}

func newBrowser(t *testing.T, h http.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]*http.Cookie{}}
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	req.Host = "localhost"
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	r := apptest.Serve(b.t, b.h, req)
	res := &http.Response{StatusCode: r.Status, Header: r.Header}
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return answer{status: r.Status, header: r.Header, body: string(r.Body)}
}

func (b *browser) get(path string) answer {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form from a dashboard page.
func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sameOrigin(req)
	return b.do(req)
}

// sameOrigin marks req as a browser marks a form post of a page of the
// same origin.
func sameOrigin(req *http.Request) {
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "http://localhost")
}

// submit posts a form of the page at from, as a browser does after
// showing it (Referer).
func (b *browser) submit(from, path string, form url.Values) answer {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", "http://localhost"+from)
	sameOrigin(req)
	return b.do(req)
}

// upload posts a multipart form with one file.
func (b *browser) upload(from, path, field, filename string, content []byte) answer {
	b.t.Helper()
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile(field, filename)
	fw.Write(content)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Referer", "http://localhost"+from)
	sameOrigin(req)
	return b.do(req)
}

// login logs in through the login form and fails the test otherwise.
func (b *browser) login(email, pw string) {
	b.t.Helper()
	p := b.submit("/admin/login", "/admin/login", url.Values{"email": {email}, "password": {pw}})
	if p.status != http.StatusSeeOther {
		b.t.Fatalf("login %s: status %d\n%s", email, p.status, p.body)
	}
}

// follow GETs the Location of a redirect.
func (b *browser) follow(p answer) answer {
	b.t.Helper()
	loc := p.header.Get("Location")
	if loc == "" {
		b.t.Fatalf("not a redirect: %d", p.status)
	}
	return b.get(loc)
}

func wantStatus(t *testing.T, what string, p answer, want int) {
	t.Helper()
	if p.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, p.status, want, snippet(p.body))
	}
}

func snippet(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}
