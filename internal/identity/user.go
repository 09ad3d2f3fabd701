package identity

import (
	"context"
	"time"
)

// Roles.
const (
	RolePlatformAdmin = "PLATFORM_ADMIN"
	RoleTenantAdmin   = "TENANT_ADMIN"
)

// User is a person who can log in to the admin API and dashboard.
type User struct {
	ID           string
	Email        string
	PasswordHash string
	Role         string
	TenantID     string // empty for platform admins
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ResetToken is a single-use password reset token as stored: only the
// SHA-256 of the token is kept, so a leaked table resets nobody's password.
type ResetToken struct {
	ID        string
	UserID    string
	TokenHash string
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Store is what identity needs from storage.
type Store interface {
	CreateUser(ctx context.Context, u User) error
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByID(ctx context.Context, id string) (User, error)
	// UpdatePassword replaces a user's password hash and retires the user's
	// unused reset tokens. An unknown user is NOT_FOUND.
	UpdatePassword(ctx context.Context, userID, passwordHash string) error
	CreateResetToken(ctx context.Context, t ResetToken) error
	// ConsumeResetToken finds the unused token with tokenHash that expires
	// after now, marks it used, sets the user's password hash and retires the
	// user's other tokens, all in one transaction, and returns the user id.
	// No such token is NOT_FOUND.
	ConsumeResetToken(ctx context.Context, tokenHash string, now time.Time, passwordHash string) (string, error)
	// ResetTokenUser returns the user id of the unused token with tokenHash
	// that expires after now, without using it: a reset looks its token up
	// before it spends a bcrypt hash on the new password. No such token is
	// NOT_FOUND.
	ResetTokenUser(ctx context.Context, tokenHash string, now time.Time) (string, error)

	// RevokeSession records that the session with id jti has ended. The
	// record is kept until expiresAt, when the token would have expired
	// anyway; records already past their expiry at now are pruned on the
	// way. Revoking twice is no error.
	RevokeSession(ctx context.Context, jti string, expiresAt, now time.Time) error
	// SessionRevoked reports whether the session jti was revoked: one
	// lookup by primary key, made on every authenticated request.
	SessionRevoked(ctx context.Context, jti string) (bool, error)
}

// TenantChecker tells whether a tenant's admins may act for it.
type TenantChecker interface {
	// CheckActive returns nil for an active tenant and a TENANT_INACTIVE
	// *apperr.Error for a deactivated (or vanished) one.
	CheckActive(ctx context.Context, tenantID string) error
}

// User returns one admin by id (NOT_FOUND when unknown), for showing who
// did what; it carries the password hash, which callers must not show.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	return s.Store.UserByID(ctx, id)
}
