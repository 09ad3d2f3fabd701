package identity_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"mais/internal/apperr"
	"mais/internal/identity"
)

// TestResetWithMadeUpTokenNeverHashes: the token is looked up before the new
// password is hashed, so guessing tokens costs no bcrypt work; a real token
// costs one hash.
func TestResetWithMadeUpTokenNeverHashes(t *testing.T) {
	f := newFixture(t)
	hasher := &countingHasher{Hasher: identity.Hasher{Cost: bcrypt.MinCost}}
	f.svc.Hasher = hasher
	ctx := context.Background()
	for i, token := range []string{"made-up", strings.Repeat("a", 64), strings.Repeat("f", 256)} {
		err := f.svc.ResetPassword(ctx, token, "brand-new-pass", "203.0.113.60")
		if !apperr.Is(err, apperr.CodeValidation) {
			t.Fatalf("made-up token %d: got %v, want VALIDATION_ERROR", i+1, err)
		}
	}
	if n := hasher.hashes.Load(); n != 0 {
		t.Errorf("%d bcrypt hashes for made-up tokens, want 0", n)
	}
	if err := f.svc.RequestReset(ctx, "root@example.com", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	msg := <-f.mail.sent
	_, after, _ := strings.Cut(msg.TextBody, "?token=")
	if err := f.svc.ResetPassword(ctx, strings.Fields(after)[0], "brand-new-pass", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if n := hasher.hashes.Load(); n != 1 {
		t.Errorf("%d bcrypt hashes for one real reset, want 1", n)
	}
}

// TestResetRequestsAreLimitedPerAddress: every reset attempt from one
// address counts, valid token or not.
func TestResetRequestsAreLimitedPerAddress(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for range identity.MaxAuthRequestsPerIP {
		f.svc.ResetPassword(ctx, "made-up", "brand-new-pass", "203.0.113.61")
	}
	err := f.svc.ResetPassword(ctx, "made-up", "brand-new-pass", "203.0.113.61")
	if !apperr.Is(err, apperr.CodeTooManyRequests) {
		t.Errorf("reset %d within %v: got %v, want TOO_MANY_REQUESTS", identity.MaxAuthRequestsPerIP+1, identity.AuthRequestWindow, err)
	}
	if err := f.svc.ResetPassword(ctx, "made-up", "brand-new-pass", "203.0.113.62"); !apperr.Is(err, apperr.CodeValidation) {
		t.Errorf("another address: got %v, want VALIDATION_ERROR", err)
	}
}

// TestLogout ends one session, and only that one.
func TestLogout(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	phone, _ := f.login("owner@alpha.example", "correct-horse", "192.0.2.1")
	laptop, _ := f.login("owner@alpha.example", "correct-horse", "192.0.2.1")
	if err := f.svc.Logout(ctx, phone.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(ctx, phone.Token); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Errorf("logged-out session: got %v, want UNAUTHORIZED", err)
	}
	if _, err := f.svc.Authenticate(ctx, laptop.Token); err != nil {
		t.Errorf("the user's other session: %v", err)
	}
	if err := f.svc.Logout(ctx, phone.Token); !apperr.Is(err, apperr.CodeUnauthorized) {
		t.Errorf("logging out twice: got %v, want UNAUTHORIZED", err)
	}
	for _, bad := range []string{"", "not.a.token", laptop.Token[:len(laptop.Token)-2] + "xx"} {
		if err := f.svc.Logout(ctx, bad); !apperr.Is(err, apperr.CodeUnauthorized) {
			t.Errorf("logout with %q: got %v, want UNAUTHORIZED", bad, err)
		}
	}
	if _, err := f.svc.Authenticate(ctx, laptop.Token); err != nil {
		t.Errorf("a tampered copy ended the real session: %v", err)
	}
}

// inactiveTenants refuses the tenants it holds.
type inactiveTenants map[string]bool

func (m inactiveTenants) CheckActive(_ context.Context, id string) error {
	if m[id] {
		return apperr.New(apperr.CodeTenantInactive, "deactivated")
	}
	return nil
}

// TestDeactivatedTenant: its admins are refused at login (after the password
// is checked, so a guess learns nothing) and on every request; platform
// admins are not tied to a tenant and keep working.
func TestDeactivatedTenant(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before, _ := f.login("owner@alpha.example", "correct-horse", "192.0.2.1")
	root, _ := f.login("root@example.com", "correct-horse", "192.0.2.1")
	f.svc.Tenants = inactiveTenants{"t-alpha": true}

	if _, err := f.login("owner@alpha.example", "wrong-horse", "192.0.2.2"); !apperr.Is(err, apperr.CodeInvalidCreds) {
		t.Errorf("wrong password: got %v, want INVALID_CREDENTIALS", err)
	}
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.3"); !apperr.Is(err, apperr.CodeTenantInactive) {
		t.Errorf("login: got %v, want TENANT_INACTIVE", err)
	}
	if _, err := f.svc.Authenticate(ctx, before.Token); !apperr.Is(err, apperr.CodeTenantInactive) {
		t.Errorf("session from before: got %v, want TENANT_INACTIVE", err)
	}
	if err := f.svc.Logout(ctx, before.Token); err != nil {
		t.Errorf("logout of a deactivated tenant's admin: %v", err)
	}
	if _, err := f.svc.Authenticate(ctx, root.Token); err != nil {
		t.Errorf("platform admin: %v", err)
	}
	f.svc.Tenants = inactiveTenants{}
	if _, err := f.login("owner@alpha.example", "correct-horse", "192.0.2.3"); err != nil {
		t.Errorf("reactivated: %v", err)
	}
}
