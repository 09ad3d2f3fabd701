package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The script against a model that proposes the headline change it is asked
// for (an OpenAI-compatible server played by the test).
func TestScriptedConversation(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Messages []struct {
				Role    string          `json:"role"`
				Content json.RawMessage `json:"content"`
			} `json:"messages"`
		}
		_ = json.Unmarshal(body, &req)
		last := req.Messages[len(req.Messages)-1]
		w.Header().Set("Content-Type", "text/event-stream")
		chunk := func(delta string) {
			fmt.Fprintf(w, `data: {"id":"s","object":"chat.completion.chunk","created":1,"model":"fake","choices":[{"index":0,"delta":%s}]}`+"\n\n", delta)
		}
		if last.Role == "user" && strings.Contains(string(last.Content), "headline") {
			args, _ := json.Marshal(map[string]any{"reason": "Autumn", "patch": []map[string]any{{"op": "replace", "path": "/pages/home/sections/0/headline", "value": "Golden autumn weddings"}}})
			q, _ := json.Marshal(string(args))
			chunk(`{"role":"assistant","tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"propose_site_change","arguments":` + string(q) + `}}]}`)
		} else {
			chunk(`{"role":"assistant","content":"Done."}`)
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
	}))
	defer srv.Close()
	env := map[string]string{"MAIS_AI_PROVIDER": "openai", "MAIS_AI_BASE_URL": srv.URL, "MAIS_AI_MODEL": "fake"}
	var out bytes.Buffer
	if err := run(context.Background(), func(k string) string { return env[k] }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ok: the model read the business") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestWithoutProviderSaysHow(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), func(string) string { return "" }, &out); err != nil || !strings.Contains(out.String(), "MAIS_AI_PROVIDER is not set") {
		t.Errorf("err %v, output %q", err, out.String())
	}
}
