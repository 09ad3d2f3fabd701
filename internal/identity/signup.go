package identity

import (
	"context"
	"fmt"

	"mais/internal/apperr"
)

// EmailTaken reports whether an account uses email (already normalised,
// NormalizeEmail). Sign-up asks before creating one.
func (s *Service) EmailTaken(ctx context.Context, email string) (bool, error) {
	_, err := s.Store.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.CodeNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("email taken: %w", err)
	}
	return true, nil
}

// SessionFor starts a session for the account of email, the one a login
// with its password would give: for an admin just created by sign-up, who
// typed the password a moment ago. NOT_FOUND when no account uses email.
func (s *Service) SessionFor(ctx context.Context, email string) (Session, error) {
	u, err := s.Store.UserByEmail(ctx, NormalizeEmail(email))
	if err != nil {
		return Session{}, err
	}
	if err := s.checkTenant(ctx, u); err != nil {
		return Session{}, err
	}
	return s.issue(u)
}
