package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
)

// lastChatMessage is the role and raw content of the last message of the
// chat-completions request r, as the fake model servers read it.
func lastChatMessage(r *http.Request) (role string, content json.RawMessage) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	_ = json.Unmarshal(body, &req)
	last := req.Messages[len(req.Messages)-1]
	return last.Role, last.Content
}

// fakeChat plays an OpenAI-compatible model: its first answer of a turn
// proposes a site change, the next (after the tool result) replies in text.
func fakeChat(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last, _ := lastChatMessage(r)
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if last == "user" {
			args, _ := json.Marshal(map[string]any{"reason": "Warmer for autumn",
				"patch": []map[string]any{{"op": "replace", "path": "/pages/home/sections/0/headline", "value": "Autumn weddings"}}})
			fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"fake-1","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"propose_site_change","arguments":%q}}]}}],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}`, string(args))
			return
		}
		fmt.Fprint(w, `{"id":"c2","object":"chat.completion","created":1,"model":"fake-1","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"I proposed a warmer headline; approve it to make it live."}}],"usage":{"prompt_tokens":150,"completion_tokens":15,"total_tokens":165}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func TestAssistantConversation(t *testing.T) {
	t.Parallel()
	srv, _ := fakeChat(t)
	env := apptest.Env{"MAIS_AI_PROVIDER": "openai", "MAIS_AI_BASE_URL": srv.URL, "MAIS_AI_MODEL": "fake-1"}
	apptest.Each(t, env, func(t *testing.T, a *app.App) {
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		beta := apptest.NewTenant(t, a, "beta")
		tokA := loginToken(t, h, alpha.AdminEmail, apptest.Password)
		tokB := loginToken(t, h, beta.AdminEmail, apptest.Password)

		r := apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations", apptest.Bearer(tokA), "")
		if r.Status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		var conv struct{ ID string }
		r.JSON(t, &conv)

		r = apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations/"+conv.ID+"/messages", apptest.Bearer(tokA), `{"text":"make the hero warmer for autumn"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("message: %d %s", r.Status, r.Body)
		}
		var reply struct {
			Reply       string
			ProposalIDs []string
		}
		r.JSON(t, &reply)
		if !strings.Contains(reply.Reply, "approve") || len(reply.ProposalIDs) != 1 {
			t.Fatalf("reply = %+v", reply)
		}

		// The proposal is in the review queue, by the assistant, not live.
		r = apptest.Do(t, h, "GET", "/v1/admin/proposals/"+reply.ProposalIDs[0], apptest.Bearer(tokA), "")
		var p struct {
			Status string
			Actor  struct{ Type string }
			Diff   []json.RawMessage
		}
		r.JSON(t, &p)
		if p.Status != "pending" || p.Actor.Type != "assistant" || len(p.Diff) != 1 {
			t.Errorf("proposal = %s", r.Body)
		}

		// The conversation keeps the turn: user, tool call, tool result, reply with its record.
		r = apptest.Do(t, h, "GET", "/v1/admin/assistant/conversations/"+conv.ID, apptest.Bearer(tokA), "")
		var got struct {
			Messages []struct {
				Role                      string
				Model                     string
				InputTokens, OutputTokens int64
			}
		}
		r.JSON(t, &got)
		if n := len(got.Messages); n != 4 {
			t.Fatalf("messages = %s", r.Body)
		}
		if last := got.Messages[3]; last.Role != "assistant" || last.Model != "fake-1" || last.InputTokens != 250 || last.OutputTokens != 35 {
			t.Errorf("turn record = %+v", last)
		}

		// Another tenant's conversation is not found, whatever the route.
		apptest.Expect(t, "other tenant get", apptest.Do(t, h, "GET", "/v1/admin/assistant/conversations/"+conv.ID, apptest.Bearer(tokB), ""), 404, "NOT_FOUND")
		apptest.Expect(t, "other tenant send", apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations/"+conv.ID+"/messages", apptest.Bearer(tokB), `{"text":"hi"}`), 404, "NOT_FOUND")

		// Too long a message: 400 naming the field.
		long := `{"text":"` + strings.Repeat("a", 10_001) + `"}`
		apptest.Expect(t, "too long", apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations/"+conv.ID+"/messages", apptest.Bearer(tokA), long), 400, "VALIDATION_ERROR")
	})
}

func TestAssistantOffAnswers503(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		h := a.Handler()
		alpha := apptest.NewTenant(t, a, "alpha")
		tok := loginToken(t, h, alpha.AdminEmail, apptest.Password)
		apptest.Expect(t, "off", apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations", apptest.Bearer(tok), ""), 503, "UNAVAILABLE")
		// Bad input and unknown ids stay the client's mistake while it is off.
		apptest.Expect(t, "off, unknown conversation", apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations/nope/messages", apptest.Bearer(tok), `{"text":"hi"}`), 404, "NOT_FOUND")
		apptest.Expect(t, "off, NUL", apptest.Do(t, h, "POST", "/v1/admin/assistant/conversations/nope/messages", apptest.Bearer(tok), `{"text":"a\u0000b"}`), 400, "VALIDATION_ERROR")
	})
}
