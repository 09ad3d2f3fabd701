package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

// TestWidgetLayoutEditorStartAndQuotes: the editor saves the testimonials
// strip (toggle and place) and the package the widget opens on into a
// draft; the draft's preview opens on that package with the list one link
// away; a package that is not one of the tenant's active ones fails at
// widget.package without saving.
func TestWidgetLayoutEditorStartAndQuotes(t *testing.T) {
	t.Parallel()
	eachKind(t, testWidgetLayoutEditorStartAndQuotes)
}

func testWidgetLayoutEditorStartAndQuotes(t *testing.T, kind string) {
	f, b, ctx, a, live := siteEditing(t, kind)
	p := b.get("/admin/site/widget")
	wantStatus(t, "editor", p, http.StatusOK)
	for _, want := range []string{`name="widget.showTestimonials"`, `name="widget.package"`, `<option value="" selected>The package list</option>`,
		`value="testimonials"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("editor lacks %s", want)
		}
	}

	form := url.Values{"base": {live.ID}, "widget.block": {"testimonials", "addons", "calendar", "details"}, "widget.showAddOns": {"on"},
		"widget.showPrices": {"on"}, "widget.allowNotes": {"on"}, "widget.showTestimonials": {"on"}, "widget.package": {"classic"}}
	p = b.submit("/admin/site/widget", "/admin/site/widget", form)
	wantStatus(t, "save", p, http.StatusSeeOther)
	list, _ := a.SiteConfig.Versions(ctx, f.alpha.Tenant.ID, 10, 0)
	draft := list[0]
	_, c, _ := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, draft.ID)
	if got := c.Widget; strings.Join(got.Blocks, ",") != "testimonials,addons,calendar,details" || !got.ShowTestimonials ||
		got.Start != siteconfig.WidgetStartPackage || got.Package != "classic" || got.HidePrices || got.HideAddOns || got.HideNotes {
		t.Errorf("draft widget: %+v", got)
	}
	if got := selectedOption(b.get("/admin/site/widget?draft="+draft.ID).body, "f-widget-package"); got != "classic" {
		t.Errorf("the editor of the draft shows the widget opening on %q, want classic (a save would reset it)", got)
	}
	if p := b.get("/admin/site/widget?draft=" + draft.ID); !strings.Contains(p.body, `<option value="classic" selected>`) ||
		!strings.Contains(p.body, `name="widget.showTestimonials" type="checkbox" value="on" checked`) {
		t.Errorf("editor of the draft does not show its choices: %s", snippet(p.body))
	}

	// The draft's widget opens on the package; "All packages" stays in the preview.
	pv := b.get("/admin/site/widget/preview/" + draft.ID)
	wantStatus(t, "preview", pv, http.StatusOK)
	if !strings.Contains(pv.body, "data-booking-form") || !strings.Contains(pv.body, `href="/admin/site/widget/preview/`+draft.ID+`?list=1"`) {
		t.Errorf("preview does not open on the package: %s", snippet(pv.body))
	}
	if pl := b.get("/admin/site/widget/preview/" + draft.ID + "?list=1"); pl.status != 200 || strings.Contains(pl.body, "data-booking-form") {
		t.Errorf("preview's package list: %d", pl.status)
	}
	// The published widget still opens on the list.
	if pub := b.get("/widget?tenant=alpha"); strings.Contains(pub.body, "data-booking-form") {
		t.Error("the published widget changed before publishing")
	}

	// Not an active package: the field is named, nothing is saved.
	form.Set("base", draft.ID)
	form.Set("widget.package", "gone")
	p = b.submit("/admin/site/widget", "/admin/site/widget", form)
	wantStatus(t, "unknown package", p, http.StatusBadRequest)
	if !strings.Contains(p.body, "must be one of your active packages") {
		t.Errorf("unknown package: %s", snippet(p.body))
	}
	if _, c, _ := a.SiteConfig.Preview(ctx, f.alpha.Tenant.ID, draft.ID); c.Widget.Package != "classic" {
		t.Errorf("draft changed: %+v", c.Widget)
	}
}
