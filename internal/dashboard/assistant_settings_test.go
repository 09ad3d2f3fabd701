package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/assistant/assistanttest"
)

// The assistant's limits are the business's settings: edited on the
// Settings page and through /v1/admin/settings/assistant, per tenant, with
// the platform's defaults for what is left empty; the limits then apply.
func TestAssistantLimitsSettings(t *testing.T) {
	t.Parallel()
	model := assistanttest.New(t, panelScript)
	env := apptest.Env(model.Env("openai"))
	env["MAIS_AI_MESSAGES_PER_5MIN"] = "25"
	apptest.Each(t, env, func(t *testing.T, a *app.App) {
		alpha := apptest.NewTenant(t, a, "alpha")
		bravo := apptest.NewTenant(t, a, "bravo")
		b := newBrowser(t, a.Handler())
		b.login(alpha.AdminEmail, password)

		page := b.get("/admin/settings")
		if !strings.Contains(page.body, `id="assistant-limits"`) || !strings.Contains(page.body, `placeholder="25"`) {
			t.Fatalf("no assistant limits on the settings page:\n%s", snippet(page.body))
		}
		bad := b.submit("/admin/settings", "/admin/settings/assistant", url.Values{"maxMessageChars": {"20000"}, "dailyTokens": {"lots"}})
		wantStatus(t, "out of bounds", bad, http.StatusBadRequest)
		if !strings.Contains(bad.body, "must be a whole number") || !strings.Contains(bad.body, `value="20000"`) {
			t.Fatalf("the refused form does not mark its fields:\n%s", snippet(bad.body))
		}
		// Every mistake at once: the bound of the field that is a number
		// is shown with the other's typing mistake.
		if !strings.Contains(bad.body, "must be between 1 and 10000") {
			t.Fatalf("the range mistake waits for the typing one to be fixed:\n%s", snippet(bad.body))
		}
		bad = b.submit("/admin/settings", "/admin/settings/assistant", url.Values{"maxMessageChars": {"20000"}})
		if !strings.Contains(bad.body, "must be between 1 and 10000") {
			t.Fatalf("too many characters allowed:\n%s", snippet(bad.body))
		}
		ok := b.submit("/admin/settings", "/admin/settings/assistant", url.Values{"maxMessageChars": {"50"}, "messagesPer5Minutes": {"2"}, "dailyTokens": {""}})
		wantStatus(t, "save", ok, http.StatusSeeOther)
		if loc := ok.header.Get("Location"); loc != "/admin/settings#assistant-limits" {
			t.Fatalf("saved: Location %q", loc)
		}
		if page = b.get("/admin/settings"); !strings.Contains(page.body, `value="50"`) || !strings.Contains(page.body, "limits are saved") {
			t.Fatalf("saved limits not shown:\n%s", snippet(page.body))
		}

		// The same settings through the JSON API, and only the tenant's own.
		tokA := apptest.Bearer(b.cookies["mais_admin"].Value)
		r := apptest.Do(t, a.Handler(), "GET", "/v1/admin/settings/assistant", tokA, "")
		var got struct {
			MaxMessageChars, MessagesPer5Minutes int
			DailyTokens                          int64
			Defaults                             struct{ MessagesPer5Minutes int }
		}
		r.JSON(t, &got)
		if got.MaxMessageChars != 50 || got.MessagesPer5Minutes != 2 || got.DailyTokens != 0 || got.Defaults.MessagesPer5Minutes != 25 {
			t.Fatalf("GET = %s", r.Body)
		}
		other := newBrowser(t, a.Handler())
		other.login(bravo.AdminEmail, password)
		tokB := apptest.Bearer(other.cookies["mais_admin"].Value)
		r = apptest.Do(t, a.Handler(), "GET", "/v1/admin/settings/assistant", tokB, "")
		r.JSON(t, &got)
		if got.MaxMessageChars != 0 || got.MessagesPer5Minutes != 0 {
			t.Fatalf("bravo sees alpha's limits: %s", r.Body)
		}
		apptest.Expect(t, "bad patch", apptest.Do(t, a.Handler(), "PATCH", "/v1/admin/settings/assistant", tokB, `{"dailyTokens":5}`), 400, "VALIDATION_ERROR")
		apptest.Expect(t, "patch", apptest.Do(t, a.Handler(), "PATCH", "/v1/admin/settings/assistant", tokB, `{"dailyTokens":2000}`), 200, "")

		// Alpha's limits apply to alpha: 50 characters, 2 messages.
		created := b.post("/admin/assistant/conversations", url.Values{})
		id := strings.Split(created.body, `"`)[3]
		long := b.post("/admin/assistant/conversations/"+id+"/messages", url.Values{"text": {strings.Repeat("a", 51)}})
		if long.status != http.StatusBadRequest || !strings.Contains(long.body, "at most 50 characters") {
			t.Fatalf("51 characters: %d %s", long.status, long.body)
		}
		for i := range 2 {
			wantStatus(t, "message "+string(rune('1'+i)), b.post("/admin/assistant/conversations/"+id+"/messages", url.Values{"text": {"hello"}}), http.StatusOK)
		}
		third := b.post("/admin/assistant/conversations/"+id+"/messages", url.Values{"text": {"hello"}})
		if third.status != http.StatusTooManyRequests || third.header.Get("Retry-After") == "" {
			t.Fatalf("third message: %d %s", third.status, third.body)
		}
	})
}
