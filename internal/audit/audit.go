// Package audit describes the change log: who changed what, with the state
// before and after. Entries are written by the store in the same transaction
// as the change they describe, so neither can exist without the other.
package audit

import (
	"context"
	"encoding/json"
	"time"
)

// Actor kinds.
const (
	ActorUser   = "user"
	ActorAgent  = "agent"
	ActorSystem = "system"
	// ActorAssistant is the built-in assistant (docs/API.md §12); the id
	// is the conversation it was asked in.
	ActorAssistant = "assistant"
	// ActorAPIKey is a tenant's own server calling the admin API with its
	// secret key; the id is the key's hint (tenant.SecretHint), so a
	// rotation shows as a new id.
	ActorAPIKey = "api_key"
)

// Actor is who made a change.
type Actor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// System is the actor for changes made by the platform itself (CLI, sweeper).
var System = Actor{Type: ActorSystem, ID: "mais"}

// Entry is one recorded change.
type Entry struct {
	ID       string          `json:"id"`
	TenantID string          `json:"-"`
	At       time.Time       `json:"at"`
	Actor    Actor           `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entityId"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
}

// Filter narrows a listing; zero values mean "any".
type Filter struct {
	Action    string
	Entity    string
	EntityID  string
	ActorType string
	Since     time.Time
	Until     time.Time
	Limit     int
	Offset    int
}

// Store reads the log; writes happen inside other store methods.
type Store interface {
	ListAudit(ctx context.Context, tenantID string, f Filter) ([]Entry, error)
}

type actorKey struct{}

// WithActor records who acts for store writes made with ctx; the audit rows
// those writes add name this actor. Without one, the actor is the system.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor set by WithActor, or System.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Type != "" {
		return a
	}
	return System
}
