package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mais/internal/apperr"
	"mais/internal/identity"
)

// UpdatePassword replaces a user's password hash and retires the user's
// unused reset tokens, so a link mailed before the change stops working.
func (s *Store) UpdatePassword(ctx context.Context, userID, passwordHash string) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		return setPassword(ctx, tx, userID, passwordHash, s.utcNow())
	})
	if err != nil {
		return fmt.Errorf("store: update password of user %s: %w", userID, err)
	}
	return nil
}

func setPassword(ctx context.Context, tx *Tx, userID, passwordHash string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, passwordHash, now, userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set password: %w", err)
	} else if n == 0 {
		return apperr.NotFound("user")
	}
	_, err = tx.ExecContext(ctx, `UPDATE password_reset_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID)
	if err != nil {
		return fmt.Errorf("retire reset tokens: %w", err)
	}
	return nil
}

// CreateResetToken stores the hash of a reset token.
func (s *Store) CreateResetToken(ctx context.Context, t identity.ResetToken) error {
	if t.ID == "" {
		t.ID = newID()
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO password_reset_tokens (id, user_id, token_hash, expires_at, created_at)
		VALUES ($1, $2, $3, $4, $5)`, t.ID, t.UserID, t.TokenHash, t.ExpiresAt.UTC(), t.CreatedAt.UTC())
	if err != nil {
		return fmt.Errorf("store: create reset token: %w", translate(err))
	}
	return nil
}

// ConsumeResetToken spends a live reset token on a new password. The
// conditional UPDATE is the single-use guarantee: of two concurrent uses,
// only one finds the token still unused.
func (s *Store) ConsumeResetToken(ctx context.Context, tokenHash string, now time.Time, passwordHash string) (string, error) {
	now = now.UTC()
	var userID string
	err := s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE password_reset_tokens SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`, now, tokenHash).Scan(&userID)
		if err == sql.ErrNoRows {
			return apperr.NotFound("reset token")
		}
		if err != nil {
			return fmt.Errorf("spend token: %w", err)
		}
		return setPassword(ctx, tx, userID, passwordHash, now)
	})
	if err != nil {
		return "", fmt.Errorf("store: consume reset token: %w", err)
	}
	return userID, nil
}
