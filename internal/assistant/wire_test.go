package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// reply is one scripted answer of the fake model server.
type reply struct {
	status int
	header map[string]string
	body   string // JSON, or SSE text when contentType is text/event-stream
	sse    bool
	hang   bool // never answer (until the client gives up)
}

// fakeModel serves scripted replies in order and records request bodies.
type fakeModel struct {
	mu       sync.Mutex
	replies  []reply
	requests []map[string]any
	srv      *httptest.Server
}

func newFakeModel(t *testing.T, replies ...reply) *fakeModel {
	f := &fakeModel{replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req map[string]any
		_ = json.Unmarshal(body, &req)
		f.mu.Lock()
		f.requests = append(f.requests, req)
		if len(f.replies) == 0 {
			f.mu.Unlock()
			http.Error(w, `{"error":{"message":"script ran out"}}`, 500)
			return
		}
		rp := f.replies[0]
		f.replies = f.replies[1:]
		f.mu.Unlock()
		if rp.hang {
			<-r.Context().Done()
			return
		}
		for k, v := range rp.header {
			w.Header().Set(k, v)
		}
		if rp.sse {
			w.Header().Set("Content-Type", "text/event-stream")
		} else {
			w.Header().Set("Content-Type", "application/json")
		}
		if rp.status == 0 {
			rp.status = 200
		}
		w.WriteHeader(rp.status)
		_, _ = io.WriteString(w, rp.body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeModel) request(i int) map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[i]
}

func (f *fakeModel) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// echoTools has one tool, check_availability {"date"}; arguments that do
// not decode are a tool error.
type echoTools struct{ calls []ToolCall }

type dateIn struct {
	Date string `json:"date" desc:"YYYY-MM-DD"`
}

func (e *echoTools) Specs() []ToolSpec {
	return []ToolSpec{{Name: "check_availability", Description: "is the date free", Schema: SchemaOf[dateIn]()}}
}

func (e *echoTools) Execute(_ context.Context, _ string, c ToolCall) (string, bool, string, error) {
	e.calls = append(e.calls, c)
	var in dateIn
	if err := decodeInput(c.Input, &in); err != nil {
		return err.Error(), true, "", nil
	}
	return `{"date":"` + in.Date + `","available":true}`, false, "", nil
}

// The wire replies of each provider: a tool call (arguments given), then text.
func anthropicToolCall(args string) reply {
	return reply{body: `{"id":"msg_1","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"Let me check."},{"type":"tool_use","id":"tu_1","name":"check_availability","input":` + args + `}],"stop_reason":"tool_use","usage":{"input_tokens":100,"output_tokens":20}}`}
}

func anthropicText(text string) reply {
	return reply{body: `{"id":"msg_2","type":"message","role":"assistant","model":"claude-test","content":[{"type":"text","text":"` + text + `"}],"stop_reason":"end_turn","usage":{"input_tokens":150,"output_tokens":10}}`}
}

func anthropicStream(parts ...string) reply {
	var b strings.Builder
	ev := func(name, data string) { fmt.Fprintf(&b, "event: %s\ndata: %s\n\n", name, data) }
	ev("message_start", `{"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"usage":{"input_tokens":150,"output_tokens":1}}}`)
	ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	for _, p := range parts {
		ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"`+p+`"}}`)
	}
	ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
	ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":10}}`)
	ev("message_stop", `{"type":"message_stop"}`)
	return reply{sse: true, body: b.String()}
}

func anthropicStreamToolCall(argParts ...string) reply {
	var b strings.Builder
	ev := func(name, data string) { fmt.Fprintf(&b, "event: %s\ndata: %s\n\n", name, data) }
	ev("message_start", `{"type":"message_start","message":{"id":"msg_t","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"usage":{"input_tokens":100,"output_tokens":1}}}`)
	ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"tu_1","name":"check_availability","input":{}}}`)
	for _, p := range argParts {
		q, _ := json.Marshal(p)
		ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":`+string(q)+`}}`)
	}
	ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
	ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}}`)
	ev("message_stop", `{"type":"message_stop"}`)
	return reply{sse: true, body: b.String()}
}

func openaiToolCall(args string) reply {
	q, _ := json.Marshal(args)
	return reply{body: `{"id":"c1","object":"chat.completion","created":1,"model":"gpt-test","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Let me check.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"check_availability","arguments":` + string(q) + `}}]}}],"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}}`}
}

func openaiText(text string) reply {
	return reply{body: `{"id":"c2","object":"chat.completion","created":1,"model":"gpt-test","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"` + text + `"}}],"usage":{"prompt_tokens":150,"completion_tokens":10,"total_tokens":160}}`}
}

