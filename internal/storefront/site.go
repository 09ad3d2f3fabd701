package storefront

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/domains"
	"mais/internal/httpx"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// siteMode says how a tenant's site was reached, which decides its links.
type siteMode int

const (
	modeSlug   siteMode = iota // /t/{slug}/…
	modeDomain                 // a custom domain, links from /
	modeWidget                 // /widget?tenant=… inside an iframe
)

// site is one tenant's storefront as reached by one request.
type site struct {
	t    tenant.Tenant
	mode siteMode
	// widgetParam identifies the tenant in widget links ("tenant=slug" or
	// "key=pk_live_…"), so links keep the form the embedder used.
	widgetParam string
	// origin is scheme://host of the request, for absolute URLs on custom
	// domains.
	origin string
}

// scope distinguishes renderings of one page that differ in their links.
func (s *site) scope() string {
	switch s.mode {
	case modeDomain:
		return "domain"
	case modeWidget:
		return "widget:" + s.widgetParam
	}
	return "slug"
}

func (s *site) base() string {
	if s.mode == modeSlug {
		return "/t/" + s.t.Slug
	}
	return ""
}

// pageURL is the address of a configured page.
func (s *site) pageURL(name string) string {
	if s.mode == modeWidget {
		return "/widget?" + s.widgetParam
	}
	if name == siteconfig.PageHome {
		if s.mode == modeDomain {
			return "/"
		}
		return s.base()
	}
	return s.base() + "/" + name
}

// packageURL is the booking page of a package.
func (s *site) packageURL(slug string) string {
	if s.mode == modeWidget {
		return "/widget?" + s.widgetParam + "&package=" + url.QueryEscape(slug)
	}
	return s.base() + "/services/" + url.PathEscape(slug)
}

// monthURL shows the package's booking page at another month.
func (s *site) monthURL(slug, month string) string {
	u := s.packageURL(slug)
	if strings.Contains(u, "?") {
		return u + "&month=" + month
	}
	return u + "?month=" + month
}

// themeURL is the tenant's stylesheet. The widget lives on the platform's
// host, where /theme.css belongs to no tenant, so it names the tenant the
// way its own links do.
func (s *site) themeURL(hash string) string {
	if s.mode == modeWidget {
		return "/widget/theme.css?" + s.widgetParam + "&v=" + hash
	}
	return s.base() + "/theme.css?v=" + hash
}

// absolute turns a site path into a full URL for sitemaps and robots.txt.
func (s *site) absolute(publicBase, path string) string {
	if s.mode == modeDomain {
		return s.origin + path
	}
	return strings.TrimRight(publicBase, "/") + path
}

// siteData is a tenant's published configuration and catalog, the input of
// every page.
type siteData struct {
	cfg      siteconfig.Config
	packages []catalog.Package
	// visible packages in display order, and which are featured.
	visible  []catalog.Package
	featured map[string]bool
}

func (h *Handler) loadSite(ctx context.Context, t tenant.Tenant, withPackages bool) (*siteData, error) {
	v, err := h.cfg.Sites.PublishedVersion(ctx, t.ID)
	var cfg siteconfig.Config
	switch {
	case apperr.Is(err, apperr.CodeNotFound):
		// A tenant always has a published site; should one be missing, show
		// the default rather than an error.
		cfg = siteconfig.Default(t.Name)
	case err != nil:
		return nil, fmt.Errorf("published site of %s: %w", t.ID, err)
	default:
		// Stored configurations were validated when written.
		if err := json.Unmarshal(v.Config, &cfg); err != nil {
			return nil, fmt.Errorf("decode site of %s: %w", t.ID, err)
		}
	}
	d := &siteData{cfg: cfg}
	if !withPackages {
		return d, nil
	}
	pkgs, err := h.cfg.Catalog.ListPackages(ctx, t.ID, true)
	if err != nil {
		return nil, err
	}
	d.packages = pkgs
	// The same rule decides what the API lists and what checkout sells.
	d.visible, d.featured = booking.VisiblePackages(cfg.Display, pkgs, booking.Today(h.cfg.Now(), t.Location()))
	return d, nil
}

// visiblePackage finds a package the storefront may sell.
func (d *siteData) visiblePackage(slug string) (catalog.Package, bool) {
	for _, p := range d.visible {
		if p.Slug == slug {
			return p, true
		}
	}
	return catalog.Package{}, false
}

// siteView builds what the layout shows of the tenant.
func (h *Handler) siteView(s *site, d *siteData, current string) *siteView {
	b := d.cfg.Branding
	v := &siteView{
		Name: s.t.Name, LogoURL: b.LogoURL, HomeURL: s.pageURL(siteconfig.PageHome),
		ThemeURL: s.themeURL(themeHash(b)), BookURL: bookURL(s, d), Year: h.cfg.Now().In(s.t.Location()).Year(),
	}
	for _, name := range d.cfg.EnabledPages() {
		v.Nav = append(v.Nav, navItem{Title: siteconfig.PageTitle(name), URL: s.pageURL(name), Current: name == current})
	}
	var sec *siteconfig.ContactSection
	if p, _ := d.cfg.Page(siteconfig.PageContact); p.Enabled {
		for _, x := range p.Sections {
			if c, ok := x.(siteconfig.ContactSection); ok {
				sec = &c
				break
			}
		}
	}
	v.Contact = newContact(s.t.Profile(), sec)
	v.ReachURL = reachURL(s, d, v.Contact)
	v.JSONLD = h.structuredData(s, d, v.Contact)
	return v
}

