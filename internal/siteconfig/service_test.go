package siteconfig_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

// fixture is a service over a real store with one tenant, a settable clock
// and a recording invalidator.
type fixture struct {
	svc         *siteconfig.Service
	store       *sqlstore.Store
	tenantID    string
	defaultID   string
	now         time.Time
	invalidated *invalidations
	ctx         context.Context
}

type invalidations struct {
	mu  sync.Mutex
	ids []string
}

func (i *invalidations) InvalidateTenant(_ context.Context, tenantID string) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.ids = append(i.ids, tenantID)
}

func (i *invalidations) count() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return len(i.ids)
}

func newFixture(t *testing.T, s *sqlstore.Store, slug string) *fixture {
	t.Helper()
	f := &fixture{store: s, tenantID: "t-" + slug, defaultID: "default-" + slug,
		now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), invalidated: &invalidations{}}
	f.svc = &siteconfig.Service{Store: s, Invalidator: f.invalidated, ProposalTTL: time.Hour, Now: func() time.Time { return f.now }}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorUser, ID: "u-" + slug})
	storetest.NewTenant(t, s, slug, f.now, func(n *tenant.New) {
		n.Tenant.Name, n.Tenant.Email, n.Tenant.CommissionBps, n.Tenant.TimeZone = slug, "", 1000, "UTC"
		n.SiteConfigID, n.SiteConfig = f.defaultID, siteconfig.Canonical(siteconfig.Default(slug))
	})
	return f
}

// withHeadline returns the default site of the fixture with a new hero headline.
func withHeadline(t *testing.T, headline string) json.RawMessage {
	t.Helper()
	c := siteconfig.Default("alpha")
	hero := c.Pages.Home.Sections[0].(siteconfig.HeroSection)
	hero.Headline = headline
	c.Pages.Home.Sections[0] = hero
	return siteconfig.Canonical(c)
}

func TestVersionService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newFixture(t, s, "alpha")

		t.Run("InvalidConfigNamesTheField", func(t *testing.T) {
			doc := `{"pages":{"home":{"enabled":true,"sections":[{"type":"hero","headline":"Hi","ctaText":"Go","backgroundImageUrl":"javascript:alert(1)"}]}},"branding":{}}`
			_, err := f.svc.CreateDraft(f.ctx, f.tenantID, json.RawMessage(doc), "")
			wantFieldError(t, err, "pages.home.sections.0.backgroundImageUrl")
			_, err = f.svc.CreateDraft(f.ctx, f.tenantID, nil, "")
			wantFieldError(t, err, "config")
		})

		d, err := f.svc.CreateDraft(f.ctx, f.tenantID, withHeadline(t, "Draft one"), "  first try  ")
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != siteconfig.StatusDraft || d.Note != "first try" || d.CreatedBy != "u-alpha" {
			t.Errorf("draft = %s %q by %q", d.Status, d.Note, d.CreatedBy)
		}

		v, err := f.svc.UpdateDraft(f.ctx, f.tenantID, d.ID, withHeadline(t, "Draft two"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if v.Note != "first try" {
			t.Errorf("note changed to %q by a config-only edit", v.Note)
		}

		changes, err := f.svc.DiffVersions(f.ctx, f.tenantID, f.defaultID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []siteconfig.Change{{Path: "pages.home.sections.0.headline", Kind: siteconfig.ChangeChanged,
			Before: "Your day, thoughtfully taken care of", After: "Draft two"}}
		if !slices.EqualFunc(changes, want, func(a, b siteconfig.Change) bool { return a == b }) {
			t.Errorf("diff = %+v, want %+v", changes, want)
		}
		if same, _ := f.svc.DiffVersions(f.ctx, f.tenantID, d.ID, d.ID); same == nil || len(same) != 0 {
			t.Errorf("diff of a version with itself = %#v, want an empty list", same)
		}
		_, err = f.svc.DiffVersions(f.ctx, f.tenantID, f.defaultID, "")
		wantFieldError(t, err, "to")

		if _, err := f.svc.Publish(f.ctx, f.tenantID, d.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.invalidated.count(); got != 1 {
			t.Errorf("invalidations after publish = %d, want 1", got)
		}
		note := "too late"
		if _, err := f.svc.UpdateDraft(f.ctx, f.tenantID, d.ID, nil, &note); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("editing a published version: got %v, want CONFLICT", err)
		}

		r, err := f.svc.Rollback(f.ctx, f.tenantID, f.defaultID)
		if err != nil {
			t.Fatal(err)
		}
		live, err := f.svc.Published(f.ctx, f.tenantID)
		if err != nil || live.ID != r.ID {
			t.Fatalf("live = %s (%v), want the rollback version %s", live.ID, err, r.ID)
		}
		if back, _ := f.svc.DiffVersions(f.ctx, f.tenantID, f.defaultID, r.ID); len(back) != 0 {
			t.Errorf("rollback copy differs from its source: %+v", back)
		}
		if got := f.invalidated.count(); got != 2 {
			t.Errorf("invalidations after rollback = %d, want 2", got)
		}

		pv, cfg, err := f.svc.Preview(f.ctx, f.tenantID, d.ID)
		if err != nil || pv.ID != d.ID || cfg.Pages.Home.Sections[0].(siteconfig.HeroSection).Headline != "Draft two" {
			t.Errorf("preview of %s = %s, %v", d.ID, pv.ID, err)
		}
		other := newFixture(t, s, "bravo")
		if _, _, err := other.svc.Preview(other.ctx, other.tenantID, d.ID); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("preview of another tenant's draft: got %v, want NOT_FOUND", err)
		}
	})
}

