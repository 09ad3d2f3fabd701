package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// TestAgentProposesDisplayRules: an agent proposes tier groups, a seasonal
// promotion and a widget layout as a patch; a malformed promotion is 400
// naming the field; once the owner approves and publishes, the public API
// shows and checkout charges the promotion price.
func TestAgentProposesDisplayRules(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newFixture(t, a)
		h := a.Handler()
		owner := apptest.Bearer(f.a.Keys.Secret)
		r := apptest.Do(t, h, "POST", "/v1/admin/agents", owner, `{"name":"Season helper"}`)
		var agent struct{ Credential string }
		r.JSON(t, &agent)
		ag := apptest.Bearer(agent.Credential)
		var base struct{ VersionID string }
		apptest.Do(t, h, "GET", "/v1/agent/config", ag, "").JSON(t, &base)

		display := `{"groups":[{"name":"Full-day","order":1}],"packages":[{"packageSlug":"classic","group":"Full-day",` +
			`"promotion":{"priceCents":9000,"label":"Autumn offer","from":"` + dayAhead(a, -1) + `","until":"` + dayAhead(a, 3) + `"}}]}`
		widget := `{"blocks":["details","calendar","addons"],"hideNotes":true}`
		bad := strings.Replace(display, `"label":"Autumn offer"`, `"label":""`, 1)
		r = apptest.Do(t, h, "POST", "/v1/agent/proposals", ag, `{"baseVersionId":"`+base.VersionID+`","patch":[{"op":"add","path":"/display","value":`+bad+`}],"rationale":"x"}`)
		apptest.Expect(t, "bad promotion", r, 400, "VALIDATION_ERROR")
		if !strings.Contains(string(r.Body), "display.packages.0.promotion.label") {
			t.Errorf("fields: %s", r.Body)
		}
		r = apptest.Do(t, h, "POST", "/v1/agent/proposals", ag, `{"baseVersionId":"`+base.VersionID+`","patch":[`+
			`{"op":"add","path":"/display","value":`+display+`},{"op":"add","path":"/widget","value":`+widget+`}],"rationale":"Autumn offer"}`)
		apptest.Expect(t, "propose", r, 201, "")
		var p struct{ ID string }
		r.JSON(t, &p)
		apptest.Expect(t, "approve", apptest.Do(t, h, "POST", "/v1/admin/proposals/"+p.ID+"/approve", owner, `{"publish":true}`), 200, "")

		key := map[string]string{"X-Tenant-Key": f.a.Keys.Public}
		if r := apptest.Do(t, h, "GET", "/v1/packages/classic", key, ""); !strings.Contains(string(r.Body), `"basePriceCents":9000`) {
			t.Errorf("after approval: %s", r.Body)
		}
	})
}
