package sqlstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tenant"
)

func mustAgent(t *testing.T, s *sqlstore.Store, tenantID, id string) siteconfig.Agent {
	t.Helper()
	a := siteconfig.Agent{ID: id, TenantID: tenantID, Name: "Agent " + id, SecretHash: "hash-" + id,
		KeyHint: "ag_live_x_…" + id, CreatedBy: userActor.ID, CreatedAt: time.Now().UTC()}
	if err := s.CreateAgent(audit.WithActor(context.Background(), userActor), a); err != nil {
		t.Fatalf("create agent %s: %v", id, err)
	}
	return a
}

func mustProposal(t *testing.T, s *sqlstore.Store, tenantID, agentID, id, baseID string, at time.Time, ttl time.Duration) siteconfig.Proposal {
	t.Helper()
	p := siteconfig.Proposal{ID: id, TenantID: tenantID, AgentID: agentID, BaseVersionID: baseID,
		Patch: json.RawMessage(`[{"op":"add","path":"/x","value":1}]`), Config: json.RawMessage(`{"proposed":"` + id + `"}`),
		Rationale: "because " + id, CreatedAt: at, ExpiresAt: at.Add(ttl)}
	if err := lifecycle(s).Propose(context.Background(), p); err != nil {
		t.Fatalf("create proposal %s: %v", id, err)
	}
	return p
}

func TestProposalLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		agent := mustAgent(t, s, a.ID, "ag1")
		t0 := time.Now().UTC().Truncate(time.Second)

		p1 := mustProposal(t, s, a.ID, agent.ID, "p1", "cfg-alpha", t0, time.Hour)
		mustProposal(t, s, a.ID, agent.ID, "p2", "cfg-alpha", t0.Add(time.Second), time.Hour)
		mustProposal(t, s, a.ID, agent.ID, "p3", "cfg-alpha", t0.Add(2*time.Second), time.Minute)

		got, err := s.ProposalByID(ctx, a.ID, "p1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != siteconfig.ProposalPending || got.AgentName != agent.Name || string(got.Config) != string(p1.Config) ||
			string(got.Patch) != string(p1.Patch) || !got.ExpiresAt.Equal(p1.ExpiresAt) {
			t.Errorf("stored proposal = %+v", got)
		}
		create := auditRows(t, s, a.ID, "proposal.create")
		if len(create) != 3 || create[0].Actor != (audit.Actor{Type: audit.ActorAgent, ID: agent.ID}) {
			t.Errorf("proposal.create rows = %d, newest actor %+v; want 3 by the agent", len(create), create[0].Actor)
		}
		if agents, _ := s.ListAgents(ctx, a.ID); len(agents) != 1 || agents[0].LastUsedAt == nil {
			t.Errorf("agent last use not recorded: %+v", agents)
		}

		// Ten minutes on, p3 (one minute to live) has expired.
		later := t0.Add(10 * time.Minute)
		listIDs := func(status string) []string {
			t.Helper()
			l, err := s.ListProposals(ctx, a.ID, siteconfig.ProposalFilter{Status: status, Now: later})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, p := range l {
				if p.Config != nil {
					t.Errorf("list carries the document of %s", p.ID)
				}
				ids = append(ids, p.ID)
			}
			return ids
		}
		if got, want := listIDs(""), []string{"p3", "p2", "p1"}; !slices.Equal(got, want) {
			t.Errorf("all = %v, want %v", got, want)
		}
		if got, want := listIDs(siteconfig.ProposalPending), []string{"p2", "p1"}; !slices.Equal(got, want) {
			t.Errorf("pending = %v, want %v", got, want)
		}
		if got, want := listIDs(siteconfig.ProposalExpired), []string{"p3"}; !slices.Equal(got, want) {
			t.Errorf("expired = %v, want %v", got, want)
		}

		t.Run("ApproveAndPublish", func(t *testing.T) {
			p, v, err := lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: a.ID, ProposalID: "p1", VersionID: "v-p1",
				Publish: true, Note: "from p1", DecidedBy: userActor.ID, At: later})
			if err != nil {
				t.Fatalf("approve: %v", err)
			}
			if p.Status != siteconfig.ProposalApproved || p.ResultVersionID != "v-p1" || p.DecidedBy != userActor.ID {
				t.Errorf("approved proposal = %+v", p)
			}
			if v.Status != siteconfig.StatusPublished || string(v.Config) != string(p1.Config) {
				t.Errorf("new version = %s %s", v.Status, v.Config)
			}
			live, _ := s.PublishedVersion(ctx, a.ID)
			if live.ID != "v-p1" {
				t.Errorf("live version = %s, want v-p1", live.ID)
			}
			if got := statuses(t, s, a.ID)["cfg-alpha"]; got != siteconfig.StatusArchived {
				t.Errorf("old published is %s, want archived", got)
			}
			if n := len(auditRows(t, s, a.ID, "proposal.approve")); n != 1 {
				t.Errorf("proposal.approve rows = %d, want 1", n)
			}
			pub := auditRows(t, s, a.ID, "config.publish")
			if len(pub) != 1 || pub[0].EntityID != "v-p1" || pub[0].Actor != userActor {
				t.Errorf("config.publish rows = %+v, want one for v-p1 by the approver", pub)
			}
			_, _, err = lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: a.ID, ProposalID: "p1", VersionID: "v-again", At: later})
			if !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("second approval: got %v, want CONFLICT", err)
			}
			if _, err := lifecycle(s).Reject(ctx, a.ID, "p1", "", userActor.ID, later); !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("reject approved: got %v, want CONFLICT", err)
			}
		})

		t.Run("ApproveAsDraft", func(t *testing.T) {
			// p2's base is no longer live and its patch does not apply to
			// v-p1: refused, nothing written (TOCTOU rule, issue 14).
			if _, _, err := lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: a.ID, ProposalID: "p2", VersionID: "v-p2",
				DecidedBy: userActor.ID, At: later}); !apperr.Is(err, apperr.CodeConflict) {
				t.Fatalf("approve stale p2: got %v, want CONFLICT", err)
			}
			mustProposal(t, s, a.ID, agent.ID, "p2b", "v-p1", later, time.Hour)
			_, v, err := lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: a.ID, ProposalID: "p2b", VersionID: "v-p2b",
				DecidedBy: userActor.ID, At: later})
			if err != nil {
				t.Fatal(err)
			}
			if v.Status != siteconfig.StatusDraft {
				t.Errorf("version status = %s, want draft", v.Status)
			}
			if live, _ := s.PublishedVersion(ctx, a.ID); live.ID != "v-p1" {
				t.Errorf("a draft approval changed the live version to %s", live.ID)
			}
			if n := len(auditRows(t, s, a.ID, "config.create")); n != 1 {
				t.Errorf("config.create rows = %d, want 1", n)
			}
		})

		t.Run("Expired", func(t *testing.T) {
			before := len(auditRows(t, s, a.ID, ""))
			_, _, err := lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: a.ID, ProposalID: "p3", VersionID: "v-p3", At: later})
			if !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("approve expired: got %v, want CONFLICT", err)
			}
			if _, err := lifecycle(s).Reject(ctx, a.ID, "p3", "late", userActor.ID, later); !apperr.Is(err, apperr.CodeConflict) {
				t.Errorf("reject expired: got %v, want CONFLICT", err)
			}
			if _, err := s.VersionByID(ctx, a.ID, "v-p3"); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("a version was created for an expired proposal: %v", err)
			}
			if got := len(auditRows(t, s, a.ID, "")); got != before {
				t.Errorf("failed decisions wrote %d audit rows", got-before)
			}
		})

		t.Run("Reject", func(t *testing.T) {
			mustProposal(t, s, a.ID, agent.ID, "p4", "v-p1", later, time.Hour)
			p, err := lifecycle(s).Reject(ctx, a.ID, "p4", "not our style", userActor.ID, later.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != siteconfig.ProposalRejected || p.Reason != "not our style" || p.DecidedAt == nil {
				t.Errorf("rejected = %+v", p)
			}
			stored, _ := s.ProposalByID(ctx, a.ID, "p4")
			if stored.Status != siteconfig.ProposalRejected || stored.ResultVersionID != "" {
				t.Errorf("stored rejected = %+v", stored)
			}
			if n := len(auditRows(t, s, a.ID, "proposal.reject")); n != 1 {
				t.Errorf("proposal.reject rows = %d, want 1", n)
			}
		})

		t.Run("RevokedAgentCannotPropose", func(t *testing.T) {
			r, err := lifecycle(s).RevokeAgent(ctx, a.ID, agent.ID, later)
			if err != nil || r.RevokedAt == nil {
				t.Fatalf("revoke: %+v %v", r, err)
			}
			if _, err := lifecycle(s).RevokeAgent(ctx, a.ID, agent.ID, later); err != nil {
				t.Errorf("second revoke: %v", err)
			}
			if n := len(auditRows(t, s, a.ID, "agent.revoke")); n != 1 {
				t.Errorf("agent.revoke rows = %d, want 1 (a repeated revoke changes nothing)", n)
			}
			err = lifecycle(s).Propose(ctx, siteconfig.Proposal{ID: "p5", TenantID: a.ID, AgentID: agent.ID, BaseVersionID: "v-p1",
				Config: json.RawMessage(`{}`), Rationale: "r", CreatedAt: later, ExpiresAt: later.Add(time.Hour)})
			if !apperr.Is(err, apperr.CodeUnauthorized) {
				t.Errorf("proposal by revoked agent: got %v, want UNAUTHORIZED", err)
			}
		})
	})
}

func TestAgentCredentials(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		agent := mustAgent(t, s, a.ID, "ag1")

		got, err := s.AgentByCredentialHash(ctx, agent.SecretHash)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != agent.ID || got.TenantID != a.ID || !got.TenantActive || got.RevokedAt != nil {
			t.Errorf("by hash = %+v", got)
		}
		if _, err := s.AgentByCredentialHash(ctx, "unknown"); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("unknown hash: got %v, want NOT_FOUND", err)
		}
		if slug, err := s.TenantSlug(ctx, a.ID); err != nil || slug != "alpha" {
			t.Errorf("slug = %q, %v", slug, err)
		}
		rows := auditRows(t, s, a.ID, "agent.create")
		if len(rows) != 1 || rows[0].EntityID != agent.ID {
			t.Fatalf("agent.create rows = %+v", rows)
		}
		if string(rows[0].After) == "" || strings.Contains(string(rows[0].After), agent.SecretHash) {
			t.Errorf("audit snapshot %s holds the credential hash", rows[0].After)
		}
		off := false
		if _, err := s.UpdateTenant(ctx, a.ID, tenant.Update{Active: &off}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.AgentByCredentialHash(ctx, agent.SecretHash); got.TenantActive {
			t.Error("agent of a deactivated tenant reported as active")
		}
	})
}
