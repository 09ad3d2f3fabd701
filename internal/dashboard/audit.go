package dashboard

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"mais/internal/audit"
	"mais/internal/siteconfig"
)

type auditRow struct {
	E      audit.Entry
	At     string
	Actor  string
	Before string
	After  string
	Link   string
	// Summary says a price change in words (auditSummary).
	Summary string
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
			Before: jsonText(e.Before), After: jsonText(e.After), Link: entityLink(e), Summary: auditSummary(e)})
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

// auditSummary says a package.price_change row in words: "Classic: $2,400.00
// → $1,900.00 from Mar 1, 2030 to Apr 30, 2030 (Spring offer)", or that
// the offer ended; "" for other rows.
func auditSummary(e audit.Entry) string {
	if e.Action != audit.ActionPackagePriceChange {
		return ""
	}
	var before, after struct {
		PackageSlug    string
		PackageName    string
		BasePriceCents int64
		Promotion      *siteconfig.Promotion
	}
	if json.Unmarshal(e.Before, &before) != nil || json.Unmarshal(e.After, &after) != nil {
		return ""
	}
	old := money(after.BasePriceCents)
	if p := before.Promotion; p != nil {
		old = money(int64(p.PriceCents)) + " (" + p.Label + ")"
	}
	name := cmp.Or(after.PackageName, after.PackageSlug)
	p := after.Promotion
	if p == nil {
		return name + ": the offer " + old + " ended; back to " + money(after.BasePriceCents)
	}
	return name + ": " + old + " → " + money(int64(p.PriceCents)) + " from " + longDate(p.From) +
		" to " + longDate(p.Until) + " (" + p.Label + ")"
}
