package dashboard

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// The widget-layout editor (/admin/site/widget) edits the "widget" section
// of the working version: the order of the booking step's blocks and what
// the widget leaves out, saved as a draft like every site change. Beside
// it a frame shows /widget rendered from the draft (or from the form as
// typed) by the preview storefront, under /admin/site/widget/preview/{id}:
// a tenant admin's own versions only.

// blockRow is one block of the booking step.
type blockRow struct {
	Key, Label, Hint string
	Pos              int
	First, Last      bool
}

type widgetData struct {
	editorState
	Blocks     []blockRow
	ShowPrices bool
	ShowAddOns bool
	AllowNotes bool
	// ShowQuotes shows the testimonials strip; Opens is the package the
	// widget opens on ("" the package list), Opening its choices.
	ShowQuotes bool
	Opens      string
	Opening    []option
	// Step is the package whose booking step the preview shows ("" the
	// package list); Steps are the choices.
	Step  string
	Steps []option
}

var blockLabels = map[string][2]string{
	siteconfig.WidgetAddOns:       {"Extras", "The package's add-ons, with their photos and prices."},
	siteconfig.WidgetCalendar:     {"Date", "The calendar of free dates."},
	siteconfig.WidgetDetails:      {"Couple's details", "Name, e-mail, phone, venue and notes."},
	siteconfig.WidgetTestimonials: {"Testimonials", "Up to three client quotes from your home page, when shown."},
}

// widgetOf is the editor's data for layout l of wk.
func widgetOf(wk working, l siteconfig.WidgetLayout, step string, steps []option) *widgetData {
	d := &widgetData{editorState: newEditorState(wk, "/admin/site/widget"), ShowPrices: !l.HidePrices, ShowAddOns: !l.HideAddOns,
		AllowNotes: !l.HideNotes, ShowQuotes: l.ShowTestimonials, Opens: l.StartPackage(), Step: step, Steps: steps}
	d.Opening = []option{{Value: "", Label: "The package list"}}
	for _, o := range steps {
		if o.Value != "" {
			d.Opening = append(d.Opening, option{Value: o.Value, Label: strings.TrimPrefix(o.Label, "Booking step: ")})
		}
	}
	for _, b := range l.Order() {
		lbl, ok := blockLabels[b]
		if !ok {
			lbl = [2]string{b, ""}
		}
		d.Blocks = append(d.Blocks, blockRow{Key: b, Label: lbl[0], Hint: lbl[1]})
	}
	d.number()
	return d
}

func (d *widgetData) number() {
	for i := range d.Blocks {
		d.Blocks[i].Pos, d.Blocks[i].First, d.Blocks[i].Last = i, i == 0, i == len(d.Blocks)-1
	}
	q := url.Values{}
	if d.Step != "" {
		q.Set("package", d.Step)
	}
	d.PreviewURL = "/admin/site/widget/preview/" + url.PathEscape(d.W.V.ID)
	if len(q) > 0 {
		d.PreviewURL += "?" + q.Encode()
	}
	for i := range d.Steps {
		d.Steps[i].Selected = d.Steps[i].Value == d.Step
	}
	for i := range d.Opening {
		d.Opening[i].Selected = d.Opening[i].Value == d.Opens
	}
}

// layout is the widget section the form describes.
func (d *widgetData) layout() siteconfig.WidgetLayout {
	l := siteconfig.WidgetLayout{HidePrices: !d.ShowPrices, HideAddOns: !d.ShowAddOns, HideNotes: !d.AllowNotes,
		ShowTestimonials: d.ShowQuotes}
	if d.Opens != "" {
		l.Start, l.Package = siteconfig.WidgetStartPackage, d.Opens
	}
	for _, b := range d.Blocks {
		l.Blocks = append(l.Blocks, b.Key)
	}
	if n := len(l.Blocks); n > 0 && l.Blocks[n-1] == siteconfig.WidgetTestimonials {
		l.Blocks = l.Blocks[:n-1] // last is where a missing strip goes
	}
	if slices.Equal(l.Blocks, siteconfig.DefaultWidgetBlocks[:len(siteconfig.DefaultWidgetBlocks)-1]) {
		l.Blocks = nil // the default order stays implicit
	}
	return l
}

