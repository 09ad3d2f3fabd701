package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app"
)

// adminFixture is newFixture plus a platform admin and a session per admin.
type adminFixture struct {
	fixture
	h                      http.Handler
	alpha, bravo, platform string // bearer tokens
	platformEmail          string
}

const platformEmail = "root@mais.example"

func newAdminFixture(t *testing.T, a *app.App) adminFixture {
	t.Helper()
	f := adminFixture{fixture: newFixture(t, a), h: a.Handler(), platformEmail: platformEmail}
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
	r := do(h, "POST", "/v1/admin/login", nil, `{"email":"`+email+`","password":"`+password+`"}`)
	if r.status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, r.status, r.body)
	}
	var s struct{ Token string }
	r.json(t, &s)
	return s.Token
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// as sends a request with token.
func (f adminFixture) as(token, method, path, body string) reply {
	return do(f.h, method, path, bearer(token), body)
}

// doFrom sends a request from the given peer address.
func doFrom(h http.Handler, peer, method, path string, header map[string]string, body string) reply {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.RemoteAddr = peer
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

// expect fails unless r has status and, when code is set, that error code.
func expect(t *testing.T, what string, r reply, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d %s, want %d", what, r.status, r.body, status)
	}
	if code != "" {
		if got := r.errorCode(t); got != code {
			t.Fatalf("%s: code %s (%s), want %s", what, got, r.body, code)
		}
	}
}
