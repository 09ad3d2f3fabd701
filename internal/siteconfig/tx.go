package siteconfig

import (
	"context"
	"time"

	"mais/internal/audit"
)

// TxStore gives the lifecycle its transactions: InConfigTx runs fn in one write
// transaction holding the tenant's configuration lock, so the writes of one
// tenant's site (publish, rollback, approve, ...) happen one after another,
// and commits when fn returns nil. The store keeps rows; every rule about
// which change is allowed lives in this package (lifecycle.go).
type TxStore interface {
	InConfigTx(ctx context.Context, tenantID string, fn func(tx Tx) error) error
}

// Tx is one transaction of one tenant's site configuration. Every method is
// scoped to the tenant given to InConfigTx: an id of another tenant is NOT_FOUND.
// Rows read here are locked until the transaction ends.
type Tx interface {
	// Version returns one version with its Config (NOT_FOUND).
	Version(ctx context.Context, id string) (Version, error)
	// Published returns the live version; ok is false when there is none.
	Published(ctx context.Context) (v Version, ok bool, err error)
	// InsertVersion stores v as it is; a second published version is a
	// CONFLICT (the store's one-published index backs the rule).
	InsertVersion(ctx context.Context, v Version) error
	// UpdateVersion writes v's status, config, note, updated and published
	// times.
	UpdateVersion(ctx context.Context, v Version) error

	// Proposal returns one proposal with its documents (NOT_FOUND).
	Proposal(ctx context.Context, id string) (Proposal, error)
	// InsertProposal stores p as pending.
	InsertProposal(ctx context.Context, p Proposal) error
	// UpdateProposal writes p's decision: status, decided at/by, reason and
	// result version.
	UpdateProposal(ctx context.Context, p Proposal) error

	// Agent returns one agent credential (NOT_FOUND).
	Agent(ctx context.Context, id string) (Agent, error)
	// TouchAgent records that the agent was used at at.
	TouchAgent(ctx context.Context, id string, at time.Time) error
	// MarkAgentRevoked sets the agent's revoked time to at.
	MarkAgentRevoked(ctx context.Context, id string, at time.Time) error

	// PackagePrices returns the tenant's catalog packages by slug, with
	// their id, name and base price (the promotion audit's "old price").
	PackagePrices(ctx context.Context) (map[string]PackagePrice, error)

	// Audit adds one row to the change log in this transaction.
	Audit(ctx context.Context, e audit.Entry) error
}
