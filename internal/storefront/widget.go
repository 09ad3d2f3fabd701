package storefront

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/format"
	"mais/internal/tenant"
)

// widget serves /widget?tenant={slug} (or ?key=pk_live_…): the booking flow
// in a page made for an iframe on the tenant's own website. ?package=
// selects a package; POST books it.
func (h *Handler) widget(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	s, err := h.widgetSite(r.Context(), q)
	if err != nil {
		return err
	}
	pkg := q.Get("package")
	choices := url.Values{}
	for k, v := range q {
		if k != "tenant" && k != "key" && k != "package" {
			choices[k] = v
		}
	}
	switch {
	case r.Method == http.MethodPost && pkg != "":
		err = h.bookingPost(w, r, s, pkg)
	case r.Method == http.MethodPost:
		err = apperr.New(apperr.CodeMethodNotAllowed, "choose a package first")
	case pkg != "":
		err = h.packagePage(w, r, s, pkg, choices)
	case q.Get("list") != "":
		// The package list itself, linked from a widget that opens on a package.
		err = h.serveCached(w, r, s, "widget:list", func(ctx context.Context) (rendered, error) {
			return h.renderWidgetList(ctx, s)
		})
	default:
		// Keyed by the month a package's calendar would show: the widget
		// may open on one.
		month := h.shownMonth(s, "")
		err = h.serveCached(w, r, s, "widget:home:"+month, func(ctx context.Context) (rendered, error) {
			return h.renderWidgetHome(ctx, s, month)
		})
	}
	return s.fail(err)
}

func (h *Handler) widgetSite(ctx context.Context, q url.Values) (*site, error) {
	if key := q.Get("key"); key != "" {
		t, err := h.cfg.Tenants.Resolve(ctx, key)
		if err != nil {
			if code := apperr.Code(err); code == apperr.CodeInternal || code == apperr.CodeUnavailable {
				return nil, err
			}
			// A bad, unknown or inactive key all look the same from outside.
			return nil, apperr.NotFound("site")
		}
		return &site{t: t, mode: modeWidget, widgetParam: "key=" + url.QueryEscape(key)}, nil
	}
	t, err := h.cfg.Tenants.SiteBySlug(ctx, q.Get("tenant"))
	if err != nil {
		return nil, err
	}
	return &site{t: t, mode: modeWidget, widgetParam: "tenant=" + url.QueryEscape(t.Slug)}, nil
}

func (h *Handler) renderWidgetList(ctx context.Context, s *site) (rendered, error) {
	d, err := h.loadSite(ctx, s.t, true)
	if err != nil {
		return rendered{}, err
	}
	v := pageView{Lang: "en", Title: "Book with " + s.t.Name, NoIndex: true, Script: "widget.js",
		Site: h.siteView(s, d, ""), Packages: h.packageCards(s, d), ShowPackages: true}
	layout := d.widgetLayout()
	if layout.HidePrices {
		for i := range v.Packages {
			v.Packages[i].HidePrice = true
		}
	}
	v.Quotes = d.widgetQuotes(layout)
	v.PackageGroups = packageGroups(d, v.Packages)
	body, err := h.tmpl.Render("widget", v)
	return rendered{status: http.StatusOK, body: body}, err
}

// widgetContinue is the widget's last step. A payment page cannot run in
// an iframe (Stripe refuses to be framed), so the date is held and the
// buyer opens the payment page in the whole window with one click.
func (h *Handler) widgetContinue(w http.ResponseWriter, r *http.Request, s *site, d *siteData, pkg catalog.Package, in bookingInput, res booking.CheckoutResult) {
	total := pkg.BasePriceCents
	for _, a := range pkg.AddOns {
		if in.addOns[a.ID] || in.addOns[a.Slug] {
			total += a.PriceCents
		}
	}
	v := pageView{Lang: "en", Title: "Continue to payment · " + s.t.Name, NoIndex: true, Script: "widget.js",
		Site: h.siteView(s, d, ""),
		Continue: &continueView{CheckoutURL: res.CheckoutURL, Date: format.Day(in.date), Package: pkg.Name, TotalCents: total,
			HoldUntil: format.Clock(res.ExpiresAt, s.t.Location())}}
	h.writeHTML(w, r, http.StatusOK, "widget", true, v)
}

// widgetTheme serves /widget/theme.css?tenant={slug} (or ?key=…): the
// tenant's colours and font for the widget's pages.
func (h *Handler) widgetTheme(w http.ResponseWriter, r *http.Request) error {
	s, err := h.widgetSite(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	return s.fail(h.theme(w, r, s))
}

// embedScript serves the parent-side helper of the embed snippet at a
// stable URL, so snippets pasted long ago keep working.
func (h *Handler) embedScript(w http.ResponseWriter, r *http.Request) {
	h.assets.ServeStable(w, r, "embed.js")
}

// EmbedSnippet is the HTML a tenant pastes into their own website to show
// the booking widget: an iframe sized for a phone, and a small script that
// lets the iframe grow to its content and refresh after configuration
// changes (window.MAISWidget.refresh()).
func EmbedSnippet(publicBaseURL string, t tenant.Tenant) string {
	base := strings.TrimRight(publicBaseURL, "/")
	src := base + "/widget?tenant=" + url.QueryEscape(t.Slug)
	return `<iframe src="` + html.EscapeString(src) + `" title="` + html.EscapeString("Book with "+t.Name) +
		`" style="width:100%;max-width:560px;height:760px;border:0" loading="lazy" data-mais-widget></iframe>` + "\n" +
		`<script src="` + html.EscapeString(base+"/widget/embed.js") + `" async></script>` + "\n"
}
