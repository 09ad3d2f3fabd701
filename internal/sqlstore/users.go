package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"mais/internal/apperr"
	"mais/internal/identity"
)

const userColumns = `id, email, password_hash, role, COALESCE(tenant_id, ''), created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (identity.User, error) {
	var u identity.User
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Role, &u.TenantID, &u.CreatedAt, &u.UpdatedAt)
	if err == sql.ErrNoRows {
		return u, apperr.NotFound("user")
	}
	if err != nil {
		return u, fmt.Errorf("scan user: %w", err)
	}
	return u, nil
}

// CreateUser stores a user; a taken e-mail is a CONFLICT.
func (s *Store) CreateUser(ctx context.Context, u identity.User) error {
	now := s.utcNow()
	if u.ID == "" {
		u.ID = newID()
	}
	_, err := s.write.ExecContext(ctx, `INSERT INTO users (id, email, password_hash, role, tenant_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, u.ID, u.Email, u.PasswordHash, u.Role, nullString(u.TenantID), now)
	if err != nil {
		return fmt.Errorf("store: create user: %w", conflictOn(err, fmt.Sprintf("a user with e-mail %s already exists", u.Email), "email"))
	}
	return nil
}

// UserByEmail finds a user by normalised e-mail.
func (s *Store) UserByEmail(ctx context.Context, email string) (identity.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	if err != nil {
		return u, fmt.Errorf("store: user by e-mail: %w", err)
	}
	return u, nil
}

// UserByID finds a user by id.
func (s *Store) UserByID(ctx context.Context, id string) (identity.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, fmt.Errorf("store: user %s: %w", id, err)
	}
	return u, nil
}
