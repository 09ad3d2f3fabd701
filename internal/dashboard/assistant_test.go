package dashboard_test

import (
	jsonenc "encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/assistant/assistanttest"
)

// panelScript plays the assistant's model: "headline: X" proposes X as the
// home page's hero headline, "hide ID" proposes hiding that package, and
// anything else is a greeting; after a tool it replies in two pieces.
func panelScript(a assistanttest.Ask) assistanttest.Answer {
	switch {
	case a.AfterTool && strings.Contains(a.ToolResult, "proposalId"):
		return assistanttest.Answer{Chunks: []string{"I proposed it for your review. ", "Approve it to make it live."}}
	case a.AfterTool:
		return assistanttest.Answer{Chunks: []string{"That did not work."}}
	case strings.HasPrefix(a.UserText, "headline: "):
		return assistanttest.Answer{Tool: "propose_site_change", Args: map[string]any{"reason": "A warmer welcome for autumn couples.",
			"patch": []map[string]any{{"op": "replace", "path": "/pages/home/sections/0/headline", "value": strings.TrimPrefix(a.UserText, "headline: ")}}}}
	case strings.HasPrefix(a.UserText, "hide "):
		return assistanttest.Answer{Tool: "propose_package_change", Args: map[string]any{"packageId": strings.TrimPrefix(a.UserText, "hide "),
			"changes": map[string]any{"active": false}, "reason": "Hidden until March, when the new season's prices are ready."}}
	}
	return assistanttest.Answer{Chunks: []string{"Hello! ", "How can I help with your site today?"}}
}

// sseEvents splits a server-sent event stream into (event, data) pairs.
func sseEvents(t *testing.T, body string) (names []string, data []map[string]any) {
	t.Helper()
	for _, block := range strings.Split(strings.TrimSpace(body), "\n\n") {
		var name, raw string
		for _, line := range strings.Split(block, "\n") {
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(line, "data: "); ok {
				raw = v
			}
		}
		var d map[string]any
		if err := jsonenc.Unmarshal([]byte(raw), &d); err != nil {
			t.Fatalf("event %q: %v in %q", name, err, body)
		}
		names, data = append(names, name), append(data, d)
	}
	return names, data
}

// The panel's routes on both stores and both wire formats: a streamed
// turn that files a proposal comes with its card; approving it from the
// card publishes; a proposal previews on the draft without being saved;
// another tenant's conversation and proposals are not found.
func TestAssistantPanelRoutes(t *testing.T) {
	t.Parallel()
	for _, provider := range []string{"openai", "anthropic"} {
		t.Run(provider, func(t *testing.T) {
			t.Parallel()
			model := assistanttest.New(t, panelScript)
			apptest.Each(t, model.Env(provider), func(t *testing.T, a *app.App) {
				f := fixture{app: a}
				f.alpha, f.alphaPkg = createTenant(t, a, "alpha")
				f.bravo, f.bravoPkg = createTenant(t, a, "bravo")
				b := newBrowser(t, a.Handler())
				b.login(f.alpha.AdminEmail, password)
				checkPanelRoutes(t, f, b)
			})
		})
	}
}

