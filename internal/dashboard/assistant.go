package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"mais/internal/apperr"
	"mais/internal/assistant"
	"mais/internal/audit"
	"mais/internal/httpx"
	"mais/internal/identity"
)

// This file is the assistant panel beside every tenant page (docs/API.md
// §12): the panel's markup is in the layout (assistant_panel.html), its
// behaviour in assets/assistant.js, and these routes feed it, on the
// cookie session like the rest of the dashboard. They answer HTML
// fragments the panel inserts (the thread, proposal cards), JSON for ids
// and errors, and the reply as server-sent events while it streams.

// Assistant is the assistant service (*assistant.Service) as the panel
// uses it; its errors are the JSON API's (UNAVAILABLE while it is off).
type Assistant interface {
	Enabled() bool
	Create(ctx context.Context, tenantID, userID string) (assistant.Conversation, error)
	List(ctx context.Context, tenantID, userID string) ([]assistant.Conversation, error)
	Get(ctx context.Context, tenantID, userID, id string) (assistant.Conversation, []assistant.StoredMessage, error)
	Send(ctx context.Context, tenantID, userID, id, text string, onText func(string)) (assistant.Turn, error)
	LimitSettings(ctx context.Context, tenantID string) (assistant.LimitSettings, error)
	SetLimits(ctx context.Context, tenantID string, p assistant.LimitsPatch) (assistant.LimitSettings, error)
}

// panelTurnTimeout bounds one turn asked from the panel, as the JSON
// API's: a local model may take most of a minute per call.
const panelTurnTimeout = 3 * time.Minute

// panelView is what the layout needs to draw the panel.
type panelView struct {
	On bool
	// Build is set on the site editor: proposals preview in its frame.
	Build bool
	// Key names the panel's entries in localStorage, per admin.
	Key string
}

func (h *Handler) panelView(v *view) *panelView {
	if !v.Tenant || v.S == nil {
		return nil
	}
	return &panelView{On: h.cfg.Assistant != nil && h.cfg.Assistant.Enabled(), Build: v.Nav == "site",
		Key: "mais.assistant." + v.S.P.UserID}
}

func (h *Handler) registerAssistantRoutes(m *httpx.Mux) {
	pr := func(pattern string, fn pageFunc) { m.Handle(pattern, pagePolicy, h.panelRoute(fn)) }
	pr("GET /admin/assistant/conversations", h.panelConversations)
	pr("POST /admin/assistant/conversations", h.panelCreate)
	pr("GET /admin/assistant/conversations/{id}", h.panelThread)
	pr("POST /admin/assistant/conversations/{id}/messages", h.panelSend)
	pr("POST /admin/assistant/proposals/{id}/approve", h.panelApprove)
	pr("POST /admin/assistant/proposals/{id}/reject", h.panelReject)
	m.Handle("GET /admin/assistant/proposals/{id}/preview/{page}", pagePolicy, h.tenantAdmin(h.proposalPreview))
	m.Handle("POST /admin/settings/assistant", pagePolicy, h.tenantAdmin(h.assistantLimitsSave))
}

// panelRoute runs fn for a tenant admin like tenantAdmin, but answers its
// failure as the JSON error envelope the panel shows, not as a page.
func (h *Handler) panelRoute(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s, err := h.admit(w, r, identity.RoleTenantAdmin)
		if s == nil && err == nil {
			return // redirected to the login page
		}
		if err == nil {
			r = r.WithContext(audit.WithActor(r.Context(), audit.Actor{Type: audit.ActorUser, ID: s.P.UserID}))
			err = fn(w, r, s)
		}
		if err != nil {
			httpx.Error(w, r, h.log, err)
		}
	})
}

func (h *Handler) assistantOn() (Assistant, error) {
	if h.cfg.Assistant == nil {
		return nil, assistant.ErrOff
	}
	return h.cfg.Assistant, nil
}

// panelConversations lists the admin's conversations to resume.
func (h *Handler) panelConversations(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.assistantOn()
	if err != nil {
		return err
	}
	list, err := a.List(r.Context(), s.Tenant.ID, s.P.UserID)
	if err != nil {
		return err
	}
	rows := make([]conversationRow, 0, len(list))
	for _, c := range list {
		title := c.Title
		if title == "" {
			title = "New conversation"
		}
		rows = append(rows, conversationRow{ID: c.ID, Title: title, When: when(c.UpdatedAt, s.Tenant.Location())})
	}
	return h.writeFragment(w, r, "assistant_conversations", rows)
}

