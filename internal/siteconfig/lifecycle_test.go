package siteconfig_test

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
	"mais/internal/siteconfig/siteconfigtest"
)

// memStore is an in-memory siteconfig.TxStore: one lock for every tenant,
// and a transaction works on copies that replace the originals on success.
// It passes the same conformance suite as the SQL stores.
type memStore struct {
	mu        sync.Mutex
	versions  map[string]siteconfig.Version
	proposals map[string]siteconfig.Proposal
	agents    map[string]siteconfig.Agent
	audit     []audit.Entry
}

func newMemStore() *memStore {
	return &memStore{versions: map[string]siteconfig.Version{}, proposals: map[string]siteconfig.Proposal{},
		agents: map[string]siteconfig.Agent{}}
}

func (m *memStore) InConfigTx(ctx context.Context, tenantID string, fn func(tx siteconfig.Tx) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	tx := &memTx{tenant: tenantID, versions: maps.Clone(m.versions), proposals: maps.Clone(m.proposals),
		agents: maps.Clone(m.agents), audit: m.audit[:len(m.audit):len(m.audit)]}
	if err := fn(tx); err != nil {
		return err
	}
	m.versions, m.proposals, m.agents, m.audit = tx.versions, tx.proposals, tx.agents, tx.audit
	return nil
}

func (m *memStore) PublishedVersion(ctx context.Context, tenantID string) (siteconfig.Version, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, v := range m.versions {
		if v.TenantID == tenantID && v.Status == siteconfig.StatusPublished {
			return v, nil
		}
	}
	return siteconfig.Version{}, apperr.NotFound("configuration version")
}

func (m *memStore) VersionByID(ctx context.Context, tenantID, id string) (siteconfig.Version, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.versions[id]; ok && v.TenantID == tenantID {
		return v, nil
	}
	return siteconfig.Version{}, apperr.NotFound("configuration version")
}

func (m *memStore) ProposalByID(ctx context.Context, tenantID, id string) (siteconfig.Proposal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.proposals[id]; ok && p.TenantID == tenantID {
		return p, nil
	}
	return siteconfig.Proposal{}, apperr.NotFound("proposal")
}

func (m *memStore) actions() []string {
	var out []string
	for _, e := range m.audit {
		out = append(out, e.Action)
	}
	return out
}

type memTx struct {
	tenant    string
	versions  map[string]siteconfig.Version
	proposals map[string]siteconfig.Proposal
	agents    map[string]siteconfig.Agent
	audit     []audit.Entry
}

func (t *memTx) Version(ctx context.Context, id string) (siteconfig.Version, error) {
	if v, ok := t.versions[id]; ok && v.TenantID == t.tenant {
		return v, nil
	}
	return siteconfig.Version{}, apperr.NotFound("configuration version")
}

func (t *memTx) Published(ctx context.Context) (siteconfig.Version, bool, error) {
	for _, v := range t.versions {
		if v.TenantID == t.tenant && v.Status == siteconfig.StatusPublished {
			return v, true, nil
		}
	}
	return siteconfig.Version{}, false, nil
}

func (t *memTx) check(v siteconfig.Version) error {
	if v.Status != siteconfig.StatusPublished {
		return nil
	}
	for _, o := range t.versions {
		if o.TenantID == t.tenant && o.ID != v.ID && o.Status == siteconfig.StatusPublished {
			return apperr.Conflict("another version was published at the same time")
		}
	}
	return nil
}

func (t *memTx) InsertVersion(ctx context.Context, v siteconfig.Version) error {
	if _, ok := t.versions[v.ID]; ok {
		return apperr.Conflict("duplicate id")
	}
	if err := t.check(v); err != nil {
		return err
	}
	v.TenantID = t.tenant
	t.versions[v.ID] = v
	return nil
}

func (t *memTx) UpdateVersion(ctx context.Context, v siteconfig.Version) error {
	if err := t.check(v); err != nil {
		return err
	}
	if old, ok := t.versions[v.ID]; ok && old.TenantID == t.tenant {
		t.versions[v.ID] = v
	}
	return nil
}

func (t *memTx) Proposal(ctx context.Context, id string) (siteconfig.Proposal, error) {
	if p, ok := t.proposals[id]; ok && p.TenantID == t.tenant {
		return p, nil
	}
	return siteconfig.Proposal{}, apperr.NotFound("proposal")
}

