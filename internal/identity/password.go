// Package identity holds the people who administer MAIS: platform admins and
// tenant admins, their passwords and their sessions.
package identity

import (
	"errors"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// DefaultCost is the bcrypt cost for stored passwords. Cost 12 takes about
// a quarter of a second on one core of the target machine: slow enough to
// make offline guessing expensive, fast enough for a login page.
const DefaultCost = 12

// PasswordHasher hashes new passwords and checks given ones. Hasher is the
// one MAIS uses; the interface lets a test count how often bcrypt runs.
type PasswordHasher interface {
	HashPassword(password string) (string, error)
	PasswordMatches(hash, password string) bool
}

// Hasher hashes and checks passwords with bcrypt.
type Hasher struct {
	Cost int
}

// HashPassword returns the bcrypt hash of password.
func (h Hasher) HashPassword(password string) (string, error) {
	cost := h.Cost
	if cost == 0 {
		cost = DefaultCost
	}
	if len(password) > 72 {
		// bcrypt ignores bytes past 72; refuse rather than silently truncate.
		return "", errors.New("password longer than 72 bytes")
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(b), nil
}

// PasswordMatches reports whether password matches the stored hash.
func (h Hasher) PasswordMatches(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
