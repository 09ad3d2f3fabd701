package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// fakeStreamingChat plays an OpenAI-compatible model that, asked in a
// stream, first proposes hiding the package named in the user's text,
// then streams its reply in two pieces.
func fakeStreamingChat(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		role, content := lastChatMessage(r)
		w.Header().Set("Content-Type", "text/event-stream")
		chunk := func(choices, usage string) {
			fmt.Fprintf(w, `data: {"id":"s","object":"chat.completion.chunk","created":1,"model":"fake-stream","choices":%s%s}`+"\n\n", choices, usage)
		}
		if role == "user" {
			var text string
			_ = json.Unmarshal(content, &text)
			pkg := strings.TrimPrefix(text, "hide ")
			args, _ := json.Marshal(map[string]any{"packageId": pkg, "changes": map[string]any{"active": false}, "reason": "Hidden until March"})
			q, _ := json.Marshal(string(args))
			chunk(`[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"propose_package_change","arguments":`+string(q)+`}}]}}]`, "")
			chunk(`[{"index":0,"delta":{},"finish_reason":"tool_calls"}]`, "")
		} else {
			chunk(`[{"index":0,"delta":{"role":"assistant","content":"Proposed; "}}]`, "")
			chunk(`[{"index":0,"delta":{"content":"approve it to hide the package."}}]`, "")
			chunk(`[{"index":0,"delta":{},"finish_reason":"stop"}]`, "")
		}
		chunk(`[]`, `,"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}`)
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The panel's streaming route: delta events, then done with the proposal;
// approving the package proposal hides the package (the assistant never did).
func TestAssistantStreamAndPackageProposal(t *testing.T) {
	t.Parallel()
	srv := fakeStreamingChat(t)
	env := apptest.Env{"MAIS_AI_PROVIDER": "openai", "MAIS_AI_BASE_URL": srv.URL, "MAIS_AI_MODEL": "fake-stream"}
	apptest.Each(t, env, func(t *testing.T, a *app.App) {
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		tok := loginToken(t, h, alpha.AdminEmail, apptest.Password)
		r := apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations", apptest.Bearer(tok), "")
		var conv struct{ ID string }
		r.JSON(t, &conv)

		req := httptest.NewRequest("POST", "/v1/admin/assistant/conversations/"+conv.ID+"/messages/stream",
			strings.NewReader(`{"text":"hide `+alpha.Package.ID+`"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		if !rec.Flushed {
			t.Error("the events were not flushed through the edge and mux writers")
		}
		events := rec.Body.String()
		if !strings.Contains(events, "event: delta\ndata: {\"text\":\"Proposed; \"}") || !strings.Contains(events, "event: done") {
			t.Fatalf("events = %s", events)
		}
		_, doneData, _ := strings.Cut(events, "event: done\ndata: ")
		var done struct {
			Reply       string
			ProposalIDs []string
		}
		if err := json.Unmarshal([]byte(strings.TrimSpace(doneData)), &done); err != nil || len(done.ProposalIDs) != 1 ||
			done.Reply != "Proposed; approve it to hide the package." {
			t.Fatalf("done = %q (%v)", doneData, err)
		}

		// Nothing changed yet: the package is still sold.
		pkg := func() map[string]any {
			r := apptest.Do(t, h, "GET", "/v1/admin/packages/"+alpha.Package.ID, apptest.Bearer(tok), "")
			var p map[string]any
			r.JSON(t, &p)
			return p
		}
		if pkg()["active"] != true {
			t.Fatal("the assistant changed the package by itself")
		}
		r = apptest.Do(t, h, "GET", "/v1/admin/proposals/"+done.ProposalIDs[0], apptest.Bearer(tok), "")
		var p struct {
			Target, PackageID string
			Actor             struct{ Type string }
			Changes           map[string]any
		}
		r.JSON(t, &p)
		if p.Target != "package" || p.PackageID != alpha.Package.ID || p.Actor.Type != "assistant" || p.Changes["active"] != false {
			t.Fatalf("proposal = %s", r.Body)
		}
		r = apptest.Do(t, h, "POST", "/v1/admin/proposals/"+done.ProposalIDs[0]+"/approve", apptest.Bearer(tok), "")
		if r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if pkg()["active"] != false {
			t.Error("approving the package proposal did not hide the package")
		}
	})
}