func TestProposalService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newFixture(t, s, "alpha")
		agent, credential, err := f.svc.CreateAgent(f.ctx, f.tenantID, "Season helper")
		if err != nil {
			t.Fatal(err)
		}
		authed, err := f.svc.AuthenticateAgent(context.Background(), credential)
		if err != nil || authed.ID != agent.ID {
			t.Fatalf("authenticate: %v", err)
		}
		patch := json.RawMessage(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"Spring dates open"}]`)

		t.Run("Validation", func(t *testing.T) {
			cases := []struct {
				name string
				in   siteconfig.ProposalInput
				path string
			}{
				{"NoChange", siteconfig.ProposalInput{BaseVersionID: f.defaultID, Rationale: "r"}, "config"},
				{"Both", siteconfig.ProposalInput{BaseVersionID: f.defaultID, Config: withHeadline(t, "x"), Patch: patch, Rationale: "r"}, "patch"},
				{"NoRationale", siteconfig.ProposalInput{BaseVersionID: f.defaultID, Patch: patch}, "rationale"},
				{"NoBase", siteconfig.ProposalInput{Patch: patch, Rationale: "r"}, "baseVersionId"},
				{"BadOp", siteconfig.ProposalInput{BaseVersionID: f.defaultID, Patch: json.RawMessage(`[{"op":"move","path":"/x"}]`), Rationale: "r"}, "patch.0.op"},
				{"InvalidResult", siteconfig.ProposalInput{BaseVersionID: f.defaultID, Rationale: "r",
					Patch: json.RawMessage(`[{"op":"replace","path":"/pages/home/enabled","value":false}]`)}, "pages.home.enabled"},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					_, err := f.svc.Propose(f.ctx, authed, tc.in)
					wantFieldError(t, err, tc.path)
				})
			}
			_, err := f.svc.Propose(f.ctx, authed, siteconfig.ProposalInput{BaseVersionID: "nope", Patch: patch, Rationale: "r"})
			if !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("unknown base: got %v, want NOT_FOUND", err)
			}
		})

		p, err := f.svc.Propose(f.ctx, authed, siteconfig.ProposalInput{BaseVersionID: f.defaultID, Patch: patch, Rationale: "Spring is coming"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != siteconfig.ProposalPending || p.Stale || len(p.Diff) != 1 || p.Diff[0].After != "Spring dates open" {
			t.Errorf("new proposal = status %s stale %v diff %+v", p.Status, p.Stale, p.Diff)
		}
		if !p.ExpiresAt.Equal(f.now.Add(time.Hour)) {
			t.Errorf("expires at %v, want created + TTL", p.ExpiresAt)
		}

		// A human publishes something else: the proposal's base is stale.
		d, _ := f.svc.CreateDraft(f.ctx, f.tenantID, withHeadline(t, "Human edit"), "")
		if _, err := f.svc.Publish(f.ctx, f.tenantID, d.ID); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Proposal(f.ctx, f.tenantID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Stale || got.Diff[0].Path != "pages.home.sections.0.headline" {
			t.Errorf("after another publish: stale %v diff %+v; want stale with the diff against its base", got.Stale, got.Diff)
		}
		fresh, err := f.svc.Propose(f.ctx, authed, siteconfig.ProposalInput{BaseVersionID: d.ID, Config: withHeadline(t, "Agent edit"), Rationale: "Tone"})
		if err != nil || fresh.Stale {
			t.Fatalf("proposal on the live base: stale %v, %v", fresh.Stale, err)
		}

		invalidatedBefore := f.invalidated.count()
		approved, v, err := f.svc.Approve(f.ctx, f.tenantID, fresh.ID, true, "")
		if err != nil {
			t.Fatal(err)
		}
		if approved.Status != siteconfig.ProposalApproved || approved.ResultVersionID != v.ID || v.Status != siteconfig.StatusPublished {
			t.Errorf("approve: proposal %s → %s, version %s", approved.Status, approved.ResultVersionID, v.Status)
		}
		if f.invalidated.count() != invalidatedBefore+1 {
			t.Error("approve with publish did not invalidate the tenant's cache")
		}
		live, _ := f.svc.Published(f.ctx, f.tenantID)
		if live.ID != v.ID {
			t.Errorf("live = %s, want the approved version", live.ID)
		}

		// An hour and a bit later the first proposal has expired.
		f.now = f.now.Add(61 * time.Minute)
		expired, err := f.svc.Proposal(f.ctx, f.tenantID, p.ID)
		if err != nil || expired.Status != siteconfig.ProposalExpired {
			t.Fatalf("status after TTL = %s (%v), want expired", expired.Status, err)
		}
		if _, _, err := f.svc.Approve(f.ctx, f.tenantID, p.ID, false, ""); !apperr.Is(err, apperr.CodeConflict) {
			t.Errorf("approve expired: got %v, want CONFLICT", err)
		}
		list, err := f.svc.Proposals(f.ctx, f.tenantID, siteconfig.ProposalExpired, 0, 0)
		if err != nil || len(list) != 1 || list[0].ID != p.ID || list[0].Status != siteconfig.ProposalExpired {
			t.Errorf("expired list = %+v, %v", list, err)
		}
		if _, err := f.svc.Proposals(f.ctx, f.tenantID, "bogus", 0, 0); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("bogus status filter: got %v, want VALIDATION_ERROR", err)
		}

		// Revoking the credential stops it at once.
		if _, err := f.svc.RevokeAgent(f.ctx, f.tenantID, agent.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AuthenticateAgent(context.Background(), credential); !apperr.Is(err, apperr.CodeUnauthorized) {
			t.Errorf("revoked credential: got %v, want UNAUTHORIZED", err)
		}
	})
}

func TestAgentCredentialShape(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ag_live_alpha_0123456789abcdef0123456789abcdef", true},
		{"ag_live_my-shop_0123456789abcdef0123456789abcdef", true},
		{"ag_live_alpha_0123456789ABCDEF0123456789abcdef", false},
		{"ag_live_alpha_0123456789abcdef", false},
		{"ag_live__0123456789abcdef0123456789abcdef", false},
		{"sk_live_alpha_0123456789abcdef0123456789abcdef", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := siteconfig.IsAgentCredentialShape(tc.in); got != tc.want {
			t.Errorf("IsAgentCredentialShape(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestAuthenticateAgentRefusesGarbage(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t), "alpha")
	for _, cred := range []string{"", "Bearer x", "ag_live_alpha_00000000000000000000000000000000"} {
		if _, err := f.svc.AuthenticateAgent(context.Background(), cred); !apperr.Is(err, apperr.CodeUnauthorized) {
			t.Errorf("credential %q: got %v, want UNAUTHORIZED", cred, err)
		}
	}
	_, cred, err := f.svc.CreateAgent(f.ctx, f.tenantID, "Helper")
	if err != nil {
		t.Fatal(err)
	}
	off := false
	if _, err := f.store.UpdateTenant(f.ctx, f.tenantID, tenant.Update{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AuthenticateAgent(context.Background(), cred); !apperr.Is(err, apperr.CodeTenantInactive) {
		t.Errorf("agent of a deactivated tenant: got %v, want TENANT_INACTIVE", err)
	}
	if _, _, err := f.svc.CreateAgent(f.ctx, f.tenantID, " "); !apperr.Is(err, apperr.CodeValidation) {
		t.Errorf("blank name: got %v, want VALIDATION_ERROR", err)
	}
}
