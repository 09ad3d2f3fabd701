package dashboard

import (
	"net/http"
	"net/url"
	"strconv"

	"mais/internal/audit"
)

type auditRow struct {
	E      audit.Entry
	At     string
	Actor  string
	Before string
	After  string
	Link   string
}

type auditData struct {
	Rows    []auditRow
	Entity  string
	PrevURL string
	NextURL string
}

const auditPage = 50

// auditList shows the tenant's change log, newest first, optionally for one
// kind of entity.
func (h *Handler) auditList(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(0, min(offset, 1_000_000))
	d := auditData{Entity: q.Get("entity")}
	entries, err := h.cfg.Audit.ListAudit(r.Context(), s.Tenant.ID, audit.Filter{Entity: d.Entity, Limit: auditPage + 1, Offset: offset})
	if err != nil {
		return err
	}
	more := len(entries) > auditPage
	if more {
		entries = entries[:auditPage]
	}
	names := h.actorNames(r, s)
	for _, e := range entries {
		d.Rows = append(d.Rows, auditRow{E: e, At: when(e.At, s.Tenant.Location()), Actor: names.name(e.Actor.ID),
			Before: jsonText(e.Before), After: jsonText(e.After), Link: entityLink(e)})
	}
	page := func(o int) string {
		return "/admin/audit?" + url.Values{"entity": {d.Entity}, "offset": {strconv.Itoa(o)}}.Encode()
	}
	if offset > 0 {
		d.PrevURL = page(max(0, offset-auditPage))
	}
	if more {
		d.NextURL = page(offset + auditPage)
	}
	h.writePage(w, r, http.StatusOK, "audit", &view{Title: "Audit log", Nav: "audit", S: s, Data: d})
	return nil
}

// entityLink is the dashboard page of an entry's entity, if it has one.
func entityLink(e audit.Entry) string {
	id := url.PathEscape(e.EntityID)
	switch e.Entity {
	case "config_version":
		return "/admin/versions/" + id
	case "proposal":
		return "/admin/proposals/" + id
	case "package":
		return "/admin/packages/" + id
	case "booking":
		return "/admin/bookings/" + id
	}
	return ""
}
