package dashboard

import (
	"errors"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/catalog"
)

// savePhoto adds the form's "photo" file to the tenant's library and
// returns the address of its largest rendition. Refusals name the form's
// field, "photo": no file or not a photo (400), past 10 MB or past the
// quota (413), storage down (503).
func (h *Handler) savePhoto(r *http.Request, tenantID string) (string, error) {
	file, header, err := r.FormFile("photo")
	if err != nil {
		return "", apperr.Validation("no photo was chosen", map[string]string{"photo": "choose a photo to upload"})
	}
	defer file.Close()
	v, err := h.cfg.Media.Upload(r.Context(), tenantID, header.Filename, file)
	if err != nil {
		return "", renameField(err, "file", "photo")
	}
	return v.URL, nil
}

// renameField moves a refusal's field error from one form name to another.
func renameField(err error, from, to string) error {
	var e *apperr.Error
	if !errors.As(err, &e) || e.Fields[from] == "" {
		return err
	}
	c := *e
	c.Fields = map[string]string{to: e.Fields[from]}
	return &c
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
