package httpx

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// Deadline gives every request's context a deadline d away, so that the
// store, payment and calendar calls a handler makes give up — and the client
// gets a 503 — well before the server's write timeout cuts the connection
// without an answer. Store calls carry shorter deadlines of their own; this
// bounds a handler that makes many.
func Deadline(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// InFlight counts the requests being handled, so a shutdown can wait for
// the handlers themselves (http.Server.Shutdown stops waiting at its
// deadline while handlers still run) before closing the store under them.
type InFlight struct{ n atomic.Int64 }

// Wrap counts every request through next.
func (f *InFlight) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.n.Add(1)
		defer f.n.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// Count is the number of requests being handled now.
func (f *InFlight) Count() int64 { return f.n.Load() }

// Wait polls until no request is being handled or ctx ends; it reports
// whether none was left.
func (f *InFlight) Wait(ctx context.Context) bool {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for f.Count() > 0 {
		select {
		case <-ctx.Done():
			return f.Count() == 0
		case <-tick.C:
		}
	}
	return true
}
