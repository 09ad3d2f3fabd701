package dashboard

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/catalog"
	"mais/internal/format"
	"mais/internal/siteconfig"
)

// The display-rules editor (/admin/site/display) edits the "display"
// section of the working version: the order of the packages, which are
// shown and featured, their custom descriptions, tier groups, date windows
// and seasonal promotions. Like every site change it saves a draft
// (SiteConfig.CreateDraft / UpdateDraft, audited); publishing stays on the
// site and versions pages.
//
// The form names every input "display.…" so one rule covers it
// (formtext.go: siteconfig checks the text). Order is the order of the
// repeated inputs display.order (package slugs) and display.group.name,
// which is the DOM order: drag-and-drop and the move buttons of
// displayrules.js only move rows, and without the script the move buttons
// are submit buttons (op=up:slug) the server carries out.

// ruleRow is one package of the editor, as typed.
type ruleRow struct {
	Slug, Name, Price       string
	InCatalog, Active       bool
	Visible, Featured       bool
	Description, CatalogTxt string
	Group                   string
	VisibleFrom, Until      string
	PromoPrice, PromoLabel  string
	PromoFrom, PromoUntil   string
	// Errors are this row's problems by input name
	// ("display.pkg.classic.promoPrice").
	Errors      map[string]string
	Pos         int
	First, Last bool
	Groups      []option
}

// groupRow is one tier group as typed; Was is its name when the page was
// shown, so renaming a group moves its packages along.
type groupRow struct {
	Name, Was, Error string
	Pos              int
	First, Last      bool
}

type displayData struct {
	editorState
	Rows   []ruleRow
	Groups []groupRow
	// Extra are rules for packages no longer in the catalog, kept as they
	// are.
	Extra []siteconfig.PackageRule
}

// newGroupRows is how many empty group inputs the form offers.
const newGroupRows = 2

