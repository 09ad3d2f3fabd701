package siteconfig

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/textin"
)

// agentPrefix starts every agent credential: ag_live_{slug}_{32 hex}.
const agentPrefix = "ag_live_"

// MaxAgentName bounds an agent's display name.
const MaxAgentName = 80

// Agent is a credential a tenant admin gave to an automated assistant. An
// agent may only propose configuration changes for its own tenant.
type Agent struct {
	ID         string
	TenantID   string
	Name       string
	SecretHash string
	// KeyHint is enough of the credential to tell agents apart in a list.
	KeyHint    string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	// TenantActive is read-only, filled by AgentByCredentialHash.
	TenantActive bool
}

// AgentStore keeps agent credentials. Creating one writes its audit row
// (agent.create) in the same transaction; revoking is Lifecycle.RevokeAgent.
type AgentStore interface {
	// TenantSlug returns the slug of an existing tenant.
	TenantSlug(ctx context.Context, tenantID string) (string, error)
	CreateAgent(ctx context.Context, a Agent) error
	// ListAgents returns the tenant's agents newest first, revoked ones included.
	ListAgents(ctx context.Context, tenantID string) ([]Agent, error)
	AgentByCredentialHash(ctx context.Context, hash string) (Agent, error)
}

// CreateAgent makes a credential for a new agent of the tenant. The
// credential is returned here only; the store keeps its hash.
func (s *Service) CreateAgent(ctx context.Context, tenantID, name string) (Agent, string, error) {
	name = strings.TrimSpace(name)
	if why := textin.Problem(name, textin.Line); why != "" {
		return Agent{}, "", apperr.Validation("the agent name holds characters that are not allowed", map[string]string{"name": why})
	}
	if name == "" || utf8.RuneCountInString(name) > MaxAgentName {
		return Agent{}, "", apperr.Validation("the agent needs a name", map[string]string{"name": "must be 1 to 80 characters"})
	}
	slug, err := s.Store.TenantSlug(ctx, tenantID)
	if err != nil {
		return Agent{}, "", err
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return Agent{}, "", err
	}
	random := hex.EncodeToString(b[:])
	credential := agentPrefix + slug + "_" + random
	a := Agent{
		ID: uuid.NewString(), TenantID: tenantID, Name: name, SecretHash: HashAgentCredential(credential),
		KeyHint: agentPrefix + slug + "_…" + random[len(random)-4:], CreatedBy: audit.ActorFrom(ctx).ID,
		CreatedAt: s.now(),
	}
	if err := s.Store.CreateAgent(ctx, a); err != nil {
		return Agent{}, "", err
	}
	return a, credential, nil
}

// Agents lists the tenant's agents.
func (s *Service) Agents(ctx context.Context, tenantID string) ([]Agent, error) {
	return s.Store.ListAgents(ctx, tenantID)
}

// RevokeAgent stops a credential from working, at once; revoking it again
// changes nothing (Lifecycle.RevokeAgent).
func (s *Service) RevokeAgent(ctx context.Context, tenantID, id string) (Agent, error) {
	return s.lifecycle().RevokeAgent(ctx, tenantID, id, s.now())
}

// Snapshot is the audit form of an agent: never the credential hash.
func (a Agent) Snapshot() audit.Agent {
	s := audit.Agent{ID: a.ID, Name: a.Name, KeyHint: a.KeyHint}
	if a.RevokedAt != nil {
		at := a.RevokedAt.UTC()
		s.RevokedAt = &at
	}
	return s
}

// AuthenticateAgent finds the live agent holding credential. Anything but a
// known, unrevoked credential is UNAUTHORIZED; an agent of a deactivated
// tenant is TENANT_INACTIVE.
func (s *Service) AuthenticateAgent(ctx context.Context, credential string) (Agent, error) {
	if !IsAgentCredentialShape(credential) {
		return Agent{}, apperr.New(apperr.CodeUnauthorized, "an agent credential (ag_live_…) is required")
	}
	a, err := s.Store.AgentByCredentialHash(ctx, HashAgentCredential(credential))
	if apperr.Is(err, apperr.CodeNotFound) {
		return Agent{}, apperr.New(apperr.CodeUnauthorized, "the agent credential is not valid")
	}
	if err != nil {
		return Agent{}, err
	}
	if a.RevokedAt != nil {
		return Agent{}, apperr.New(apperr.CodeUnauthorized, "the agent credential was revoked")
	}
	if !a.TenantActive {
		return Agent{}, apperr.New(apperr.CodeTenantInactive, "the agent's tenant is deactivated")
	}
	return a, nil
}

// HashAgentCredential is the stored form of a credential. Credentials carry
// 128 random bits, so a fast hash suffices: there is nothing to guess.
func HashAgentCredential(credential string) string {
	sum := sha256.Sum256([]byte(credential))
	return hex.EncodeToString(sum[:])
}

// IsAgentCredentialShape reports whether s looks like ag_live_{slug}_{32 hex}.
func IsAgentCredentialShape(s string) bool {
	rest, ok := strings.CutPrefix(s, agentPrefix)
	if !ok {
		return false
	}
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 || len(rest)-i-1 != 32 {
		return false
	}
	for _, c := range rest[i+1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	for _, c := range rest[:i] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
