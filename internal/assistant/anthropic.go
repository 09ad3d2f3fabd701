package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
)

// Anthropic speaks the Messages API through the official SDK. The SDK's
// own retries are off: Retrying owns timeouts and the retry budget.
type Anthropic struct {
	client anthropic.Client
	model  string
}

// NewAnthropic makes the adapter; baseURL "" is Anthropic's, client nil is
// http.DefaultClient.
func NewAnthropic(baseURL, apiKey, model string, client *http.Client) *Anthropic {
	opts := []option.RequestOption{option.WithAPIKey(apiKey), option.WithMaxRetries(0)}
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(baseURL))
	}
	if client != nil {
		opts = append(opts, option.WithHTTPClient(client))
	}
	return &Anthropic{client: anthropic.NewClient(opts...), model: model}
}

// Name is "anthropic".
func (a *Anthropic) Name() string { return "anthropic" }

// Complete makes one Messages call, streamed when onText is set.
func (a *Anthropic) Complete(ctx context.Context, req Request, onText func(string)) (Response, error) {
	params := anthropic.MessageNewParams{
		Model:     anthropic.Model(a.model),
		MaxTokens: req.MaxTokens,
		Messages:  anthropicMessages(req.Messages),
	}
	if req.System != "" {
		params.System = []anthropic.TextBlockParam{{Text: req.System}}
	}
	for _, t := range req.Tools {
		schema := anthropic.ToolInputSchemaParam{Properties: t.Schema["properties"]}
		if r, ok := t.Schema["required"].([]string); ok {
			schema.Required = r
		}
		params.Tools = append(params.Tools, anthropic.ToolUnionParam{OfTool: &anthropic.ToolParam{
			Name: t.Name, Description: anthropic.String(t.Description), InputSchema: schema}})
	}

	var msg anthropic.Message
	if onText == nil {
		m, err := a.client.Messages.New(ctx, params)
		if err != nil {
			return Response{}, a.wrap(err)
		}
		msg = *m
	} else {
		stream := a.client.Messages.NewStreaming(ctx, params)
		for stream.Next() {
			ev := stream.Current()
			if err := msg.Accumulate(ev); err != nil {
				stream.Close()
				return Response{}, a.wrap(err)
			}
			if ev.Type == "content_block_delta" && ev.Delta.Type == "text_delta" && ev.Delta.Text != "" {
				onText(ev.Delta.Text)
			}
		}
		err := stream.Err()
		stream.Close()
		if err != nil {
			return Response{}, a.wrap(err)
		}
	}

	out := Response{Model: string(msg.Model), Usage: Usage{InputTokens: msg.Usage.InputTokens, OutputTokens: msg.Usage.OutputTokens}}
	for _, b := range msg.Content {
		switch b.Type {
		case "text":
			out.Text += b.Text
		case "tool_use":
			out.ToolCalls = append(out.ToolCalls, ToolCall{ID: b.ID, Name: b.Name, Input: append(json.RawMessage(nil), b.Input...)})
		}
	}
	return out, nil
}

// anthropicMessages turns the conversation into Messages API turns: tool
// results travel in a user turn, all results of one assistant turn
// together, and consecutive user content (tool results then the next
// message, or a message whose turn failed then the next) is one user turn,
// so user and assistant turns alternate.
func anthropicMessages(msgs []Message) []anthropic.MessageParam {
	var out []anthropic.MessageParam
	addUser := func(blocks ...anthropic.ContentBlockParamUnion) {
		if n := len(out); n > 0 && out[n-1].Role == anthropic.MessageParamRoleUser {
			out[n-1].Content = append(out[n-1].Content, blocks...)
			return
		}
		out = append(out, anthropic.NewUserMessage(blocks...))
	}
	for i := 0; i < len(msgs); i++ {
		m := msgs[i]
		switch m.Role {
		case RoleUser:
			addUser(anthropic.NewTextBlock(m.Text))
		case RoleAssistant:
			var blocks []anthropic.ContentBlockParamUnion
			if m.Text != "" {
				blocks = append(blocks, anthropic.NewTextBlock(m.Text))
			}
			for _, c := range m.ToolCalls {
				blocks = append(blocks, anthropic.NewToolUseBlock(c.ID, toolInputObject(c.Input), c.Name))
			}
			if len(blocks) > 0 {
				out = append(out, anthropic.NewAssistantMessage(blocks...))
			}
		case RoleTool:
			var blocks []anthropic.ContentBlockParamUnion
			for ; i < len(msgs) && msgs[i].Role == RoleTool; i++ {
				blocks = append(blocks, anthropic.NewToolResultBlock(msgs[i].ToolCallID, msgs[i].Text, msgs[i].IsError))
			}
			i--
			addUser(blocks...)
		}
	}
	return out
}

// toolInputObject is the call's input as sent back to the API, which wants
// an object: input that was not a JSON object becomes {}.
func toolInputObject(raw json.RawMessage) any {
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return map[string]any{}
	}
	return json.RawMessage(raw)
}

func (a *Anthropic) wrap(err error) error {
	var apiErr *anthropic.Error
	if errors.As(err, &apiErr) {
		pe := &ProviderError{Provider: a.Name(), Status: apiErr.StatusCode, Err: err}
		if apiErr.Response != nil {
			pe.RetryAfter = retryAfter(apiErr.Response.Header, time.Now())
		}
		return pe
	}
	return &ProviderError{Provider: a.Name(), Err: err}
}
