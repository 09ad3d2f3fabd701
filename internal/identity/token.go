package identity

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mais/internal/apperr"
)

const (
	tokenIssuer   = "mais"
	tokenAudience = "mais-admin"
)

// sessionClaims are the claims of an admin session token (HS256 JWT).
type sessionClaims struct {
	Role     string `json:"role"`
	TenantID string `json:"tid,omitempty"`
	// Stamp ties the token to the password it was issued under: changing the
	// password changes the stamp, which ends every older session.
	Stamp string `json:"pws"`
	jwt.RegisteredClaims
}

// signToken issues a session token for u valid from now until expires.
func signToken(secret []byte, u User, now, expires time.Time) (string, error) {
	c := sessionClaims{
		Role:     u.Role,
		TenantID: u.TenantID,
		Stamp:    passwordStamp(secret, u),
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    tokenIssuer,
			Audience:  jwt.ClaimStrings{tokenAudience},
			Subject:   u.ID,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(expires),
			ID:        rand.Text(),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
}

// clockSkew is how far apart the clocks of two MAIS processes may be for a
// token issued by one to be accepted by the other (iat and nbf checks).
const clockSkew = 30 * time.Second

// parseToken checks signature, algorithm, issuer, audience and lifetime.
// Every failure is UNAUTHORIZED; the message says which kind, never why in
// detail.
func parseToken(secret []byte, raw string, now time.Time) (sessionClaims, error) {
	var c sessionClaims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		// Several processes sign and check tokens; their clocks differ by a
		// little, and a token minted on one must work at once on another.
		jwt.WithLeeway(clockSkew),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenExpired):
		return c, apperr.New(apperr.CodeUnauthorized, "the session has expired; log in again")
	default:
		return c, apperr.New(apperr.CodeUnauthorized, "the session token is not valid")
	}
	// Without an id (jti) a session could not be ended by Logout.
	if c.Subject == "" || c.ID == "" || (c.Role != RolePlatformAdmin && c.Role != RoleTenantAdmin) {
		return c, apperr.New(apperr.CodeUnauthorized, "the session token is not valid")
	}
	return c, nil
}

// passwordStamp is a short MAC of the user's current password hash. It
// reveals nothing about the hash and changes whenever the password does.
func passwordStamp(secret []byte, u User) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("password-stamp\x00" + u.ID + "\x00" + u.PasswordHash))
	return hex.EncodeToString(m.Sum(nil)[:12])
}
