package api

import (
	"net/http"

	"mais/internal/apperr"
	"mais/internal/httpx"
)

// JSONFallback answers with the error envelope when mux has no route for the
// request (404) or none for its method (405), instead of the mux's plain text.
func JSONFallback(mux *http.ServeMux, s *Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// No pattern: the mux would answer 404 or 405. Let it decide which,
		// then write our envelope instead of its text.
		probe := &statusProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			if allow := probe.header.Get("Allow"); allow != "" {
				w.Header().Set("Allow", allow)
			}
			httpx.Error(w, r, s.Logger, apperr.New(apperr.CodeMethodNotAllowed, "%s is not allowed on %s", r.Method, r.URL.Path))
			return
		}
		httpx.Error(w, r, s.Logger, apperr.New(apperr.CodeNotFound, "no route for %s %s", r.Method, r.URL.Path))
	})
}

type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(code int)        { p.status = code }