// steps are the preview's choices: the package list, then each package's
// booking step; the first package is the default, where the blocks show.
func (h *Handler) widgetSteps(ctx context.Context, tenantID string) ([]option, string, error) {
	pkgs, err := h.cfg.Catalog.Packages(ctx, tenantID)
	if err != nil {
		return nil, "", err
	}
	out := []option{{Value: "", Label: "Where the widget opens"}}
	first := ""
	for _, p := range pkgs {
		if !p.Active {
			continue
		}
		if first == "" {
			first = p.Slug
		}
		out = append(out, option{Value: p.Slug, Label: "Booking step: " + p.Name})
	}
	return out, first, nil
}

func (h *Handler) widgetEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, err := h.working(r.Context(), s.Tenant.ID, r.URL.Query().Get("draft"))
	if err != nil {
		return err
	}
	steps, first, err := h.widgetSteps(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	h.writeWidget(w, r, s, http.StatusOK, widgetOf(wk, wk.Config.Widget, first, steps), "", nil)
	return nil
}

// postedWidget reads the editor's form on top of its base version.
func (h *Handler) postedWidget(r *http.Request, s *session) (*widgetData, error) {
	base := r.PostForm.Get("base")
	wk, err := h.working(r.Context(), s.Tenant.ID, base)
	if err != nil || base == "" {
		return nil, orNotFound(err)
	}
	steps, _, err := h.widgetSteps(r.Context(), s.Tenant.ID)
	if err != nil {
		return nil, err
	}
	f := r.PostForm
	l := siteconfig.WidgetLayout{Blocks: f["widget.block"], HidePrices: f.Get("widget.showPrices") == "",
		HideAddOns: f.Get("widget.showAddOns") == "", HideNotes: f.Get("widget.allowNotes") == "",
		ShowTestimonials: f.Get("widget.showTestimonials") != ""}
	if slug := f.Get("widget.package"); slug != "" {
		l.Start, l.Package = siteconfig.WidgetStartPackage, slug
	}
	d := widgetOf(wk, l, f.Get("widget.step"), steps)
	d.Note = f.Get("note")
	return d, nil
}

func (h *Handler) widgetSave(w http.ResponseWriter, r *http.Request, s *session) error {
	d, err := h.postedWidget(r, s)
	if err != nil {
		return err
	}
	if verb, arg, ok := strings.Cut(r.PostForm.Get("op"), ":"); ok {
		if i, err := strconv.Atoi(arg); err == nil && i >= 0 && i < len(d.Blocks) && swapAt(d.Blocks, i, verb == "up") {
			d.Unsaved = true
			d.number()
			h.writeWidget(w, r, s, http.StatusOK, d, "", nil)
			return nil
		}
	}
	cfg := d.W.Config
	cfg.Widget = d.layout()
	doc := json.RawMessage(siteconfig.Canonical(cfg))
	var v siteconfig.Version
	switch {
	case d.Opens != "" && !slices.ContainsFunc(d.Opening, func(o option) bool { return o.Value == d.Opens }):
		// The document alone cannot tell an active package: the catalog can.
		err = apperr.Validation("the widget opens on an unknown package",
			map[string]string{"widget.package": "must be one of your active packages"})
	default:
		v, err = h.saveDraft(r.Context(), s.Tenant.ID, d.W, doc, d.Note, "Changed the booking widget's layout")
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		d.Unsaved = true
		d.Summary = summarize(fields)
		h.writeWidget(w, r, s, status, d, msg, fields)
		return nil
	}
	to := "/admin/site/widget?draft=" + url.QueryEscape(v.ID)
	h.redirectOK(w, r, to, "Draft saved. The preview shows the widget as it will look once you publish.")
	return nil
}

