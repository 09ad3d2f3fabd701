package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

func TestRevokedSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)
		revoked := func(jti string) bool {
			t.Helper()
			ok, err := s.SessionRevoked(ctx, jti)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if revoked("never-issued") {
			t.Error("an unknown session is revoked")
		}
		if err := s.RevokeSession(ctx, "s-1", now.Add(12*time.Hour), now); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeSession(ctx, "s-1", now.Add(12*time.Hour), now); err != nil {
			t.Errorf("revoking twice: %v", err)
		}
		if err := s.RevokeSession(ctx, "s-2", now.Add(time.Hour), now); err != nil {
			t.Fatal(err)
		}
		if !revoked("s-1") || !revoked("s-2") {
			t.Fatal("revoked sessions not found")
		}
		// Two hours on, s-2's token has expired by itself: its record goes
		// with the next revocation, s-1's stays.
		if err := s.RevokeSession(ctx, "s-3", now.Add(14*time.Hour), now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if revoked("s-2") {
			t.Error("the record of an expired token was not pruned")
		}
		if !revoked("s-1") || !revoked("s-3") {
			t.Error("a record of a live token was pruned")
		}
	})
}

func TestResetTokenUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)
		if err := s.CreateUser(ctx, identity.User{ID: "u-1", Email: "a@example.com", PasswordHash: "h", Role: identity.RolePlatformAdmin}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateResetToken(ctx, identity.ResetToken{UserID: "u-1", TokenHash: "live", ExpiresAt: now.Add(30 * time.Minute), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		for i := range 2 { // looking does not use the token
			if id, err := s.ResetTokenUser(ctx, "live", now); err != nil || id != "u-1" {
				t.Fatalf("look-up %d: %q, %v", i+1, id, err)
			}
		}
		for name, tt := range map[string]struct {
			hash string
			at   time.Time
		}{
			"Unknown": {"made-up", now},
			"Expired": {"live", now.Add(30 * time.Minute)},
		} {
			if _, err := s.ResetTokenUser(ctx, tt.hash, tt.at); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("%s: got %v, want NOT_FOUND", name, err)
			}
		}
		if _, err := s.ConsumeResetToken(ctx, "live", now, "new-hash"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ResetTokenUser(ctx, "live", now); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("used token: got %v, want NOT_FOUND", err)
		}
	})
}