type conversationRow struct{ ID, Title, When string }

func (h *Handler) panelCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.assistantOn()
	if err != nil {
		return err
	}
	c, err := a.Create(r.Context(), s.Tenant.ID, s.P.UserID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]string{"id": c.ID})
	return nil
}

// threadItem is one entry of the thread: a message or a proposal card.
type threadItem struct {
	Role string // "user", "assistant" or "card"
	Text string
	Card *cardView
}

// panelThread answers the conversation's messages as the panel shows
// them: the admin's and the assistant's texts, and a card for each
// proposal the assistant filed (tool calls and their results stay out).
func (h *Handler) panelThread(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.assistantOn()
	if err != nil {
		return err
	}
	_, msgs, err := a.Get(r.Context(), s.Tenant.ID, s.P.UserID, r.PathValue("id"))
	if err != nil {
		return err
	}
	// A turn's cards follow its reply, as when it streamed.
	var items, cards []threadItem
	for _, m := range msgs {
		switch {
		case m.Role == assistant.RoleUser:
			items, cards = append(append(items, cards...), threadItem{Role: m.Role, Text: m.Text}), nil
		case m.Role == assistant.RoleAssistant && strings.TrimSpace(m.Text) != "":
			items = append(items, threadItem{Role: m.Role, Text: m.Text})
		case m.Role == assistant.RoleTool && !m.IsError:
			if id := filedProposal(m.Text); id != "" {
				c, err := h.card(r.Context(), s, id)
				if err != nil {
					return err
				}
				cards = append(cards, threadItem{Role: "card", Card: c})
			}
		}
	}
	return h.writeFragment(w, r, "assistant_thread", append(items, cards...))
}

// filedProposal is the id of the proposal a propose_* tool result names.
func filedProposal(result string) string {
	var out struct {
		ProposalID string `json:"proposalId"`
	}
	if json.Unmarshal([]byte(result), &out) != nil {
		return ""
	}
	return out.ProposalID
}

// panelSend sends the admin's message (form field "text") and streams the
// turn as server-sent events: "delta" {"text"} while the reply arrives,
// then "done" {"reply", "proposalIds", "cards"} (cards: the HTML of the
// proposals filed) or "error" {"error", "message"}. What fails before the
// model is called (validation, 404, 429, 503) is an ordinary JSON error.
func (h *Handler) panelSend(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.assistantOn()
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	started := false
	send := func(event string, v any) {
		if !started {
			started = true
			hd := w.Header()
			hd.Set("Content-Type", "text/event-stream")
			hd.Set("X-Accel-Buffering", "no")
			w.WriteHeader(http.StatusOK)
		}
		b, _ := json.Marshal(v)
		_, _ = w.Write([]byte("event: " + event + "\ndata: " + string(b) + "\n\n"))
		_ = rc.Flush()
	}
	ctx, cancel := httpx.LongRunning(w, r, panelTurnTimeout)
	defer cancel()
	turn, err := a.Send(ctx, s.Tenant.ID, s.P.UserID, r.PathValue("id"), r.PostForm.Get("text"), func(text string) {
		send("delta", map[string]string{"text": text})
	})
	if err == nil {
		var cards []threadItem
		for _, id := range turn.ProposalIDs {
			c, cerr := h.card(r.Context(), s, id)
			if cerr != nil {
				err = cerr
				break
			}
			cards = append(cards, threadItem{Role: "card", Card: c})
		}
		if err == nil {
			html, rerr := h.pages.Render("assistant_thread", cards)
			if rerr == nil {
				ids := turn.ProposalIDs
				if ids == nil {
					ids = []string{}
				}
				send("done", map[string]any{"reply": turn.Reply, "proposalIds": ids, "cards": string(html)})
				return nil
			}
			err = rerr
		}
	}
	if !started {
		return err
	}
	_, body := httpx.Describe(r, h.log, err)
	msg := body.Message
	var e *apperr.Error
	if !errors.As(err, &e) {
		msg = "the assistant could not finish its reply"
	}
	send("error", map[string]string{"error": body.Error, "message": sentence(msg), "requestId": body.RequestID})
	return nil
}

// writeFragment answers a piece of HTML the panel inserts.
func (h *Handler) writeFragment(w http.ResponseWriter, r *http.Request, name string, data any) error {
	body, err := h.pages.Render(name, data)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentPolicy)
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	return nil
}
