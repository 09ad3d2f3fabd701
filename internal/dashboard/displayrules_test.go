package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/catalog"
	"mais/internal/siteconfig"
)

// TestDisplayRulesEditor: the editor lists the catalog's packages; the
// move buttons work without the script; saving writes a draft (audited
// config.create) with the posted order, toggles, group, description and
// promotion, while the published site keeps the old rules; bad input
// comes back next to its field; another tenant's admin sees only their
// own packages. Both stores.
func TestDisplayRulesEditor(t *testing.T) {
	t.Parallel()
	eachKind(t, testDisplayRulesEditor)
}

func testDisplayRulesEditor(t *testing.T, kind string) {
	f, b, ctx, a, live := siteEditing(t, kind)
	if _, err := a.Catalog.CreatePackage(ctx, f.alpha.Tenant.ID, catalog.PackageInput{Slug: ptr("elopement"), Name: ptr("Elopement"),
		Description: ptr("Two hours"), BasePriceCents: ptr(int64(90000)), Active: ptr(true)}); err != nil {
		t.Fatal(err)
	}

	p := b.get("/admin/site/display")
	wantStatus(t, "editor", p, http.StatusOK)
	for _, want := range []string{"alpha classic", "Elopement", `name="display.order" value="classic"`, `data-drag-handle`, `aria-label="Move Elopement up"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("editor lacks %q", want)
		}
	}
	if strings.Contains(p.body, "bravo classic") {
		t.Error("alpha's editor shows bravo's package")
	}

	form := url.Values{"base": {live.ID}, "display.order": {"classic", "elopement"},
		"display.pkg.classic.visible": {"on"}, "display.pkg.elopement.visible": {"on"},
		"display.group.name": {"Full day", "Elopements", ""}, "display.group.was": {"", "", ""}}
	// Without the script, a move button is a submit the server carries out.
	moved := url.Values{"op": {"up:elopement"}}
	for k, v := range form {
		moved[k] = v
	}
	p = b.submit("/admin/site/display", "/admin/site/display", moved)
	wantStatus(t, "move up", p, http.StatusOK)
	if !strings.Contains(p.body, "not saved yet") || strings.Index(p.body, `value="elopement"`) > strings.Index(p.body, `value="classic"`) {
		t.Errorf("the move button did not move: %s", snippet(p.body))
	}

	// A bad offer price and an overlong label come back at their fields.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("display.pkg.classic.promoPrice", "lots")
	bad.Set("display.pkg.classic.promoLabel", strings.Repeat("x", 61))
	bad.Set("display.pkg.classic.promoFrom", "2030-03-01")
	bad.Set("display.pkg.classic.promoUntil", "2030-02-01")
	p = b.submit("/admin/site/display", "/admin/site/display", bad)
	wantStatus(t, "bad offer", p, http.StatusBadRequest)
	for _, want := range []string{`id="f-display-pkg-classic-promoPrice-error"`, `id="f-display-pkg-classic-promoLabel-error"`,
		`id="f-display-pkg-classic-promoUntil-error"`, `href="#f-display-pkg-classic-promoPrice"`, `value="lots"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("bad offer: page lacks %q", want)
		}
	}
	// A duplicate group name and a window that ends before it starts.
	dup := url.Values{}
	for k, v := range form {
		dup[k] = v
	}
	dup["display.group.name"] = []string{"Full day", "Full day", ""}
	dup.Set("display.pkg.elopement.visibleFrom", "2030-06-01")
	dup.Set("display.pkg.elopement.visibleUntil", "2030-05-01")
	p = b.submit("/admin/site/display", "/admin/site/display", dup)
	wantStatus(t, "duplicate group", p, http.StatusBadRequest)
	for _, want := range []string{`id="dr-group-1-error"`, `href="#dr-group-1"`, `id="f-display-pkg-elopement-visibleUntil-error"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("duplicate group: page lacks %q", want)
		}
	}
	if list, _ := a.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 10, 0); len(list) != 1 {
		t.Fatalf("a refused form saved a version: %d", len(list))
	}

	good := url.Values{}
	for k, v := range form {
		good[k] = v
	}
	good["display.order"] = []string{"elopement", "classic"}
	good.Set("display.pkg.classic.featured", "on")
	good.Set("display.pkg.classic.group", "Full day")
	good.Set("display.pkg.elopement.group", "Elopements")
	good.Set("display.pkg.elopement.description", "Just the two of you, <b>and</b> the mountains")
	good.Set("display.pkg.classic.promoPrice", "80.00")
	good.Set("display.pkg.classic.promoLabel", "Spring offer")
	good.Set("display.pkg.classic.promoFrom", "2030-03-01")
	good.Set("display.pkg.classic.promoUntil", "2030-04-30")
	p = b.submit("/admin/site/display", "/admin/site/display", good)
	wantStatus(t, "save", p, http.StatusSeeOther)
	if loc := p.header.Get("Location"); !strings.HasPrefix(loc, "/admin/site/display?draft=") {
		t.Fatalf("save went to %s", loc)
	}
	list, _ := a.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 10, 0)
	if len(list) != 2 || list[0].Status != siteconfig.StatusDraft {
		t.Fatalf("versions after save: %+v", list)
	}
	_, draft, err := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	d := draft.Display
	if len(d.Packages) != 2 || d.Packages[0].PackageSlug != "elopement" || d.Packages[0].Order != 1 || d.Packages[1].Order != 2 ||
		!d.Packages[1].Featured || d.Packages[1].Group != "Full day" || d.Packages[0].Description != "Just the two of you, <b>and</b> the mountains" ||
		d.Packages[1].Promotion != (siteconfig.Promotion{PriceCents: 8000, Label: "Spring offer", From: "2030-03-01", Until: "2030-04-30"}) ||
		len(d.Groups) != 2 || d.Groups[0] != (siteconfig.TierGroup{Name: "Full day", Order: 1}) {
		t.Errorf("draft rules: %+v", d)
	}
	if _, pub, _ := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, live.ID); !pub.Display.IsZero() {
		t.Errorf("the published version changed: %+v", pub.Display)
	}

	// The draft's editor shows it back; renaming a group moves its package.
	p = b.follow(p)
	if !strings.Contains(p.body, "Draft saved") || strings.Index(p.body, `value="elopement"`) > strings.Index(p.body, `value="classic"`) {
		t.Errorf("draft editor: %s", snippet(p.body))
	}
	rename := url.Values{}
	for k, v := range good {
		rename[k] = v
	}
	rename.Set("base", list[0].ID)
	rename["display.group.name"] = []string{"Whole day", "Elopements", ""}
	rename["display.group.was"] = []string{"Full day", "Elopements", ""}
	wantStatus(t, "rename group", b.submit("/admin/site/display", "/admin/site/display", rename), http.StatusSeeOther)
	if _, c, _ := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, list[0].ID); c.Display.Packages[1].Group != "Whole day" {
		t.Errorf("rename: %+v", c.Display)
	}

	// Publishing the offer is a price change of its own in the audit log.
	wantStatus(t, "publish", b.submit("/admin/site/display", "/admin/versions/"+list[0].ID+"/publish", url.Values{"next": {"/admin/site/display"}}), http.StatusSeeOther)
	if p := b.get("/admin/audit?entity=package"); !strings.Contains(p.body, "package.price_change") ||
		!strings.Contains(p.body, "alpha classic: $100.01 → $80.00 from") || !strings.Contains(p.body, "(Spring offer)") {
		t.Errorf("audit page: %s", snippet(p.body))
	}

	// Bravo cannot use alpha's version as a base, nor see alpha's packages.
	bb := newBrowser(t, a.Handler())
	bb.login(f.bravo.AdminEmail, password)
	wantStatus(t, "bravo posts on alpha's draft", bb.submit("/admin/site/display", "/admin/site/display", rename), http.StatusNotFound)
	if p := bb.get("/admin/site/display"); p.status != 200 || strings.Contains(p.body, `value="elopement"`) {
		t.Error("bravo sees alpha's package")
	}
}

// TestWidgetLayoutEditor: the widget layout is saved as a draft; the
// preview route renders /widget from that draft (blocks in the new order,
// prices hidden, links kept in the preview, booking switched off) for the
// tenant's own admin only, while the published widget is unchanged.
func TestWidgetLayoutEditor(t *testing.T) {
	t.Parallel()
	eachKind(t, testWidgetLayoutEditor)
}

func testWidgetLayoutEditor(t *testing.T, kind string) {
	f, b, ctx, a, live := siteEditing(t, kind)
	p := b.get("/admin/site/widget")
	wantStatus(t, "editor", p, http.StatusOK)
	if !strings.Contains(p.body, `src="/admin/site/widget/preview/`+live.ID+`?package=classic"`) {
		t.Errorf("preview frame: %s", snippet(p.body))
	}
	form := url.Values{"base": {live.ID}, "widget.block": {"details", "calendar", "addons"}, "widget.showAddOns": {"on"},
		"widget.step": {"classic"}}
	p = b.submit("/admin/site/widget", "/admin/site/widget", form)
	wantStatus(t, "save", p, http.StatusSeeOther)
	list, _ := a.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 10, 0)
	_, c, _ := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, list[0].ID)
	if got := c.Widget; strings.Join(got.Blocks, ",") != "details,calendar,addons" || !got.HidePrices || got.HideAddOns || !got.HideNotes {
		t.Errorf("draft widget: %+v", got)
	}

	pv := b.get("/admin/site/widget/preview/" + list[0].ID + "?package=classic")
	wantStatus(t, "preview", pv, http.StatusOK)
	details, date, extras := strings.Index(pv.body, "Your details"), strings.Index(pv.body, "Choose your date"), strings.Index(pv.body, "Add extras")
	if details < 0 || date < 0 || details > date || (extras >= 0 && extras < date) {
		t.Errorf("preview blocks out of order (%d %d %d)", details, date, extras)
	}
	for _, want := range []string{`href="/admin/site/widget/preview/` + list[0].ID + `"`, `/admin/site/widget/preview/` + list[0].ID + `/theme.css?`, `method="get"`, `disabled`} {
		if !strings.Contains(pv.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(pv.body, `method="post"`) || strings.Contains(pv.body, `"/widget?tenant=`) {
		t.Error("the preview can still book or leave the preview")
	}
	if th := b.get("/admin/site/widget/preview/" + list[0].ID + "/theme.css"); th.status != 200 || !strings.Contains(th.header.Get("Content-Type"), "css") {
		t.Errorf("theme: %d %s", th.status, th.header.Get("Content-Type"))
	}
	// The published widget keeps the default order.
	pub := b.get("/widget?tenant=alpha&package=classic")
	if i, j := strings.Index(pub.body, "Add extras"), strings.Index(pub.body, "Your details"); pub.status != 200 || i < 0 || i > j {
		t.Errorf("published widget changed: %d", pub.status)
	}

	// Admin-only and tenant-scoped.
	anon := newBrowser(t, a.Handler())
	if p := anon.get("/admin/site/widget/preview/" + list[0].ID); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/admin/login") {
		t.Errorf("anonymous preview: %d %s", p.status, p.header.Get("Location"))
	}
	bb := newBrowser(t, a.Handler())
	bb.login(f.bravo.AdminEmail, password)
	wantStatus(t, "bravo previews alpha's draft", bb.get("/admin/site/widget/preview/"+list[0].ID), http.StatusNotFound)
	wantStatus(t, "bravo's theme of alpha's draft", bb.get("/admin/site/widget/preview/"+list[0].ID+"/theme.css"), http.StatusNotFound)

	// A layout that is not one fails at its field, without saving.
	bad := url.Values{"base": {list[0].ID}, "widget.block": {"details", "details", "addons"}}
	p = b.submit("/admin/site/widget", "/admin/site/widget", bad)
	wantStatus(t, "bad blocks", p, http.StatusBadRequest)
	if !strings.Contains(p.body, "Please correct") {
		t.Errorf("bad blocks: %s", snippet(p.body))
	}
}

func ptr[T any](v T) *T { return &v }
