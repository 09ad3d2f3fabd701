package identity

import (
	"context"
	"net/mail"
	"strings"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// ValidateEmail checks an already normalised (NormalizeEmail) address and
// reports a problem under field. Every surface that takes an admin's
// address (tenant creation, platform admins) checks it here.
func ValidateEmail(fields apperr.FieldErrors, field, email string) {
	if !textin.Valid(email, textin.Line) {
		fields.Add(field, textin.Problem(email, textin.Line))
		return
	}
	if _, err := mail.ParseAddress(email); err != nil || !strings.Contains(email, "@") {
		fields.Add(field, "must be an e-mail address")
	}
}

// CreatePlatformAdmin stores a platform admin (mais admin create). The
// address is normalised; a bad address or password is a VALIDATION_ERROR
// naming "email" or "password", a taken address a CONFLICT.
func (s *Service) CreatePlatformAdmin(ctx context.Context, email, password string) (User, error) {
	fields := apperr.FieldErrors{}
	textin.Check(fields, "email", email, textin.Line) // as typed: see NormalizeEmail
	email = NormalizeEmail(email)
	if len(fields) == 0 {
		ValidateEmail(fields, "email", email)
	}
	ValidatePassword(fields, "password", password)
	if err := fields.Err(); err != nil {
		return User{}, err
	}
	hash, err := s.hasher().HashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{ID: uuid.NewString(), Email: email, PasswordHash: hash, Role: RolePlatformAdmin}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return User{}, err
	}
	return u, nil
}