func (t *memTx) InsertProposal(ctx context.Context, p siteconfig.Proposal) error {
	p.TenantID, p.Status = t.tenant, siteconfig.ProposalPending
	t.proposals[p.ID] = p
	return nil
}

func (t *memTx) UpdateProposal(ctx context.Context, p siteconfig.Proposal) error {
	if old, ok := t.proposals[p.ID]; ok && old.TenantID == t.tenant {
		t.proposals[p.ID] = p
	}
	return nil
}

func (t *memTx) Agent(ctx context.Context, id string) (siteconfig.Agent, error) {
	if a, ok := t.agents[id]; ok && a.TenantID == t.tenant {
		return a, nil
	}
	return siteconfig.Agent{}, apperr.NotFound("agent")
}

func (t *memTx) TouchAgent(ctx context.Context, id string, at time.Time) error {
	if a, ok := t.agents[id]; ok && a.TenantID == t.tenant {
		a.LastUsedAt = &at
		t.agents[id] = a
	}
	return nil
}

func (t *memTx) MarkAgentRevoked(ctx context.Context, id string, at time.Time) error {
	if a, ok := t.agents[id]; ok && a.TenantID == t.tenant {
		a.RevokedAt = &at
		t.agents[id] = a
	}
	return nil
}

// PackagePrices: tenant "a" sells "classic" (id pkg-classic) at $2,400.
func (t *memTx) PackagePrices(ctx context.Context) (map[string]siteconfig.PackagePrice, error) {
	if t.tenant != "a" {
		return map[string]siteconfig.PackagePrice{}, nil
	}
	return map[string]siteconfig.PackagePrice{"classic": {ID: "pkg-classic", Name: "Classic", BasePriceCents: 240000}}, nil
}

func (t *memTx) Audit(ctx context.Context, e audit.Entry) error {
	e.TenantID = t.tenant
	t.audit = append(t.audit, e)
	return nil
}

var t0 = time.Date(2028, 11, 4, 9, 0, 0, 0, time.UTC)

