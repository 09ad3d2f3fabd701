package assistant_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/assistant"
	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
)

// cannedModel answers every call with text and 400 tokens.
type cannedModel struct{ calls atomic.Int32 }

func (c *cannedModel) Name() string { return "canned" }
func (c *cannedModel) Complete(_ context.Context, _ assistant.Request, onText func(string)) (assistant.Response, error) {
	c.calls.Add(1)
	if onText != nil {
		onText("ok")
	}
	return assistant.Response{Text: "ok", Model: "canned-1", Usage: assistant.Usage{InputTokens: 300, OutputTokens: 100}}, nil
}

type noTools struct{}

func (noTools) Specs() []assistant.ToolSpec { return nil }
func (noTools) Execute(context.Context, string, assistant.ToolCall) (string, bool, string, error) {
	return "", true, "", nil
}

// Per-tenant limits on the real store: messages per window, tokens per
// UTC day; a conversation belongs to one tenant and one admin.
func TestServiceLimitsAndOwnership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		now := time.Date(2028, 11, 4, 10, 0, 0, 0, time.UTC)
		storetest.NewTenant(t, s, "alpha", now)
		storetest.NewTenant(t, s, "beta", now)
		model := &cannedModel{}
		svc := &assistant.Service{Store: s, Provider: model, Tools: noTools{}, Now: func() time.Time { return now },
			Limits: assistant.Limits{MaxChars: 20, Messages: 3, Window: 5 * time.Minute, DailyTokens: 1000}}
		ctx := context.Background()
		c, err := svc.Create(ctx, "t-alpha", "owner")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if _, err := svc.Send(ctx, "t-alpha", "owner", c.ID, "hello", nil); err != nil {
				t.Fatalf("message %d: %v", i+1, err)
			}
		}
		if _, err := svc.Send(ctx, "t-alpha", "owner", c.ID, "hello", nil); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("4th message in the window: %v, want TOO_MANY_REQUESTS", err)
		}
		now = now.Add(6 * time.Minute) // the window has passed; 1200 tokens used today
		if _, err := svc.Send(ctx, "t-alpha", "owner", c.ID, "hello", nil); !apperr.Is(err, apperr.CodeTooManyRequests) {
			t.Fatalf("over the daily budget: %v, want TOO_MANY_REQUESTS", err)
		}
		if n := model.calls.Load(); n != 3 {
			t.Errorf("model calls = %d, want 3 (refused messages never reach it)", n)
		}
		now = now.Add(24 * time.Hour)
		if _, err := svc.Send(ctx, "t-alpha", "owner", c.ID, "hello again", nil); err != nil {
			t.Fatalf("next day: %v", err)
		}
		if _, err := svc.Send(ctx, "t-alpha", "owner", c.ID, "this message is far too long", nil); !apperr.Is(err, apperr.CodeValidation) {
			t.Errorf("too long: %v", err)
		}

		// Another admin of the tenant, or another tenant: NOT_FOUND.
		for _, who := range [][2]string{{"t-alpha", "someone-else"}, {"t-beta", "owner"}} {
			if _, _, err := svc.Get(ctx, who[0], who[1], c.ID); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("get as %v: %v, want NOT_FOUND", who, err)
			}
			if _, err := svc.Send(ctx, who[0], who[1], c.ID, "hi", nil); !apperr.Is(err, apperr.CodeNotFound) {
				t.Errorf("send as %v: %v, want NOT_FOUND", who, err)
			}
		}

		// Resumable: the stored conversation, in order, with each turn's record.
		got, msgs, err := svc.Get(ctx, "t-alpha", "owner", c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "hello" || len(msgs) != 8 || msgs[7].Role != assistant.RoleAssistant || msgs[7].Model != "canned-1" ||
			msgs[7].InputTokens != 300 || msgs[7].Seq != 8 {
			t.Errorf("conversation %+v, %d messages, last %+v", got, len(msgs), msgs[len(msgs)-1])
		}
		list, err := svc.List(ctx, "t-alpha", "owner")
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Errorf("list = %+v, %v", list, err)
		}
	})
}

// The messages limit is exact under concurrency: of 12 messages sent at
// once with room for 5, exactly 5 are answered.
func TestServiceMessageLimitConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		now := time.Date(2028, 11, 4, 10, 0, 0, 0, time.UTC)
		storetest.NewTenant(t, s, "gamma", now)
		svc := &assistant.Service{Store: s, Provider: &cannedModel{}, Tools: noTools{}, Now: func() time.Time { return now },
			Limits: assistant.Limits{Messages: 5, Window: 5 * time.Minute, DailyTokens: 1 << 40}}
		ctx := context.Background()
		var ok, limited atomic.Int32
		var wg sync.WaitGroup
		for range 12 {
			c, err := svc.Create(ctx, "t-gamma", "owner")
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				_, err := svc.Send(ctx, "t-gamma", "owner", c.ID, "hello", nil)
				switch {
				case err == nil:
					ok.Add(1)
				case apperr.Is(err, apperr.CodeTooManyRequests):
					limited.Add(1)
				default:
					t.Errorf("send: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 5 || limited.Load() != 7 {
			t.Errorf("answered %d, limited %d; want 5 and 7", ok.Load(), limited.Load())
		}
	})
}

func TestServiceOff(t *testing.T) {
	svc := &assistant.Service{}
	if _, err := svc.Create(context.Background(), "t", "u"); !apperr.Is(err, apperr.CodeUnavailable) {
		t.Errorf("off: %v, want UNAVAILABLE", err)
	}
}
