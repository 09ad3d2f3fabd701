package dashboard

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"mais/internal/assets"
)

//go:embed templates/*.html
var templateFiles embed.FS

// page is one renderable page: the layout it executes and the files parsed
// with it.
type page struct {
	layout string
	files  []string
}

// shared are the small partials every page may use.
var shared = []string{"partials.html"}

// pageFiles is the explicit page → templates map. Rendering a page that is
// not here is a programming error; parsePages executes nothing but checks
// every entry at start-up, and the tests render every page.
var pageFiles = map[string]page{
	"login":    {"bare", []string{"bare.html", "login.html"}},
	"forgot":   {"bare", []string{"bare.html", "forgot.html"}},
	"reset":    {"bare", []string{"bare.html", "reset.html"}},
	"error":    {"layout", []string{"layout.html", "error.html"}},
	"password": {"layout", []string{"layout.html", "password.html"}},

	"overview":  {"layout", []string{"layout.html", "overview.html", "booking_rows.html"}},
	"bookings":  {"layout", []string{"layout.html", "bookings.html", "booking_rows.html"}},
	"calendar":  {"layout", []string{"layout.html", "calendar.html"}},
	"booking":   {"layout", []string{"layout.html", "booking.html"}},
	"packages":  {"layout", []string{"layout.html", "packages.html"}},
	"package":   {"layout", []string{"layout.html", "package.html"}},
	"blackouts": {"layout", []string{"layout.html", "blackouts.html"}},
	"site":      {"layout", []string{"layout.html", "site.html"}},
	"site_page": {"layout", []string{"layout.html", "site_page.html", "section_forms.html"}},
	"branding":  {"layout", []string{"layout.html", "branding.html"}},
	"versions":  {"layout", []string{"layout.html", "versions.html"}},
	"version":   {"layout", []string{"layout.html", "version.html", "diff.html"}},
	"proposals": {"layout", []string{"layout.html", "proposals.html"}},
	"proposal":  {"layout", []string{"layout.html", "proposal.html", "diff.html"}},
	"audit":     {"layout", []string{"layout.html", "audit.html"}},
	"agents":    {"layout", []string{"layout.html", "agents.html"}},
	"embed":     {"layout", []string{"layout.html", "embed.html"}},

	"tenants":     {"layout", []string{"layout.html", "tenants.html"}},
	"tenant_new":  {"layout", []string{"layout.html", "tenant_new.html"}},
	"tenant_edit": {"layout", []string{"layout.html", "tenant_edit.html"}},

	// preview_error is shown inside the preview frame.
	"preview_error": {"preview_error", []string{"preview_error.html"}},
}

type pageSet struct {
	sets map[string]*template.Template
	bufs sync.Pool
}

func parsePages(set *assets.Set) (*pageSet, error) {
	funcs := template.FuncMap{
		"asset":    set.URL,
		"money":    formatMoney,
		"day":      longDate,
		"fv":       newFieldView,
		"add":      func(a, b int) int { return a + b },
		"jsonText": jsonText,
		"title":    titleWord,
		"sectionCtx": func(v *view, s sectionForm) sectionContext {
			d, _ := v.Data.(*sitePageData)
			return sectionContext{Errors: v.Errors, Sec: s, D: d}
		},
	}
	ps := &pageSet{sets: map[string]*template.Template{}}
	ps.bufs.New = func() any { return new(bytes.Buffer) }
	for name, p := range pageFiles {
		paths := make([]string, 0, len(p.files)+len(shared))
		for _, f := range append(append([]string{}, shared...), p.files...) {
			paths = append(paths, "templates/"+f)
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFiles, paths...)
		if err != nil {
			return nil, fmt.Errorf("dashboard: parse %s: %w", name, err)
		}
		if t.Lookup(p.layout) == nil {
			return nil, fmt.Errorf("dashboard: %s defines no %q", name, p.layout)
		}
		ps.sets[name] = t
	}
	return ps, nil
}

func (ps *pageSet) render(name string, data any) ([]byte, error) {
	t, ok := ps.sets[name]
	if !ok {
		return nil, fmt.Errorf("dashboard: no page %q", name)
	}
	buf := ps.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer ps.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, pageFiles[name].layout, data); err != nil {
		return nil, fmt.Errorf("dashboard: render %s: %w", name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// contentPolicy allows nothing but this origin's files, photos from https
// hosts, and framing of the preview by this origin only.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; " +
	"frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// framePolicy is contentPolicy for pages shown in the editor's preview frame.
const framePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// writePage renders a page with status.
func (h *Handler) writePage(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	v.prepare(h, w, r)
	body, err := h.pages.render(name, v)
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
			f.Value = str()
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
	for i := range f.Options {
		f.Options[i].Selected = f.Options[i].Value == f.Value
	}
	return f, nil
}
