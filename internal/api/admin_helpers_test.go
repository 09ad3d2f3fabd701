package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// adminFixture is newFixture plus a platform admin and a session per admin.
type adminFixture struct {
	fixture
	t                      *testing.T // the test that made it: as reports OpenAPI mismatches to it
	h                      http.Handler
	alpha, bravo, platform string // bearer tokens
	platformEmail          string
}

const platformEmail = "root@mais.example"

func newAdminFixture(t *testing.T, a *app.App) adminFixture {
	t.Helper()
	f := adminFixture{fixture: newFixture(t, a), t: t, h: a.Handler(), platformEmail: platformEmail}
	if _, err := a.CreatePlatformAdmin(context.Background(), platformEmail, "correct-horse"); err != nil {
		t.Fatal(err)
	}
	f.alpha = loginToken(t, f.h, f.a.AdminEmail, "correct-horse")
	f.bravo = loginToken(t, f.h, f.b.AdminEmail, "correct-horse")
	f.platform = loginToken(t, f.h, platformEmail, "correct-horse")
	return f
}

// loginToken logs in and returns the bearer token.
func loginToken(t *testing.T, h http.Handler, email, password string) string {
	t.Helper()
	r := apptest.Do(t, h, "POST", "/v1/admin/login", nil, `{"email":"`+email+`","password":"`+password+`"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	var s struct{ Token string }
	r.JSON(t, &s)
	return s.Token
}

// as sends a request with token.
func (f adminFixture) as(token, method, path, body string) apptest.Reply {
	f.t.Helper()
	return apptest.Do(f.t, f.h, method, path, apptest.Bearer(token), body)
}

// doFrom sends a request from the given peer address.
func doFrom(t testing.TB, h http.Handler, peer, method, path string, header map[string]string, body string) apptest.Reply {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = peer
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return apptest.Serve(t, h, req)
}
