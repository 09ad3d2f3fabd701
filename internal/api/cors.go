package api

import "net/http"

// CORSOrigin is the httpx.MuxConfig.CORSOrigin of the public API: a
// browser request is allowed when its tenant (X-Tenant-Key) keeps no
// origin list ("*"), or lists the request's Origin (answered with that
// origin). A missing or bad key is allowed through, so the browser can
// read the handler's own 401/403 answer; it reveals nothing.
func (s *Server) CORSOrigin(r *http.Request) (string, bool) {
	t, err := s.Tenants.Resolve(r.Context(), r.Header.Get("X-Tenant-Key"))
	if err != nil || len(t.CORSOrigins) == 0 {
		return "*", true
	}
	origin := r.Header.Get("Origin")
	if !t.AllowsOrigin(origin) {
		return "", false
	}
	return origin, true
}
