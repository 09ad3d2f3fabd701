package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

var userActor = audit.Actor{Type: audit.ActorUser, ID: "u-alpha"}

// lifecycle runs the site-version rules on s: these tests hold the store's
// transactions and rows to them, on both stores.
func lifecycle(s *sqlstore.Store) siteconfig.Lifecycle { return siteconfig.Lifecycle{Store: s} }

// mustDraft stores a draft holding doc.
func mustDraft(t *testing.T, s *sqlstore.Store, tenantID, id, doc string, at time.Time) siteconfig.Version {
	t.Helper()
	v := siteconfig.Version{ID: id, TenantID: tenantID, Config: json.RawMessage(doc), Note: "note " + id,
		CreatedBy: userActor.ID, CreatedAt: at, UpdatedAt: at}
	if err := lifecycle(s).CreateDraft(audit.WithActor(context.Background(), userActor), v); err != nil {
		t.Fatalf("create draft %s: %v", id, err)
	}
	return v
}

// auditRows returns the tenant's audit entries with action, newest first.
func auditRows(t *testing.T, s *sqlstore.Store, tenantID, action string) []audit.Entry {
	t.Helper()
	rows, err := s.ListAudit(context.Background(), tenantID, audit.Filter{Action: action, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func statuses(t *testing.T, s *sqlstore.Store, tenantID string) map[string]string {
	t.Helper()
	list, err := s.ListVersions(context.Background(), tenantID, 500, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range list {
		out[v.ID] = v.Status
	}
	return out
}

func publishedCount(t *testing.T, s *sqlstore.Store, tenantID string) int {
	t.Helper()
	n := 0
	for _, st := range statuses(t, s, tenantID) {
		if st == siteconfig.StatusPublished {
			n++
		}
	}
	return n
}

func TestConfigVersionLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		t0 := time.Now().UTC().Truncate(time.Microsecond)
		d1 := mustDraft(t, s, a.ID, "d1", `{"v":1}`, t0.Add(time.Second))
		mustDraft(t, s, a.ID, "d2", `{"v":2}`, t0.Add(2*time.Second))

		list, err := s.ListVersions(ctx, a.ID, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(list), 3; got != want {
			t.Fatalf("versions = %d, want %d", got, want)
		}
		if list[0].ID != "d2" || list[1].ID != "d1" || list[2].ID != "cfg-alpha" {
			t.Errorf("order = %s %s %s, want newest first d2 d1 cfg-alpha", list[0].ID, list[1].ID, list[2].ID)
		}
		if list[0].Config != nil {
			t.Errorf("list carries config %s; lists hold summaries only", list[0].Config)
		}

		note := "edited"
		u, err := lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: a.ID, ID: d1.ID, Config: json.RawMessage(`{"v":11}`), Note: &note, At: t0.Add(3 * time.Second)})
		if err != nil {
			t.Fatalf("update draft: %v", err)
		}
		if string(u.Config) != `{"v":11}` || u.Note != "edited" {
			t.Errorf("updated draft = %s %q", u.Config, u.Note)
		}

		p, err := lifecycle(s).Publish(ctx, a.ID, d1.ID, t0.Add(4*time.Second))
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		if p.Status != siteconfig.StatusPublished || p.PublishedAt == nil {
			t.Errorf("published version = %+v", p)
		}
		live, err := s.PublishedVersion(ctx, a.ID)
		if err != nil || live.ID != d1.ID || string(live.Config) != `{"v":11}` {
			t.Fatalf("live = %s %s, %v; want d1 with its edited config", live.ID, live.Config, err)
		}
		if got := statuses(t, s, a.ID); got["cfg-alpha"] != siteconfig.StatusArchived || got["d2"] != siteconfig.StatusDraft {
			t.Errorf("statuses after publish = %v", got)
		}

		t.Run("ImmutableHistory", func(t *testing.T) {
			cases := map[string]error{}
			_, cases["edit published"] = lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: a.ID, ID: d1.ID, Note: &note, At: t0})
			_, cases["edit archived"] = lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: a.ID, ID: "cfg-alpha", Note: &note, At: t0})
			_, cases["publish published"] = lifecycle(s).Publish(ctx, a.ID, d1.ID, t0)
			_, cases["publish archived"] = lifecycle(s).Publish(ctx, a.ID, "cfg-alpha", t0)
			_, cases["rollback to published"] = lifecycle(s).Rollback(ctx, siteconfig.Rollback{TenantID: a.ID, TargetID: d1.ID, NewID: "x1", At: t0})
			_, cases["rollback to draft"] = lifecycle(s).Rollback(ctx, siteconfig.Rollback{TenantID: a.ID, TargetID: "d2", NewID: "x2", At: t0})
			for name, err := range cases {
				if !apperr.Is(err, apperr.CodeConflict) {
					t.Errorf("%s: got %v, want CONFLICT", name, err)
				}
			}
		})

		t.Run("Rollback", func(t *testing.T) {
			r, err := lifecycle(s).Rollback(ctx, siteconfig.Rollback{TenantID: a.ID, TargetID: "cfg-alpha", NewID: "r1",
				CreatedBy: userActor.ID, At: t0.Add(5 * time.Second)})
			if err != nil {
				t.Fatalf("rollback: %v", err)
			}
			if r.ID != "r1" || r.Status != siteconfig.StatusPublished || string(r.Config) != `{"pages":{}}` {
				t.Errorf("rollback version = %s %s %s", r.ID, r.Status, r.Config)
			}
			got := statuses(t, s, a.ID)
			want := map[string]string{"cfg-alpha": "archived", "d1": "archived", "d2": "draft", "r1": "published"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("statuses after rollback = %v, want %v", got, want)
			}
		})

		// Exactly one audit row per successful change, naming the actor.
		for action, wantID := range map[string]string{"config.create": "", "config.update": "d1", "config.publish": "d1", "config.rollback": "r1"} {
			rows := auditRows(t, s, a.ID, action)
			wantN := 1
			if action == "config.create" {
				wantN = 2
			}
			if len(rows) != wantN {
				t.Errorf("%s rows = %d, want %d", action, len(rows), wantN)
				continue
			}
			if wantID != "" && rows[0].EntityID != wantID {
				t.Errorf("%s entity = %s, want %s", action, rows[0].EntityID, wantID)
			}
			if rows[0].Actor != userActor || rows[0].Entity != "config_version" {
				t.Errorf("%s actor/entity = %+v %s", action, rows[0].Actor, rows[0].Entity)
			}
		}
		pub := auditRows(t, s, a.ID, "config.publish")[0]
		var before, after struct {
			ID     string          `json:"id"`
			Status string          `json:"status"`
			Config json.RawMessage `json:"config"`
		}
		if err := json.Unmarshal(pub.Before, &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(pub.After, &after); err != nil {
			t.Fatal(err)
		}
		if before.ID != "cfg-alpha" || after.ID != "d1" || after.Status != "published" || string(after.Config) != `{"v":11}` {
			t.Errorf("publish snapshots: before %+v, after %+v", before, after)
		}
	})
}

func TestConfigFailedChangesLeaveNoAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		now := time.Now().UTC()
		mustDraft(t, s, a.ID, "d1", `{"v":1}`, now)
		baseline := len(auditRows(t, s, a.ID, ""))

		note := "x"
		errs := map[string]error{}
		_, errs["publish unknown"] = lifecycle(s).Publish(ctx, a.ID, "nope", now)
		_, errs["update unknown"] = lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: a.ID, ID: "nope", Note: &note, At: now})
		_, errs["update archived"] = lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: a.ID, ID: "cfg-alpha", Note: &note, At: now})
		_, errs["rollback unknown"] = lifecycle(s).Rollback(ctx, siteconfig.Rollback{TenantID: a.ID, TargetID: "nope", NewID: "r", At: now})
		errs["create duplicate id"] = lifecycle(s).CreateDraft(ctx, siteconfig.Version{ID: "d1", TenantID: a.ID, Config: json.RawMessage(`{}`), CreatedAt: now, UpdatedAt: now})
		for name, err := range errs {
			if err == nil {
				t.Errorf("%s succeeded", name)
			}
		}
		if got := len(auditRows(t, s, a.ID, "")); got != baseline {
			t.Errorf("audit rows after failed changes = %d, want %d", got, baseline)
		}

		// And the other way round: when the audit row cannot be written, the
		// change is undone with it.
		breakAudit(t, s, "config.publish")
		if _, err := lifecycle(s).Publish(ctx, a.ID, "d1", now); err == nil {
			t.Fatal("publish succeeded although its audit row failed")
		}
		if got := statuses(t, s, a.ID); got["d1"] != siteconfig.StatusDraft || got["cfg-alpha"] != siteconfig.StatusPublished {
			t.Errorf("statuses after failed publish = %v; the publish must be rolled back", got)
		}
	})
}

