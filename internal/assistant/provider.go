// Package assistant is the agent-first admin's assistant (docs/API.md §12):
// a conversation loop between a model and a fixed set of tools, behind one
// small Provider interface with two adapters (Anthropic's Messages API and
// any OpenAI-compatible Chat Completions server). The assistant reads the
// tenant's site, packages and bookings and files proposals; it never
// publishes, changes prices or touches bookings.
package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Roles of a Message.
const (
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool"
)

// Message is one entry of a conversation in the provider-neutral form the
// store keeps. A user message has Text; an assistant message has Text
// and/or ToolCalls; a tool message answers one call (ToolCallID, ToolName)
// with Text, an error when IsError.
type Message struct {
	Role       string     `json:"role"`
	Text       string     `json:"text,omitempty"`
	ToolCalls  []ToolCall `json:"toolCalls,omitempty"`
	ToolCallID string     `json:"toolCallId,omitempty"`
	ToolName   string     `json:"toolName,omitempty"`
	IsError    bool       `json:"isError,omitempty"`
}

// ToolCall is the model asking for one tool; Input is its arguments as
// the model wrote them (possibly not even JSON).
type ToolCall struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
}

// ToolSpec describes a tool to the model: Schema is a JSON Schema object.
type ToolSpec struct {
	Name        string
	Description string
	Schema      map[string]any
}

// Request is one model call.
type Request struct {
	System    string
	Messages  []Message
	Tools     []ToolSpec
	MaxTokens int64
}

// Usage counts the tokens of one model call.
type Usage struct {
	InputTokens  int64
	OutputTokens int64
}

// Response is the model's answer to one Request.
type Response struct {
	Text      string
	ToolCalls []ToolCall
	Usage     Usage
	Model     string
}

// Provider is a model behind some API. Complete makes one call; with
// onText set it streams and passes each piece of reply text to onText as
// it arrives (the Response still holds the whole text). Errors of the
// remote side are *ProviderError.
type Provider interface {
	Complete(ctx context.Context, req Request, onText func(string)) (Response, error)
	// Name is the provider's name ("anthropic", "openai") for the record.
	Name() string
}

// ProviderError is a failed model call: Status is the HTTP status (0 when
// the call did not get an answer: timeout, connection refused) and
// RetryAfter what the provider asked us to wait (0 when it did not say).
type ProviderError struct {
	Provider   string
	Status     int
	RetryAfter time.Duration
	Err        error
}

func (e *ProviderError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("%s: %v", e.Provider, e.Err)
	}
	return fmt.Sprintf("%s: HTTP %d: %v", e.Provider, e.Status, e.Err)
}

func (e *ProviderError) Unwrap() error { return e.Err }

// Retryable says whether another attempt may succeed: no answer, 408,
// 409, 429 and 5xx.
func (e *ProviderError) Retryable() bool {
	switch {
	case e.Status == 0, e.Status == 408, e.Status == 409, e.Status == 429, e.Status >= 500:
		return true
	}
	return false
}

// asProviderError finds the ProviderError in err, if any.
func asProviderError(err error) (*ProviderError, bool) {
	var pe *ProviderError
	ok := errors.As(err, &pe)
	return pe, ok
}
