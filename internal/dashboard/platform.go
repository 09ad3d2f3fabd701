package dashboard

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

type tenantsData struct {
	List []tenant.Tenant
}

// tenantList is a platform admin's start page: every business on MAIS.
func (h *Handler) tenantList(w http.ResponseWriter, r *http.Request, s *session) error {
	list, err := h.cfg.Tenants.List(r.Context())
	if err != nil {
		return err
	}
	sort.SliceStable(list, func(i, j int) bool { return strings.ToLower(list[i].Name) < strings.ToLower(list[j].Name) })
	h.writePage(w, r, http.StatusOK, "tenants", &view{Title: "Tenants", Nav: "tenants", S: s, Data: tenantsData{list}})
	return nil
}

type tenantForm struct {
	Slug, Name, Email, Commission, TimeZone, Domain, HoldMinutes string
}

type tenantData struct {
	T     tenant.Tenant
	Form  tenantForm
	Zones []string
	Store string
}

// commonZones are offered as suggestions; any IANA zone is accepted.
var commonZones = []string{"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
	"America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
	"Europe/London", "Europe/Paris", "Europe/Berlin", "Australia/Sydney", "UTC"}

func (h *Handler) tenantNew(w http.ResponseWriter, r *http.Request, s *session) error {
	d := &tenantData{Form: tenantForm{Commission: strconv.FormatFloat(tenant.DefaultCommissionPercent, 'f', -1, 64), TimeZone: tenant.DefaultTimeZone}, Zones: commonZones}
	h.writePage(w, r, http.StatusOK, "tenant_new", &view{Title: "New tenant", Nav: "tenants", S: s, Data: d})
	return nil
}

// tenantCreate creates a tenant through tenant.Service, as POST
// /v1/admin/tenants does, and shows its secret key once.
func (h *Handler) tenantCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	f := r.PostForm
	form := tenantForm{Slug: f.Get("slug"), Name: f.Get("name"), Email: f.Get("email"), Commission: f.Get("commissionPercent"),
		TimeZone: f.Get("timeZone")}
	local := apperr.FieldErrors{}
	commission := parsePercent(form.Commission, local)
	created, err := h.cfg.Tenants.Create(r.Context(), tenant.CreateInput{Slug: form.Slug, Name: form.Name, Email: form.Email,
		Password: f.Get("password"), CommissionPercent: commission, TimeZone: form.TimeZone})
	if len(local) > 0 {
		err = mergeFields(err, local)
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		h.writePage(w, r, status, "tenant_new", &view{Title: "New tenant", Nav: "tenants", S: s, Message: msg, Errors: fields,
			Data: &tenantData{Form: form, Zones: commonZones}})
		return nil
	}
	h.setFlash(w, r, Flash{Kind: "ok",
		Message: "Tenant “" + created.Tenant.Name + "” created. Give these to its owner now: the secret key is not shown again.",
		Secrets: []Secret{{Label: "Public key", Value: created.Keys.Public}, {Label: "Secret key", Value: created.Keys.Secret},
			{Label: "Admin e-mail", Value: created.AdminEmail}}})
	http.Redirect(w, r, "/admin/platform/tenants/"+created.Tenant.ID, http.StatusSeeOther)
	return nil
}

func (h *Handler) tenantEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	t, err := h.cfg.Tenants.ByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "tenant_edit", &view{Title: t.Name, Nav: "tenants", S: s, Data: h.tenantData(t, formOfTenant(t))})
	return nil
}

func (h *Handler) tenantData(t tenant.Tenant, f tenantForm) *tenantData {
	return &tenantData{T: t, Form: f, Zones: commonZones, Store: h.storefrontURL(t)}
}

func formOfTenant(t tenant.Tenant) tenantForm {
	return tenantForm{Name: t.Name, Commission: strconv.FormatFloat(t.CommissionPercent(), 'f', -1, 64), TimeZone: t.TimeZone,
		Domain: t.CustomDomain, HoldMinutes: strconv.Itoa(t.HoldMinutes)}
}

// tenantUpdate changes name, commission, custom domain, time zone and hold
// time through tenant.Service, as PATCH /v1/admin/tenants/{id} does.
func (h *Handler) tenantUpdate(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	t, err := h.cfg.Tenants.ByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := r.PostForm
	form := tenantForm{Name: f.Get("name"), Commission: f.Get("commissionPercent"), TimeZone: f.Get("timeZone"),
		Domain: f.Get("customDomain"), HoldMinutes: f.Get("holdMinutes")}
	local := apperr.FieldErrors{}
	u := tenant.Update{Name: &form.Name, CustomDomain: &form.Domain, TimeZone: &form.TimeZone}
	if bps, err := tenant.ValidateCommission(parsePercent(form.Commission, local)); err != nil {
		local.Add("commissionPercent", "must be between 0 and 50")
	} else {
		u.CommissionBps = &bps
	}
	if hold, err := strconv.Atoi(strings.TrimSpace(form.HoldMinutes)); err != nil {
		local.Add("holdMinutes", "must be a whole number of minutes")
	} else {
		u.HoldMinutes = &hold
	}
	err = local.Err()
	if err == nil {
		t, err = h.cfg.Tenants.Update(ctx, t.ID, u)
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		h.writePage(w, r, status, "tenant_edit", &view{Title: t.Name, Nav: "tenants", S: s, Message: msg, Errors: fields,
			Data: h.tenantData(t, form)})
		return nil
	}
	h.redirectOK(w, r, "/admin/platform/tenants/"+t.ID, "Tenant saved.")
	return nil
}

// tenantSetActive deactivates a tenant (its storefront, widget and API key
// stop working at once) or activates it again.
func (h *Handler) tenantSetActive(w http.ResponseWriter, r *http.Request, s *session) error {
	active := r.PostForm.Get("active") == "true"
	t, err := h.cfg.Tenants.Update(r.Context(), r.PathValue("id"), tenant.Update{Active: &active})
	if err != nil {
		return err
	}
	msg := "“" + t.Name + "” is deactivated: its site, widget and keys stop working."
	if active {
		msg = "“" + t.Name + "” is active again."
	}
	h.redirectOK(w, r, "/admin/platform/tenants/"+t.ID, msg)
	return nil
}

func (h *Handler) tenantRotateKeys(w http.ResponseWriter, r *http.Request, s *session) error {
	t, keys, err := h.cfg.Tenants.RotateKeys(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h.setFlash(w, r, Flash{Kind: "ok", Message: "New keys for “" + t.Name + "”. The old public key stopped working; the secret key is not shown again.",
		Secrets: []Secret{{Label: "Public key", Value: keys.Public}, {Label: "Secret key", Value: keys.Secret}}})
	http.Redirect(w, r, "/admin/platform/tenants/"+t.ID, http.StatusSeeOther)
	return nil
}

// parsePercent reads a commission such as "12.5" or "12.5%".
func parsePercent(s string, local apperr.FieldErrors) float64 {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 10 // docs/API.md §1: the default commission
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		local.Add("commissionPercent", "must be a number such as 10 or 12.5")
		return 0
	}
	return v
}