func openaiStream(parts ...string) reply {
	var b strings.Builder
	chunk := func(choices string, usage string) {
		fmt.Fprintf(&b, `data: {"id":"cs","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":%s%s}`+"\n\n", choices, usage)
	}
	for i, p := range parts {
		role := ""
		if i == 0 {
			role = `"role":"assistant",`
		}
		chunk(`[{"index":0,"delta":{`+role+`"content":"`+p+`"}}]`, "")
	}
	chunk(`[{"index":0,"delta":{},"finish_reason":"stop"}]`, "")
	chunk(`[]`, `,"usage":{"prompt_tokens":150,"completion_tokens":10,"total_tokens":160}`)
	b.WriteString("data: [DONE]\n\n")
	return reply{sse: true, body: b.String()}
}

func openaiStreamToolCall(argParts ...string) reply {
	var b strings.Builder
	chunk := func(choices string, usage string) {
		fmt.Fprintf(&b, `data: {"id":"ct","object":"chat.completion.chunk","created":1,"model":"gpt-test","choices":%s%s}`+"\n\n", choices, usage)
	}
	chunk(`[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"check_availability","arguments":""}}]}}]`, "")
	for _, p := range argParts {
		q, _ := json.Marshal(p)
		chunk(`[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":`+string(q)+`}}]}}]`, "")
	}
	chunk(`[{"index":0,"delta":{},"finish_reason":"tool_calls"}]`, "")
	chunk(`[]`, `,"usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}`)
	b.WriteString("data: [DONE]\n\n")
	return reply{sse: true, body: b.String()}
}

type wire struct {
	name       string
	make       func(url string) Provider
	toolCall   func(args string) reply
	text       func(string) reply
	stream     func(parts ...string) reply
	streamTool func(parts ...string) reply
	// toolResult finds the tool result in the second request: its text
	// and error flag.
	toolResult func(t *testing.T, req map[string]any) (string, bool)
	model      string
}

var wires = []wire{
	{name: "anthropic", model: "claude-test",
		make:     func(url string) Provider { return NewAnthropic(url, "test-key", "claude-test", nil) },
		toolCall: func(args string) reply { return anthropicToolCall(args) }, text: anthropicText, stream: anthropicStream, streamTool: anthropicStreamToolCall,
		toolResult: func(t *testing.T, req map[string]any) (string, bool) {
			msgs := req["messages"].([]any)
			last := msgs[len(msgs)-1].(map[string]any)
			if last["role"] != "user" {
				t.Fatalf("last message role %v, want user (tool results)", last["role"])
			}
			block := last["content"].([]any)[0].(map[string]any)
			if block["type"] != "tool_result" || block["tool_use_id"] != "tu_1" {
				t.Fatalf("tool result block = %v", block)
			}
			isErr, _ := block["is_error"].(bool)
			var text string
			switch c := block["content"].(type) {
			case string:
				text = c
			case []any:
				text = c[0].(map[string]any)["text"].(string)
			}
			return text, isErr
		}},
	{name: "openai", model: "gpt-test",
		make:     func(url string) Provider { return NewOpenAI(url, "", "gpt-test", nil) },
		toolCall: openaiToolCall, text: openaiText, stream: openaiStream, streamTool: openaiStreamToolCall,
		toolResult: func(t *testing.T, req map[string]any) (string, bool) {
			msgs := req["messages"].([]any)
			last := msgs[len(msgs)-1].(map[string]any)
			if last["role"] != "tool" || last["tool_call_id"] != "call_1" {
				t.Fatalf("last message = %v, want the tool result", last)
			}
			text, _ := last["content"].(string)
			return text, strings.HasPrefix(text, "error:")
		}},
}

func history() []Message { return []Message{{Role: RoleUser, Text: "Is 2028-11-04 free?"}} }

