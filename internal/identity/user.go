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
}
