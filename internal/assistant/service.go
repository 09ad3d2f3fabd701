package assistant

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/textin"
)

// Conversation is one thread of one tenant admin with the assistant.
type Conversation struct {
	ID        string
	TenantID  string
	UserID    string
	Title     string // the start of the first message
	CreatedAt time.Time
	UpdatedAt time.Time
}

// StoredMessage is a Message as kept: its place (Seq from 1) and time, and
// for the assistant message that closes a turn, the turn's record: model,
// tokens of all its model calls, latency.
type StoredMessage struct {
	Message
	Seq          int
	CreatedAt    time.Time
	Model        string
	InputTokens  int64
	OutputTokens int64
	LatencyMS    int64
}

// Store keeps conversations. Every read is scoped by tenant and admin: a
// conversation of another tenant or another admin is NOT_FOUND.
type Store interface {
	CreateConversation(ctx context.Context, c Conversation) error
	Conversation(ctx context.Context, tenantID, userID, id string) (Conversation, error)
	// ListConversations returns the admin's conversations, most recently
	// active first.
	ListConversations(ctx context.Context, tenantID, userID string, limit int) ([]Conversation, error)
	// ConversationMessages returns the messages in order.
	ConversationMessages(ctx context.Context, tenantID, conversationID string) ([]StoredMessage, error)
	// AppendMessages numbers msgs after the last stored one, stores them
	// and marks the conversation active at at.
	AppendMessages(ctx context.Context, tenantID, conversationID string, msgs []StoredMessage, at time.Time) error
	// AddUserMessage appends m unless the tenant has max user messages at
	// or after since already (ok false, nothing written), exactly under
	// concurrency.
	AddUserMessage(ctx context.Context, tenantID, conversationID string, m StoredMessage, since time.Time, max int) (ok bool, err error)
	// TokensSince sums the tenant's recorded tokens (input and output) at
	// or after since.
	TokensSince(ctx context.Context, tenantID string, since time.Time) (int64, error)
}

// Limits bound the use of the assistant, per tenant: the platform's
// defaults, which a business's own TenantLimits override (limits.go).
type Limits struct {
	MaxChars    int           // characters of one message (10 000)
	Messages    int           // user messages per Window (30)
	Window      time.Duration // (5 minutes)
	DailyTokens int64         // tokens per UTC day, all admins together (500 000)
}

// DefaultLimits are those of docs/API.md §12.
var DefaultLimits = Limits{MaxChars: 10_000, Messages: 30, Window: 5 * time.Minute, DailyTokens: 500_000}

// Service runs conversations. Provider nil means the assistant is off:
// every method answers UNAVAILABLE.
type Service struct {
	Store    Store
	Provider Provider
	Tools    Executor
	Limits   Limits
	Now      func() time.Time
	Logger   *slog.Logger
}

// ErrOff is the answer of every method while no provider is configured.
var ErrOff = &apperr.Error{Code: apperr.CodeUnavailable, Message: "the assistant is off: set MAIS_AI_PROVIDER (anthropic or openai), MAIS_AI_MODEL and MAIS_AI_API_KEY (and MAIS_AI_BASE_URL for a local or compatible server) to turn it on"}

// Enabled reports whether a provider is configured.
func (s *Service) Enabled() bool { return s != nil && s.Provider != nil }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Create starts a conversation of the admin.
func (s *Service) Create(ctx context.Context, tenantID, userID string) (Conversation, error) {
	if !s.Enabled() {
		return Conversation{}, ErrOff
	}
	now := s.now()
	c := Conversation{ID: uuid.NewString(), TenantID: tenantID, UserID: userID, CreatedAt: now, UpdatedAt: now}
	if err := s.Store.CreateConversation(ctx, c); err != nil {
		return Conversation{}, fmt.Errorf("assistant: create conversation: %w", err)
	}
	return c, nil
}

// List returns the admin's conversations, most recently active first.
func (s *Service) List(ctx context.Context, tenantID, userID string) ([]Conversation, error) {
	if !s.Enabled() {
		return nil, ErrOff
	}
	return s.Store.ListConversations(ctx, tenantID, userID, 50)
}

// Get returns one of the admin's conversations with its messages.
func (s *Service) Get(ctx context.Context, tenantID, userID, id string) (Conversation, []StoredMessage, error) {
	if err := s.checkOn(ctx, tenantID, userID, id); err != nil {
		return Conversation{}, nil, err
	}
	c, err := s.Store.Conversation(ctx, tenantID, userID, id)
	if err != nil {
		return Conversation{}, nil, err
	}
	msgs, err := s.Store.ConversationMessages(ctx, tenantID, id)
	return c, msgs, err
}

