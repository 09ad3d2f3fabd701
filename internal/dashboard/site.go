package dashboard

import (
	"context"
	"encoding/json"
	"net/http"

	"mais/internal/apperr"
	"mais/internal/media"
	"mais/internal/siteconfig"
)

// working is the version the site editor works on: the newest version if
// it is a draft (changes not yet published), else the published version,
// from which saving starts a new draft. A draft older than the published
// version is not picked up: editing it would silently undo what was
// published after it.
type working struct {
	V      siteconfig.Version
	Config siteconfig.Config
}

func (w working) Draft() bool { return w.V.Status == siteconfig.StatusDraft }

func (h *Handler) working(ctx context.Context, tenantID, id string) (working, error) {
	if id == "" {
		list, err := h.cfg.SiteConfig.Versions(ctx, tenantID, 1, 0)
		if err != nil {
			return working{}, err
		}
		if len(list) > 0 && list[0].Status == siteconfig.StatusDraft {
			id = list[0].ID
		}
	}
	if id == "" {
		v, err := h.cfg.SiteConfig.Published(ctx, tenantID)
		if err != nil {
			return working{}, err
		}
		id = v.ID
	}
	v, c, err := h.cfg.SiteConfig.Preview(ctx, tenantID, id)
	return working{V: v, Config: c}, err
}

type pageRow struct {
	Name, Title, EditURL string
	Enabled              bool
	Sections             int
}

type siteData struct {
	W        working
	Pages    []pageRow
	Query    string // ?draft=… when editing a draft
	Saved    string
	Branding siteconfig.Branding
}

func draftQuery(w working) string {
	if w.Draft() {
		return "?draft=" + w.V.ID
	}
	return ""
}

// siteOverview lists the seven pages of the working version with what can
// be done with it.
func (h *Handler) siteOverview(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderSite(w, r, s, r.URL.Query().Get("draft"), http.StatusOK, "", nil)
}

// renderSite shows the site page of the working version draft ("" for the
// published one), with a form's message and field errors when status is
// not 200.
func (h *Handler) renderSite(w http.ResponseWriter, r *http.Request, s *session, draft string, status int, msg string, errs map[string]string) error {
	wk, err := h.working(r.Context(), s.Tenant.ID, draft)
	if err != nil {
		return err
	}
	d := siteData{W: wk, Query: draftQuery(wk), Saved: when(wk.V.UpdatedAt, s.Tenant.Location())}
	for _, name := range siteconfig.NavOrder() {
		p, _ := wk.Config.Page(name)
		d.Pages = append(d.Pages, pageRow{Name: name, Title: siteconfig.PageTitle(name), Enabled: p.Enabled,
			Sections: len(p.Sections), EditURL: "/admin/site/pages/" + name + d.Query})
	}
	h.writePage(w, r, status, "site", &view{Title: "Site", Nav: "site", S: s, Data: d, Message: msg, Errors: errs})
	return nil
}

// sectionForm is one section of the page editor.
type sectionForm struct {
	Index       int
	Path        string
	Kind        string
	Label       string
	S           siteconfig.Section
	First, Last bool
	// Pick shows the photo library as checkboxes in a gallery (sitemedia.go).
	Pick bool
}

type sitePageData struct {
	editorState
	Page      string
	Title     string
	Enabled   bool
	Home      bool
	Sections  []sectionForm
	Kinds     []option
	Positions []option
	Ratings   []option
	// Library is the tenant's photos when a gallery is picking (Pick).
	Library []media.View
}

type summaryItem struct {
	Anchor, Text string
}

func (h *Handler) pageData(wk working, name string, page siteconfig.Page, note string) *sitePageData {
	d := &sitePageData{editorState: newEditorState(wk, "/admin/site/pages/"+name), Page: name,
		Title: siteconfig.PageTitle(name), Enabled: page.Enabled, Home: name == siteconfig.PageHome, Kinds: sectionKinds,
		Positions: []option{{Value: "left", Label: "Image on the left"}, {Value: "right", Label: "Image on the right"}},
		Ratings: []option{{Value: "5", Label: "★★★★★ 5"}, {Value: "4", Label: "★★★★ 4"}, {Value: "3", Label: "★★★ 3"},
			{Value: "2", Label: "★★ 2"}, {Value: "1", Label: "★ 1"}}}
	d.Note, d.PreviewURL = note, "/admin/preview/"+wk.V.ID+"/"+name
	for i, sec := range page.Sections {
		path := "pages." + name + ".sections." + itoa(i)
		d.Sections = append(d.Sections, sectionForm{Index: i, Path: path, Kind: sec.Kind(), Label: kindLabel(sec.Kind()),
			S: sec, First: i == 0, Last: i == len(page.Sections)-1})
	}
	return d
}

func (h *Handler) sitePageEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	name := r.PathValue("page")
	if siteconfig.PageTitle(name) == "" {
		return apperr.NotFound("page")
	}
	wk, err := h.working(r.Context(), s.Tenant.ID, r.URL.Query().Get("draft"))
	if err != nil {
		return err
	}
	page, _ := wk.Config.Page(name)
	d := h.pageData(wk, name, page, "")
	h.writePage(w, r, http.StatusOK, "site_page", &view{Title: d.Title + " page", Nav: "site", S: s, Data: d})
	return nil
}

