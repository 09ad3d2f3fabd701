package assistant

import (
	"context"
	"fmt"
	"time"

	"mais/internal/apperr"
)

// TenantLimits are a business's own limits on the assistant (its
// settings, GET|PATCH /v1/admin/settings/assistant). A zero field is the
// platform's default (Service.Limits, from MAIS_AI_MAX_MESSAGE_CHARS,
// MAIS_AI_MESSAGES_PER_5MIN and MAIS_AI_DAILY_TOKENS).
type TenantLimits struct {
	// MaxMessageChars bounds one message, 1–10 000 characters.
	MaxMessageChars int `json:"maxMessageChars"`
	// MessagesPer5Minutes bounds the messages of all the business's admins
	// in any 5 minutes, 1–1 000.
	MessagesPer5Minutes int `json:"messagesPer5Minutes"`
	// DailyTokens bounds the model's tokens (input and output) per UTC
	// day, 1 000–1 000 000 000.
	DailyTokens int64 `json:"dailyTokens"`
}

// Bounds of TenantLimits.
const (
	MaxMessageChars    = 10_000
	MaxMessagesPer5Min = 1_000
	MinDailyTokens     = 1_000
	MaxDailyTokens     = 1_000_000_000
)

// LimitsPatch changes any subset of TenantLimits: nil is unchanged, 0
// goes back to the platform's default.
type LimitsPatch struct {
	MaxMessageChars     *int   `json:"maxMessageChars"`
	MessagesPer5Minutes *int   `json:"messagesPer5Minutes"`
	DailyTokens         *int64 `json:"dailyTokens"`
}

// LimitSettings is what the settings screens show: the business's own
// limits (0: the default) and the platform's defaults.
type LimitSettings struct {
	TenantLimits
	Defaults TenantLimits `json:"defaults"`
}

// LimitStore keeps each business's limits. AssistantLimits answers the
// zero TenantLimits for a business that never set any; SetAssistantLimits
// stores them and audits the change in the same transaction.
type LimitStore interface {
	AssistantLimits(ctx context.Context, tenantID string) (TenantLimits, error)
	SetAssistantLimits(ctx context.Context, tenantID string, l TenantLimits, at time.Time) error
}

// LimitSettings returns the business's limits and the defaults. They may
// be read and changed while the assistant is off.
func (s *Service) LimitSettings(ctx context.Context, tenantID string) (LimitSettings, error) {
	own, err := s.ownLimits(ctx, tenantID)
	if err != nil {
		return LimitSettings{}, err
	}
	return LimitSettings{TenantLimits: own, Defaults: s.defaults()}, nil
}

// SetLimits changes the business's limits; a value out of its bounds is
// VALIDATION_ERROR naming the field.
func (s *Service) SetLimits(ctx context.Context, tenantID string, p LimitsPatch) (LimitSettings, error) {
	st, ok := s.Store.(LimitStore)
	if !ok {
		return LimitSettings{}, fmt.Errorf("assistant: the store cannot keep limits")
	}
	l, err := st.AssistantLimits(ctx, tenantID)
	if err != nil {
		return LimitSettings{}, err
	}
	if l, err = p.Apply(l); err != nil {
		return LimitSettings{}, err
	}
	if err := st.SetAssistantLimits(ctx, tenantID, l, s.now()); err != nil {
		return LimitSettings{}, fmt.Errorf("assistant: set limits: %w", err)
	}
	return LimitSettings{TenantLimits: l, Defaults: s.defaults()}, nil
}

// Apply returns l with the fields p gives; nil fields are kept. A value
// out of its bounds is VALIDATION_ERROR naming the field (0 is the
// platform's default and always allowed).
func (p LimitsPatch) Apply(l TenantLimits) (TenantLimits, error) {
	f := apperr.FieldErrors{}
	set := func(field string, v *int64, into *int64, lo, hi int64) {
		switch {
		case v == nil:
		case *v != 0 && (*v < lo || *v > hi):
			f.Add(field, fmt.Sprintf("must be between %d and %d, or 0 for the platform's default", lo, hi))
		default:
			*into = *v
		}
	}
	chars, msgs := int64(l.MaxMessageChars), int64(l.MessagesPer5Minutes)
	set("maxMessageChars", widen(p.MaxMessageChars), &chars, 1, MaxMessageChars)
	set("messagesPer5Minutes", widen(p.MessagesPer5Minutes), &msgs, 1, MaxMessagesPer5Min)
	set("dailyTokens", p.DailyTokens, &l.DailyTokens, MinDailyTokens, MaxDailyTokens)
	if err := f.Err(); err != nil {
		return l, err
	}
	l.MaxMessageChars, l.MessagesPer5Minutes = int(chars), int(msgs)
	return l, nil
}

func widen(v *int) *int64 {
	if v == nil {
		return nil
	}
	w := int64(*v)
	return &w
}

func (s *Service) ownLimits(ctx context.Context, tenantID string) (TenantLimits, error) {
	st, ok := s.Store.(LimitStore)
	if !ok || s.Store == nil {
		return TenantLimits{}, nil
	}
	return st.AssistantLimits(ctx, tenantID)
}

// defaults are the platform's limits as a business's settings read them.
func (s *Service) defaults() TenantLimits {
	l := s.limits()
	return TenantLimits{MaxMessageChars: l.MaxChars, MessagesPer5Minutes: l.Messages, DailyTokens: l.DailyTokens}
}

// limitsFor is the platform's limits with the business's own over them.
func (s *Service) limitsFor(ctx context.Context, tenantID string) (Limits, error) {
	l := s.limits()
	own, err := s.ownLimits(ctx, tenantID)
	if err != nil {
		return l, err
	}
	if own.MaxMessageChars > 0 {
		l.MaxChars = own.MaxMessageChars
	}
	if own.MessagesPer5Minutes > 0 {
		l.Messages = own.MessagesPer5Minutes
	}
	if own.DailyTokens > 0 {
		l.DailyTokens = own.DailyTokens
	}
	return l, nil
}