func TestWireFormats(t *testing.T) {
	for _, w := range wires {
		t.Run(w.name, func(t *testing.T) {
			t.Run("PlainReply", func(t *testing.T) {
				f := newFakeModel(t, w.text("Hello there"))
				turn, err := Loop{Provider: w.make(f.srv.URL), Tools: &echoTools{}, System: "be kind"}.Run(context.Background(), "t1", history(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if turn.Reply != "Hello there" || turn.Model != w.model || turn.Usage.InputTokens != 150 || turn.Usage.OutputTokens != 10 || turn.Rounds != 1 {
					t.Errorf("turn = %+v", turn)
				}
				req := f.request(0)
				if req["model"] != w.model || req["tools"] == nil {
					t.Errorf("request = %v", req)
				}
			})
			t.Run("StreamedReply", func(t *testing.T) {
				f := newFakeModel(t, w.stream("Hel", "lo ", "there"))
				var got []string
				turn, err := Loop{Provider: w.make(f.srv.URL), Tools: &echoTools{}}.Run(context.Background(), "t1", history(), func(s string) { got = append(got, s) })
				if err != nil {
					t.Fatal(err)
				}
				if turn.Reply != "Hello there" || strings.Join(got, "|") != "Hel|lo |there" || turn.Usage.OutputTokens != 10 {
					t.Errorf("turn = %+v, deltas %q", turn, got)
				}
				if req := f.request(0); req["stream"] != true {
					t.Errorf("request not streamed: %v", req["stream"])
				}
			})
			for _, streamed := range []bool{false, true} {
				t.Run(fmt.Sprintf("ValidToolCall/streamed=%v", streamed), func(t *testing.T) {
					first := w.toolCall(`{"date":"2028-11-04"}`)
					second := w.text("It is free.")
					var onText func(string)
					if streamed {
						first, second = w.streamTool(`{"date":`, `"2028-11-04"}`), w.stream("It is ", "free.")
						onText = func(string) {}
					}
					f := newFakeModel(t, first, second)
					tools := &echoTools{}
					turn, err := Loop{Provider: w.make(f.srv.URL), Tools: tools}.Run(context.Background(), "t1", history(), onText)
					if err != nil {
						t.Fatal(err)
					}
					if len(tools.calls) != 1 || tools.calls[0].Name != "check_availability" {
						t.Fatalf("tool calls = %+v", tools.calls)
					}
					text, isErr := w.toolResult(t, f.request(1))
					if isErr || !strings.Contains(text, `"available":true`) {
						t.Errorf("tool result sent back = %q error %v", text, isErr)
					}
					if turn.Reply != "It is free." || turn.Rounds != 2 || turn.Usage.InputTokens != 250 || turn.Usage.OutputTokens != 30 || len(turn.Messages) != 3 {
						t.Errorf("turn = %+v", turn)
					}
				})
			}
			t.Run("InvalidToolCall", func(t *testing.T) {
				f := newFakeModel(t, w.toolCall(`{"day":"tomorrow"}`), w.text("Sorry, which date?"))
				turn, err := Loop{Provider: w.make(f.srv.URL), Tools: &echoTools{}}.Run(context.Background(), "t1", history(), nil)
				if err != nil {
					t.Fatalf("a bad tool call must not fail the turn: %v", err)
				}
				text, isErr := w.toolResult(t, f.request(1))
				if !isErr || !strings.Contains(text, "day") {
					t.Errorf("tool error sent back = %q error %v", text, isErr)
				}
				if turn.Reply != "Sorry, which date?" {
					t.Errorf("reply = %q", turn.Reply)
				}
			})
			t.Run("RoundsBounded", func(t *testing.T) {
				f := newFakeModel(t, w.toolCall(`{"date":"2028-11-04"}`), w.toolCall(`{"date":"2028-11-05"}`), w.toolCall(`{"date":"2028-11-06"}`))
				turn, err := Loop{Provider: w.make(f.srv.URL), Tools: &echoTools{}, MaxRounds: 2}.Run(context.Background(), "t1", history(), nil)
				if err != nil {
					t.Fatal(err)
				}
				if f.calls() != 2 || turn.Reply != roundsExhaustedReply {
					t.Errorf("calls %d, reply %q", f.calls(), turn.Reply)
				}
			})
			t.Run("ProviderErrorNotRetried", func(t *testing.T) {
				f := newFakeModel(t, reply{status: 400, body: `{"type":"error","error":{"type":"invalid_request_error","message":"bad model"}}`})
				p := Retrying{Provider: w.make(f.srv.URL), Sleep: noSleep(nil)}
				_, err := p.Complete(context.Background(), Request{Messages: history(), MaxTokens: 10}, nil)
				pe, ok := asProviderError(err)
				if !ok || pe.Status != 400 || f.calls() != 1 {
					t.Errorf("err = %v, calls %d; want one 400", err, f.calls())
				}
			})
			t.Run("ServerErrorRetried", func(t *testing.T) {
				f := newFakeModel(t, reply{status: 500, body: `{}`}, reply{status: 503, body: `{}`}, w.text("Back."))
				var waits []time.Duration
				p := Retrying{Provider: w.make(f.srv.URL), Sleep: noSleep(&waits)}
				resp, err := p.Complete(context.Background(), Request{Messages: history(), MaxTokens: 10}, nil)
				if err != nil || resp.Text != "Back." || len(waits) != 2 {
					t.Errorf("resp %+v err %v waits %v", resp, err, waits)
				}
			})
			t.Run("RateLimitRetryAfterHonoured", func(t *testing.T) {
				f := newFakeModel(t, reply{status: 429, header: map[string]string{"Retry-After": "3"}, body: `{}`}, w.text("Now."))
				var waits []time.Duration
				p := Retrying{Provider: w.make(f.srv.URL), Sleep: noSleep(&waits), Budget: 10 * time.Second}
				resp, err := p.Complete(context.Background(), Request{Messages: history(), MaxTokens: 10}, nil)
				if err != nil || resp.Text != "Now." || len(waits) != 1 || waits[0] != 3*time.Second {
					t.Errorf("resp %+v err %v waits %v; want one wait of 3s", resp, err, waits)
				}
			})
			t.Run("RateLimitBeyondBudgetFailsAtOnce", func(t *testing.T) {
				f := newFakeModel(t, reply{status: 429, header: map[string]string{"Retry-After": "120"}, body: `{}`}, w.text("Too late."))
				var waits []time.Duration
				p := Retrying{Provider: w.make(f.srv.URL), Sleep: noSleep(&waits), Budget: 10 * time.Second}
				_, err := p.Complete(context.Background(), Request{Messages: history(), MaxTokens: 10}, nil)
				pe, ok := asProviderError(err)
				if !ok || pe.Status != 429 || pe.RetryAfter != 120*time.Second || len(waits) != 0 || f.calls() != 1 {
					t.Errorf("err %v waits %v calls %d", err, waits, f.calls())
				}
			})
			t.Run("Timeout", func(t *testing.T) {
				f := newFakeModel(t, reply{hang: true}, reply{hang: true})
				var waits []time.Duration
				p := Retrying{Provider: w.make(f.srv.URL), Sleep: noSleep(&waits), Timeout: 50 * time.Millisecond, MaxAttempts: 2}
				_, err := p.Complete(context.Background(), Request{Messages: history(), MaxTokens: 10}, nil)
				pe, ok := asProviderError(err)
				if !ok || pe.Status != 0 || !strings.Contains(err.Error(), "no answer within") || f.calls() != 2 {
					t.Errorf("err %v calls %d; want a timeout after 2 attempts", err, f.calls())
				}
			})
		})
	}
}

// noSleep records the waits instead of sleeping.
func noSleep(waits *[]time.Duration) func(context.Context, time.Duration) error {
	return func(_ context.Context, d time.Duration) error {
		if waits != nil {
			*waits = append(*waits, d)
		}
		return nil
	}
}

func TestSchemaOf(t *testing.T) {
	s := SchemaOf[proposePackageChangeIn]()
	b, _ := json.Marshal(s)
	got := string(b)
	for _, want := range []string{`"required":["packageId","changes","reason"]`, `"additionalProperties":false`, `"active":{"description":"false hides the package from the storefront","type":"boolean"}`} {
		if !strings.Contains(got, want) {
			t.Errorf("schema %s lacks %s", got, want)
		}
	}
	if strings.Contains(got, "basePriceCents") {
		t.Errorf("the assistant's package changes must not offer a price: %s", got)
	}
}

// The real tools answer bad arguments as tool errors, never as failures.
func TestToolboxBadArguments(t *testing.T) {
	tb := &Toolbox{}
	cases := map[string]ToolCall{
		"unknown tool":   {ID: "1", Name: "publish_site", Input: json.RawMessage(`{}`)},
		"not JSON":       {ID: "2", Name: "check_availability", Input: json.RawMessage(`{"date":`)},
		"wrong type":     {ID: "3", Name: "check_availability", Input: json.RawMessage(`{"date":5}`)},
		"unknown member": {ID: "4", Name: "get_site_config", Input: json.RawMessage(`{"version":"x"}`)},
		"a price":        {ID: "5", Name: "propose_package_change", Input: json.RawMessage(`{"packageId":"p","changes":{"basePriceCents":1},"reason":"r"}`)},
	}
	for name, call := range cases {
		text, isErr, proposal, err := tb.Execute(context.Background(), "t1", call)
		if err != nil || !isErr || proposal != "" || !strings.HasPrefix(text, "error:") {
			t.Errorf("%s: text %q isErr %v err %v", name, text, isErr, err)
		}
	}
	if text, _, _, _ := tb.Execute(context.Background(), "t1", cases["a price"]); !strings.Contains(text, "prices") {
		t.Errorf("a price change is not explained: %q", text)
	}
}

// A resumed conversation (a finished tool turn, a message whose turn
// failed, then a new message) goes out in each API's shape: Anthropic's
// turns alternate (tool results and the following text share one user
// turn), OpenAI's carry the tool call and its result; the system prompt
// goes where each API wants it.
func TestResumedConversationWire(t *testing.T) {
	past := []Message{
		{Role: RoleUser, Text: "Is 2028-11-04 free?"},
		{Role: RoleAssistant, Text: "Checking.", ToolCalls: []ToolCall{{ID: "tu_0", Name: "check_availability", Input: json.RawMessage(`{"date":"2028-11-04"}`)}}},
		{Role: RoleTool, ToolCallID: "tu_0", ToolName: "check_availability", Text: `{"available":true}`},
		{Role: RoleAssistant, Text: "It is free."},
		{Role: RoleUser, Text: "And the 5th?"}, // its turn failed: no reply stored
		{Role: RoleUser, Text: "Hello again?"},
	}
	t.Run("anthropic", func(t *testing.T) {
		f := newFakeModel(t, anthropicText("Yes."))
		if _, err := NewAnthropic(f.srv.URL, "k", "claude-test", nil).Complete(context.Background(), Request{System: "be kind", Messages: past, MaxTokens: 10}, nil); err != nil {
			t.Fatal(err)
		}
		req := f.request(0)
		msgs := req["messages"].([]any)
		var roles []string
		for _, m := range msgs {
			roles = append(roles, m.(map[string]any)["role"].(string))
		}
		if strings.Join(roles, ",") != "user,assistant,user,assistant,user" {
			t.Errorf("roles = %v, want alternating turns", roles)
		}
		if last := msgs[4].(map[string]any)["content"].([]any); len(last) != 2 {
			t.Errorf("the two trailing user messages are not one turn: %v", last)
		}
		if sys, _ := json.Marshal(req["system"]); !strings.Contains(string(sys), "be kind") {
			t.Errorf("system = %s", sys)
		}
	})
	t.Run("openai", func(t *testing.T) {
		f := newFakeModel(t, openaiText("Yes."))
		if _, err := NewOpenAI(f.srv.URL, "", "gpt-test", nil).Complete(context.Background(), Request{System: "be kind", Messages: past, MaxTokens: 10}, nil); err != nil {
			t.Fatal(err)
		}
		msgs := f.request(0)["messages"].([]any)
		var roles []string
		for _, m := range msgs {
			roles = append(roles, m.(map[string]any)["role"].(string))
		}
		if strings.Join(roles, ",") != "system,user,assistant,tool,assistant,user,user" {
			t.Errorf("roles = %v", roles)
		}
		call := msgs[2].(map[string]any)["tool_calls"].([]any)[0].(map[string]any)
		if call["id"] != "tu_0" || call["function"].(map[string]any)["arguments"] != `{"date":"2028-11-04"}` {
			t.Errorf("tool call = %v", call)
		}
		if msgs[3].(map[string]any)["tool_call_id"] != "tu_0" {
			t.Errorf("tool result = %v", msgs[3])
		}
	})
}
