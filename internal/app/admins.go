package app

import (
	"context"

	"mais/internal/identity"
)

// CreatePlatformAdmin stores a platform admin (identity.Service.CreatePlatformAdmin).
func (a *App) CreatePlatformAdmin(ctx context.Context, email, password string) (identity.User, error) {
	return a.Identity.CreatePlatformAdmin(ctx, email, password)
}
