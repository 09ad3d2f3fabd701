package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/siteconfig"
)

// configBody bounds bodies that carry a whole configuration document: the
// document's own limit plus room for the other members.
const configBody = siteconfig.MaxDocumentSize + 64<<10

// VersionJSON is a configuration version; Config only when one version is asked for.
type VersionJSON struct {
	ID          string          `json:"id"`
	Status      string          `json:"status"`
	CreatedAt   time.Time       `json:"createdAt"`
	CreatedBy   string          `json:"createdBy"`
	Note        string          `json:"note"`
	UpdatedAt   time.Time       `json:"updatedAt"`
	PublishedAt *time.Time      `json:"publishedAt"`
	Config      json.RawMessage `json:"config,omitempty"`
}

func newVersionJSON(v siteconfig.Version, withConfig bool) VersionJSON {
	out := VersionJSON{ID: v.ID, Status: v.Status, CreatedAt: v.CreatedAt.UTC(), CreatedBy: v.CreatedBy, Note: v.Note,
		UpdatedAt: v.UpdatedAt.UTC(), PublishedAt: v.PublishedAt}
	if withConfig && json.Valid(v.Config) {
		out.Config = v.Config
	}
	return out
}

func (s *Server) listVersions(w http.ResponseWriter, r *http.Request) error {
	fields := apperr.FieldErrors{}
	limit, offset := pageParams(r, fields)
	if err := fields.Err(); err != nil {
		return err
	}
	list, err := s.SiteConfig.Versions(r.Context(), tenantOf(r), limit, offset)
	if err != nil {
		return err
	}
	out := make([]VersionJSON, 0, len(list))
	for _, v := range list {
		out = append(out, newVersionJSON(v, false))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) createVersion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Config json.RawMessage `json:"config"`
		Note   string          `json:"note" text:"multiline"`
	}
	if err := httpx.Decode(w, r, configBody, &in); err != nil {
		return err
	}
	v, err := s.SiteConfig.CreateDraft(r.Context(), tenantOf(r), in.Config, in.Note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newVersionJSON(v, true))
	return nil
}

func (s *Server) getVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.SiteConfig.Version(r.Context(), tenantOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newVersionJSON(v, true))
	return nil
}

// updateVersion edits a draft: {"config"?, "note"?}. A published or
// archived version is 409 CONFLICT.
func (s *Server) updateVersion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Config json.RawMessage `json:"config"`
		Note   *string         `json:"note" text:"multiline"`
	}
	if err := httpx.Decode(w, r, configBody, &in); err != nil {
		return err
	}
	v, err := s.SiteConfig.UpdateDraft(r.Context(), tenantOf(r), r.PathValue("id"), in.Config, in.Note)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newVersionJSON(v, true))
	return nil
}

func (s *Server) publishVersion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.SiteConfig.Publish(r.Context(), tenantOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, newVersionJSON(v, false))
	return nil
}

// rollbackConfig answers 201 with the new published version that copies
// the configuration of {"versionId"}.
func (s *Server) rollbackConfig(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		VersionID string `json:"versionId"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	v, err := s.SiteConfig.Rollback(r.Context(), tenantOf(r), in.VersionID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newVersionJSON(v, false))
	return nil
}

func (s *Server) diffVersions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	changes, err := s.SiteConfig.DiffVersions(r.Context(), tenantOf(r), q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, changes)
	return nil
}

// pageParams reads ?limit and ?offset into limit and offset, recording bad
// values in fields; absent or 0 means the default.
func pageParams(r *http.Request, fields apperr.FieldErrors) (limit, offset int) {
	q := r.URL.Query()
	read := func(name string, max int) int {
		raw := q.Get(name)
		if raw == "" {
			return 0
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > max {
			fields.Add(name, "must be a whole number from 0 to "+strconv.Itoa(max))
		}
		return n
	}
	limit = read("limit", 500)
	offset = read("offset", 1_000_000)
	return limit, offset
}
