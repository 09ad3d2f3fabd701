package app

import (
	"context"
	"net/mail"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/tenant"
)

// CreatePlatformAdmin stores a platform admin after validating input.
func (a *App) CreatePlatformAdmin(ctx context.Context, email, password string) (identity.User, error) {
	email = tenant.NormalizeEmail(email)
	fields := apperr.FieldErrors{}
	if _, err := mail.ParseAddress(email); err != nil {
		fields.Add("email", "must be an e-mail address")
	}
	if len(password) < 8 || len(password) > 72 {
		fields.Add("password", "must be 8 to 72 characters")
	}
	if err := fields.Err(); err != nil {
		return identity.User{}, err
	}
	hash, err := a.Hasher.HashPassword(password)
	if err != nil {
		return identity.User{}, err
	}
	u := identity.User{ID: uuid.NewString(), Email: email, PasswordHash: hash, Role: identity.RolePlatformAdmin}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		return identity.User{}, err
	}
	return u, nil
}