// Send adds the admin's text to the conversation and runs the turn it
// starts; onText, when set, receives the reply as it streams. Errors:
// VALIDATION_ERROR (empty, too long, control characters), NOT_FOUND,
// TOO_MANY_REQUESTS (messages per window, tokens per day), UNAVAILABLE
// (off, or the model could not be reached within the retry budget).
func (s *Service) Send(ctx context.Context, tenantID, userID, id, text string, onText func(string)) (Turn, error) {
	if s == nil {
		return Turn{}, ErrOff
	}
	lim, err := s.limitsFor(ctx, tenantID)
	if err != nil {
		return Turn{}, err
	}
	text = strings.TrimSpace(text)
	why := textin.Problem(text, textin.Multiline)
	switch {
	case text == "":
		return Turn{}, apperr.Validation("the message is empty", map[string]string{"text": "required"})
	case why != "":
		return Turn{}, apperr.Validation("the message holds characters that are not allowed", map[string]string{"text": why})
	case textin.Len(text) > lim.MaxChars:
		return Turn{}, apperr.Validation("the message is too long", map[string]string{"text": fmt.Sprintf("at most %d characters", lim.MaxChars)})
	}
	if err := s.checkOn(ctx, tenantID, userID, id); err != nil {
		return Turn{}, err
	}
	conv, err := s.Store.Conversation(ctx, tenantID, userID, id)
	if err != nil {
		return Turn{}, err
	}
	now := s.now()
	day := now.Truncate(24 * time.Hour)
	if used, err := s.Store.TokensSince(ctx, tenantID, day); err != nil {
		return Turn{}, err
	} else if used >= lim.DailyTokens {
		return Turn{}, &apperr.Error{Code: apperr.CodeTooManyRequests, RetryAfterSeconds: int(day.Add(24*time.Hour).Sub(now) / time.Second),
			Message: "the assistant's daily allowance for this business is used up; it renews at midnight UTC"}
	}

	history, err := s.Store.ConversationMessages(ctx, tenantID, id)
	if err != nil {
		return Turn{}, err
	}
	user := StoredMessage{Message: Message{Role: RoleUser, Text: text}, CreatedAt: now}
	if ok, err := s.Store.AddUserMessage(ctx, tenantID, id, user, now.Add(-lim.Window), lim.Messages); err != nil {
		return Turn{}, fmt.Errorf("assistant: store message: %w", err)
	} else if !ok {
		return Turn{}, &apperr.Error{Code: apperr.CodeTooManyRequests, RetryAfterSeconds: int(lim.Window / time.Second),
			Message: fmt.Sprintf("at most %d messages to the assistant per %s for this business; try again in a few minutes", lim.Messages, lim.Window)}
	}
	msgs := make([]Message, 0, len(history)+1)
	for _, m := range history {
		msgs = append(msgs, m.Message)
	}
	msgs = append(msgs, user.Message)

	// Proposals filed in this turn are the assistant's, asked in this
	// conversation.
	toolCtx := audit.WithActor(ctx, audit.Actor{Type: audit.ActorAssistant, ID: conv.ID})
	loop := Loop{Provider: s.Provider, Tools: s.Tools, System: SystemPrompt, Now: s.Now}
	turn, err := loop.Run(toolCtx, tenantID, msgs, onText)
	if err != nil {
		if _, ok := asProviderError(err); ok || errors.Is(err, context.DeadlineExceeded) {
			s.log(ctx, "assistant turn failed", tenantID, id, err)
			return Turn{}, apperr.Unavailable(err, "the assistant's model did not answer; try again in a moment")
		}
		return Turn{}, err
	}
	end := s.now()
	stored := make([]StoredMessage, len(turn.Messages))
	for i, m := range turn.Messages {
		stored[i] = StoredMessage{Message: m, CreatedAt: end}
	}
	last := &stored[len(stored)-1]
	last.Model, last.InputTokens, last.OutputTokens, last.LatencyMS = turn.Model, turn.Usage.InputTokens, turn.Usage.OutputTokens, turn.Latency.Milliseconds()
	if err := s.Store.AppendMessages(ctx, tenantID, id, stored, end); err != nil {
		return Turn{}, fmt.Errorf("assistant: store turn: %w", err)
	}
	if s.Logger != nil {
		s.Logger.InfoContext(ctx, "assistant turn", "tenant", tenantID, "conversation", id, "model", turn.Model,
			"input_tokens", turn.Usage.InputTokens, "output_tokens", turn.Usage.OutputTokens,
			"latency_ms", turn.Latency.Milliseconds(), "rounds", turn.Rounds, "proposals", len(turn.ProposalIDs))
	}
	return turn, nil
}

// checkOn answers ErrOff while the assistant is off, after NOT_FOUND for
// a conversation that does not exist (conversations stay in the store when
// the operator turns the model off): bad input and unknown ids are the
// client's mistake whatever the configuration.
func (s *Service) checkOn(ctx context.Context, tenantID, userID, id string) error {
	if s.Enabled() {
		return nil
	}
	if s != nil && s.Store != nil {
		if _, err := s.Store.Conversation(ctx, tenantID, userID, id); err != nil {
			return err
		}
	}
	return ErrOff
}

func (s *Service) limits() Limits {
	l := s.Limits
	d := DefaultLimits
	if l.MaxChars <= 0 {
		l.MaxChars = d.MaxChars
	}
	if l.Messages <= 0 {
		l.Messages = d.Messages
	}
	if l.Window <= 0 {
		l.Window = d.Window
	}
	if l.DailyTokens <= 0 {
		l.DailyTokens = d.DailyTokens
	}
	return l
}

func (s *Service) log(ctx context.Context, msg, tenantID, id string, err error) {
	if s.Logger != nil {
		s.Logger.WarnContext(ctx, msg, "tenant", tenantID, "conversation", id, "err", err)
	}
}
