package siteconfig_test

import (
	"encoding/json"
	"testing"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// Approving a proposal whose base is no longer the published version
// (issue 14): its patch is re-applied to the published version, or the
// approval is refused with 409; a newer publication is never replaced.
func TestStaleProposalApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		f := newFixture(t, s, "alpha")
		agent, credential, err := f.svc.CreateAgent(f.ctx, f.tenantID, "Helper")
		if err != nil {
			t.Fatal(err)
		}
		authed, err := f.svc.AuthenticateAgent(f.ctx, credential)
		if err != nil || authed.ID != agent.ID {
			t.Fatalf("authenticate: %v", err)
		}
		propose := func(in siteconfig.ProposalInput) siteconfig.Review {
			t.Helper()
			in.BaseVersionID, in.Rationale = f.defaultID, "because"
			r, err := f.svc.Propose(f.ctx, authed, in)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		color := propose(siteconfig.ProposalInput{Patch: json.RawMessage(`[{"op":"replace","path":"/branding/primaryColor","value":"#aa5500"}]`)})
		whole := propose(siteconfig.ProposalInput{Config: withHeadline(t, "Whole document")})
		guarded := propose(siteconfig.ProposalInput{Patch: json.RawMessage(`[{"op":"test","path":"/pages/home/sections/0/headline","value":"` +
			siteconfig.Default("alpha").Pages.Home.Sections[0].(siteconfig.HeroSection).Headline + `"},{"op":"replace","path":"/pages/home/sections/0/headline","value":"Guarded"}]`)})

		// Meanwhile the owner publishes a new headline, then an older
		// version again by rollback: the live version is a newer one.
		v2, err := f.svc.CreateDraft(f.ctx, f.tenantID, withHeadline(t, "Autumn by the lake"), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(f.ctx, f.tenantID, v2.ID); err != nil {
			t.Fatal(err)
		}

		// The review shows what approving would do today.
		r, err := f.svc.Proposal(f.ctx, f.tenantID, color.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Stale || len(r.Rebased) != 1 || r.Rebased[0].After != "#aa5500" || r.RebaseConflict != "" {
			t.Errorf("review of stale patch = stale %v rebased %+v conflict %q", r.Stale, r.Rebased, r.RebaseConflict)
		}
		if r, _ := f.svc.Proposal(f.ctx, f.tenantID, guarded.ID); r.RebaseConflict == "" || r.Rebased != nil {
			t.Errorf("review of a patch that no longer applies = rebased %+v conflict %q", r.Rebased, r.RebaseConflict)
		}

		t.Run("WholeDocumentRefused", func(t *testing.T) {
			if _, _, err := f.svc.Approve(f.ctx, f.tenantID, whole.ID, true, ""); !apperr.Is(err, apperr.CodeConflict) {
				t.Fatalf("approve stale whole document: %v, want CONFLICT", err)
			}
			if live, _ := f.svc.Published(f.ctx, f.tenantID); live.ID != v2.ID {
				t.Errorf("live = %s, want the newer %s", live.ID, v2.ID)
			}
		})
		t.Run("PatchNoLongerAppliesRefused", func(t *testing.T) {
			if _, _, err := f.svc.Approve(f.ctx, f.tenantID, guarded.ID, true, ""); !apperr.Is(err, apperr.CodeConflict) {
				t.Fatalf("approve stale guarded patch: %v, want CONFLICT", err)
			}
			if live, _ := f.svc.Published(f.ctx, f.tenantID); live.ID != v2.ID {
				t.Errorf("live = %s, want the newer %s", live.ID, v2.ID)
			}
			if p, _ := f.svc.Proposal(f.ctx, f.tenantID, guarded.ID); p.Status != siteconfig.ProposalPending {
				t.Errorf("refused proposal is %s, want still pending", p.Status)
			}
		})
		t.Run("PatchRebased", func(t *testing.T) {
			p, v, err := f.svc.Approve(f.ctx, f.tenantID, color.ID, true, "")
			if err != nil {
				t.Fatal(err)
			}
			if p.RebasedOnto != v2.ID {
				t.Errorf("rebased onto %q, want %s", p.RebasedOnto, v2.ID)
			}
			c, err := siteconfig.Stored(v)
			if err != nil {
				t.Fatal(err)
			}
			// Both the owner's newer headline and the proposal's color.
			if h := c.Pages.Home.Sections[0].(siteconfig.HeroSection).Headline; h != "Autumn by the lake" || c.Branding.PrimaryColor != "#aa5500" {
				t.Errorf("published = headline %q color %q; the newer publication was replaced", h, c.Branding.PrimaryColor)
			}
			stored, _ := s.ProposalByID(f.ctx, f.tenantID, color.ID)
			if stored.RebasedOnto != v2.ID {
				t.Errorf("stored rebased onto %q", stored.RebasedOnto)
			}
		})
	})
}
