package api

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, map[string]any{
		"status":    "healthy",
		"timestamp": time.Now().UTC().Format(time.RFC3339),
		"uptime":    int64(time.Since(s.Started).Seconds()),
	})
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.Ping(r.Context()); err != nil {
		s.Logger.WarnContext(r.Context(), "store not ready", "err", err)
		httpx.Error(w, r, s.Logger, apperr.New(apperr.CodeUnavailable, "the store does not answer"))
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready"})
}

func (s *Server) cacheHealth(w http.ResponseWriter, r *http.Request) {
	httpx.WriteJSON(w, http.StatusOK, s.Cache.Stats(r.Context()))
}
