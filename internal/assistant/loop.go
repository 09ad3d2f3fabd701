package assistant

import (
	"context"
	"fmt"
	"time"
)

// Defaults of Loop.
const (
	DefaultMaxRounds = 6
	DefaultMaxTokens = 2048
)

// Executor runs the model's tool calls for one tenant. Execute answers
// the model's call: result is the text the model reads; isError marks a
// call the model got wrong (unknown tool, bad arguments, a refused
// proposal), which the model reads and may correct. proposalID is set when
// the call filed a proposal. A non-nil err is a failure of ours (the store
// is down) and ends the turn.
type Executor interface {
	Specs() []ToolSpec
	Execute(ctx context.Context, tenantID string, call ToolCall) (result string, isError bool, proposalID string, err error)
}

// Loop is the conversation loop: model, then the tools it asked for, then
// the model again with their results, until it answers without a tool
// call or MaxRounds model calls were made.
type Loop struct {
	Provider  Provider
	Tools     Executor
	System    string
	MaxRounds int   // DefaultMaxRounds when 0
	MaxTokens int64 // per model call, DefaultMaxTokens when 0
	Now       func() time.Time
}

// Turn is what one user message produced: the messages to append to the
// conversation (assistant and tool messages, in order), the final reply,
// the proposals filed, the tokens of all model calls, the model's name and
// the time the turn took.
type Turn struct {
	Messages    []Message
	Reply       string
	ProposalIDs []string
	Usage       Usage
	Model       string
	Latency     time.Duration
	Rounds      int
}

// ErrRoundsExhausted's text is the reply when the model still wanted
// tools after MaxRounds calls.
const roundsExhaustedReply = "I stopped here because this request needed more steps than I may take at once. Please ask again, perhaps in smaller parts."

// Run answers the last user message of history (which ends with it).
// onText, when set, receives the reply text as it streams.
func (l Loop) Run(ctx context.Context, tenantID string, history []Message, onText func(string)) (Turn, error) {
	now := l.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	rounds := l.MaxRounds
	if rounds <= 0 {
		rounds = DefaultMaxRounds
	}
	maxTokens := l.MaxTokens
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	var t Turn
	msgs := append([]Message(nil), history...)
	specs := l.Tools.Specs()
	for t.Rounds < rounds {
		t.Rounds++
		resp, err := l.Provider.Complete(ctx, Request{System: l.System, Messages: msgs, Tools: specs, MaxTokens: maxTokens}, onText)
		if err != nil {
			return t, fmt.Errorf("assistant: model call %d: %w", t.Rounds, err)
		}
		t.Usage.InputTokens += resp.Usage.InputTokens
		t.Usage.OutputTokens += resp.Usage.OutputTokens
		if resp.Model != "" {
			t.Model = resp.Model
		}
		reply := Message{Role: RoleAssistant, Text: resp.Text, ToolCalls: resp.ToolCalls}
		msgs = append(msgs, reply)
		t.Messages = append(t.Messages, reply)
		if resp.Text != "" {
			t.Reply = resp.Text
		}
		if len(resp.ToolCalls) == 0 {
			t.Latency = now().Sub(start)
			return t, nil
		}
		for _, call := range resp.ToolCalls {
			result, isError, proposalID, err := l.Tools.Execute(ctx, tenantID, call)
			if err != nil {
				return t, fmt.Errorf("assistant: tool %s: %w", call.Name, err)
			}
			if proposalID != "" {
				t.ProposalIDs = append(t.ProposalIDs, proposalID)
			}
			m := Message{Role: RoleTool, ToolCallID: call.ID, ToolName: call.Name, Text: result, IsError: isError}
			msgs = append(msgs, m)
			t.Messages = append(t.Messages, m)
		}
	}
	// The model still wanted tools: close the turn with a reply of ours so
	// the stored conversation ends with an assistant message.
	end := Message{Role: RoleAssistant, Text: roundsExhaustedReply}
	t.Messages = append(t.Messages, end)
	t.Reply = end.Text
	if onText != nil {
		onText(end.Text)
	}
	t.Latency = now().Sub(start)
	return t, nil
}
