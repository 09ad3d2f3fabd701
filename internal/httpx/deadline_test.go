package httpx_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"mais/internal/httpx"
)

type parentKey struct{}

// serveWithDeadline serves one request through an edge whose requests
// get deadline, with a value in the parent context; h runs as the route.
func serveWithDeadline(t *testing.T, deadline time.Duration, h http.HandlerFunc) {
	t.Helper()
	req := httptest.NewRequest("GET", "/x", nil)
	req = req.WithContext(context.WithValue(req.Context(), parentKey{}, "from the server"))
	edgeFor(httpx.EdgeConfig{Deadline: deadline}, "/x", httpx.Policy{}, h).ServeHTTP(httptest.NewRecorder(), req)
}

// TestEdgeDeadlineWaited: a request's context has its deadline, wakes
// whoever waits on it (and its children) at that deadline with
// DeadlineExceeded, keeps the server's values and the request id, and is
// canceled once the request ends.
func TestEdgeDeadlineWaited(t *testing.T) {
	const d = 40 * time.Millisecond
	var ctx, child context.Context
	before := time.Now()
	serveWithDeadline(t, d, func(w http.ResponseWriter, r *http.Request) {
		ctx = r.Context()
		dl, ok := ctx.Deadline()
		if !ok || dl.Before(before.Add(d)) || dl.After(time.Now().Add(d)) {
			t.Errorf("deadline %v (set %v), want %v after the request began", dl, ok, d)
		}
		if err := ctx.Err(); err != nil {
			t.Errorf("Err before the deadline: %v", err)
		}
		var cancel context.CancelFunc
		child, cancel = context.WithCancel(ctx)
		defer cancel()
		<-child.Done() // the store waits like this
		if since := time.Since(before); since < d {
			t.Errorf("woken after %v, before the deadline %v", since, d)
		}
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) || !errors.Is(child.Err(), context.DeadlineExceeded) {
			t.Errorf("after the deadline: Err %v, child's %v; want DeadlineExceeded", ctx.Err(), child.Err())
		}
		if ctx.Value(parentKey{}) != "from the server" || httpx.RequestID(ctx) == "" {
			t.Errorf("values lost: parent %v, request id %q", ctx.Value(parentKey{}), httpx.RequestID(ctx))
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	select {
	case <-ctx.Done():
	default:
		t.Error("the context is not done after the request")
	}
}

// TestEdgeDeadlineNotWaited: a request that never waits on its context
// still sees its deadline pass (Err), and its context — and any context
// made from it afterwards — is canceled once the request ends.
func TestEdgeDeadlineNotWaited(t *testing.T) {
	const d = 20 * time.Millisecond
	var ctx context.Context
	serveWithDeadline(t, d, func(w http.ResponseWriter, r *http.Request) {
		ctx = r.Context()
		if err := ctx.Err(); err != nil {
			t.Errorf("Err before the deadline: %v", err)
		}
		dl, _ := ctx.Deadline()
		time.Sleep(time.Until(dl) + time.Millisecond)
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Errorf("Err after the deadline, nobody waiting: %v", ctx.Err())
		}
	})
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err after the request: %v, want Canceled", ctx.Err())
	}
	select {
	case <-ctx.Done():
	default:
		t.Error("the context is not done after the request")
	}
	late, cancel := context.WithCancel(ctx)
	defer cancel()
	select {
	case <-late.Done():
	default:
		t.Error("a context made after the request is not done")
	}
	if ctx.Value(parentKey{}) != "from the server" {
		t.Error("the server's values are lost after the request")
	}

	// Without a deadline, the request's context is the server's.
	serveWithDeadline(t, 0, func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Context().Deadline(); ok {
			t.Error("a deadline without EdgeConfig.Deadline")
		}
	})
}
