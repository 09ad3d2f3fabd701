package httpx

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// LongRunning lets a handler that waits on a slow dependency (the
// assistant's model: several calls of up to a minute each) outlive the
// edge's per-request deadline. The returned context keeps r's values, ends
// after d, and still ends at once when the client goes away or the server
// shuts the request down; only the edge's own deadline no longer applies.
// The connection's write deadline (the server's WriteTimeout) moves to d
// plus a margin, where the writer supports it. Call cancel when done.
func LongRunning(w http.ResponseWriter, r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	parent := r.Context()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), d)
	stop := context.AfterFunc(parent, func() {
		if !errors.Is(parent.Err(), context.DeadlineExceeded) {
			cancel()
		}
	})
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(d + 10*time.Second))
	return ctx, func() { stop(); cancel() }
}
