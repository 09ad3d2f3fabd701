package dashboard

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/media"
)

// The photo library page: every upload of the dashboard goes through
// media.Service (this page, the picker's upload zone, the package and
// add-on photo forms), so there is one path into storage.

// mediaData is the library page.
type mediaData struct {
	Items []media.View
	// UsedMB and QuotaMB are the library's size and room, in whole MB.
	UsedMB, QuotaMB int64
	MaxBytes        int
	Accept          string
}

// acceptTypes is the file inputs' accept list; the server sniffs anyway.
const acceptTypes = "image/jpeg,image/png,image/webp"

func (h *Handler) registerMediaRoutes(tr func(pattern string, fn pageFunc)) {
	tr("GET /admin/media", h.mediaPage)
	tr("POST /admin/media", h.mediaUpload)
	tr("POST /admin/media/{id}/delete", h.mediaDelete)
	tr("GET /admin/media/picker", h.mediaPicker)
}

func (h *Handler) mediaView(r *http.Request, s *session) (mediaData, error) {
	items, err := h.cfg.Media.List(r.Context(), s.Tenant.ID)
	if err != nil {
		return mediaData{}, err
	}
	used, quota, err := h.cfg.Media.Usage(r.Context(), s.Tenant.ID)
	if err != nil {
		return mediaData{}, err
	}
	mb := func(n int64) int64 { return (n + 1<<20 - 1) >> 20 }
	return mediaData{Items: items, UsedMB: mb(used), QuotaMB: mb(quota), MaxBytes: media.MaxUploadBytes, Accept: acceptTypes}, nil
}

// mediaPage shows the library: an upload zone and the photos as a grid.
func (h *Handler) mediaPage(w http.ResponseWriter, r *http.Request, s *session) error {
	d, err := h.mediaView(r, s)
	if err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "media", &view{Title: "Photos", Nav: "media", S: s, Data: d})
	return nil
}

// wantsJSON tells the picker's and the drop zone's fetch calls (Accept:
// application/json) from a plain form post.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// mediaUpload adds the posted files ("file", one or many) to the library.
// A script sends one file per request and gets the item as JSON (201) or
// the error envelope; a plain form gets the page again, with what was
// refused next to the field.
func (h *Handler) mediaUpload(w http.ResponseWriter, r *http.Request, s *session) error {
	var files []string
	var firstErr error
	added := 0
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["file"] {
			files = append(files, fh.Filename)
			f, err := fh.Open()
			if err != nil {
				return fmt.Errorf("dashboard: open uploaded part: %w", err)
			}
			v, err := h.cfg.Media.Upload(r.Context(), s.Tenant.ID, fh.Filename, f)
			f.Close()
			if err != nil {
				if firstErr == nil {
					firstErr = named(err, fh.Filename)
				}
				continue
			}
			added++
			if wantsJSON(r) {
				httpx.WriteJSON(w, http.StatusCreated, v)
				return nil
			}
		}
	}
	if len(files) == 0 {
		firstErr = apperr.Validation("no photo was chosen", map[string]string{"file": "choose one or more photos to upload"})
	}
	if wantsJSON(r) {
		httpx.Error(w, r, h.log, firstErr)
		return nil
	}
	if firstErr == nil {
		h.redirectOK(w, r, "/admin/media", plural(added, "photo", "photos")+" added to your library.")
		return nil
	}
	d, err := h.mediaView(r, s)
	if err != nil {
		return err
	}
	v := &view{Title: "Photos", Nav: "media", S: s, Data: d}
	if added > 0 {
		v.Flash = &Flash{Kind: "ok", Message: plural(added, "photo", "photos") + " added; the others were refused."}
	}
	return &formAgainError{page: "media", v: v, err: firstErr}
}

// named puts the file's name in front of a refusal of one of several.
func named(err error, name string) error {
	var e *apperr.Error
	if name == "" || !errors.As(err, &e) || e.Fields["file"] == "" {
		return err
	}
	c := *e
	c.Fields = map[string]string{"file": name + ": " + e.Fields["file"]}
	return &c
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// mediaDelete removes a photo from the library and storage.
func (h *Handler) mediaDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.cfg.Media.Delete(r.Context(), s.Tenant.ID, r.PathValue("id")); err != nil {
		if apperr.Is(err, apperr.CodeNotFound) {
			return err
		}
		h.redirectError(w, r, "/admin/media", err)
		return nil
	}
	h.redirectOK(w, r, "/admin/media", "Photo deleted.")
	return nil
}

// pickerItem is one photo as the picker shows it.
type pickerItem struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Thumb  string `json:"thumb"`
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// mediaPicker answers the library as JSON for the picker dialog.
func (h *Handler) mediaPicker(w http.ResponseWriter, r *http.Request, s *session) error {
	items, err := h.cfg.Media.List(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	out := make([]pickerItem, 0, len(items))
	for _, v := range items {
		out = append(out, pickerItem{ID: v.ID, URL: v.URL, Thumb: v.Thumb(), Name: v.Name, Width: v.Width, Height: v.Height})
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
