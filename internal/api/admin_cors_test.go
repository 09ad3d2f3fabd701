package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// TestCORSOriginsAPI: a tenant admin reads ([] at first) and replaces its
// widget-embedding origins; the list is canonical (lower case, default
// port dropped, duplicates merged), audited, and enforced by the public
// API at once; bad origins are 400 naming corsOrigins; another tenant
// neither sees nor changes it.
func TestCORSOriginsAPI(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		ka, kb := apptest.Bearer(alpha.Keys.Secret), apptest.Bearer(bravo.Keys.Secret)

		r := apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, "")
		apptest.Expect(t, "get empty", r, 200, "")
		if got := strings.TrimSpace(string(r.Body)); got != `{"corsOrigins":[]}` {
			t.Errorf("empty list: %s", got)
		}
		r = apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", ka,
			`{"corsOrigins":["HTTPS://Www.Example.com:443/"," https://www.example.com","http://localhost:5173"]}`)
		apptest.Expect(t, "put", r, 200, "")
		want := `{"corsOrigins":["https://www.example.com","http://localhost:5173"]}`
		if got := strings.TrimSpace(string(r.Body)); got != want {
			t.Errorf("put answered %s, want %s", got, want)
		}
		if got := strings.TrimSpace(string(apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, "").Body)); got != want {
			t.Errorf("get after put: %s", got)
		}

		// The public API honours the new list at once.
		pub := func(origin string) int {
			return apptest.Do(t, h, "GET", "/v1/packages", map[string]string{"X-Tenant-Key": alpha.Keys.Public, "Origin": origin}, "").Status
		}
		if got := pub("https://www.example.com"); got != 200 {
			t.Errorf("listed origin: %d", got)
		}
		if got := pub("https://evil.example.net"); got != 403 {
			t.Errorf("unlisted origin: %d", got)
		}

		for _, bad := range []string{
			`{"corsOrigins":["https://www.example.com/booking"]}`,
			`{"corsOrigins":["ftp://www.example.com"]}`,
			`{"corsOrigins":["http://www.example.com"]}`,
			`{"corsOrigins":["javascript:alert(1)"]}`,
			`{"corsOrigins":["*"]}`,
			`{"corsOrigins":["https://*.example.com"]}`,
			`{"corsOrigins":["https://www.example.com?x=1"]}`,
			`{"corsOrigins":["https://user@www.example.com"]}`,
			`{"corsOrigins":["https://a.example.com\nhttps://b.example.com"]}`,
			`{"corsOrigins":[` + manyOrigins(21) + `]}`,
			`{}`,
		} {
			r := apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", ka, bad)
			apptest.Expect(t, "bad "+bad, r, 400, "VALIDATION_ERROR")
			if !strings.Contains(string(r.Body), `"corsOrigins`) {
				t.Errorf("%s: fields do not name corsOrigins: %s", bad, r.Body)
			}
		}
		apptest.Expect(t, "not json", apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", ka, `{"corsOrigins":"https://a.example.com"}`), 400, "")
		if got := strings.TrimSpace(string(apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, "").Body)); got != want {
			t.Errorf("a refused put changed the list: %s", got)
		}

		// Tenant isolation: bravo's token reads and writes bravo's list only.
		if got := strings.TrimSpace(string(apptest.Do(t, h, "GET", "/v1/admin/cors-origins", kb, "").Body)); got != `{"corsOrigins":[]}` {
			t.Errorf("bravo sees %s", got)
		}
		apptest.Expect(t, "bravo put", apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", kb, `{"corsOrigins":["https://bravo.example.org"]}`), 200, "")
		if got := strings.TrimSpace(string(apptest.Do(t, h, "GET", "/v1/admin/cors-origins", ka, "").Body)); got != want {
			t.Errorf("bravo's put changed alpha's list: %s", got)
		}
		apptest.Expect(t, "no token", apptest.Do(t, h, "GET", "/v1/admin/cors-origins", nil, ""), 401, "")

		r = apptest.Do(t, h, "GET", "/v1/admin/audit?entity=tenant", ka, "")
		if !strings.Contains(string(r.Body), `"tenant.update"`) || !strings.Contains(string(r.Body), `http://localhost:5173`) {
			t.Errorf("audit: %s", r.Body)
		}
		if strings.Contains(string(r.Body), "bravo.example.org") {
			t.Errorf("alpha's audit shows bravo's change: %s", r.Body)
		}

		apptest.Expect(t, "clear", apptest.Do(t, h, "PUT", "/v1/admin/cors-origins", ka, `{"corsOrigins":[]}`), 200, "")
		if got := pub("https://evil.example.net"); got != 200 {
			t.Errorf("after clearing, any origin: %d", got)
		}
	})
}

func manyOrigins(n int) string {
	list := make([]string, n)
	for i := range list {
		list[i] = `"https://s` + string(rune('a'+i)) + `.example.com"`
	}
	return strings.Join(list, ",")
}