// displayEdit shows the editor for the working version.
func (h *Handler) displayEdit(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, err := h.working(r.Context(), s.Tenant.ID, r.URL.Query().Get("draft"))
	if err != nil {
		return err
	}
	pkgs, err := h.cfg.Catalog.Packages(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	d := displayOf(wk, pkgs)
	h.writeDisplay(w, r, s, http.StatusOK, d, "", nil)
	return nil
}

// displayOf lays out the rules of wk for the editor: every catalog package
// once, in the storefront's order (ordered rules first), hidden and
// out-of-window packages included.
func displayOf(wk working, pkgs []catalog.Package) *displayData {
	rules := wk.Config.Display
	d := &displayData{editorState: newEditorState(wk, "/admin/site/display")}
	d.PreviewURL = "/admin/preview/" + wk.V.ID + "/services"
	inCatalog := map[string]bool{}
	for _, p := range pkgs {
		inCatalog[p.Slug] = true
		r, _ := rules.Rule(p.Slug)
		row := ruleRow{Slug: p.Slug, Name: p.Name, Price: money(p.BasePriceCents),
			InCatalog: true, Active: p.Active, Visible: !r.Hidden, Featured: r.Featured, Description: r.Description,
			CatalogTxt: p.Description, Group: r.Group, VisibleFrom: r.VisibleFrom, Until: r.VisibleUntil}
		if pr := r.Promotion; pr != (siteconfig.Promotion{}) {
			row.PromoPrice = format.Amount(int64(pr.PriceCents), format.DefaultCurrency)
			row.PromoLabel, row.PromoFrom, row.PromoUntil = pr.Label, pr.From, pr.Until
		}
		d.Rows = append(d.Rows, row)
	}
	order := func(slug string) int { r, _ := rules.Rule(slug); return r.Order }
	slices.SortStableFunc(d.Rows, func(a, b ruleRow) int {
		oa, ob := order(a.Slug), order(b.Slug)
		switch {
		case oa > 0 && ob > 0:
			return oa - ob
		case oa > 0:
			return -1
		case ob > 0:
			return 1
		}
		return 0
	})
	for _, r := range rules.Packages {
		if !inCatalog[r.PackageSlug] {
			d.Extra = append(d.Extra, r)
		}
	}
	groups := slices.Clone(rules.Groups)
	slices.SortStableFunc(groups, func(a, b siteconfig.TierGroup) int { return a.Order - b.Order })
	for _, g := range groups {
		d.Groups = append(d.Groups, groupRow{Name: g.Name, Was: g.Name})
	}
	return d
}

// readDisplay reads the editor's form: the rows in the order posted, and
// local problems (amounts that are not amounts) under the row's inputs.
func readDisplay(f url.Values, wk working, pkgs []catalog.Package) *displayData {
	d := displayOf(wk, pkgs)
	byslug := map[string]ruleRow{}
	for _, r := range d.Rows {
		byslug[r.Slug] = r
	}
	d.Rows = d.Rows[:0]
	for _, slug := range f["display.order"] {
		row, ok := byslug[slug]
		if !ok {
			continue // not a package of the catalog, or twice
		}
		delete(byslug, slug)
		in := func(k string) string { return strings.TrimSpace(f.Get("display.pkg." + slug + "." + k)) }
		row.Visible, row.Featured = in("visible") != "", in("featured") != ""
		row.Description = strings.TrimSpace(strings.ReplaceAll(f.Get("display.pkg."+slug+".description"), "\r\n", "\n"))
		row.Group, row.VisibleFrom, row.Until = in("group"), in("visibleFrom"), in("visibleUntil")
		row.PromoPrice, row.PromoLabel, row.PromoFrom, row.PromoUntil = in("promoPrice"), in("promoLabel"), in("promoFrom"), in("promoUntil")
		d.Rows = append(d.Rows, row)
	}
	// Rows the form left out keep their place at the end, unchanged.
	for _, r := range displayOf(wk, pkgs).Rows {
		if _, ok := byslug[r.Slug]; ok {
			d.Rows = append(d.Rows, r)
		}
	}
	names, was := f["display.group.name"], f["display.group.was"]
	d.Groups = nil
	for i, n := range names {
		g := groupRow{Name: strings.TrimSpace(n)}
		if i < len(was) {
			g.Was = was[i]
		}
		d.Groups = append(d.Groups, g)
	}
	d.Note = f.Get("note")
	return d
}

// rules is the display section the form describes, and the form's own
// problems under the document's paths.
func (d *displayData) rules() (siteconfig.DisplayRules, apperr.FieldErrors) {
	local := apperr.FieldErrors{}
	var out siteconfig.DisplayRules
	renamed := map[string]string{}
	for _, g := range d.Groups {
		if g.Name == "" {
			if g.Was != "" {
				renamed[g.Was] = ""
			}
			continue
		}
		if g.Was != "" {
			renamed[g.Was] = g.Name
		}
		out.Groups = append(out.Groups, siteconfig.TierGroup{Name: g.Name, Order: len(out.Groups) + 1})
	}
	for i, row := range d.Rows {
		group := row.Group
		if to, ok := renamed[group]; ok {
			group = to
		}
		r := siteconfig.PackageRule{PackageSlug: row.Slug, Order: i + 1, Hidden: !row.Visible, Featured: row.Featured,
			Description: row.Description, Group: group, VisibleFrom: row.VisibleFrom, VisibleUntil: row.Until}
		p := "display.packages." + strconv.Itoa(i) + ".promotion."
		if row.PromoPrice != "" || row.PromoLabel != "" || row.PromoFrom != "" || row.PromoUntil != "" {
			r.Promotion = siteconfig.Promotion{Label: row.PromoLabel, From: row.PromoFrom, Until: row.PromoUntil}
			if c, ok := format.ParseAmount(row.PromoPrice, format.DefaultCurrency); ok && row.PromoPrice != "" {
				r.Promotion.PriceCents = int(c)
			} else {
				local.Add(p+"priceCents", "must be an amount such as 1900 or 1900.50")
			}
		}
		out.Packages = append(out.Packages, r)
	}
	out.Packages = append(out.Packages, d.Extra...)
	return out, local
}

// finish numbers the rows and groups, fills the group choices and puts
// each field error (by document path) next to its input; the rest become
// the summary.
func (d *displayData) finish(fields map[string]string) {
	named := []option{{Value: "", Label: "No group"}}
	groupIndex := map[int]int{} // index in the document → row
	n := 0
	for i := range d.Groups {
		g := &d.Groups[i]
		g.Pos, g.First, g.Last, g.Error = i, i == 0, i == len(d.Groups)-1, ""
		if g.Name != "" {
			named = append(named, option{Value: g.Name, Label: g.Name})
			groupIndex[n] = i
			n++
		}
	}
	for i := range d.Rows {
		r := &d.Rows[i]
		r.Pos, r.First, r.Last, r.Errors = i, i == 0, i == len(d.Rows)-1, map[string]string{}
		r.Groups = nil
		for _, o := range named {
			o.Selected = o.Value == r.Group
			r.Groups = append(r.Groups, o)
		}
	}
	// The summary lists the problems in the order of the form: package
	// rows top to bottom, each row's inputs in order, then the groups.
	type item struct {
		rank int
		summaryItem
	}
	var items []item
	for _, k := range sortedKeys(fields) {
		msg := fields[k]
		row, input, ok := d.fieldOf(k, groupIndex)
		switch {
		case ok && row >= 0:
			msg = formWords.Replace(msg)
			name := "display.pkg." + d.Rows[row].Slug + "." + input
			d.Rows[row].Errors[name] = msg
			f, _ := newFieldView("name", name)
			items = append(items, item{row*100 + slices.Index(inputOrder, input), summaryItem{Anchor: "#" + f.ID, Text: d.Rows[row].Name + ": " + msg}})
		case ok:
			d.Groups[-row-1].Error = msg
			items = append(items, item{1_000_000 - row, summaryItem{Anchor: "#dr-group-" + strconv.Itoa(-row-1), Text: "Group name: " + msg}})
		default:
			items = append(items, item{-1, summaryItem{Anchor: "#display-form", Text: pathLabel(k) + ": " + msg}})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.rank - b.rank })
	d.Summary = nil
	for _, it := range items {
		d.Summary = append(d.Summary, it.summaryItem)
	}
}

// formWords says the service's messages in the form's words.
var formWords = strings.NewReplacer("must not be before visibleFrom", "must not be before the first date",
	"must not be before from", "must not be before the first day", "promotion", "offer")

// inputOrder is the order of a package row's inputs in the form.
var inputOrder = []string{"visible", "description", "group", "visibleFrom", "visibleUntil", "promoPrice", "promoLabel", "promoFrom", "promoUntil"}

// ruleInputs maps a rule's field path to the editor's input.
var ruleInputs = map[string]string{
	"description": "description", "group": "group", "visibleFrom": "visibleFrom", "visibleUntil": "visibleUntil",
	"promotion.priceCents": "promoPrice", "promotion.label": "promoLabel", "promotion.from": "promoFrom",
	"promotion.until": "promoUntil", "packageSlug": "visible", "order": "visible",
}

// fieldOf finds the input of a field path: a package row (row ≥ 0) and
// its input, or a group row as -(row+1).
func (d *displayData) fieldOf(path string, groupIndex map[int]int) (row int, input string, ok bool) {
	if rest, found := strings.CutPrefix(path, "display.groups."); found {
		i, _, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(i)
		if g, in := groupIndex[n]; err == nil && in {
			return -g - 1, "name", true
		}
		return 0, "", false
	}
	rest, found := strings.CutPrefix(path, "display.packages.")
	if !found {
		return 0, "", false
	}
	i, field, _ := strings.Cut(rest, ".")
	n, err := strconv.Atoi(i)
	input, known := ruleInputs[field]
	if err != nil || n < 0 || n >= len(d.Rows) || !known {
		return 0, "", false
	}
	return n, input, true
}

// move carries out a move button without the script: "up:slug",
// "down:slug", "gup:3" or "gdown:3". It reports whether op was one.
func (d *displayData) move(op string) bool {
	verb, arg, _ := strings.Cut(op, ":")
	switch verb {
	case "up", "down":
		i := slices.IndexFunc(d.Rows, func(r ruleRow) bool { return r.Slug == arg })
		return i >= 0 && swapAt(d.Rows, i, verb == "up")
	case "gup", "gdown":
		i, err := strconv.Atoi(arg)
		return err == nil && i >= 0 && i < len(d.Groups) && swapAt(d.Groups, i, verb == "gup")
	}
	return false
}

// swapAt swaps item i with the one before (up) or after it, if any.
func swapAt[T any](list []T, i int, up bool) bool {
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(list) {
		return false
	}
	list[i], list[j] = list[j], list[i]
	return true
}

// displaySave saves the rules into the working draft (creating one from
// the published version if needed), or carries out a move button and shows
// the form again unsaved.
func (h *Handler) displaySave(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, d, err := h.postedDisplay(r, s)
	if err != nil {
		return err
	}
	if d.move(r.PostForm.Get("op")) {
		d.Unsaved = true
		h.writeDisplay(w, r, s, http.StatusOK, d, "", nil)
		return nil
	}
	cfg := wk.Config
	rules, local := d.rules()
	cfg.Display = rules
	doc := json.RawMessage(siteconfig.Canonical(cfg))
	var v siteconfig.Version
	switch {
	case len(local) > 0:
		_, perr := siteconfig.Parse(doc)
		err = mergeFields(perr, local)
	default:
		v, err = h.saveDraft(r.Context(), s.Tenant.ID, wk, doc, d.Note, "Changed how packages are shown")
	}
	if err != nil {
		status, msg, fields, ok := h.formProblem(r, err)
		if !ok {
			return err
		}
		d.Unsaved = true
		h.writeDisplay(w, r, s, status, d, msg, fields)
		return nil
	}
	h.redirectOK(w, r, "/admin/site/display?draft="+v.ID, "Draft saved. Check the services page in the preview, then publish when you are ready.")
	return nil
}

// displayLivePreview renders the services page as the form is typed,
// without saving, into the preview frame.
func (h *Handler) displayLivePreview(w http.ResponseWriter, r *http.Request, s *session) error {
	wk, d, err := h.postedDisplay(r, s)
	if err != nil {
		return err
	}
	cfg := wk.Config
	rules, local := d.rules()
	cfg.Display = rules
	return h.previewUnsaved(w, r, s, wk.V, cfg, local, siteconfig.PageServices)
}

// postedDisplay reads the editor's form on top of its base version.
func (h *Handler) postedDisplay(r *http.Request, s *session) (working, *displayData, error) {
	base := r.PostForm.Get("base")
	wk, err := h.working(r.Context(), s.Tenant.ID, base)
	if err != nil || base == "" {
		return wk, nil, orNotFound(err)
	}
	pkgs, err := h.cfg.Catalog.Packages(r.Context(), s.Tenant.ID)
	if err != nil {
		return wk, nil, err
	}
	return wk, readDisplay(r.PostForm, wk, pkgs), nil
}

func (h *Handler) writeDisplay(w http.ResponseWriter, r *http.Request, s *session, status int, d *displayData, msg string, fields map[string]string) {
	for countBlank(d.Groups) < newGroupRows {
		d.Groups = append(d.Groups, groupRow{})
	}
	d.finish(fields)
	h.writePage(w, r, status, "display_rules", &view{Title: "Packages on your site", Nav: "site", S: s, Data: d,
		Message: msg, Errors: fields})
}

func countBlank(gs []groupRow) int {
	n := 0
	for _, g := range gs {
		if g.Name == "" && g.Was == "" {
			n++
		}
	}
	return n
}
