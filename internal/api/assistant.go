package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/assistant"
	"mais/internal/httpx"
)

// registerAssistantRoutes adds the assistant of docs/API.md §12; every
// route answers 503 UNAVAILABLE while no model is configured.
func (s *Server) registerAssistantRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/assistant/conversations", adminPolicy, s.json(s.TenantAdminOnly(s.listConversations)))
	m.Handle("POST /v1/admin/assistant/conversations", adminPolicy, s.json(s.TenantAdminOnly(s.createConversation)))
	m.Handle("GET /v1/admin/assistant/conversations/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.getConversation)))
	m.Handle("POST /v1/admin/assistant/conversations/{id}/messages", adminPolicy, s.json(s.TenantAdminOnly(s.sendMessage)))
	m.Handle("POST /v1/admin/assistant/conversations/{id}/messages/stream", adminPolicy, s.json(s.TenantAdminOnly(s.streamMessage)))
	m.Handle("GET /v1/admin/settings/assistant", adminPolicy, s.json(s.TenantAdminOnly(s.getAssistantLimits)))
	m.Handle("PATCH /v1/admin/settings/assistant", adminPolicy, s.json(s.TenantAdminOnly(s.patchAssistantLimits)))
}

// getAssistantLimits answers the tenant's limits on the assistant (0: the
// platform's default) and the defaults; readable while the assistant is off.
func (s *Server) getAssistantLimits(w http.ResponseWriter, r *http.Request) error {
	l, err := s.Assistant.LimitSettings(r.Context(), PrincipalFrom(r.Context()).TenantID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) patchAssistantLimits(w http.ResponseWriter, r *http.Request) error {
	var p assistant.LimitsPatch
	if err := httpx.Decode(w, r, 4<<10, &p); err != nil {
		return err
	}
	l, err := s.Assistant.SetLimits(r.Context(), PrincipalFrom(r.Context()).TenantID, p)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, l)
	return nil
}

// turnTimeout bounds one assistant turn (up to six model calls and their
// tools): longer than the edge's request deadline, as a local model may
// take most of a minute per call.
const turnTimeout = 3 * time.Minute

// maxMessageBody bounds a message request: 10 000 characters of up to 4
// bytes, JSON-escaped, with room to spare.
const maxMessageBody = 64 << 10

// ConversationJSON is a conversation in a list.
type ConversationJSON struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// MessageJSON is one stored message; tool messages carry the tool's name
// and whether it failed, the closing assistant message of a turn its
// model, tokens and latency.
type MessageJSON struct {
	Seq          int                  `json:"seq"`
	Role         string               `json:"role"`
	Text         string               `json:"text"`
	ToolCalls    []assistant.ToolCall `json:"toolCalls,omitempty"`
	ToolName     string               `json:"toolName,omitempty"`
	IsError      bool                 `json:"isError,omitempty"`
	CreatedAt    time.Time            `json:"createdAt"`
	Model        string               `json:"model,omitempty"`
	InputTokens  int64                `json:"inputTokens,omitempty"`
	OutputTokens int64                `json:"outputTokens,omitempty"`
	LatencyMS    int64                `json:"latencyMs,omitempty"`
}

// ReplyJSON answers a message: the assistant's reply and the proposals it
// filed for review.
type ReplyJSON struct {
	Reply       string   `json:"reply"`
	ProposalIDs []string `json:"proposalIds"`
}

func conversationJSON(c assistant.Conversation) ConversationJSON {
	return ConversationJSON{ID: c.ID, Title: c.Title, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

func replyJSON(t assistant.Turn) ReplyJSON {
	ids := t.ProposalIDs
	if ids == nil {
		ids = []string{}
	}
	return ReplyJSON{Reply: t.Reply, ProposalIDs: ids}
}

func (s *Server) listConversations(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	list, err := s.Assistant.List(r.Context(), p.TenantID, p.UserID)
	if err != nil {
		return err
	}
	out := make([]ConversationJSON, 0, len(list))
	for _, c := range list {
		out = append(out, conversationJSON(c))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createConversation(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	c, err := s.Assistant.Create(r.Context(), p.TenantID, p.UserID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]string{"id": c.ID})
	return nil
}

func (s *Server) getConversation(w http.ResponseWriter, r *http.Request) error {
	p := PrincipalFrom(r.Context())
	c, msgs, err := s.Assistant.Get(r.Context(), p.TenantID, p.UserID, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]MessageJSON, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, MessageJSON{Seq: m.Seq, Role: m.Role, Text: m.Text, ToolCalls: m.ToolCalls, ToolName: m.ToolName,
			IsError: m.IsError, CreatedAt: m.CreatedAt.UTC(), Model: m.Model, InputTokens: m.InputTokens,
			OutputTokens: m.OutputTokens, LatencyMS: m.LatencyMS})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"conversation": conversationJSON(c), "messages": out})
	return nil
}

type messageIn struct {
	Text string `json:"text" text:"multiline"`
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) error {
	var in messageIn // bad input and unknown ids are 400/404 even while the assistant is off
	if err := httpx.Decode(w, r, maxMessageBody, &in); err != nil {
		return err
	}
	p := PrincipalFrom(r.Context())
	ctx, cancel := httpx.LongRunning(w, r, turnTimeout)
	defer cancel()
	t, err := s.Assistant.Send(ctx, p.TenantID, p.UserID, r.PathValue("id"), in.Text, nil)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, replyJSON(t))
	return nil
}

// streamMessage is sendMessage as server-sent events, for the panel:
// "delta" events {"text"} as the reply streams, then one "done"
// {"reply","proposalIds"} or one "error" (the error envelope). Errors
// found before the model is called (validation, 404, 429, 503) are
// ordinary JSON answers.
func (s *Server) streamMessage(w http.ResponseWriter, r *http.Request) error {
	var in messageIn // bad input and unknown ids are 400/404 even while the assistant is off
	if err := httpx.Decode(w, r, maxMessageBody, &in); err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	started := false
	start := func() {
		if started {
			return
		}
		started = true
		h := w.Header()
		h.Set("Content-Type", "text/event-stream")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Accel-Buffering", "no")
		w.WriteHeader(http.StatusOK)
	}
	send := func(event string, v any) {
		start()
		b, _ := json.Marshal(v)
		_, _ = w.Write([]byte("event: " + event + "\ndata: " + string(b) + "\n\n"))
		_ = rc.Flush()
	}
	p := PrincipalFrom(r.Context())
	ctx, cancel := httpx.LongRunning(w, r, turnTimeout)
	defer cancel()
	t, err := s.Assistant.Send(ctx, p.TenantID, p.UserID, r.PathValue("id"), in.Text, func(text string) {
		send("delta", map[string]string{"text": text})
	})
	if err != nil {
		if !started {
			return err
		}
		code := apperr.Code(err)
		msg := "the assistant could not finish its reply"
		var e *apperr.Error
		if errors.As(err, &e) && e.Code != apperr.CodeInternal {
			msg = e.Message
		}
		if code == apperr.CodeInternal {
			s.Logger.ErrorContext(r.Context(), "assistant stream failed", "err", err)
		}
		send("error", map[string]string{"error": code, "message": msg, "requestId": w.Header().Get("X-Request-Id")})
		return nil
	}
	send("done", replyJSON(t))
	return nil
}
