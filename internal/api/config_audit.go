package api

import (
	"net/http"
	"time"

	"mais/internal/apperr"
	"mais/internal/audit"
	"mais/internal/httpx"
)

// listAudit answers GET /v1/admin/audit: the tenant's change log, newest
// first, filtered by action, entity, entityId, actorType, since, until
// (RFC 3339; since inclusive, until exclusive), limit and offset.
func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	fields := apperr.FieldErrors{}
	limit, offset := pageParams(r, fields)
	f := audit.Filter{Action: q.Get("action"), Entity: q.Get("entity"), EntityID: q.Get("entityId"),
		ActorType: q.Get("actorType"), Limit: limit, Offset: offset}
	switch f.ActorType {
	case "", audit.ActorUser, audit.ActorAgent, audit.ActorSystem, audit.ActorAPIKey:
	default:
		fields.Add("actorType", "must be user, agent, system or api_key")
	}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if raw := q.Get(name); raw != "" {
			t, err := time.Parse(time.RFC3339, raw)
			if err != nil {
				fields.Add(name, "must be an RFC 3339 instant such as 2026-03-01T00:00:00Z")
			}
			*dst = t
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	entries, err := s.Audit.ListAudit(r.Context(), tenantOf(r), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, entries)
	return nil
}
