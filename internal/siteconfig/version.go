package siteconfig

import (
	"context"
	"encoding/json"
	"time"
)

// Version states. Exactly one version per tenant is published at any time,
// enforced by a partial unique index in the store.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Version is one saved configuration of a tenant's site.
type Version struct {
	ID          string
	TenantID    string
	Status      string
	Config      json.RawMessage
	Note        string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PublishedAt *time.Time
}

// Reader is what the storefront and the public config route need.
type Reader interface {
	PublishedVersion(ctx context.Context, tenantID string) (Version, error)
	VersionByID(ctx context.Context, tenantID, id string) (Version, error)
}
