package siteconfig

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/textin"
)

// MaxNote bounds the note of a version.
const MaxNote = 500

// VersionStore reads a tenant's configuration versions; every method
// scopes by tenant: an id of another tenant is NOT_FOUND. Writes go through
// TxStore (lifecycle.go).
type VersionStore interface {
	Reader
	// ListVersions returns versions newest first, without their Config.
	ListVersions(ctx context.Context, tenantID string, limit, offset int) ([]Version, error)
}

// Invalidator tells every process that a tenant's cached pages and
// configuration are stale.
type Invalidator interface {
	InvalidateTenant(ctx context.Context, tenantID string)
}

// Store is everything the Service needs from storage.
type Store interface {
	TxStore
	VersionStore
	ProposalStore
	AgentStore
}

// DefaultProposalTTL is how long an agent proposal waits for a decision.
const DefaultProposalTTL = 7 * 24 * time.Hour

// Service manages a tenant's site configuration: versions, drafts,
// publishing, rollback, agent credentials and agent proposals.
type Service struct {
	Store       Store
	Invalidator Invalidator
	// ProposalTTL is how long a proposal stays pending (DefaultProposalTTL when 0).
	ProposalTTL time.Duration
	Now         func() time.Time
	// Logger gets one line per publish, rollback, approval and rejection
	// (nil: none).
	Logger *slog.Logger
	// Packages checks and applies the package proposals of the assistant
	// (nil: they cannot be made or approved).
	Packages PackageChanger
}

// Versions lists a tenant's versions, newest first, without their Config.
func (s *Service) Versions(ctx context.Context, tenantID string, limit, offset int) ([]Version, error) {
	limit = pageLimit(limit)
	return s.Store.ListVersions(ctx, tenantID, limit, max(offset, 0))
}

// Version returns one of the tenant's versions with its Config.
func (s *Service) Version(ctx context.Context, tenantID, id string) (Version, error) {
	return s.Store.VersionByID(ctx, tenantID, id)
}

// Published returns the tenant's live version.
func (s *Service) Published(ctx context.Context, tenantID string) (Version, error) {
	return s.Store.PublishedVersion(ctx, tenantID)
}

// Preview loads any version of the tenant, typically a draft, decoded for
// rendering. Callers must have checked that a tenant admin asks.
func (s *Service) Preview(ctx context.Context, tenantID, versionID string) (Version, Config, error) {
	v, err := s.Store.VersionByID(ctx, tenantID, versionID)
	if err != nil {
		return Version{}, Config{}, err
	}
	c, err := Stored(v)
	return v, c, err
}

// Stored decodes the configuration of a stored version. Stored documents
// were valid when written; they are decoded leniently so that a version
// written under older, looser rules can still be shown and compared.
func Stored(v Version) (Config, error) {
	return decodeStored("configuration version "+v.ID, v.Config)
}

func decodeStored(what string, doc json.RawMessage) (Config, error) {
	var c Config
	if err := json.Unmarshal(doc, &c); err != nil {
		return Config{}, fmt.Errorf("decode %s: %w", what, err)
	}
	return c, nil
}

// CreateDraft validates doc and stores it as a new draft.
func (s *Service) CreateDraft(ctx context.Context, tenantID string, doc json.RawMessage, note string) (Version, error) {
	if !present(doc) {
		return Version{}, apperr.Validation("config is required", map[string]string{"config": "required"})
	}
	c, err := Parse(doc)
	if err == nil {
		err = ownImages(tenantID, c)
	}
	if err != nil {
		return Version{}, err
	}
	note, err = cleanNote(note)
	if err != nil {
		return Version{}, err
	}
	now := s.now()
	v := Version{
		ID: uuid.NewString(), TenantID: tenantID, Status: StatusDraft, Config: Canonical(c), Note: note,
		CreatedBy: audit.ActorFrom(ctx).ID, CreatedAt: now, UpdatedAt: now,
	}
	if err := s.lifecycle().CreateDraft(ctx, v); err != nil {
		return Version{}, err
	}
	return v, nil
}