// bookURL is where calls to action lead: the packages if they are shown,
// else the only way left to reach the business.
func bookURL(s *site, d *siteData) string {
	for _, name := range []string{siteconfig.PageServices, siteconfig.PageContact} {
		if p, _ := d.cfg.Page(name); p.Enabled {
			return s.pageURL(name)
		}
	}
	if len(d.visible) > 0 {
		return s.packageURL(d.visible[0].Slug)
	}
	return s.pageURL(siteconfig.PageHome)
}

func (h *Handler) packageCards(s *site, d *siteData) []packageCard {
	cards := make([]packageCard, 0, len(d.visible))
	for _, p := range d.visible {
		cards = append(cards, newPackageCard(s, p, d.featured[p.Slug]))
	}
	return cards
}

// packageGroups puts cards (in display order) under the tier groups of
// the display rules, in group order (ties: the groups' list order);
// ungrouped packages come last under no name. Empty groups are left out.
func packageGroups(d *siteData, cards []packageCard) []packageGroup {
	groups := slices.Clone(d.cfg.Display.Groups)
	slices.SortStableFunc(groups, func(a, b siteconfig.TierGroup) int { return a.Order - b.Order })
	byName := map[string][]packageCard{}
	for i, p := range d.visible {
		byName[p.Group] = append(byName[p.Group], cards[i])
	}
	var out []packageGroup
	for _, g := range groups {
		if cs := byName[g.Name]; len(cs) > 0 {
			out = append(out, packageGroup{Name: g.Name, Packages: cs})
		}
	}
	if cs := byName[""]; len(cs) > 0 {
		out = append(out, packageGroup{Packages: cs})
	}
	return out
}

func newPackageCard(s *site, p catalog.Package, featured bool) packageCard {
	c := packageCard{Slug: p.Slug, Name: p.Name, Description: template.HTML(catalog.DescriptionHTML(p.Description)), PhotoURL: p.PhotoURL,
		PriceCents: p.BasePriceCents, RegularCents: p.RegularPriceCents, PromotionLabel: p.PromotionLabel,
		Featured: featured, URL: s.packageURL(p.Slug)}
	for _, a := range p.AddOns {
		c.AddOnNames = append(c.AddOnNames, a.Name)
	}
	return c
}

// slugSite serves /t/{slug} and everything under it.
func (h *Handler) slugSite(w http.ResponseWriter, r *http.Request) error {
	t, err := h.cfg.Tenants.SiteBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	httpx.NoteTenant(r.Context(), t.ID)
	s := &site{t: t, mode: modeSlug}
	return s.fail(h.serveSite(w, r, s, r.PathValue("rest")))
}

// domainSite serves a custom domain: the site of the tenant that verified
// the first of domains.Covering(host), the one served-names rule of
// docs/API.md §14. When that is the host itself the site is served; when
// it is the apex of a www. host, the visitor is sent to the apex. A
// verified www.X does not serve X, so X alone is NOT_FOUND.
func (h *Handler) domainSite(w http.ResponseWriter, r *http.Request) error {
	host := httpx.CanonicalHost(r.Host)
	var err error = apperr.NotFound("site")
	for _, name := range domains.Covering(host) {
		var t tenant.Tenant
		t, err = h.cfg.Tenants.SiteByDomain(r.Context(), name)
		if apperr.Is(err, apperr.CodeNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if name != host {
			http.Redirect(w, r, requestScheme(r)+"://"+name+r.URL.RequestURI(), http.StatusMovedPermanently)
			return nil
		}
		httpx.NoteTenant(r.Context(), t.ID)
		s := &site{t: t, mode: modeDomain, origin: requestScheme(r) + "://" + r.Host}
		return s.fail(h.serveSite(w, r, s, strings.TrimPrefix(r.URL.Path, "/")))
	}
	return err
}

func requestScheme(r *http.Request) string {
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return "https"
	}
	return "http"
}

// serveSite dispatches a path inside a tenant's site.
func (h *Handler) serveSite(w http.ResponseWriter, r *http.Request, s *site, rest string) error {
	rest = strings.Trim(rest, "/")
	if r.Method == http.MethodPost {
		if pkg, ok := strings.CutPrefix(rest, "services/"); ok && !strings.Contains(pkg, "/") {
			return h.bookingPost(w, r, s, pkg)
		}
		return apperr.New(apperr.CodeMethodNotAllowed, "this page cannot be posted to")
	}
	switch rest {
	case "", siteconfig.PageHome:
		if rest != "" {
			http.Redirect(w, r, s.pageURL(siteconfig.PageHome), http.StatusMovedPermanently)
			return nil
		}
		return h.sitePage(w, r, s, siteconfig.PageHome)
	case "robots.txt":
		h.robots(w, r, s)
		return nil
	case "sitemap.xml":
		return h.sitemap(w, r, s)
	case "theme.css":
		return h.theme(w, r, s)
	case "booking/success":
		return h.bookingResult(w, r, s, "success")
	case "booking/cancel":
		return h.bookingResult(w, r, s, "cancel")
	}
	if pkg, ok := strings.CutPrefix(rest, "services/"); ok && !strings.Contains(pkg, "/") {
		return h.packagePage(w, r, s, pkg, r.URL.Query())
	}
	if siteconfig.PageTitle(rest) != "" {
		return h.sitePage(w, r, s, rest)
	}
	return apperr.NotFound("page")
}