// editedPage reads a page editor's form on top of its base version.
func (h *Handler) editedPage(r *http.Request, s *session) (wk working, name string, page siteconfig.Page, local apperr.FieldErrors, err error) {
	name = r.PathValue("page")
	if siteconfig.PageTitle(name) == "" {
		return wk, name, page, nil, apperr.NotFound("page")
	}
	base := r.PostForm.Get("base")
	if base == "" {
		return wk, name, page, nil, apperr.NotFound("configuration version")
	}
	if wk, err = h.working(r.Context(), s.Tenant.ID, base); err != nil {
		return wk, name, page, nil, err
	}
	local = apperr.FieldErrors{}
	page = readPage(r.PostForm, name, local)
	if name == siteconfig.PageHome {
		page.Enabled = true
	}
	return wk, name, page, local, nil
}

// sitePageSave saves the page into the working draft (creating one from the
// published version if needed), or carries out a structural button and
// shows the form again unsaved.
func (h *Handler) sitePageSave(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, name, page, local, err := h.editedPage(r, s)
	if err != nil {
		return err
	}
	note := r.PostForm.Get("note")
	if op := r.PostForm.Get("op"); op != "" {
		if done, err := h.galleryOp(w, r, s, wk, name, page, note, op); done {
			return err
		}
		var ok bool
		if page.Sections, ok = applyOp(page.Sections, op, r.PostForm.Get("newSection")); ok {
			d := h.pageData(wk, name, page, note)
			d.Unsaved = true
			h.writePage(w, r, http.StatusOK, "site_page", &view{Title: d.Title + " page", Nav: "site", S: s, Data: d})
			return nil
		}
	}
	cfg := wk.Config
	setPage(&cfg, name, page)
	doc := json.RawMessage(siteconfig.Canonical(cfg))
	var v siteconfig.Version
	if len(local) > 0 {
		_, perr := siteconfig.Parse(doc)
		err = mergeFields(perr, local)
	} else {
		v, err = h.saveDraft(r.Context(), s.Tenant.ID, wk, doc, note, "Edited the "+siteconfig.PageTitle(name)+" page")
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		d := h.pageData(wk, name, page, note)
		d.Unsaved = true
		d.Summary = summarize(fields)
		h.writePage(w, r, status, "site_page", &view{Title: d.Title + " page", Nav: "site", S: s, Data: d,
			Message: msg, Errors: fields})
		return nil
	}
	h.redirectOK(w, r, "/admin/site/pages/"+name+"?draft="+v.ID, "Draft saved. Check the preview, then publish when you are ready.")
	return nil
}

// sitePageLivePreview renders the form as typed, without saving, into the
// preview frame.
func (h *Handler) sitePageLivePreview(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, name, page, local, err := h.editedPage(r, s)
	if err != nil {
		return err
	}
	cfg := wk.Config
	setPage(&cfg, name, page)
	return h.previewUnsaved(w, r, s, wk.V, cfg, local, name)
}

// brandingEdit edits the site's colors, font and logo.
func (h *Handler) brandingEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, err := h.working(r.Context(), s.Tenant.ID, r.URL.Query().Get("draft"))
	if err != nil {
		return err
	}
	h.writePage(w, r, http.StatusOK, "branding", &view{Title: "Branding", Nav: "site", S: s,
		Data: siteData{W: wk, Query: draftQuery(wk), Branding: colorInputs(wk.Config.Branding)}})
	return nil
}

func (h *Handler) brandingSave(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, err := h.working(r.Context(), s.Tenant.ID, r.PostForm.Get("base"))
	if err != nil || r.PostForm.Get("base") == "" {
		return orNotFound(err)
	}
	b := readBranding(r.PostForm)
	cfg := wk.Config
	cfg.Branding = b
	doc := json.RawMessage(siteconfig.Canonical(cfg))
	v, err := h.saveDraft(r.Context(), s.Tenant.ID, wk, doc, "", "Changed the branding")
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		h.writePage(w, r, status, "branding", &view{Title: "Branding", Nav: "site", S: s, Message: msg, Errors: fields,
			Data: siteData{W: wk, Query: draftQuery(wk), Branding: colorInputs(b)}})
		return nil
	}
	h.redirectOK(w, r, "/admin/site?draft="+v.ID, "Branding saved in the draft. Preview it, then publish when you are ready.")
	return nil
}

// colorInputs fills empty colors with the defaults in the #rrggbb form an
// <input type=color> needs.
func colorInputs(b siteconfig.Branding) siteconfig.Branding {
	r := b.Resolved()
	for _, c := range []*string{&r.PrimaryColor, &r.SecondaryColor, &r.AccentColor, &r.BackgroundColor} {
		if len(*c) == 4 {
			v := *c
			*c = "#" + string([]byte{v[1], v[1], v[2], v[2], v[3], v[3]})
		}
	}
	r.FontFamily, r.LogoURL = b.FontFamily, b.LogoURL
	return r
}

func setPage(c *siteconfig.Config, name string, p siteconfig.Page) {
	switch name {
	case siteconfig.PageHome:
		c.Pages.Home = p
	case siteconfig.PageAbout:
		c.Pages.About = p
	case siteconfig.PageServices:
		c.Pages.Services = p
	case siteconfig.PageFAQ:
		c.Pages.FAQ = p
	case siteconfig.PageContact:
		c.Pages.Contact = p
	case siteconfig.PageGallery:
		c.Pages.Gallery = p
	case siteconfig.PageTestimonials:
		c.Pages.Testimonials = p
	}
}

// summarize lists field errors for the summary above a long form, in
// document order, each linking to its field.
func summarize(fields map[string]string) []summaryItem {
	var out []summaryItem
	for _, k := range sortedKeys(fields) {
		f, _ := newFieldView("name", k)
		out = append(out, summaryItem{Anchor: "#" + f.ID, Text: pathLabel(k) + ": " + fields[k]})
	}
	return out
}

func orNotFound(err error) error {
	if err == nil {
		return apperr.NotFound("configuration version")
	}
	return err
}
