package dashboard

import (
	"net/http"

	"mais/internal/apperr"
	"mais/internal/catalog"
)

// savePhoto stores the form's "photo" file for the tenant and returns its
// public address. No file is a VALIDATION_ERROR naming photo; one past
// maxPhotoBytes is errTooLarge (413); uploads.save may refuse it too.
func (h *Handler) savePhoto(r *http.Request, tenantID string) (string, error) {
	file, header, err := r.FormFile("photo")
	if err != nil {
		return "", apperr.Validation("no photo was chosen", map[string]string{"photo": "choose a photo to upload"})
	}
	defer file.Close()
	if header.Size > maxPhotoBytes {
		return "", errTooLarge
	}
	path, err := h.uploads.save(tenantID, file)
	if err != nil {
		return "", err
	}
	return h.publicURL(path), nil
}

// packagePhoto stores an uploaded photo and makes it the package's photo.
func (h *Handler) packagePhoto(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	photo, err := h.savePhoto(r, s.Tenant.ID)
	if err == nil {
		p, err = h.cfg.Catalog.SetPhoto(ctx, s.Tenant.ID, p.ID, photo)
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
	photo, err := h.savePhoto(r, s.Tenant.ID)
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		return h.renderSite(w, r, s, draft, status, msg, fields)
	}
	h.setFlash(w, r, Flash{Kind: "ok", Message: "Photo uploaded. Paste its address into an image field of a page.",
		Secrets: []Secret{{Label: "Photo address", Value: photo}}})
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// addOnPhoto stores an uploaded photo and makes it the add-on's photo
// (shown on the package page and in the widget). A refused upload shows
// the package page again with the reason at the add-on's photo field.
func (h *Handler) addOnPhoto(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := r.PathValue("addOnId")
	photo, err := h.savePhoto(r, s.Tenant.ID)
	if err == nil {
		_, err = h.cfg.Catalog.UpdateAddOn(ctx, s.Tenant.ID, p.ID, id, catalog.AddOnInput{PhotoURL: &photo})
	}
	if err != nil {
		if apperr.Is(err, apperr.CodeNotFound) {
			return err
		}
		return h.packageFormFailed(w, r, s, h.packageData(p), err, "addons."+id+".")
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID+"#addons", "Add-on photo uploaded.")
	return nil
}

// addOnPhotoRemove takes the photo off an add-on; the file stays.
func (h *Handler) addOnPhotoRemove(w http.ResponseWriter, r *http.Request, s *session) error {
	none := ""
	p := r.PathValue("id")
	if _, err := h.cfg.Catalog.UpdateAddOn(r.Context(), s.Tenant.ID, p, r.PathValue("addOnId"), catalog.AddOnInput{PhotoURL: &none}); err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/packages/"+p+"#addons", "Add-on photo removed.")
	return nil
}
