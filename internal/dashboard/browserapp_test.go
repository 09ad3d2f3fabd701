package dashboard_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/browsertest"
)

// browserApp skips t in -short mode and where Chromium is missing; else it
// answers a SQLite app configured with env and a PUBLIC_BASE_URL on a free
// local port, and that base URL ("http://127.0.0.1:port"). Seed the app,
// then serve it.
func browserApp(t *testing.T, env apptest.Env) (*app.App, string) {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end browser test skipped in -short mode")
	}
	browsertest.Chromium(t)
	base := "http://127.0.0.1:" + freePort(t)
	all := apptest.Env{"PUBLIC_BASE_URL": base}
	maps.Copy(all, env)
	return apptest.New(t, "sqlite", all), base
}

// serve starts a at base (browserApp) until the test ends.
func serve(t *testing.T, a *app.App, base string) {
	t.Helper()
	if _, err := a.Start(t.Context(), strings.TrimPrefix(base, "http://")); err != nil {
		t.Fatal(err)
	}
}

// login signs in on the dashboard as email with the test password and
// waits for the overview.
func (e *e2e) login(email string) {
	e.t.Helper()
	e.do(chromedp.Navigate(e.base+"/admin/login"),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Overview")
}
