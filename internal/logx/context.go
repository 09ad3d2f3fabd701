package logx

import (
	"context"
	"log/slog"
)

// RequestIDKey is the attribute a record's request id is written under.
const RequestIDKey = "requestId"

// WithRequestID wraps h so that a record logged with a request's context
// (InfoContext, WarnContext…) carries that request's id as "requestId",
// the id the client got in X-Request-Id, without every caller passing it.
// A record that names its own requestId keeps it. id returns "" outside
// requests.
func WithRequestID(h slog.Handler, id func(context.Context) string) slog.Handler {
	return &requestIDHandler{next: h, id: id}
}

type requestIDHandler struct {
	next slog.Handler
	id   func(context.Context) string
}

func (h *requestIDHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &requestIDHandler{next: h.next.WithAttrs(as), id: h.id}
}

func (h *requestIDHandler) WithGroup(name string) slog.Handler {
	return &requestIDHandler{next: h.next.WithGroup(name), id: h.id}
}

func (h *requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx == nil {
		return h.next.Handle(ctx, r)
	}
	id := h.id(ctx)
	if id == "" {
		return h.next.Handle(ctx, r)
	}
	named := false
	r.Attrs(func(a slog.Attr) bool {
		named = a.Key == RequestIDKey
		return !named
	})
	if !named {
		r = r.Clone()
		r.AddAttrs(slog.String(RequestIDKey, id))
	}
	return h.next.Handle(ctx, r)
}
