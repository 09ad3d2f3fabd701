package dashboard

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/format"
	"mais/internal/media"
)

type packagesData struct {
	Packages []catalog.Package
}

func (h *Handler) packageList(w http.ResponseWriter, r *http.Request, s *session) error {
	pkgs, err := h.cfg.Catalog.Packages(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "packages", &view{Title: "Packages", Nav: "packages", S: s, Data: packagesData{pkgs}})
	return nil
}

// packageForm is a package or add-on form as typed: prices stay text so a
// mistyped price is shown back as it was.
type packageForm struct {
	Slug, Name, Description, Price, PhotoURL, SortOrder string
	Active                                              bool
	// photoGiven: the post had a photoUrl field. An add-on form without
	// one (a page loaded before the field existed) keeps the photo.
	photoGiven bool
}

type packageData struct {
	New     bool
	Pkg     catalog.Package
	Form    packageForm
	AddOns  []addOnRow
	NewAdd  packageForm
	MaxMB   int
	MaxSize int
}

type addOnRow struct {
	ID     string
	Prefix string
	// PhotoURL is the add-on's photo as stored ("" none).
	PhotoURL string
	Form     packageForm
}

func formOfPackage(p catalog.Package) packageForm {
	return packageForm{Slug: p.Slug, Name: p.Name, Description: p.Description, Price: format.Amount(p.BasePriceCents, format.DefaultCurrency),
		PhotoURL: p.PhotoURL, SortOrder: strconv.Itoa(p.SortOrder), Active: p.Active}
}

func formOfAddOn(a catalog.AddOn) packageForm {
	return packageForm{Slug: a.Slug, Name: a.Name, Description: a.Description, Price: format.Amount(a.PriceCents, format.DefaultCurrency),
		PhotoURL: a.PhotoURL, SortOrder: strconv.Itoa(a.SortOrder), Active: a.Active}
}

// readPackageForm reads the fields named prefix+key (prefix "" for the
// package form, "addons.{id}." for an add-on).
func readPackageForm(f url.Values, prefix string) packageForm {
	return packageForm{Slug: f.Get(prefix + "slug"), Name: f.Get(prefix + "name"), Description: f.Get(prefix + "description"),
		Price: f.Get(prefix + "price"), PhotoURL: f.Get(prefix + "photoUrl"), SortOrder: f.Get(prefix + "sortOrder"),
		Active: f.Get(prefix+"active") != "", photoGiven: f.Has(prefix + "photoUrl")}
}

// numbers converts the typed price and order. Problems are reported under
// the service's field names so one mapping shows every error by its field.
func (pf packageForm) numbers(priceField string, fields apperr.FieldErrors) (*int64, *int) {
	var price *int64
	if c, ok := format.ParseAmount(pf.Price, format.DefaultCurrency); ok {
		price = &c
	} else {
		fields.Add(priceField, "must be an amount such as 1500 or 1500.50")
	}
	order := 0
	if s := strings.TrimSpace(pf.SortOrder); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			fields.Add("sortOrder", "must be a whole number")
		}
		order = n
	}
	return price, &order
}

func (pf packageForm) packageInput(fields apperr.FieldErrors) catalog.PackageInput {
	price, order := pf.numbers("basePriceCents", fields)
	return catalog.PackageInput{Slug: &pf.Slug, Name: &pf.Name, Description: &pf.Description, BasePriceCents: price,
		PhotoURL: &pf.PhotoURL, Active: &pf.Active, SortOrder: order}
}

func (pf packageForm) addOnInput(fields apperr.FieldErrors) catalog.AddOnInput {
	price, order := pf.numbers("priceCents", fields)
	in := catalog.AddOnInput{Slug: &pf.Slug, Name: &pf.Name, Description: &pf.Description, PriceCents: price,
		Active: &pf.Active, SortOrder: order}
	if pf.photoGiven {
		in.PhotoURL = &pf.PhotoURL
	}
	return in
}

// formFields renames the service's field names to the form's.
func formFields(fields map[string]string, prefix string) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		switch k {
		case "basePriceCents", "priceCents":
			k = "price"
		}
		out[prefix+k] = v
	}
	return out
}

func (h *Handler) packageNew(w http.ResponseWriter, r *http.Request, s *session) error {
	d := &packageData{New: true, Form: packageForm{Active: true, SortOrder: "0"}}
	h.writePage(w, r, http.StatusOK, "package", &view{Title: "New package", Nav: "packages", S: s, Data: d})
	return nil
}

// packageCreate creates through the catalog service, the same rules and
// writes as POST /v1/admin/packages.
func (h *Handler) packageCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	pf := readPackageForm(r.PostForm, "")
	fields := apperr.FieldErrors{}
	in := pf.packageInput(fields)
	var p catalog.Package
	err := formErr(fields, func() error { _, err := in.Clean(true); return err })
	if err == nil {
		p, err = h.cfg.Catalog.CreatePackage(r.Context(), s.Tenant.ID, in)
	}
	if err != nil {
		return h.packageFormFailed(w, r, s, &packageData{New: true, Form: pf}, err, "")
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID, "Package “"+p.Name+"” created.")
	return nil
}

