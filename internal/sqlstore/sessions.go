package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mais/internal/apperr"
)

// ResetTokenUser returns the user of a live reset token without using it.
// No unused token with tokenHash expiring after now is NOT_FOUND.
func (s *Store) ResetTokenUser(ctx context.Context, tokenHash string, now time.Time) (string, error) {
	var userID string
	err := s.read.QueryRowContext(ctx, `SELECT user_id FROM password_reset_tokens
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, now.UTC()).Scan(&userID)
	if err == sql.ErrNoRows {
		return "", apperr.NotFound("reset token")
	}
	if err != nil {
		return "", fmt.Errorf("store: look up reset token: %w", err)
	}
	return userID, nil
}

// RevokeSession records the session jti as ended until expiresAt and
// prunes the records whose tokens have expired by now, in one transaction.
// The prune uses the expires_at index, so it stays cheap however often
// admins log out.
func (s *Store) RevokeSession(ctx context.Context, jti string, expiresAt, now time.Time) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO revoked_sessions (jti, expires_at) VALUES ($1, $2)
			ON CONFLICT (jti) DO NOTHING`, jti, expiresAt.UTC()); err != nil {
			return fmt.Errorf("record: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM revoked_sessions WHERE expires_at <= $1`, now.UTC()); err != nil {
			return fmt.Errorf("prune expired: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: revoke session: %w", err)
	}
	return nil
}

// SessionRevoked reports whether the session jti was revoked.
func (s *Store) SessionRevoked(ctx context.Context, jti string) (bool, error) {
	var one int
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM revoked_sessions WHERE jti = $1`, jti).Scan(&one)
	switch {
	case err == sql.ErrNoRows:
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: check revoked session: %w", err)
	}
	return true, nil
}
