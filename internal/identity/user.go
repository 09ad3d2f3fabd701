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

// Store is what identity needs from storage.
type Store interface {
	CreateUser(ctx context.Context, u User) error
	UserByEmail(ctx context.Context, email string) (User, error)
	UserByID(ctx context.Context, id string) (User, error)
}
