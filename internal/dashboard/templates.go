package dashboard

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"mais/internal/assets"
	"mais/internal/format"
	"mais/internal/httpx"
	"mais/internal/media"
	pageset "mais/internal/view"
)

//go:embed templates/*.html
var templateFiles embed.FS

// shared are the small partials every page may use.
var shared = []string{"partials.html", "assistant_panel.html", "media_partials.html", "editor.html"}

// pages is the explicit page → templates map. Rendering a page that is not
// here is a programming error; view.Parse checks every entry at start-up,
// and the tests render every page.
var pages = map[string]pageset.Page{
	"login":    {Root: "bare", Files: []string{"bare.html", "login.html"}},
	"forgot":   {Root: "bare", Files: []string{"bare.html", "forgot.html"}},
	"reset":    {Root: "bare", Files: []string{"bare.html", "reset.html"}},
	"signup":   {Root: "bare", Files: []string{"bare.html", "signup.html"}},
	"error":    {Root: "layout", Files: []string{"layout.html", "error.html"}},
	"password": {Root: "layout", Files: []string{"layout.html", "password.html"}},

	"overview":  {Root: "layout", Files: []string{"layout.html", "overview.html", "booking_rows.html", "checklist.html"}},
	"bookings":  {Root: "layout", Files: []string{"layout.html", "bookings.html", "booking_rows.html"}},
	"calendar":  {Root: "layout", Files: []string{"layout.html", "calendar.html"}},
	"booking":   {Root: "layout", Files: []string{"layout.html", "booking.html"}},
	"packages":  {Root: "layout", Files: []string{"layout.html", "packages.html"}},
	"package":   {Root: "layout", Files: []string{"layout.html", "package.html"}},
	"blackouts": {Root: "layout", Files: []string{"layout.html", "blackouts.html"}},
	"venues":    {Root: "layout", Files: []string{"layout.html", "venues.html"}},
	"media":     {Root: "layout", Files: []string{"layout.html", "media.html"}},
	"domains":   {Root: "layout", Files: []string{"layout.html", "domains.html"}},
	"site":      {Root: "layout", Files: []string{"layout.html", "site.html"}},
	"site_page": {Root: "layout", Files: []string{"layout.html", "site_page.html", "section_forms.html"}},
	"branding":  {Root: "layout", Files: []string{"layout.html", "branding.html"}},
	"versions":  {Root: "layout", Files: []string{"layout.html", "versions.html"}},
	"version":   {Root: "layout", Files: []string{"layout.html", "version.html", "diff.html"}},
	"proposals": {Root: "layout", Files: []string{"layout.html", "proposals.html"}},
	"proposal":  {Root: "layout", Files: []string{"layout.html", "proposal.html", "diff.html"}},
	"audit":     {Root: "layout", Files: []string{"layout.html", "audit.html"}},
	"agents":    {Root: "layout", Files: []string{"layout.html", "agents.html"}},
	"embed":     {Root: "layout", Files: []string{"layout.html", "embed.html"}},
	"emails":    {Root: "layout", Files: []string{"layout.html", "emails.html"}},
	"settings":  {Root: "layout", Files: []string{"layout.html", "settings.html"}},
	"profile":   {Root: "layout", Files: []string{"layout.html", "profile.html"}},
	// Stripe Connect onboarding (onboarding.go).
	"stripe":      {Root: "layout", Files: []string{"layout.html", "stripe.html"}},
	"stripe_mock": {Root: "layout", Files: []string{"layout.html", "stripe_mock.html"}},

	"tenants":     {Root: "layout", Files: []string{"layout.html", "tenants.html"}},
	"tenant_new":  {Root: "layout", Files: []string{"layout.html", "tenant_new.html"}},
	"tenant_edit": {Root: "layout", Files: []string{"layout.html", "tenant_edit.html"}},

	// Fragments of the assistant panel (assistant.go).
	"assistant_thread":        {Root: "assistant_thread", Files: []string{"assistant.html"}},
	"assistant_card":          {Root: "assistant_card", Files: []string{"assistant.html"}},
	"assistant_conversations": {Root: "assistant_conversations", Files: []string{"assistant.html"}},

	// The display-rules and widget-layout editors (displayrules.go, widgetlayout.go).
	"display_rules": {Root: "layout", Files: []string{"layout.html", "display_rules.html"}},
	"widget_layout": {Root: "layout", Files: []string{"layout.html", "widget_layout.html"}},

	// preview_error is shown inside the preview frame.
	"preview_error": {Root: "preview_error", Files: []string{"preview_error.html"}},
}