// seed gives tenant "a" a published v0, an archived v-old, a draft d1 and
// an agent; tenant "b" a published b0.
func seed() *memStore {
	m := newMemStore()
	pub := t0
	m.versions["v0"] = siteconfig.Version{ID: "v0", TenantID: "a", Status: siteconfig.StatusPublished, Config: json.RawMessage(`{"n":0}`), PublishedAt: &pub}
	m.versions["v-old"] = siteconfig.Version{ID: "v-old", TenantID: "a", Status: siteconfig.StatusArchived, Config: json.RawMessage(`{"n":-1}`)}
	m.versions["d1"] = siteconfig.Version{ID: "d1", TenantID: "a", Status: siteconfig.StatusDraft, Config: json.RawMessage(`{"n":1}`)}
	m.versions["b0"] = siteconfig.Version{ID: "b0", TenantID: "b", Status: siteconfig.StatusPublished, Config: json.RawMessage(`{}`), PublishedAt: &pub}
	m.agents["ag"] = siteconfig.Agent{ID: "ag", TenantID: "a", Name: "Agent"}
	revoked := t0
	m.agents["ag-revoked"] = siteconfig.Agent{ID: "ag-revoked", TenantID: "a", Name: "Old", RevokedAt: &revoked}
	m.proposals["p-pending"] = siteconfig.Proposal{ID: "p-pending", TenantID: "a", AgentID: "ag", BaseVersionID: "v0",
		Config: json.RawMessage(`{"n":2}`), Status: siteconfig.ProposalPending, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	m.proposals["p-approved"] = siteconfig.Proposal{ID: "p-approved", TenantID: "a", AgentID: "ag", BaseVersionID: "v0",
		Config: json.RawMessage(`{"n":3}`), Status: siteconfig.ProposalApproved, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	m.proposals["p-rejected"] = siteconfig.Proposal{ID: "p-rejected", TenantID: "a", AgentID: "ag", BaseVersionID: "v0",
		Config: json.RawMessage(`{"n":4}`), Status: siteconfig.ProposalRejected, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	return m
}

// TestLifecycleRules is the site-version lifecycle as a table, with no
// database: each row is one transition from a known state, what it must
// answer, and the published version and audit actions it must leave.
func TestLifecycleRules(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(30 * time.Minute)
	note := "n"
	cases := []struct {
		name      string
		do        func(l siteconfig.Lifecycle) error
		code      string // "" for success
		msg       string // part of the error's message
		published string // published version afterwards
		actions   []string
	}{
		{"publish draft", func(l siteconfig.Lifecycle) error { _, err := l.Publish(ctx, "a", "d1", at); return err },
			"", "", "d1", []string{audit.ActionConfigPublish}},
		{"publish published", func(l siteconfig.Lifecycle) error { _, err := l.Publish(ctx, "a", "v0", at); return err },
			apperr.CodeConflict, "already published", "v0", nil},
		{"publish archived", func(l siteconfig.Lifecycle) error { _, err := l.Publish(ctx, "a", "v-old", at); return err },
			apperr.CodeConflict, "use rollback", "v0", nil},
		{"publish another tenant's", func(l siteconfig.Lifecycle) error { _, err := l.Publish(ctx, "a", "b0", at); return err },
			apperr.CodeNotFound, "", "v0", nil},
		{"edit draft", func(l siteconfig.Lifecycle) error {
			_, err := l.UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: "a", ID: "d1", Note: &note, At: at})
			return err
		}, "", "", "v0", []string{audit.ActionConfigUpdate}},
		{"edit published", func(l siteconfig.Lifecycle) error {
			_, err := l.UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: "a", ID: "v0", Note: &note, At: at})
			return err
		}, apperr.CodeConflict, "only drafts can be edited", "v0", nil},
		{"edit archived", func(l siteconfig.Lifecycle) error {
			_, err := l.UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: "a", ID: "v-old", Note: &note, At: at})
			return err
		}, apperr.CodeConflict, "only drafts can be edited", "v0", nil},
		{"rollback to archived", func(l siteconfig.Lifecycle) error {
			_, err := l.Rollback(ctx, siteconfig.Rollback{TenantID: "a", TargetID: "v-old", NewID: "r1", At: at})
			return err
		}, "", "", "r1", []string{audit.ActionConfigRollback}},
		{"rollback to published", func(l siteconfig.Lifecycle) error {
			_, err := l.Rollback(ctx, siteconfig.Rollback{TenantID: "a", TargetID: "v0", NewID: "r1", At: at})
			return err
		}, apperr.CodeConflict, "published version already", "v0", nil},
		{"rollback to draft", func(l siteconfig.Lifecycle) error {
			_, err := l.Rollback(ctx, siteconfig.Rollback{TenantID: "a", TargetID: "d1", NewID: "r1", At: at})
			return err
		}, apperr.CodeConflict, "publish it instead", "v0", nil},
		{"approve pending as draft", func(l siteconfig.Lifecycle) error {
			_, _, err := l.Approve(ctx, siteconfig.Approval{TenantID: "a", ProposalID: "p-pending", VersionID: "n1", At: at})
			return err
		}, "", "", "v0", []string{audit.ActionProposalApprove, audit.ActionConfigCreate}},
		{"approve pending and publish", func(l siteconfig.Lifecycle) error {
			_, _, err := l.Approve(ctx, siteconfig.Approval{TenantID: "a", ProposalID: "p-pending", VersionID: "n1", Publish: true, At: at})
			return err
		}, "", "", "n1", []string{audit.ActionProposalApprove, audit.ActionConfigPublish}},
		{"approve expired", func(l siteconfig.Lifecycle) error {
			_, _, err := l.Approve(ctx, siteconfig.Approval{TenantID: "a", ProposalID: "p-pending", VersionID: "n1", Publish: true, At: t0.Add(time.Hour)})
			return err
		}, apperr.CodeConflict, "expired at 2028-11-04T10:00:00Z", "v0", nil},
		{"approve approved", func(l siteconfig.Lifecycle) error {
			_, _, err := l.Approve(ctx, siteconfig.Approval{TenantID: "a", ProposalID: "p-approved", VersionID: "n1", At: at})
			return err
		}, apperr.CodeConflict, "already approved", "v0", nil},
		{"reject pending", func(l siteconfig.Lifecycle) error {
			_, err := l.Reject(ctx, "a", "p-pending", "no", "u1", at)
			return err
		}, "", "", "v0", []string{audit.ActionProposalReject}},
		{"reject rejected", func(l siteconfig.Lifecycle) error {
			_, err := l.Reject(ctx, "a", "p-rejected", "no", "u1", at)
			return err
		}, apperr.CodeConflict, "already rejected", "v0", nil},
		{"reject expired", func(l siteconfig.Lifecycle) error {
			_, err := l.Reject(ctx, "a", "p-pending", "no", "u1", t0.Add(2*time.Hour))
			return err
		}, apperr.CodeConflict, "can no longer be decided", "v0", nil},
		{"propose", func(l siteconfig.Lifecycle) error {
			return l.Propose(ctx, siteconfig.Proposal{ID: "p-new", TenantID: "a", AgentID: "ag", BaseVersionID: "v0", CreatedAt: at, ExpiresAt: at.Add(time.Hour)})
		}, "", "", "v0", []string{audit.ActionProposalCreate}},
		{"propose as revoked agent", func(l siteconfig.Lifecycle) error {
			return l.Propose(ctx, siteconfig.Proposal{ID: "p-new", TenantID: "a", AgentID: "ag-revoked", BaseVersionID: "v0", CreatedAt: at, ExpiresAt: at.Add(time.Hour)})
		}, apperr.CodeUnauthorized, "revoked", "v0", nil},
		{"revoke agent", func(l siteconfig.Lifecycle) error {
			a, err := l.RevokeAgent(ctx, "a", "ag", at)
			if err == nil && (a.RevokedAt == nil || !a.RevokedAt.Equal(at)) {
				t.Errorf("revoked agent = %+v", a)
			}
			return err
		}, "", "", "v0", []string{audit.ActionAgentRevoke}},
		{"revoke revoked agent", func(l siteconfig.Lifecycle) error {
			a, err := l.RevokeAgent(ctx, "a", "ag-revoked", at)
			if err == nil && (a.RevokedAt == nil || a.RevokedAt.Equal(at)) {
				t.Errorf("revoking twice moved the revoked time: %+v", a)
			}
			return err
		}, "", "", "v0", nil},
		{"revoke another tenant's agent", func(l siteconfig.Lifecycle) error {
			_, err := l.RevokeAgent(ctx, "b", "ag", at)
			return err
		}, apperr.CodeNotFound, "", "v0", nil},
		{"propose on another tenant's base", func(l siteconfig.Lifecycle) error {
			return l.Propose(ctx, siteconfig.Proposal{ID: "p-new", TenantID: "a", AgentID: "ag", BaseVersionID: "b0", CreatedAt: at, ExpiresAt: at.Add(time.Hour)})
		}, apperr.CodeNotFound, "base version", "v0", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := seed()
			err := c.do(siteconfig.Lifecycle{Store: m})
			switch {
			case c.code == "" && err != nil:
				t.Fatalf("err = %v, want success", err)
			case c.code != "" && (!apperr.Is(err, c.code) || !strings.Contains(err.Error(), c.msg)):
				t.Fatalf("err = %v, want %s containing %q", err, c.code, c.msg)
			}
			if v, err := m.PublishedVersion(ctx, "a"); err != nil || v.ID != c.published {
				t.Errorf("published = %s (%v), want %s", v.ID, err, c.published)
			}
			if b, _ := m.PublishedVersion(ctx, "b"); b.ID != "b0" {
				t.Errorf("tenant b's published = %s; must not change", b.ID)
			}
			if got := m.actions(); strings.Join(got, ",") != strings.Join(c.actions, ",") {
				t.Errorf("audit actions = %v, want %v (a failed transition writes none)", got, c.actions)
			}
			if c.code == "" && c.published != "v0" {
				if old := m.versions["v0"]; old.Status != siteconfig.StatusArchived {
					t.Errorf("previous live version is %s, want archived", old.Status)
				}
			}
		})
	}
}

// TestMemStoreConformance: the fake passes the suite the SQL stores pass.
func TestMemStoreConformance(t *testing.T) {
	m := newMemStore()
	pub := t0
	m.versions["a0"] = siteconfig.Version{ID: "a0", TenantID: "a", Status: siteconfig.StatusPublished, Config: json.RawMessage(`{}`), PublishedAt: &pub}
	m.versions["b0"] = siteconfig.Version{ID: "b0", TenantID: "b", Status: siteconfig.StatusPublished, Config: json.RawMessage(`{}`), PublishedAt: &pub}
	m.agents["ag"] = siteconfig.Agent{ID: "ag", TenantID: "a"}
	siteconfigtest.Run(t, m, siteconfigtest.Fixture{Tenant: "a", OtherTenant: "b", PublishedID: "a0", OtherPublishedID: "b0", AgentID: "ag"})
}
