package dashboard

import (
	"net/http"

	"mais/internal/tenant"
)

// This file is the Business profile page (GET|POST /admin/profile): how
// couples reach the business (docs/API.md §14), shown on its storefront's
// contact page and footer, in its structured data and in its e-mails,
// validated by tenant.Service like PATCH /v1/admin/profile. Form fields
// are named as the JSON fields, so a refusal marks its field.

// registerProfileRoutes adds the profile page to the tenant routes.
func (h *Handler) registerProfileRoutes(tr func(string, pageFunc)) {
	tr("GET /admin/profile", h.profilePage)
	tr("POST /admin/profile", h.profileSave)
}

// profileForm is the page: the profile as stored or as typed. Instagram
// is the handle as the input shows it: "@name" once stored, as typed when
// the form comes back.
type profileForm struct {
	P         tenant.Profile
	Instagram string
}

// EmailHint is the note under the e-mail field; whether the site shows
// it is the checkbox below (tenant.Profile.EmailPublic), off for a
// business that signed up until it ticks it.
func (f profileForm) EmailHint() string {
	return "MAIS sends you new bookings here, and couples' replies to your e-mails come here."
}

func profileView(s *session, p tenant.Profile, instagram string) *view {
	return &view{Title: "Business profile", Nav: "profile", S: s, Data: profileForm{P: p, Instagram: instagram}}
}

// profilePage serves GET /admin/profile.
func (h *Handler) profilePage(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := h.cfg.Tenants.Profile(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	ig := ""
	if p.InstagramHandle != "" {
		ig = "@" + p.InstagramHandle
	}
	h.writePage(w, r, http.StatusOK, "profile", profileView(s, p, ig))
	return nil
}

// profileSave serves POST /admin/profile.
func (h *Handler) profileSave(w http.ResponseWriter, r *http.Request, s *session) error {
	f := r.PostForm
	typed := tenant.Profile{BusinessName: f.Get("businessName"), Email: f.Get("email"), Phone: f.Get("phone"),
		Address: f.Get("address"), InstagramHandle: f.Get("instagramHandle"), Website: f.Get("website"),
		EmailPublic: f.Get("emailPublic") == "on"}
	_, err := h.cfg.Tenants.UpdateProfile(r.Context(), s.Tenant.ID, tenant.ProfilePatch{
		BusinessName: &typed.BusinessName, Email: &typed.Email, Phone: &typed.Phone, Address: &typed.Address,
		InstagramHandle: &typed.InstagramHandle, Website: &typed.Website, EmailPublic: &typed.EmailPublic})
	if err != nil {
		return formAgain("profile", profileView(s, typed, typed.InstagramHandle), err)
	}
	h.redirectOK(w, r, "/admin/profile", "Your profile is saved. Your site shows it now.")
	return nil
}