func checkPanelRoutes(t *testing.T, f fixture, b *browser) {
	ctx := t.Context()
	page := b.get("/admin")
	wantStatus(t, "overview", page, http.StatusOK)
	if !strings.Contains(page.body, `id="ai-panel"`) || !strings.Contains(page.body, "data-enabled=\"true\"") || strings.Contains(page.body, "not turned on") {
		t.Fatalf("the overview has no working panel:\n%s", snippet(page.body))
	}

	created := b.post("/admin/assistant/conversations", url.Values{})
	wantStatus(t, "create", created, http.StatusCreated)
	var conv struct{ ID string }
	if err := jsonenc.Unmarshal([]byte(created.body), &conv); err != nil || conv.ID == "" {
		t.Fatalf("create: %q", created.body)
	}

	const headline = "Autumn light, honest stories"
	turn := b.post("/admin/assistant/conversations/"+conv.ID+"/messages", url.Values{"text": {"headline: " + headline}})
	wantStatus(t, "send", turn, http.StatusOK)
	if ct := turn.header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("send: Content-Type %q", ct)
	}
	names, data := sseEvents(t, turn.body)
	if len(names) != 3 || names[0] != "delta" || names[1] != "delta" || names[2] != "done" {
		t.Fatalf("events = %v\n%s", names, turn.body)
	}
	done := data[2]
	ids, _ := done["proposalIds"].([]any)
	cards, _ := done["cards"].(string)
	if done["reply"] != "I proposed it for your review. Approve it to make it live." || len(ids) != 1 ||
		!strings.Contains(cards, headline) || !strings.Contains(cards, "Approve") || !strings.Contains(cards, `class="ai-card"`) {
		t.Fatalf("done = %v", done)
	}
	proposalID := ids[0].(string)

	// The thread, read again, has the two texts and the card.
	thread := b.get("/admin/assistant/conversations/" + conv.ID)
	wantStatus(t, "thread", thread, http.StatusOK)
	if strings.Count(thread.body, `class="ai-msg`) != 3 || !strings.Contains(thread.body, "headline: "+headline) || !strings.Contains(thread.body, "ai-card-"+proposalID) {
		t.Fatalf("thread:\n%s", thread.body)
	}
	if strings.Index(thread.body, "ai-card-"+proposalID) < strings.Index(thread.body, "Approve it to make it live.") {
		t.Errorf("the card comes before the reply of its turn:\n%s", thread.body)
	}
	list := b.get("/admin/assistant/conversations")
	if !strings.Contains(list.body, `data-conv="`+conv.ID+`"`) || !strings.Contains(list.body, "headline: "+headline) {
		t.Fatalf("conversations:\n%s", list.body)
	}

	// Build mode: the preview shows the proposal on the working draft,
	// and nothing is saved.
	before, err := f.app.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	pv := b.get("/admin/assistant/proposals/" + proposalID + "/preview/home")
	wantStatus(t, "proposal preview", pv, http.StatusOK)
	if !strings.Contains(pv.body, headline) || !strings.Contains(pv.body, `href="/admin/assistant/proposals/`+proposalID+`/preview/about"`) {
		t.Fatalf("the preview does not show the proposal or leaves it:\n%s", snippet(pv.body))
	}
	if after, _ := f.app.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 50, 0); len(after) != len(before) {
		t.Fatalf("previewing saved a version: %d → %d", len(before), len(after))
	}
	if live, _ := f.app.SiteConfig.Published(ctx, f.alpha.Tenant.ID); strings.Contains(string(live.Config), headline) {
		t.Fatal("the proposal is live before approval")
	}

	// Another tenant sees none of it.
	other := newBrowser(t, f.app.Handler())
	other.login(f.bravo.AdminEmail, password)
	for what, r := range map[string]answer{
		"thread":  other.get("/admin/assistant/conversations/" + conv.ID),
		"send":    other.post("/admin/assistant/conversations/"+conv.ID+"/messages", url.Values{"text": {"hi"}}),
		"approve": other.post("/admin/assistant/proposals/"+proposalID+"/approve", url.Values{"publish": {"on"}}),
		"reject":  other.post("/admin/assistant/proposals/"+proposalID+"/reject", url.Values{}),
		"preview": other.get("/admin/assistant/proposals/" + proposalID + "/preview/home"),
	} {
		if r.status != http.StatusNotFound {
			t.Errorf("bravo %s: status %d, want 404\n%s", what, r.status, snippet(r.body))
		}
	}

	// Bad input is a JSON error naming the field, never a 5xx.
	tooLong := b.post("/admin/assistant/conversations/"+conv.ID+"/messages", url.Values{"text": {strings.Repeat("a", 10_001)}})
	if tooLong.status != http.StatusBadRequest || !strings.Contains(tooLong.body, `"text"`) {
		t.Errorf("too long: %d %s", tooLong.status, tooLong.body)
	}

	// Approve from the card: published, the card says so.
	approved := b.post("/admin/assistant/proposals/"+proposalID+"/approve", url.Values{"publish": {"on"}})
	wantStatus(t, "approve", approved, http.StatusOK)
	if !strings.Contains(approved.body, "Approved and published") || strings.Contains(approved.body, `class="ai-decide"`) {
		t.Fatalf("approved card:\n%s", approved.body)
	}
	if live, _ := f.app.SiteConfig.Published(ctx, f.alpha.Tenant.ID); !strings.Contains(string(live.Config), headline) {
		t.Fatal("approving from the panel did not publish")
	}
	again := b.post("/admin/assistant/proposals/"+proposalID+"/approve", url.Values{"publish": {"on"}})
	if again.status != http.StatusConflict {
		t.Errorf("approving twice: %d %s", again.status, again.body)
	}

	// A package proposal reads as the package's fields, and rejecting it
	// leaves the package as it was.
	turn = b.post("/admin/assistant/conversations/"+conv.ID+"/messages", url.Values{"text": {"hide " + f.alphaPkg.ID}})
	_, data = sseEvents(t, turn.body)
	cards, _ = data[len(data)-1]["cards"].(string)
	if !strings.Contains(cards, "Change to the package “"+f.alphaPkg.Name+"”") || !strings.Contains(cards, "Hidden from your site") ||
		strings.Contains(cards, "Preview the site") {
		t.Fatalf("package card:\n%s", cards)
	}
	pid := data[len(data)-1]["proposalIds"].([]any)[0].(string)
	rejected := b.post("/admin/assistant/proposals/"+pid+"/reject", url.Values{})
	if !strings.Contains(rejected.body, "Rejected") {
		t.Fatalf("rejected card:\n%s", rejected.body)
	}
	if p, _ := f.app.Catalog.Package(ctx, f.alpha.Tenant.ID, f.alphaPkg.ID); !p.Active {
		t.Fatal("rejecting hid the package")
	}
}

// Without a model the panel says how to turn the assistant on, and its
// routes answer 503.
func TestAssistantPanelOff(t *testing.T) {
	t.Parallel()
	_, b := loggedInAlpha(t, "sqlite", nil)
	page := b.get("/admin")
	if !strings.Contains(page.body, "The assistant is not turned on") || !strings.Contains(page.body, "MAIS_AI_PROVIDER") || strings.Contains(page.body, `id="ai-form"`) {
		t.Fatalf("off panel:\n%s", snippet(page.body))
	}
	r := b.post("/admin/assistant/conversations", url.Values{})
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "UNAVAILABLE") {
		t.Fatalf("create while off: %d %s", r.status, r.body)
	}
}
