// Package assistanttest plays a model for tests: an httptest server that
// speaks Anthropic's Messages API (POST …/v1/messages) and OpenAI's Chat
// Completions (POST …/chat/completions), plain and streamed (SSE), the
// wire formats the official SDKs read. A script decides each answer. It is
// imported only from _test files.
package assistanttest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Ask is what the model is asked: the text of the last user message, and,
// when the last message answers a tool call, that answer.
type Ask struct {
	UserText   string
	AfterTool  bool
	ToolResult string
}

// Answer is the model's reply: a tool call (Tool and its Args, encoded as
// JSON) or text, streamed as Chunks when the client streams (Text is their
// concatenation otherwise).
type Answer struct {
	Tool   string
	Args   any
	Chunks []string
}

// Model is a running fake model.
type Model struct {
	URL string
	// Gate, when set, holds a streamed text reply after its first chunk
	// until it is closed or receives, so a test can see a partial reply.
	Gate chan struct{}

	mu     sync.Mutex
	script func(Ask) Answer
}

// New starts a model that answers with script; it stops with the test.
func New(t testing.TB, script func(Ask) Answer) *Model {
	t.Helper()
	m := &Model{script: script}
	srv := httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(srv.Close)
	m.URL = srv.URL
	return m
}

// Env is the configuration that points MAIS at m with provider
// ("anthropic" or "openai").
func (m *Model) Env(provider string) map[string]string {
	return map[string]string{"MAIS_AI_PROVIDER": provider, "MAIS_AI_BASE_URL": m.URL, "MAIS_AI_MODEL": "fake-" + provider, "MAIS_AI_API_KEY": "test-key"}
}

func (m *Model) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Stream   bool `json:"stream"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
		http.Error(w, `{"error":{"type":"invalid_request_error","message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	anthropic := strings.HasSuffix(r.URL.Path, "/messages")
	ask := Ask{}
	for _, msg := range req.Messages {
		text, tool, isTool := content(msg.Content)
		switch {
		case msg.Role == "tool":
			ask.AfterTool, ask.ToolResult = true, text
		case msg.Role == "user" && isTool:
			ask.AfterTool, ask.ToolResult = true, tool
		case msg.Role == "user":
			ask = Ask{UserText: text}
		}
	}
	m.mu.Lock()
	a := m.script(ask)
	m.mu.Unlock()
	switch {
	case anthropic && req.Stream:
		m.anthropicStream(w, a)
	case anthropic:
		writeJSON(w, anthropicMessage(a))
	case req.Stream:
		m.openaiStream(w, a)
	default:
		writeJSON(w, openaiCompletion(a))
	}
}

// content reads a message's content: a string, or blocks of text and
// tool results (Anthropic).
func content(raw json.RawMessage) (text, toolResult string, isTool bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, "", false
	}
	var blocks []struct {
		Type    string          `json:"type"`
		Text    string          `json:"text"`
		Content json.RawMessage `json:"content"`
	}
	_ = json.Unmarshal(raw, &blocks)
	for _, b := range blocks {
		switch b.Type {
		case "text":
			text += b.Text
		case "tool_result":
			isTool = true
			inner, _, _ := content(b.Content)
			toolResult += inner
		}
	}
	return text, toolResult, isTool
}

func (a Answer) text() string { return strings.Join(a.Chunks, "") }

