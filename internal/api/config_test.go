package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/siteconfig"
)

// configClient drives the config routes as one tenant's admin.
type configClient struct {
	t     *testing.T
	h     http.Handler
	token string
	key   string
}

func adminLogin(t *testing.T, h http.Handler, email, key string) configClient {
	t.Helper()
	r := apptest.Do(t, h, "POST", "/v1/admin/login", nil, `{"email":"`+email+`","password":"correct-horse"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("login %s: %d %s", email, r.Status, r.Body)
	}
	var s struct{ Token string }
	r.JSON(t, &s)
	return configClient{t: t, h: h, token: s.Token, key: key}
}

func (c configClient) do(method, path, body string) apptest.Reply {
	c.t.Helper()
	return apptest.Do(c.t, c.h, method, path, map[string]string{"Authorization": "Bearer " + c.token, "X-Tenant-Key": c.key}, body)
}

// headlineDoc is the default site with another hero headline, as a JSON string.
func headlineDoc(headline string) string {
	c := siteconfig.Default("Studio alpha")
	hero := c.Pages.Home.Sections[0].(siteconfig.HeroSection)
	hero.Headline = headline
	c.Pages.Home.Sections[0] = hero
	return string(siteconfig.Canonical(c))
}

func heroHeadline(t *testing.T, doc []byte) string {
	t.Helper()
	var c struct {
		Pages struct {
			Home struct {
				Sections []struct{ Headline string }
			}
		}
	}
	if err := json.Unmarshal(doc, &c); err != nil || len(c.Pages.Home.Sections) == 0 {
		t.Fatalf("not a site document: %s (%v)", doc, err)
	}
	return c.Pages.Home.Sections[0].Headline
}

func TestConfigVersionsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		alpha := adminLogin(t, h, f.a.AdminEmail, f.a.Keys.Public)
		bravo := adminLogin(t, h, f.b.AdminEmail, f.b.Keys.Public)
		public := map[string]string{"X-Tenant-Key": f.a.Keys.Public}

		live := apptest.Do(t, h, "GET", "/v1/config", public, "")
		apptest.Expect(t, "published config", live, 200, "")
		defaultID := live.Header.Get("X-Config-Version")
		if defaultID == "" || heroHeadline(t, live.Body) != "Your day, thoughtfully taken care of" {
			t.Fatalf("published config: version %q, body %s", defaultID, live.Body)
		}

		bad := alpha.do("POST", "/v1/admin/config/versions",
			`{"config":{"pages":{"home":{"enabled":true,"sections":[{"type":"hero","headline":"x","ctaText":"Go","backgroundImageUrl":"javascript:alert(1)"}]}},"branding":{}}}`)
		apptest.Expect(t, "invalid config", bad, 400, "VALIDATION_ERROR")
		var envelope struct{ Fields map[string]string }
		bad.JSON(t, &envelope)
		if _, ok := envelope.Fields["pages.home.sections.0.backgroundImageUrl"]; !ok {
			t.Errorf("fields = %v, want the URL's path", envelope.Fields)
		}

		created := alpha.do("POST", "/v1/admin/config/versions", `{"config":`+headlineDoc("Spring weddings")+`,"note":"spring"}`)
		apptest.Expect(t, "create draft", created, 201, "")
		var draft struct {
			ID, Status, Note string
			Config           json.RawMessage
		}
		created.JSON(t, &draft)
		if draft.Status != "draft" || draft.Note != "spring" || heroHeadline(t, draft.Config) != "Spring weddings" {
			t.Fatalf("draft = %s", created.Body)
		}
		apptest.Expect(t, "edit draft", alpha.do("PATCH", "/v1/admin/config/versions/"+draft.ID, `{"config":`+headlineDoc("Summer weddings")+`}`), 200, "")

		t.Run("Preview", func(t *testing.T) {
			apptest.Expect(t, "preview without token", apptest.Do(t, h, "GET", "/v1/config?versionId="+draft.ID, public, ""), 401, "UNAUTHORIZED")
			p := alpha.do("GET", "/v1/config?versionId="+draft.ID, "")
			apptest.Expect(t, "preview", p, 200, "")
			if heroHeadline(t, p.Body) != "Summer weddings" {
				t.Errorf("preview shows %s", p.Body)
			}
			cross := apptest.Do(t, h, "GET", "/v1/config?versionId="+draft.ID, map[string]string{"X-Tenant-Key": f.a.Keys.Public, "Authorization": "Bearer " + bravo.token}, "")
			apptest.Expect(t, "preview with another tenant's token", cross, 404, "NOT_FOUND")
			if heroHeadline(t, apptest.Do(t, h, "GET", "/v1/config", public, "").Body) != "Your day, thoughtfully taken care of" {
				t.Error("a draft leaked into the published config")
			}
		})

		t.Run("OtherTenant", func(t *testing.T) {
			apptest.Expect(t, "read", bravo.do("GET", "/v1/admin/config/versions/"+draft.ID, ""), 404, "NOT_FOUND")
			apptest.Expect(t, "edit", bravo.do("PATCH", "/v1/admin/config/versions/"+draft.ID, `{"note":"x"}`), 404, "NOT_FOUND")
			apptest.Expect(t, "publish", bravo.do("POST", "/v1/admin/config/versions/"+draft.ID+"/publish", ""), 404, "NOT_FOUND")
			apptest.Expect(t, "rollback", bravo.do("POST", "/v1/admin/config/rollback", `{"versionId":"`+defaultID+`"}`), 404, "NOT_FOUND")
			apptest.Expect(t, "diff", bravo.do("GET", "/v1/admin/config/diff?from="+defaultID+"&to="+draft.ID, ""), 404, "NOT_FOUND")
		})

		diff := alpha.do("GET", "/v1/admin/config/diff?from="+defaultID+"&to="+draft.ID, "")
		apptest.Expect(t, "diff", diff, 200, "")
		var changes []siteconfig.Change
		diff.JSON(t, &changes)
		if len(changes) != 1 || changes[0].Path != "pages.home.sections.0.headline" || changes[0].Kind != "changed" || changes[0].After != "Summer weddings" {
			t.Errorf("diff = %s", diff.Body)
		}

		apptest.Expect(t, "publish", alpha.do("POST", "/v1/admin/config/versions/"+draft.ID+"/publish", ""), 200, "")
		if got := heroHeadline(t, apptest.Do(t, h, "GET", "/v1/config", public, "").Body); got != "Summer weddings" {
			t.Errorf("after publish the public config shows %q", got)
		}
		apptest.Expect(t, "edit published", alpha.do("PATCH", "/v1/admin/config/versions/"+draft.ID, `{"note":"late"}`), 409, "CONFLICT")
		apptest.Expect(t, "publish again", alpha.do("POST", "/v1/admin/config/versions/"+draft.ID+"/publish", ""), 409, "CONFLICT")

		rb := alpha.do("POST", "/v1/admin/config/rollback", `{"versionId":"`+defaultID+`"}`)
		apptest.Expect(t, "rollback", rb, 201, "")
		if got := heroHeadline(t, apptest.Do(t, h, "GET", "/v1/config", public, "").Body); got != "Your day, thoughtfully taken care of" {
			t.Errorf("after rollback the public config shows %q", got)
		}

		var versions []struct{ ID, Status string }
		alpha.do("GET", "/v1/admin/config/versions", "").JSON(t, &versions)
		if len(versions) != 3 || versions[0].Status != "published" || versions[1].ID != draft.ID || versions[1].Status != "archived" {
			t.Errorf("versions = %+v, want newest first: rollback (published), draft (archived), default", versions)
		}

		var entries []struct {
			Action string
			Actor  struct{ Type, ID string }
			Before json.RawMessage
			After  json.RawMessage
		}
		audit := alpha.do("GET", "/v1/admin/audit?entity=config_version", "")
		apptest.Expect(t, "audit", audit, 200, "")
		audit.JSON(t, &entries)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if e.Actor.Type != "user" || e.Actor.ID == "" {
				t.Errorf("%s actor = %+v, want the admin user", e.Action, e.Actor)
			}
		}
		if got, want := strings.Join(actions, ","), "config.rollback,config.publish,config.update,config.create"; got != want {
			t.Errorf("audit actions = %s, want %s", got, want)
		}
		apptest.Expect(t, "audit bad filter", alpha.do("GET", "/v1/admin/audit?actorType=robot&since=yesterday", ""), 400, "VALIDATION_ERROR")
		var none []any
		alpha.do("GET", "/v1/admin/audit?since="+a.Now().Add(time.Hour).UTC().Format(time.RFC3339), "").JSON(t, &none)
		if len(none) != 0 {
			t.Errorf("audit since the future = %d entries", len(none))
		}
		var bravoEntries []struct{ Action string }
		bravo.do("GET", "/v1/admin/audit", "").JSON(t, &bravoEntries)
		for _, e := range bravoEntries {
			if strings.HasPrefix(e.Action, "config.") {
				t.Errorf("bravo's audit shows %s", e.Action)
			}
		}
	})
}

func TestAgentProposalsHTTP(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		alpha := adminLogin(t, h, f.a.AdminEmail, f.a.Keys.Public)
		bravo := adminLogin(t, h, f.b.AdminEmail, f.b.Keys.Public)

		created := alpha.do("POST", "/v1/admin/agents", `{"name":"Season helper"}`)
		apptest.Expect(t, "create agent", created, 201, "")
		var agent struct{ ID, Credential, KeyHint string }
		created.JSON(t, &agent)
		if !siteconfig.IsAgentCredentialShape(agent.Credential) || !strings.HasPrefix(agent.Credential, "ag_live_alpha_") {
			t.Fatalf("credential = %q", agent.Credential)
		}
		var listed []map[string]any
		alpha.do("GET", "/v1/admin/agents", "").JSON(t, &listed)
		if len(listed) != 1 || listed[0]["credential"] != nil || strings.Contains(string(alpha.do("GET", "/v1/admin/agents", "").Body), agent.Credential) {
			t.Errorf("agent list = %v; the credential is shown only once", listed)
		}
		ag := configClient{t: t, h: h, token: agent.Credential}

		var base struct{ VersionID string }
		cfg := ag.do("GET", "/v1/agent/config", "")
		apptest.Expect(t, "agent config", cfg, 200, "")
		cfg.JSON(t, &base)

		t.Run("CredentialsDoNotCross", func(t *testing.T) {
			apptest.Expect(t, "agent on admin route", ag.do("GET", "/v1/admin/config/versions", ""), 401, "UNAUTHORIZED")
			apptest.Expect(t, "agent approving", ag.do("POST", "/v1/admin/proposals/x/approve", ""), 401, "UNAUTHORIZED")
			apptest.Expect(t, "admin on agent route", alpha.do("POST", "/v1/agent/proposals", `{}`), 401, "UNAUTHORIZED")
			apptest.Expect(t, "no credential", apptest.Do(t, h, "GET", "/v1/agent/config", nil, ""), 401, "UNAUTHORIZED")
		})

		patch := `[{"op":"replace","path":"/pages/home/sections/0/headline","value":"Autumn dates open"}]`
		bad := ag.do("POST", "/v1/agent/proposals", `{"baseVersionId":"`+base.VersionID+`","patch":[{"op":"replace","path":"/pages/home/enabled","value":false}],"rationale":"hide"}`)
		apptest.Expect(t, "invalid proposal", bad, 400, "VALIDATION_ERROR")
		apptest.Expect(t, "other tenant's base", ag.do("POST", "/v1/agent/proposals",
			`{"baseVersionId":"`+versionOf(t, bravo)+`","patch":`+patch+`,"rationale":"x"}`), 404, "NOT_FOUND")

		made := ag.do("POST", "/v1/agent/proposals", `{"baseVersionId":"`+base.VersionID+`","patch":`+patch+`,"rationale":"Autumn is booking up"}`)
		apptest.Expect(t, "propose", made, 201, "")
		var p struct {
			ID, Status, Kind string
			Stale            bool
			Diff             []siteconfig.Change
		}
		made.JSON(t, &p)
		if p.Status != "pending" || p.Stale || p.Kind != "patch" || len(p.Diff) != 1 {
			t.Fatalf("proposal = %s", made.Body)
		}

		apptest.Expect(t, "agent follows its proposal", ag.do("GET", "/v1/agent/proposals/"+p.ID, ""), 200, "")
		var other struct{ Credential string }
		alpha.do("POST", "/v1/admin/agents", `{"name":"Other helper"}`).JSON(t, &other)
		otherAgent := configClient{t: t, h: h, token: other.Credential}
		apptest.Expect(t, "another agent's proposal", otherAgent.do("GET", "/v1/agent/proposals/"+p.ID, ""), 404, "NOT_FOUND")

		var pending []struct{ ID string }
		alpha.do("GET", "/v1/admin/proposals?status=pending", "").JSON(t, &pending)
		if len(pending) != 1 || pending[0].ID != p.ID {
			t.Errorf("pending = %+v", pending)
		}
		apptest.Expect(t, "bad status filter", alpha.do("GET", "/v1/admin/proposals?status=maybe", ""), 400, "VALIDATION_ERROR")
		apptest.Expect(t, "other tenant reads", bravo.do("GET", "/v1/admin/proposals/"+p.ID, ""), 404, "NOT_FOUND")
		apptest.Expect(t, "other tenant approves", bravo.do("POST", "/v1/admin/proposals/"+p.ID+"/approve", `{"publish":true}`), 404, "NOT_FOUND")
		apptest.Expect(t, "other tenant rejects", bravo.do("POST", "/v1/admin/proposals/"+p.ID+"/reject", ""), 404, "NOT_FOUND")

		approved := alpha.do("POST", "/v1/admin/proposals/"+p.ID+"/approve", `{"publish":true}`)
		apptest.Expect(t, "approve", approved, 200, "")
		var res struct {
			Proposal struct{ Status, VersionID string }
			Version  struct{ ID, Status string }
		}
		approved.JSON(t, &res)
		if res.Proposal.Status != "approved" || res.Version.Status != "published" || res.Proposal.VersionID != res.Version.ID {
			t.Errorf("approve = %s", approved.Body)
		}
		if got := heroHeadline(t, apptest.Do(t, h, "GET", "/v1/config", map[string]string{"X-Tenant-Key": f.a.Keys.Public}, "").Body); got != "Autumn dates open" {
			t.Errorf("after approve+publish the public config shows %q", got)
		}
		apptest.Expect(t, "approve twice", alpha.do("POST", "/v1/admin/proposals/"+p.ID+"/approve", ""), 409, "CONFLICT")

		t.Run("StaleAndExpired", func(t *testing.T) {
			old := ag.do("POST", "/v1/agent/proposals", `{"baseVersionId":"`+base.VersionID+`","config":`+headlineDoc("Old base")+`,"rationale":"from the old base"}`)
			apptest.Expect(t, "propose on old base", old, 201, "")
			var q struct {
				ID     string
				Stale  bool
				Status string
			}
			old.JSON(t, &q)
			if !q.Stale {
				t.Errorf("a proposal on a superseded base is not flagged stale: %s", old.Body)
			}
			later := a.Now().Add(siteconfig.DefaultProposalTTL + time.Hour)
			a.SiteConfig.Now = func() time.Time { return later }
			defer func() { a.SiteConfig.Now = a.Now }()
			alpha.do("GET", "/v1/admin/proposals/"+q.ID, "").JSON(t, &q)
			if q.Status != "expired" {
				t.Errorf("status after the TTL = %s, want expired", q.Status)
			}
			apptest.Expect(t, "approve expired", alpha.do("POST", "/v1/admin/proposals/"+q.ID+"/approve", ""), 409, "CONFLICT")
		})

		var agentEntries []struct {
			Action string
			Actor  struct{ Type, ID string }
		}
		alpha.do("GET", "/v1/admin/audit?actorType=agent", "").JSON(t, &agentEntries)
		if len(agentEntries) != 2 || agentEntries[0].Action != "proposal.create" || agentEntries[0].Actor.ID != agent.ID {
			t.Errorf("agent audit entries = %+v", agentEntries)
		}

		apptest.Expect(t, "revoke", alpha.do("DELETE", "/v1/admin/agents/"+agent.ID, ""), 204, "")
		apptest.Expect(t, "revoked agent", ag.do("POST", "/v1/agent/proposals", `{"baseVersionId":"`+base.VersionID+`","patch":`+patch+`,"rationale":"again"}`), 401, "UNAUTHORIZED")
		apptest.Expect(t, "revoke other tenant's agent", bravo.do("DELETE", "/v1/admin/agents/"+agent.ID, ""), 404, "NOT_FOUND")
	})
}

func TestAgentRateLimit(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newFixture(t, a)
	h := a.Handler()
	alpha := adminLogin(t, h, f.a.AdminEmail, f.a.Keys.Public)
	var agent struct{ Credential string }
	alpha.do("POST", "/v1/admin/agents", `{"name":"Chatty"}`).JSON(t, &agent)
	ag := configClient{t: t, h: h, token: agent.Credential}
	var base struct{ VersionID string }
	ag.do("GET", "/v1/agent/config", "").JSON(t, &base)
	body := `{"baseVersionId":"` + base.VersionID + `","config":` + headlineDoc("Again") + `,"rationale":"spam"}`
	for i := range 30 {
		if r := ag.do("POST", "/v1/agent/proposals", body); r.Status != 201 {
			t.Fatalf("proposal %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := ag.do("POST", "/v1/agent/proposals", body)
	apptest.Expect(t, "31st proposal", r, 429, "TOO_MANY_REQUESTS")
	if r.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

// versionOf returns the id of the published version of c's tenant.
func versionOf(t *testing.T, c configClient) string {
	t.Helper()
	var list []struct{ ID, Status string }
	c.do("GET", "/v1/admin/config/versions", "").JSON(t, &list)
	for _, v := range list {
		if v.Status == "published" {
			return v.ID
		}
	}
	t.Fatal("no published version")
	return ""
}
