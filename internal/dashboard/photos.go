package dashboard

import (
	"net/http"

	"mais/internal/apperr"
)

// packagePhoto stores an uploaded photo and makes it the package's photo.
func (h *Handler) packagePhoto(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = apperr.Validation("no photo was chosen", map[string]string{"photo": "choose a photo to upload"})
	if file, header, ferr := r.FormFile("photo"); ferr == nil {
		defer file.Close()
		if header.Size > maxPhotoBytes {
			err = errTooLarge
		} else {
			var path string
			if path, err = h.uploads.save(s.Tenant.ID, file); err == nil {
				photo := h.publicURL(path)
				p, err = h.cfg.Catalog.SetPhoto(ctx, s.Tenant.ID, p.ID, photo)
			}
		}
	}
	if err != nil {
		return h.packageFormFailed(w, r, s, h.packageData(p), err, "")
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID, "Photo uploaded.")
	return nil
}

// packagePhotoRemove takes the photo off the package. The file stays: the
// same address may be used in the site's configuration.
func (h *Handler) packagePhotoRemove(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := h.cfg.Catalog.SetPhoto(r.Context(), s.Tenant.ID, r.PathValue("id"), "")
	if err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID, "Photo removed.")
	return nil
}

// sitePhoto stores a photo for use in the site's image fields and shows
// its address once. A refused photo shows the site page again with the
// reason next to the field, under the refusal's status (400, 413).
func (h *Handler) sitePhoto(w http.ResponseWriter, r *http.Request, s *session) error {
	draft := r.PostForm.Get("draft")
	back := "/admin/site"
	if draft != "" {
		back += "?draft=" + draft
	}
	var err error = apperr.Validation("no photo was chosen", map[string]string{"photo": "choose a photo to upload"})
	var path string
	if file, header, ferr := r.FormFile("photo"); ferr == nil {
		defer file.Close()
		if header.Size > maxPhotoBytes {
			err = errTooLarge
		} else {
			path, err = h.uploads.save(s.Tenant.ID, file)
		}
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		return h.renderSite(w, r, s, draft, status, msg, fields)
	}
	h.setFlash(w, r, Flash{Kind: "ok", Message: "Photo uploaded. Paste its address into an image field of a page.",
		Secrets: []Secret{{Label: "Photo address", Value: h.publicURL(path)}}})
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
