package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// TestCORSOriginsRefusals: each bad origin is 400 naming corsOrigins with
// a reason that says exactly what is wrong (the port's range, the path,
// the scheme, an empty entry — "any origin" is only ever []), and the list
// is left as it was; an internationalised origin is accepted and kept as
// the punycode browsers send, on both stores.
func TestCORSOriginsRefusals(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		ka := apptest.Bearer(apptest.NewTenant(t, a, "alpha").Keys.Secret)
		put := func(body string) apptest.Reply { return apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", ka, body) }
		apptest.Expect(t, "a first list", put(`{"corsOrigins":["https://www.alpha.example"]}`), 200, "")

		for body, want := range map[string]string{
			`{"corsOrigins":[""]}`:                          "entry 1 is empty",
			`{"corsOrigins":["https://a.example","  "]}`:    "entry 2 is empty",
			`{"corsOrigins":["https://example.com:99999"]}`: "port 99999, outside 1–65535",
			`{"corsOrigins":["https://example.com:0"]}`:     "port 0, outside 1–65535",
			`{"corsOrigins":["http://example.com/path"]}`:   "uses http",
			`{"corsOrigins":["https://example.com/path"]}`:  "has a path (/path)",
			`{"corsOrigins":["https://example.com?x=1"]}`:   "has a query (?x=1)",
			`{"corsOrigins":["www.example.com"]}`:           "lacks its scheme",
			`{"corsOrigins":["ftp://example.com"]}`:         "scheme ftp",
			`{"corsOrigins":["https://*.example.com"]}`:     "wildcard",
			`{"corsOrigins":["https://exa_mple.com"]}`:      "not a domain name",
		} {
			expectField(t, body, put(body), 400, "VALIDATION_ERROR", "corsOrigins", want)
		}
		// Both of the tester's problems are said at once.
		expectField(t, "http and a path", put(`{"corsOrigins":["http://example.com/path"]}`), 400, "VALIDATION_ERROR", "corsOrigins", "has a path (/path)")
		if r := apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, ""); strings.TrimSpace(string(r.Body)) != `{"corsOrigins":["https://www.alpha.example"]}` {
			t.Errorf("after refusals the list is %s", r.Body)
		}

		r := put(`{"corsOrigins":["https://bröllop.se","https://BRÖLLOP.se:8443"]}`)
		apptest.Expect(t, "IDN origin", r, 200, "")
		want := `{"corsOrigins":["https://xn--brllop-xxa.se","https://xn--brllop-xxa.se:8443"]}`
		if got := strings.TrimSpace(string(r.Body)); got != want {
			t.Errorf("IDN put answered %s, want %s", got, want)
		}
		if r := apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, ""); strings.TrimSpace(string(r.Body)) != want {
			t.Errorf("IDN list reads back as %s", r.Body)
		}
	})
}