func parsePages(set *assets.Set, publicBase string) (*pageset.Set, error) {
	return pageset.Parse(pageset.Config{Name: "dashboard", FS: templateFiles, Dir: "templates", Shared: shared, Pages: pages,
		Funcs: template.FuncMap{
			"asset":    set.URL,
			"money":    money,
			"day":      longDate,
			"fv":       newFieldView,
			"add":      func(a, b int) int { return a + b },
			"jsonText": jsonText,
			"title":    titleWord,
			// img is a photo's src, srcset and size (media.Responsive).
			"img": func(url string) media.Image { return media.Responsive(publicBase, url) },
			"sectionCtx": func(v *view, s sectionForm) sectionContext {
				d, _ := v.Data.(*sitePageData)
				return sectionContext{Errors: v.Errors, Sec: s, D: d}
			},
		}})
}

// money writes an amount with all its digits ("$1,500.00"), in the
// booking's currency when one is given, else in the currency catalog
// prices are in.
func money(cents int64, currency ...string) string {
	cur := format.DefaultCurrency
	if len(currency) > 0 && currency[0] != "" {
		cur = currency[0]
	}
	return format.Money(cents, cur, format.DefaultLocale)
}

// contentPolicy allows nothing but this origin's files, photos from https
// hosts, and framing of the preview by this origin only.
var contentPolicy = httpx.PageCSP.Set("base-uri", "'none'").Set("frame-src", "'self'").String()

// framePolicy is contentPolicy for pages shown in the editor's preview
// frame.
var framePolicy = httpx.PageCSP.Set("base-uri", "'none'").Set("frame-ancestors", "'self'").String()

// writePage renders a page with status.
func (h *Handler) writePage(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	v.prepare(h, w, r)
	body, err := h.pages.Render(name, v)
	if err != nil {
		h.log.ErrorContext(r.Context(), "render dashboard page", "page", name, "err", err)
		http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	if name == "preview_error" {
		hd.Set("Content-Security-Policy", framePolicy)
	} else {
		hd.Set("Content-Security-Policy", contentPolicy)
	}
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// sectionContext is what one section of the page editor renders with.
type sectionContext struct {
	Errors map[string]string
	Sec    sectionForm
	D      *sitePageData
}

// fieldView is one labelled form control with its error.
type fieldView struct {
	Label, Name, ID, Value, Type, Hint, Error, Autocomplete, Placeholder string
	Required, Checked                                                    bool
	Rows                                                                 int
	Options                                                              []option
}

type option struct {
	Value, Label string
	Selected     bool
}

// newFieldView builds a fieldView from key/value pairs, so templates can
// name just what a control needs:
//
//	{{template "input" (fv "label" "Headline" "name" $p "value" .Headline "errors" $.Errors)}}
func newFieldView(pairs ...any) (fieldView, error) {
	if len(pairs)%2 != 0 {
		return fieldView{}, fmt.Errorf("fv: odd number of arguments")
	}
	f := fieldView{Type: "text"}
	var errs map[string]string
	valued := false // a "value" was given: it picks the selected option
	for i := 0; i < len(pairs); i += 2 {
		key, _ := pairs[i].(string)
		val := pairs[i+1]
		str := func() string {
			if val == nil {
				return ""
			}
			return fmt.Sprint(val)
		}
		switch key {
		case "label":
			f.Label = str()
		case "name":
			f.Name = str()
		case "value":
			f.Value, valued = str(), true
		case "type":
			f.Type = str()
		case "hint":
			f.Hint = str()
		case "autocomplete":
			f.Autocomplete = str()
		case "placeholder":
			f.Placeholder = str()
		case "required":
			f.Required, _ = val.(bool)
		case "checked":
			f.Checked, _ = val.(bool)
		case "rows":
			f.Rows, _ = val.(int)
		case "options":
			opts, _ := val.([]option)
			f.Options = append([]option(nil), opts...)
		case "errors":
			errs, _ = val.(map[string]string)
		default:
			return fieldView{}, fmt.Errorf("fv: unknown key %q", key)
		}
	}
	f.ID = "f-" + strings.NewReplacer(".", "-", "[", "-", "]", "").Replace(f.Name)
	f.Error = errs[f.Name]
	// Without a value the options keep their own Selected: overriding it
	// with "" showed the first choice, so saving the page sent that choice
	// back (the settings' currency and language, the widget's opening).
	if valued {
		for i := range f.Options {
			f.Options[i].Selected = f.Options[i].Value == f.Value
		}
	}
	return f, nil
}
