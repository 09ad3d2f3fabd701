package assistant

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"
)

// OpenAI speaks Chat Completions through the official SDK, to OpenAI or to
// any compatible server (Ollama, llama.cpp, vLLM) at baseURL. The SDK's
// own retries are off: Retrying owns timeouts and the retry budget.
type OpenAI struct {
	client openai.Client
	model  string
}

// NewOpenAI makes the adapter; baseURL "" is OpenAI's, client nil is
// http.DefaultClient. Local servers take any key; an empty one is sent as
// "none" so the SDK does not look for OPENAI_API_KEY.
func NewOpenAI(baseURL, apiKey, model string, client *http.Client) *OpenAI {
	if apiKey == "" {
		apiKey = "none"
	}
	opts := []option.RequestOption{option.WithAPIKey(apiKey), option.WithMaxRetries(0)}
	if baseURL != "" {
		opts = append(opts, option.WithBaseURL(baseURL))
	}
	if client != nil {
		opts = append(opts, option.WithHTTPClient(client))
	}
	return &OpenAI{client: openai.NewClient(opts...), model: model}
}

// Name is "openai".
func (o *OpenAI) Name() string { return "openai" }

// Complete makes one Chat Completions call, streamed when onText is set.
func (o *OpenAI) Complete(ctx context.Context, req Request, onText func(string)) (Response, error) {
	params := openai.ChatCompletionNewParams{Model: shared.ChatModel(o.model), Messages: openaiMessages(req)}
	if req.MaxTokens > 0 {
		params.MaxCompletionTokens = openai.Int(req.MaxTokens)
	}
	for _, t := range req.Tools {
		params.Tools = append(params.Tools, openai.ChatCompletionFunctionTool(shared.FunctionDefinitionParam{
			Name: t.Name, Description: openai.String(t.Description), Parameters: shared.FunctionParameters(t.Schema)}))
	}

	var msg openai.ChatCompletionMessage
	var out Response
	if onText == nil {
		c, err := o.client.Chat.Completions.New(ctx, params)
		if err != nil {
			return Response{}, o.wrap(err)
		}
		if len(c.Choices) == 0 {
			return Response{}, &ProviderError{Provider: o.Name(), Status: http.StatusBadGateway, Err: errors.New("the answer has no choices")}
		}
		msg, out.Model = c.Choices[0].Message, c.Model
		out.Usage = Usage{InputTokens: c.Usage.PromptTokens, OutputTokens: c.Usage.CompletionTokens}
	} else {
		params.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
		stream := o.client.Chat.Completions.NewStreaming(ctx, params)
		acc := openai.ChatCompletionAccumulator{}
		for stream.Next() {
			chunk := stream.Current()
			acc.AddChunk(chunk)
			if len(chunk.Choices) > 0 && chunk.Choices[0].Delta.Content != "" {
				onText(chunk.Choices[0].Delta.Content)
			}
		}
		err := stream.Err()
		stream.Close()
		if err != nil {
			return Response{}, o.wrap(err)
		}
		if len(acc.Choices) == 0 {
			return Response{}, &ProviderError{Provider: o.Name(), Status: http.StatusBadGateway, Err: errors.New("the stream has no choices")}
		}
		msg, out.Model = acc.Choices[0].Message, acc.Model
		out.Usage = Usage{InputTokens: acc.Usage.PromptTokens, OutputTokens: acc.Usage.CompletionTokens}
	}
	out.Text = msg.Content
	for _, c := range msg.ToolCalls {
		if c.Type != "" && c.Type != "function" {
			continue
		}
		out.ToolCalls = append(out.ToolCalls, ToolCall{ID: c.ID, Name: c.Function.Name, Input: []byte(c.Function.Arguments)})
	}
	return out, nil
}

// openaiMessages turns the conversation into Chat Completions messages;
// the system prompt is the first message.
func openaiMessages(req Request) []openai.ChatCompletionMessageParamUnion {
	var out []openai.ChatCompletionMessageParamUnion
	if req.System != "" {
		out = append(out, openai.SystemMessage(req.System))
	}
	for _, m := range req.Messages {
		switch m.Role {
		case RoleUser:
			out = append(out, openai.UserMessage(m.Text))
		case RoleAssistant:
			a := openai.ChatCompletionAssistantMessageParam{}
			if m.Text != "" {
				a.Content.OfString = openai.String(m.Text)
			}
			for _, c := range m.ToolCalls {
				a.ToolCalls = append(a.ToolCalls, openai.ChatCompletionMessageToolCallUnionParam{
					OfFunction: &openai.ChatCompletionMessageFunctionToolCallParam{ID: c.ID,
						Function: openai.ChatCompletionMessageFunctionToolCallFunctionParam{Name: c.Name, Arguments: string(c.Input)}}})
			}
			out = append(out, openai.ChatCompletionMessageParamUnion{OfAssistant: &a})
		case RoleTool:
			out = append(out, openai.ToolMessage(m.Text, m.ToolCallID))
		}
	}
	return out
}

func (o *OpenAI) wrap(err error) error {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		pe := &ProviderError{Provider: o.Name(), Status: apiErr.StatusCode, Err: err}
		if apiErr.Response != nil {
			pe.RetryAfter = retryAfter(apiErr.Response.Header, time.Now())
		}
		return pe
	}
	return &ProviderError{Provider: o.Name(), Err: err}
}