func (a Answer) args() string {
	b, _ := json.Marshal(a.Args)
	return string(b)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func anthropicMessage(a Answer) map[string]any {
	msg := map[string]any{"id": "msg_1", "type": "message", "role": "assistant", "model": "fake-anthropic",
		"stop_reason": "end_turn", "usage": map[string]any{"input_tokens": 100, "output_tokens": 20}}
	if a.Tool != "" {
		msg["stop_reason"] = "tool_use"
		msg["content"] = []any{map[string]any{"type": "tool_use", "id": "tu_1", "name": a.Tool, "input": json.RawMessage(a.args())}}
	} else {
		msg["content"] = []any{map[string]any{"type": "text", "text": a.text()}}
	}
	return msg
}

func openaiCompletion(a Answer) map[string]any {
	msg := map[string]any{"role": "assistant", "content": a.text()}
	finish := "stop"
	if a.Tool != "" {
		msg["content"], finish = nil, "tool_calls"
		msg["tool_calls"] = []any{map[string]any{"id": "call_1", "type": "function",
			"function": map[string]any{"name": a.Tool, "arguments": a.args()}}}
	}
	return map[string]any{"id": "c1", "object": "chat.completion", "created": 1, "model": "fake-openai",
		"choices": []any{map[string]any{"index": 0, "finish_reason": finish, "message": msg}},
		"usage":   map[string]any{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}
}

// sse writes and flushes one event; name "" writes data only (OpenAI).
func sse(w http.ResponseWriter, name string, v any) {
	b, _ := json.Marshal(v)
	if name != "" {
		fmt.Fprintf(w, "event: %s\n", name)
	}
	fmt.Fprintf(w, "data: %s\n\n", b)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

func (m *Model) wait(i int) {
	if i == 1 && m.Gate != nil {
		<-m.Gate
	}
}

func (m *Model) anthropicStream(w http.ResponseWriter, a Answer) {
	w.Header().Set("Content-Type", "text/event-stream")
	sse(w, "message_start", map[string]any{"type": "message_start", "message": map[string]any{"id": "msg_s", "type": "message",
		"role": "assistant", "model": "fake-anthropic", "content": []any{}, "stop_reason": nil,
		"usage": map[string]any{"input_tokens": 100, "output_tokens": 1}}})
	stop := "end_turn"
	if a.Tool != "" {
		stop = "tool_use"
		sse(w, "content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "tool_use", "id": "tu_1", "name": a.Tool, "input": map[string]any{}}})
		sse(w, "content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
			"delta": map[string]any{"type": "input_json_delta", "partial_json": a.args()}})
	} else {
		sse(w, "content_block_start", map[string]any{"type": "content_block_start", "index": 0,
			"content_block": map[string]any{"type": "text", "text": ""}})
		for i, c := range a.Chunks {
			m.wait(i)
			sse(w, "content_block_delta", map[string]any{"type": "content_block_delta", "index": 0,
				"delta": map[string]any{"type": "text_delta", "text": c}})
		}
	}
	sse(w, "content_block_stop", map[string]any{"type": "content_block_stop", "index": 0})
	sse(w, "message_delta", map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": stop, "stop_sequence": nil},
		"usage": map[string]any{"output_tokens": 20}})
	sse(w, "message_stop", map[string]any{"type": "message_stop"})
}

func (m *Model) openaiStream(w http.ResponseWriter, a Answer) {
	w.Header().Set("Content-Type", "text/event-stream")
	chunk := func(delta map[string]any, finish any) {
		sse(w, "", map[string]any{"id": "cs", "object": "chat.completion.chunk", "created": 1, "model": "fake-openai",
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}})
	}
	if a.Tool != "" {
		chunk(map[string]any{"role": "assistant", "tool_calls": []any{map[string]any{"index": 0, "id": "call_1", "type": "function",
			"function": map[string]any{"name": a.Tool, "arguments": a.args()}}}}, nil)
		chunk(map[string]any{}, "tool_calls")
	} else {
		for i, c := range a.Chunks {
			m.wait(i)
			d := map[string]any{"content": c}
			if i == 0 {
				d["role"] = "assistant"
			}
			chunk(d, nil)
		}
		chunk(map[string]any{}, "stop")
	}
	sse(w, "", map[string]any{"id": "cs", "object": "chat.completion.chunk", "created": 1, "model": "fake-openai", "choices": []any{},
		"usage": map[string]any{"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}})
	fmt.Fprint(w, "data: [DONE]\n\n")
}
