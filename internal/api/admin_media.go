package api

import (
	"net/http"

	"mais/internal/httpx"
	"mais/internal/media"
)

// mediaPolicy serves library files on the platform's own hosts only:
// on a custom domain /media/… is the tenant's site, so no domain can
// serve another tenant's files as its own.
var mediaPolicy = httpx.Policy{JSON: true}

// uploadPolicy is adminPolicy whose body-too-large answer names "file".
var uploadPolicy = func() httpx.Policy {
	p := adminPolicy
	p.BodyField = "file"
	return p
}()

// registerMediaRoutes adds the tenant admin's photo library (docs/API.md
// §14) and the files' public addresses.
func (s *Server) registerMediaRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/media", adminPolicy, s.json(s.TenantAdminOnly(s.listMedia)))
	m.Handle("POST /v1/admin/media", uploadPolicy, s.json(s.TenantAdminOnly(s.uploadMedia)))
	m.Handle("DELETE /v1/admin/media/{id}", adminPolicy, s.json(s.TenantAdminOnly(s.deleteMedia)))
	m.Handle("GET /media/{tenant}/{id}/{file}", mediaPolicy, s.json(s.serveMedia))
}

// listMedia answers the tenant's library, newest first.
func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Media.List(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, list)
	return nil
}

// uploadMedia takes one multipart part named "file" and answers 201 with
// the item: {"id","url","width","height","variants":[{"width","url"}],…}.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) error {
	file, name, err := httpx.MultipartFile(r, "file")
	if err != nil {
		return err
	}
	v, err := s.Media.Upload(r.Context(), tenantOf(r), name, file)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, v)
	return nil
}

// deleteMedia answers 204; another tenant's id is 404.
func (s *Server) deleteMedia(w http.ResponseWriter, r *http.Request) error {
	if err := s.Media.Delete(r.Context(), tenantOf(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// serveMedia answers GET /media/{tenant}/{id}/{file}. The names are
// immutable, so the answer may be cached for good; the type follows the
// name, browsers are told not to guess another, and nothing in the file
// may run.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	b, err := s.Media.Open(r.Context(), r.PathValue("tenant"), r.PathValue("id"), file)
	if err != nil {
		return err
	}
	defer b.Close()
	hd := w.Header()
	hd.Set("Content-Type", media.ContentType(file))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", httpx.SandboxCSP.String())
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, file, b.ModTime, b)
	return nil
}
