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

func TestUserPasswords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		u := identity.User{ID: "admin-1", Email: "root@example.com", PasswordHash: "old", Role: identity.RolePlatformAdmin}
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateUser(ctx, identity.User{ID: "admin-2", Email: u.Email, PasswordHash: "x", Role: identity.RolePlatformAdmin}); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("taken e-mail: got %v, want CONFLICT", err)
		}

		t.Run("UpdatePassword", func(t *testing.T) {
			if err := s.UpdatePassword(ctx, u.ID, "new"); err != nil {
				t.Fatal(err)
			}
			got, err := s.UserByEmail(ctx, u.Email)
			if err != nil {
				t.Fatal(err)
			}
			if got.PasswordHash != "new" {
				t.Errorf("hash = %q, want new", got.PasswordHash)
			}
			if err := s.UpdatePassword(ctx, "nobody", "x"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("unknown user: got %v, want NOT_FOUND", err)
			}
		})

		now := time.Now().UTC().Truncate(time.Second)
		mk := func(hash string, expires time.Time) {
			t.Helper()
			if err := s.CreateResetToken(ctx, identity.ResetToken{UserID: u.ID, TokenHash: hash, ExpiresAt: expires, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}

		t.Run("ResetTokenSingleUse", func(t *testing.T) {
			mk("h-once", now.Add(30*time.Minute))
			id, err := s.ConsumeResetToken(ctx, "h-once", now, "from-reset")
			if err != nil || id != u.ID {
				t.Fatalf("consume: %q, %v", id, err)
			}
			if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "from-reset" {
				t.Errorf("hash = %q, want from-reset", got.PasswordHash)
			}
			if _, err := s.ConsumeResetToken(ctx, "h-once", now, "again"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("second use: got %v, want NOT_FOUND", err)
			}
			if got, _ := s.UserByID(ctx, u.ID); got.PasswordHash != "from-reset" {
				t.Errorf("second use changed the password to %q", got.PasswordHash)
			}
		})

		t.Run("ResetTokenExpired", func(t *testing.T) {
			mk("h-expiring", now.Add(30*time.Minute))
			if _, err := s.ConsumeResetToken(ctx, "h-expiring", now.Add(30*time.Minute), "late"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("at expiry: got %v, want NOT_FOUND", err)
			}
			if _, err := s.ConsumeResetToken(ctx, "h-unknown", now, "x"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("unknown token: got %v, want NOT_FOUND", err)
			}
		})

		t.Run("PasswordChangeRetiresTokens", func(t *testing.T) {
			mk("h-a", now.Add(time.Hour))
			mk("h-b", now.Add(time.Hour))
			if err := s.UpdatePassword(ctx, u.ID, "changed"); err != nil {
				t.Fatal(err)
			}
			for _, h := range []string{"h-a", "h-b"} {
				if _, err := s.ConsumeResetToken(ctx, h, now, "x"); !apperr.Is(err, apperr.CodeNotFound) {
					t.Errorf("%s after a password change: got %v, want NOT_FOUND", h, err)
				}
			}
		})

		t.Run("ResetRetiresOtherTokens", func(t *testing.T) {
			mk("h-1", now.Add(time.Hour))
			mk("h-2", now.Add(time.Hour))
			if _, err := s.ConsumeResetToken(ctx, "h-1", now, "one"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ConsumeResetToken(ctx, "h-2", now, "two"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("sibling token after a reset: got %v, want NOT_FOUND", err)
			}
		})

		t.Run("ErrDuplicateHash", func(t *testing.T) {
			mk("h-dup", now.Add(time.Hour))
			err := s.CreateResetToken(ctx, identity.ResetToken{UserID: u.ID, TokenHash: "h-dup", ExpiresAt: now, CreatedAt: now})
			if !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("duplicate hash: got %v, want CONFLICT", err)
			}
		})
	})
}
