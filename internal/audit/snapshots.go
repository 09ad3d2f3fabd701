package audit

import (
	"encoding/json"
	"time"
)

// Snapshots are the before/after documents of entries: explicit types with
// camelCase members, so the change log's shape is written down here and
// does not follow Go field names. Secrets (credential hashes) never appear.

// Package is a catalog package as the log records it (add-ons apart).
type Package struct {
	ID             string `json:"id"`
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	BasePriceCents int64  `json:"basePriceCents"`
	PhotoURL       string `json:"photoUrl"`
	Active         bool   `json:"active"`
	SortOrder      int    `json:"sortOrder"`
}

// AddOn is an add-on of one package as the log records it.
type AddOn struct {
	ID          string `json:"id"`
	PackageID   string `json:"packageId"`
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Description string `json:"description"`
	PriceCents  int64  `json:"priceCents"`
	Active      bool   `json:"active"`
	SortOrder   int    `json:"sortOrder"`
	PhotoURL    string `json:"photoUrl,omitempty"`
}

// Version is a site configuration version. RolledBackTo names the version
// a rollback copied; ProposalID the proposal an approval turned into it.
type Version struct {
	ID           string          `json:"id"`
	Status       string          `json:"status"`
	Note         string          `json:"note"`
	CreatedBy    string          `json:"createdBy"`
	Config       json.RawMessage `json:"config,omitempty"`
	RolledBackTo string          `json:"rolledBackTo,omitempty"`
	ProposalID   string          `json:"proposalId,omitempty"`
}

// Proposal is an agent's proposal. Its documents (Patch, Config) are
// recorded once, when it is made; VersionID is the version an approval
// created.
type Proposal struct {
	ID            string          `json:"id"`
	AgentID       string          `json:"agentId"`
	BaseVersionID string          `json:"baseVersionId"`
	Rationale     string          `json:"rationale"`
	Status        string          `json:"status"`
	ExpiresAt     time.Time       `json:"expiresAt"`
	Patch         json.RawMessage `json:"patch,omitempty"`
	Config        json.RawMessage `json:"config,omitempty"`
	DecidedAt     *time.Time      `json:"decidedAt,omitempty"`
	DecidedBy     string          `json:"decidedBy,omitempty"`
	Reason        string          `json:"reason,omitempty"`
	VersionID     string          `json:"versionId,omitempty"`
}

// Agent is an agent credential: never its hash.
type Agent struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	KeyHint   string     `json:"keyHint"`
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
}

// JSON encodes a snapshot for Entry.Before or After; nil stays nil (the
// log's null, for "nothing before" or "nothing after").
func JSON(snapshot any) json.RawMessage {
	if snapshot == nil {
		return nil
	}
	b, err := json.Marshal(snapshot)
	if err != nil {
		panic(err) // snapshots are plain structs of this package
	}
	return b
}

// RawJSON is doc when it is valid JSON, else nil: a snapshot must stay
// valid JSON even if a stored document is not.
func RawJSON(doc json.RawMessage) json.RawMessage {
	if len(doc) == 0 || !json.Valid(doc) {
		return nil
	}
	return doc
}