func (h *Handler) packageEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := h.cfg.Catalog.Package(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "package", &view{Title: p.Name, Nav: "packages", S: s, Data: h.packageData(p)})
	return nil
}

func (h *Handler) packageData(p catalog.Package) *packageData {
	d := &packageData{Pkg: p, Form: formOfPackage(p), NewAdd: packageForm{Active: true, SortOrder: "0"},
		MaxMB: media.MaxUploadBytes >> 20, MaxSize: media.MaxUploadBytes}
	for _, a := range p.AddOns {
		d.AddOns = append(d.AddOns, addOnRow{ID: a.ID, Prefix: "addons." + a.ID + ".", Form: formOfAddOn(a), PhotoURL: a.PhotoURL})
	}
	return d
}

func (h *Handler) packageUpdate(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	pf := readPackageForm(r.PostForm, "")
	fields := apperr.FieldErrors{}
	in := pf.packageInput(fields)
	err = formErr(fields, func() error { _, err := in.Clean(false); return err })
	if err == nil {
		p, err = h.cfg.Catalog.UpdatePackage(ctx, s.Tenant.ID, p.ID, in)
	}
	if err != nil {
		d := h.packageData(p)
		d.Form = pf
		return h.packageFormFailed(w, r, s, d, err, "")
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID, "Package saved.")
	return nil
}

// packageFormFailed shows the package page again with what went wrong,
// field errors under the form's names (prefix for an add-on form).
func (h *Handler) packageFormFailed(w http.ResponseWriter, r *http.Request, s *session, d *packageData, err error, prefix string) error {
	status, msg, fields, ok := h.formProblem(r, err)
	if !ok {
		return err
	}
	title := d.Pkg.Name
	if d.New {
		title = "New package"
	}
	h.writePage(w, r, status, "package", &view{Title: title, Nav: "packages", S: s, Data: d,
		Message: msg, Errors: formFields(fields, prefix)})
	return nil
}

func (h *Handler) packageDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if err := h.cfg.Catalog.DeletePackage(r.Context(), s.Tenant.ID, id); err != nil {
		if apperr.Is(err, apperr.CodeNotFound) {
			return err
		}
		h.redirectError(w, r, "/admin/packages/"+id, err)
		return nil
	}
	h.redirectOK(w, r, "/admin/packages", "Package deleted.")
	return nil
}

func (h *Handler) addOnCreate(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	const prefix = "addons.new."
	pf := readPackageForm(r.PostForm, prefix)
	fields := apperr.FieldErrors{}
	in := pf.addOnInput(fields)
	var a catalog.AddOn
	err = formErr(fields, func() error { _, err := in.Clean(true); return err })
	if err == nil {
		a, err = h.cfg.Catalog.CreateAddOn(ctx, s.Tenant.ID, p.ID, in)
	}
	if err != nil {
		d := h.packageData(p)
		d.NewAdd = pf
		return h.packageFormFailed(w, r, s, d, err, prefix)
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID+"#addons", "Add-on “"+a.Name+"” added.")
	return nil
}

func (h *Handler) addOnUpdate(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	p, err := h.cfg.Catalog.Package(ctx, s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	id := r.PathValue("addOnId")
	prefix := "addons." + id + "."
	pf := readPackageForm(r.PostForm, prefix)
	fields := apperr.FieldErrors{}
	in := pf.addOnInput(fields)
	err = formErr(fields, func() error { _, err := in.Clean(false); return err })
	if err == nil {
		_, err = h.cfg.Catalog.UpdateAddOn(ctx, s.Tenant.ID, p.ID, id, in)
	}
	if err != nil {
		d := h.packageData(p)
		for i := range d.AddOns {
			if d.AddOns[i].ID == id {
				d.AddOns[i].Form = pf
			}
		}
		return h.packageFormFailed(w, r, s, d, err, prefix)
	}
	h.redirectOK(w, r, "/admin/packages/"+p.ID+"#addons", "Add-on saved.")
	return nil
}

func (h *Handler) addOnDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	if err := h.cfg.Catalog.DeleteAddOn(r.Context(), s.Tenant.ID, id, r.PathValue("addOnId")); err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/packages/"+id+"#addons", "Add-on deleted.")
	return nil
}

// formErr is nil when the form itself parsed (then the service validates
// and stores); otherwise its own problems (unparsable numbers) together
// with those the catalog's rules, run by validate, find — every problem
// shows at once and nothing is stored.
func formErr(local apperr.FieldErrors, validate func() error) error {
	if len(local) == 0 {
		return nil
	}
	return mergeFields(validate(), local)
}

// mergeFields adds the form's own field problems to the service's
// validation error.
func mergeFields(err error, local apperr.FieldErrors) error {
	if len(local) == 0 {
		return err
	}
	var e *apperr.Error
	if errors.As(err, &e) && e.Code == apperr.CodeValidation {
		for k, v := range e.Fields {
			local.Add(k, v)
		}
	}
	return local.Err()
}