// UpdateDraft replaces the configuration and/or note of a draft. Published
// and archived versions are immutable: changing them is a CONFLICT.
func (s *Service) UpdateDraft(ctx context.Context, tenantID, id string, doc json.RawMessage, note *string) (Version, error) {
	if !present(doc) && note == nil {
		return Version{}, apperr.Validation("nothing to change", map[string]string{"config": "send config, note or both"})
	}
	u := DraftUpdate{TenantID: tenantID, ID: id, At: s.now()}
	if present(doc) {
		c, err := Parse(doc)
		if err == nil {
			err = ownImages(tenantID, c)
		}
		if err != nil {
			return Version{}, err
		}
		u.Config = Canonical(c)
	}
	if note != nil {
		n, err := cleanNote(*note)
		if err != nil {
			return Version{}, err
		}
		u.Note = &n
	}
	return s.lifecycle().UpdateDraft(ctx, u)
}

// Publish makes a draft the live configuration.
func (s *Service) Publish(ctx context.Context, tenantID, id string) (Version, error) {
	v, err := s.lifecycle().Publish(ctx, tenantID, id, s.now())
	if err != nil {
		return Version{}, err
	}
	s.logEvent(ctx, "site version published", tenantID, "version", v.ID)
	s.invalidate(ctx, tenantID)
	return v, nil
}

// Rollback makes the configuration of an earlier (archived) version live
// again. It publishes a new version holding a copy of that configuration
// rather than reviving the old row, so the history stays append-only and
// the list of versions reads as what was live when.
func (s *Service) Rollback(ctx context.Context, tenantID, targetID string) (Version, error) {
	if strings.TrimSpace(targetID) == "" {
		return Version{}, apperr.Validation("versionId is required", map[string]string{"versionId": "required"})
	}
	v, err := s.lifecycle().Rollback(ctx, Rollback{
		TenantID: tenantID, TargetID: targetID, NewID: uuid.NewString(),
		CreatedBy: audit.ActorFrom(ctx).ID, At: s.now(),
	})
	if err != nil {
		return Version{}, err
	}
	s.logEvent(ctx, "site rolled back", tenantID, "version", v.ID, "copyOf", targetID)
	s.invalidate(ctx, tenantID)
	return v, nil
}

// DiffVersions lists the field-level changes from one version to another.
func (s *Service) DiffVersions(ctx context.Context, tenantID, fromID, toID string) ([]Change, error) {
	fields := apperr.FieldErrors{}
	if fromID == "" {
		fields.Add("from", "required")
	}
	if toID == "" {
		fields.Add("to", "required")
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	from, err := s.storedConfig(ctx, tenantID, fromID)
	if err != nil {
		return nil, err
	}
	to, err := s.storedConfig(ctx, tenantID, toID)
	if err != nil {
		return nil, err
	}
	return nonNil(Diff(from, to)), nil
}

func (s *Service) storedConfig(ctx context.Context, tenantID, id string) (Config, error) {
	v, err := s.Store.VersionByID(ctx, tenantID, id)
	if err != nil {
		return Config{}, err
	}
	return Stored(v)
}

func (s *Service) lifecycle() Lifecycle { return Lifecycle{Store: s.Store} }

func (s *Service) invalidate(ctx context.Context, tenantID string) {
	if s.Invalidator != nil {
		s.Invalidator.InvalidateTenant(ctx, tenantID)
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

func cleanNote(note string) (string, error) {
	note = strings.TrimSpace(note)
	if why := textin.Problem(note, textin.Multiline); why != "" {
		return "", apperr.Validation("the note holds characters that are not allowed", map[string]string{"note": why})
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return "", apperr.Validation("the note is too long", map[string]string{"note": fmt.Sprintf("at most %d characters", MaxNote)})
	}
	return note, nil
}

// pageLimit is the page size of lists: 50 unless asked, at most 200.
func pageLimit(limit int) int {
	if limit <= 0 {
		return 50
	}
	return min(limit, 200)
}

// nonNil makes an empty diff encode as [] rather than null.
func nonNil(c []Change) []Change {
	if c == nil {
		return []Change{}
	}
	return c
}
