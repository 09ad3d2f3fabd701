// Package siteconfigtest is the conformance suite of the site
// configuration's store interface (siteconfig.TxStore and the readers):
// every implementation — SQLite, PostgreSQL, the in-memory fake of the
// siteconfig tests — must pass it, so the lifecycle can rely on it.
package siteconfigtest

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
)

// Store is what the suite exercises.
type Store interface {
	siteconfig.TxStore
	siteconfig.Reader
	ProposalByID(ctx context.Context, tenantID, id string) (siteconfig.Proposal, error)
}

// Fixture names what must exist before Run: two tenants, each with one
// published version (PublishedID, OtherPublishedID), and an unrevoked agent
// of Tenant.
type Fixture struct {
	Tenant, OtherTenant           string
	PublishedID, OtherPublishedID string
	AgentID                       string
}

// at is a fixed instant: the suite depends on no clock.
var at = time.Date(2028, 11, 4, 12, 0, 0, 0, time.UTC)

// Run checks s against the contract of siteconfig.Tx.
func Run(t *testing.T, s Store, f Fixture) {
	ctx := context.Background()
	inTx := func(tenantID string, fn func(tx siteconfig.Tx) error) error {
		return s.InConfigTx(ctx, tenantID, fn)
	}
	draft := func(id string) siteconfig.Version {
		return siteconfig.Version{ID: id, TenantID: f.Tenant, Status: siteconfig.StatusDraft, Config: json.RawMessage(`{"v":"` + id + `"}`),
			Note: "note " + id, CreatedBy: "u1", CreatedAt: at, UpdatedAt: at}
	}

	t.Run("commits when fn returns nil", func(t *testing.T) {
		if err := inTx(f.Tenant, func(tx siteconfig.Tx) error { return tx.InsertVersion(ctx, draft("c1")) }); err != nil {
			t.Fatal(err)
		}
		v, err := s.VersionByID(ctx, f.Tenant, "c1")
		if err != nil || v.Status != siteconfig.StatusDraft || string(v.Config) != `{"v":"c1"}` || v.Note != "note c1" || !v.CreatedAt.Equal(at) {
			t.Fatalf("committed version = %+v, %v", v, err)
		}
	})

	t.Run("rolls back when fn fails", func(t *testing.T) {
		boom := errors.New("boom")
		err := inTx(f.Tenant, func(tx siteconfig.Tx) error {
			if err := tx.InsertVersion(ctx, draft("r1")); err != nil {
				return err
			}
			if err := tx.Audit(ctx, audit.Entry{At: at, Actor: audit.System, Action: audit.ActionConfigCreate,
				Entity: audit.EntityConfigVersion, EntityID: "r1"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want fn's error", err)
		}
		if _, err := s.VersionByID(ctx, f.Tenant, "r1"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("version of a failed transaction: err = %v, want NOT_FOUND", err)
		}
	})

	t.Run("rows of another tenant are not found", func(t *testing.T) {
		err := inTx(f.Tenant, func(tx siteconfig.Tx) error {
			_, err := tx.Version(ctx, f.OtherPublishedID)
			return err
		})
		if !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("Version of another tenant: %v, want NOT_FOUND", err)
		}
	})

	t.Run("one published version", func(t *testing.T) {
		err := inTx(f.Tenant, func(tx siteconfig.Tx) error {
			p, ok, err := tx.Published(ctx)
			if err != nil || !ok || p.ID != f.PublishedID {
				t.Errorf("Published = %+v, %v, %v; want %s", p, ok, err, f.PublishedID)
			}
			second := draft("p2")
			second.Status, second.PublishedAt = siteconfig.StatusPublished, &at
			return tx.InsertVersion(ctx, second)
		})
		if !apperr.Is(err, apperr.CodeConflict) {
			t.Fatalf("a second published version: %v, want CONFLICT", err)
		}
		// Archive the live one, then publish another: both in one transaction.
		err = inTx(f.Tenant, func(tx siteconfig.Tx) error {
			p, _, err := tx.Published(ctx)
			if err != nil {
				return err
			}
			p.Status, p.UpdatedAt = siteconfig.StatusArchived, at
			if err := tx.UpdateVersion(ctx, p); err != nil {
				return err
			}
			if _, ok, err := tx.Published(ctx); ok || err != nil {
				t.Errorf("Published after archiving: ok %v, err %v; want none", ok, err)
			}
			v, err := tx.Version(ctx, "c1")
			if err != nil {
				return err
			}
			v.Status, v.PublishedAt, v.UpdatedAt, v.Note = siteconfig.StatusPublished, &at, at.Add(time.Second), "live"
			return tx.UpdateVersion(ctx, v)
		})
		if err != nil {
			t.Fatal(err)
		}
		live, err := s.PublishedVersion(ctx, f.Tenant)
		if err != nil || live.ID != "c1" || live.Note != "live" || live.PublishedAt == nil || !live.PublishedAt.Equal(at) ||
			!live.UpdatedAt.Equal(at.Add(time.Second)) {
			t.Fatalf("published after update = %+v, %v", live, err)
		}
		old, err := s.VersionByID(ctx, f.Tenant, f.PublishedID)
		if err != nil || old.Status != siteconfig.StatusArchived {
			t.Fatalf("previous version = %+v, %v; want archived", old, err)
		}
		other, err := s.PublishedVersion(ctx, f.OtherTenant)
		if err != nil || other.ID != f.OtherPublishedID {
			t.Fatalf("other tenant's published version = %+v, %v; must not change", other, err)
		}
	})

	t.Run("agents and proposals", func(t *testing.T) {
		p := siteconfig.Proposal{ID: "pr1", TenantID: f.Tenant, AgentID: f.AgentID, BaseVersionID: "c1",
			Patch: json.RawMessage(`[{"op":"add","path":"/x","value":1}]`), Config: json.RawMessage(`{"x":1}`),
			Rationale: "why", Status: siteconfig.ProposalPending, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
		err := inTx(f.Tenant, func(tx siteconfig.Tx) error {
			a, err := tx.Agent(ctx, f.AgentID)
			if err != nil || a.ID != f.AgentID || a.RevokedAt != nil {
				t.Errorf("Agent = %+v, %v", a, err)
			}
			if _, err := tx.Agent(ctx, "no-such-agent"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("unknown agent: %v, want NOT_FOUND", err)
			}
			if err := tx.TouchAgent(ctx, f.AgentID, at); err != nil {
				return err
			}
			return tx.InsertProposal(ctx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ProposalByID(ctx, f.Tenant, "pr1")
		if err != nil || got.Status != siteconfig.ProposalPending || string(got.Config) != `{"x":1}` ||
			string(got.Patch) != string(p.Patch) || !got.ExpiresAt.Equal(p.ExpiresAt) || got.DecidedAt != nil {
			t.Fatalf("stored proposal = %+v, %v", got, err)
		}
		decided := at.Add(time.Minute)
		err = inTx(f.Tenant, func(tx siteconfig.Tx) error {
			p, err := tx.Proposal(ctx, "pr1")
			if err != nil {
				return err
			}
			p.Status, p.DecidedAt, p.DecidedBy, p.Reason = siteconfig.ProposalRejected, &decided, "u1", "no"
			return tx.UpdateProposal(ctx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err = s.ProposalByID(ctx, f.Tenant, "pr1")
		if err != nil || got.Status != siteconfig.ProposalRejected || got.DecidedAt == nil || !got.DecidedAt.Equal(decided) ||
			got.DecidedBy != "u1" || got.Reason != "no" {
			t.Fatalf("decided proposal = %+v, %v", got, err)
		}
		err = inTx(f.OtherTenant, func(tx siteconfig.Tx) error {
			_, err := tx.Proposal(ctx, "pr1")
			return err
		})
		if !apperr.Is(err, apperr.CodeNotFound) {
			t.Fatalf("proposal of another tenant: %v, want NOT_FOUND", err)
		}
	})

	// Runs last: the fixture's agent stays revoked.
	t.Run("revoking an agent", func(t *testing.T) {
		revoked := at.Add(2 * time.Minute)
		if err := inTx(f.OtherTenant, func(tx siteconfig.Tx) error { return tx.MarkAgentRevoked(ctx, f.AgentID, revoked) }); err != nil {
			t.Fatal(err)
		}
		var a siteconfig.Agent
		err := inTx(f.Tenant, func(tx siteconfig.Tx) (err error) { a, err = tx.Agent(ctx, f.AgentID); return err })
		if err != nil || a.RevokedAt != nil {
			t.Fatalf("agent after another tenant's MarkAgentRevoked = %+v, %v; want unchanged", a, err)
		}
		err = inTx(f.Tenant, func(tx siteconfig.Tx) error {
			if err := tx.MarkAgentRevoked(ctx, f.AgentID, revoked); err != nil {
				return err
			}
			a, err = tx.Agent(ctx, f.AgentID)
			return err
		})
		if err != nil || a.RevokedAt == nil || !a.RevokedAt.Equal(revoked) {
			t.Fatalf("revoked agent = %+v, %v; want revoked at %v", a, err, revoked)
		}
	})
}
