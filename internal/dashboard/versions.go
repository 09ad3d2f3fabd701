package dashboard

import (
	"net/http"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

type versionRow struct {
	V       siteconfig.Version
	Created string
	By      string
}

type versionsData struct {
	Rows []versionRow
}

// versionList shows the site's history: drafts, the published version and
// the archived ones, newest first.
func (h *Handler) versionList(w http.ResponseWriter, r *http.Request, s *session) error {
	list, err := h.cfg.SiteConfig.Versions(r.Context(), s.Tenant.ID, 100, 0)
	if err != nil {
		return err
	}
	names := h.actorNames(r, s)
	d := versionsData{}
	for _, v := range list {
		d.Rows = append(d.Rows, versionRow{V: v, Created: when(v.CreatedAt, s.Tenant.Location()), By: names.name(v.CreatedBy)})
	}
	h.writePage(w, r, http.StatusOK, "versions", &view{Title: "Versions", Nav: "versions", S: s, Data: d})
	return nil
}

type versionData struct {
	V         siteconfig.Version
	Created   string
	Published string
	By        string
	LiveID    string
	Rows      []diffRow
	Live      bool
}

// versionDetail shows what a version would change compared with the live
// site, side by side.
func (h *Handler) versionDetail(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	v, err := h.cfg.SiteConfig.Version(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	live, err := h.cfg.SiteConfig.Published(ctx, s.Tenant.ID)
	if err != nil && !apperr.Is(err, apperr.CodeNotFound) {
		return err
	}
	loc := s.Tenant.Location()
	d := versionData{V: v, Created: when(v.CreatedAt, loc), By: h.actorNames(r, s).name(v.CreatedBy), LiveID: live.ID, Live: v.ID == live.ID}
	if v.PublishedAt != nil {
		d.Published = when(*v.PublishedAt, loc)
	}
	if live.ID != "" && !d.Live {
		changes, err := h.cfg.SiteConfig.DiffVersions(ctx, s.Tenant.ID, live.ID, v.ID)
		if err != nil {
			return err
		}
		d.Rows = diffRows(changes)
	}
	h.writePage(w, r, http.StatusOK, "version", &view{Title: "Version", Nav: "versions", S: s, Data: d})
	return nil
}

func (h *Handler) versionPublish(w http.ResponseWriter, r *http.Request, s *session) error {
	back := nextOr(r, "/admin/versions")
	if _, err := h.cfg.SiteConfig.Publish(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		return h.decisionFailed(w, r, back, err)
	}
	h.redirectOK(w, r, back, "Published. Your site shows the new version now.")
	return nil
}

// versionRollback makes an archived version's configuration live again, as
// a new published version.
func (h *Handler) versionRollback(w http.ResponseWriter, r *http.Request, s *session) error {
	if _, err := h.cfg.SiteConfig.Rollback(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		return h.decisionFailed(w, r, "/admin/versions", err)
	}
	h.redirectOK(w, r, "/admin/versions", "Rolled back. Your site shows the earlier version again.")
	return nil
}

// decisionFailed answers a refused button: a missing or foreign id gets the
// error page, anything else (a CONFLICT such as publishing an archived
// version) goes back with the reason.
func (h *Handler) decisionFailed(w http.ResponseWriter, r *http.Request, back string, err error) error {
	if _, _, _, ok := h.formProblem(r, err); !ok {
		return err
	}
	h.redirectError(w, r, back, err)
	return nil
}

// nextOr is the form's "next" when it is a dashboard path, else def.
func nextOr(r *http.Request, def string) string {
	if n := r.PostForm.Get("next"); localPath(n) {
		return n
	}
	return def
}