func (h *Handler) writeWidget(w http.ResponseWriter, r *http.Request, s *session, status int, d *widgetData, msg string, fields map[string]string) {
	h.writePage(w, r, status, "widget_layout", &view{Title: "Booking widget layout", Nav: "site", S: s, Data: d,
		Message: msg, Errors: fields})
}

// widgetLivePreview renders the widget as the form is typed, without
// saving, into the preview frame.
func (h *Handler) widgetLivePreview(w http.ResponseWriter, r *http.Request, s *session) error {
	d, err := h.postedWidget(r, s)
	if err != nil {
		return err
	}
	cfg := d.W.Config
	cfg.Widget = d.layout()
	doc := siteconfig.Canonical(cfg)
	if _, err := siteconfig.Parse(doc); err != nil {
		h.previewProblem(w, r, err)
		return nil
	}
	v := d.W.V
	v.Config = doc
	return h.serveWidgetPreview(w, r, s, v, d.Step, "")
}

// widgetPreview answers GET /admin/site/widget/preview/{id}[?package=…]:
// the widget of one of the tenant's versions (another tenant's is
// NOT_FOUND in the service).
func (h *Handler) widgetPreview(w http.ResponseWriter, r *http.Request, s *session) error {
	v, _, err := h.cfg.SiteConfig.Preview(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.serveWidgetPreview(w, r, s, v, r.URL.Query().Get("package"), "")
}

// widgetPreviewTheme answers GET /admin/site/widget/preview/{id}/theme.css.
func (h *Handler) widgetPreviewTheme(w http.ResponseWriter, r *http.Request, s *session) error {
	v, _, err := h.cfg.SiteConfig.Preview(r.Context(), s.Tenant.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.serveWidgetPreview(w, r, s, v, "", "/theme.css")
}

// serveWidgetPreview renders /widget{sub} of the tenant with version v
// through the preview storefront, its links kept inside the preview. The
// booking form cannot be sent from the preview: its action is removed and
// its button disabled, so no date is ever held from here.
func (h *Handler) serveWidgetPreview(w http.ResponseWriter, r *http.Request, s *session, v siteconfig.Version, pkg, sub string) error {
	if h.preview == nil {
		return apperr.New(apperr.CodeUnavailable, "the preview is not available")
	}
	q := url.Values{"tenant": {s.Tenant.Slug}}
	if pkg != "" {
		q.Set("package", pkg)
	}
	for _, k := range []string{"month", "list"} {
		if val := r.URL.Query().Get(k); val != "" && sub == "" {
			q.Set(k, val)
		}
	}
	if sub != "" {
		q.Set("v", r.URL.Query().Get("v"))
	}
	req, err := http.NewRequestWithContext(context.WithValue(r.Context(), draftKey{}, v), http.MethodGet, "/widget"+sub+"?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	req.Host, req.RemoteAddr = r.Host, r.RemoteAddr
	rec := &bufferedWriter{header: http.Header{}}
	h.preview.ServeHTTP(rec, req)
	body := rec.body.Bytes()
	if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
		body = rewriteWidget(body, url.QueryEscape(s.Tenant.Slug), "/admin/site/widget/preview/"+url.PathEscape(v.ID))
	}
	rec.writeTo(w, body)
	return nil
}

// rewriteWidget points the widget's own links (package list, packages,
// months, theme) at the preview and takes the booking form's action away.
func rewriteWidget(body []byte, slug, prefix string) []byte {
	widget := "/widget?tenant=" + slug
	return []byte(strings.NewReplacer(
		`"/widget/theme.css?tenant=`+slug+`&amp;`, `"`+prefix+`/theme.css?`,
		`"`+widget+`&amp;`, `"`+prefix+`?`,
		`"`+widget+`"`, `"`+prefix+`"`,
		`method="post"`, `method="get" data-preview-only`,
	).Replace(string(body)))
}