// breakAudit makes every insert of an audit row with action fail.
func breakAudit(t *testing.T, s *sqlstore.Store, action string) {
	t.Helper()
	ctx := context.Background()
	var stmts []string
	if s.Kind() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$`,
			`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = '` + action + `') EXECUTE FUNCTION fail_audit()`,
		}
	} else {
		stmts = []string{`CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.action = '` + action + `'
			BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END`}
	}
	for _, q := range stmts {
		if err := s.ExecForTest(ctx, q); err != nil {
			t.Fatalf("install failing trigger: %v", err)
		}
	}
}

func TestConcurrentPublishesLeaveOnePublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		now := time.Now().UTC()
		const n = 8
		for i := range n {
			mustDraft(t, s, a.ID, fmt.Sprintf("d%d", i), fmt.Sprintf(`{"v":%d}`, i), now)
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = lifecycle(s).Publish(ctx, a.ID, fmt.Sprintf("d%d", i), time.Now().UTC())
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("publish d%d: %v", i, err)
			}
		}
		if got, want := publishedCount(t, s, a.ID), 1; got != want {
			t.Fatalf("published versions = %d, want %d", got, want)
		}
		if got, want := len(auditRows(t, s, a.ID, "config.publish")), n; got != want {
			t.Errorf("publish audit rows = %d, want %d", got, want)
		}

		// Two publishes of the same draft: one wins, the other is a conflict.
		mustDraft(t, s, a.ID, "same", `{}`, now)
		var conflicts, wins int
		var mu sync.Mutex
		for range 2 {
			wg.Go(func() {
				_, err := lifecycle(s).Publish(ctx, a.ID, "same", time.Now().UTC())
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case apperr.Is(err, apperr.CodeConflict):
					conflicts++
				default:
					t.Errorf("publish same draft: %v", err)
				}
			})
		}
		wg.Wait()
		if wins != 1 || conflicts != 1 {
			t.Errorf("same draft published twice: %d wins, %d conflicts; want 1 and 1", wins, conflicts)
		}
		if got := publishedCount(t, s, a.ID); got != 1 {
			t.Errorf("published versions = %d, want 1", got)
		}
	})
}

func TestConfigTenantIsolation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := audit.WithActor(context.Background(), userActor)
		a := mustTenant(t, s, "alpha")
		b := mustTenant(t, s, "bravo")
		now := time.Now().UTC()
		mustDraft(t, s, a.ID, "a-draft", `{}`, now)
		agent := mustAgent(t, s, a.ID, "ag-a")
		mustProposal(t, s, a.ID, agent.ID, "p-a", "cfg-alpha", now, time.Hour)
		baseline := len(auditRows(t, s, a.ID, ""))

		note := "x"
		checks := map[string]error{}
		_, checks["VersionByID"] = s.VersionByID(ctx, b.ID, "a-draft")
		_, checks["UpdateDraft"] = lifecycle(s).UpdateDraft(ctx, siteconfig.DraftUpdate{TenantID: b.ID, ID: "a-draft", Note: &note, At: now})
		_, checks["PublishVersion"] = lifecycle(s).Publish(ctx, b.ID, "a-draft", now)
		_, checks["RollbackTo"] = lifecycle(s).Rollback(ctx, siteconfig.Rollback{TenantID: b.ID, TargetID: "cfg-alpha", NewID: "r", At: now})
		_, checks["ProposalByID"] = s.ProposalByID(ctx, b.ID, "p-a")
		_, _, checks["ApproveProposal"] = lifecycle(s).Approve(ctx, siteconfig.Approval{TenantID: b.ID, ProposalID: "p-a", VersionID: "v", At: now})
		_, checks["RejectProposal"] = lifecycle(s).Reject(ctx, b.ID, "p-a", "", "u", now)
		_, checks["RevokeAgent"] = lifecycle(s).RevokeAgent(ctx, b.ID, agent.ID, now)
		checks["CreateProposal on another tenant's base"] = lifecycle(s).Propose(ctx, siteconfig.Proposal{ID: "p-x", TenantID: a.ID,
			AgentID: agent.ID, BaseVersionID: "cfg-bravo", Config: json.RawMessage(`{}`), CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
		for name, err := range checks {
			if !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("%s across tenants: got %v, want NOT_FOUND", name, err)
			}
		}
		// An agent of A cannot act for B.
		err := lifecycle(s).Propose(ctx, siteconfig.Proposal{ID: "p-y", TenantID: b.ID, AgentID: agent.ID, BaseVersionID: "cfg-bravo",
			Config: json.RawMessage(`{}`), CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
		if !apperr.Is(err, apperr.CodeUnauthorized) {
			t.Errorf("A's agent proposing for B: got %v, want UNAUTHORIZED", err)
		}
		for _, list := range []func() (int, error){
			func() (int, error) { l, err := s.ListVersions(ctx, b.ID, 50, 0); return len(l), err },
			func() (int, error) {
				l, err := s.ListProposals(ctx, b.ID, siteconfig.ProposalFilter{Now: now})
				return len(l), err
			},
			func() (int, error) { l, err := s.ListAgents(ctx, b.ID); return len(l), err },
		} {
			n, err := list()
			if err != nil {
				t.Fatal(err)
			}
			if n > 1 { // B has only its own default version
				t.Errorf("B's list shows %d rows; A's rows leaked", n)
			}
		}
		if live, _ := s.PublishedVersion(ctx, a.ID); live.ID != "cfg-alpha" {
			t.Errorf("A's published version changed to %s", live.ID)
		}
		if got := len(auditRows(t, s, a.ID, "")); got != baseline {
			t.Errorf("A's audit grew from %d to %d through B's calls", baseline, got)
		}
		if got := len(auditRows(t, s, b.ID, "")); got != 1 { // tenant.create
			t.Errorf("B's audit rows = %d, want only tenant.create", got)
		}
	})
}
