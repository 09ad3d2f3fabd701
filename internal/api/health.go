package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/httpx"
)

// WriteChecker is a store that can prove it takes writes (see
// sqlstore.Store.CheckWrite); a store without it is only pinged.
type WriteChecker interface {
	CheckWrite(ctx context.Context) error
}

// healthJSON is the answer of GET /health; uptime in whole seconds.
type healthJSON struct {
	Status    string `json:"status"`
	Timestamp string `json:"timestamp"`
	Uptime    int64  `json:"uptime"`
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSONBytes(w, http.StatusOK, s.healthBody(time.Now()))
	return nil
}

// healthSecond is the /health answer for one wall-clock second.
type healthSecond struct {
	unix int64
	body []byte
}

// healthBody is the /health answer at now. Every field has one-second
// resolution, so the body is encoded once a second and shared by every
// request in that second: a load balancer's probes and the load tool's
// cost no encoding of their own. The shared slice is never written to.
func (s *Server) healthBody(now time.Time) []byte {
	sec := now.Unix()
	if h := s.health1s.Load(); h != nil && h.unix == sec {
		return h.body
	}
	body, _ := json.Marshal(healthJSON{Status: "healthy",
		Timestamp: now.UTC().Format(time.RFC3339), Uptime: int64(now.Sub(s.Started).Seconds())})
	body = append(body, '\n')
	s.health1s.Store(&healthSecond{unix: sec, body: body})
	return body
}

// Readiness states (docs/API.md §10). Only a store that cannot serve, or a
// process shutting down, takes the process out of the load balancer: Redis
// down costs speed and shared limits, never correctness, so it is reported
// and answered 200.
const (
	readyOK          = "ready"       // 200: everything answers
	readyDegraded    = "degraded"    // 200: Redis down, caches and limits in process
	readyUnavailable = "unavailable" // 503: the store cannot read or write
	readyDraining    = "draining"    // 503: SIGTERM received, finishing requests
)

// ready answers GET /health/ready:
//
//	{"status": "ready|degraded|unavailable|draining",
//	 "store": "ok|unavailable|read-only|closing", "redis": "ok|degraded|off"}
//
// with 200 for ready and degraded, else 503 with Retry-After and, in the
// same object, the contract's error fields. "read-only" means the store
// answers reads but a committed one-row write fails (a full disk).
func (s *Server) ready(w http.ResponseWriter, r *http.Request) error {
	body := map[string]any{"status": readyOK, "store": "ok", "redis": cache.Status(r.Context(), s.Cache)}
	var problem error
	if s.Draining != nil && s.Draining() {
		// Not a word to the store: it is about to close.
		body["status"], body["store"] = readyDraining, "closing"
		problem = apperr.New(apperr.CodeUnavailable, "this process is shutting down")
	} else if err := s.Store.Ping(r.Context()); err != nil {
		body["store"], problem = "unavailable", err
	} else if wc, ok := s.Store.(WriteChecker); ok {
		if err := wc.CheckWrite(r.Context()); err != nil {
			body["store"], problem = "read-only", err
		}
	}
	if problem != nil && body["status"] == readyOK {
		body["status"] = readyUnavailable
		s.Logger.WarnContext(r.Context(), "store not ready", "store", body["store"], "err", problem)
		problem = apperr.New(apperr.CodeUnavailable, "the store cannot serve requests")
	} else if problem == nil && body["redis"] == cache.StatusDegraded {
		body["status"] = readyDegraded
	}
	if problem == nil {
		httpx.WriteJSON(w, http.StatusOK, body)
		return nil
	}
	status, e := httpx.Describe(r, s.Logger, problem)
	body["error"], body["message"], body["requestId"] = e.Error, e.Message, e.RequestID
	httpx.SetRetryAfter(w, problem)
	httpx.WriteJSON(w, status, body)
	return nil
}

func (s *Server) cacheHealth(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, s.Cache.Stats(r.Context()))
	return nil
}
