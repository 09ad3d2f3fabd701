package dashboard

import (
	"fmt"
	"html/template"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"mais/internal/domains"
)

// domainsData is the custom-domain page: the tenant's domains with the
// record each still needs, the add form, and where to point the domain.
type domainsData struct {
	List []domainView
	// Domain is the add form's value when it is shown again.
	Domain string
	// PlatformHost is where the domain should point: the host of
	// PUBLIC_BASE_URL, named by a CNAME record, or by an A (AAAA) record
	// when it is an address (PointType says which).
	PlatformHost, PointType string
	// Scheme is how the verified domain's link opens: https when the
	// platform serves https (PUBLIC_BASE_URL), else http.
	Scheme string
}

// domainView is one domain on the page; Heading is its name with line
// breaks allowed after the dots only, so a phone never splits "co|m".
// Serves is the host names a verified domain answers at (its www. name
// too for an apex, domains.Served), stored form and as people read them;
// Alone is true for a name that will serve only itself (a www. name).
type domainView struct {
	domains.Domain
	Heading template.HTML
	Serves  []domains.Domain
	Alone   bool
}

// registerDomainRoutes adds /admin/domains: list, add, verify, remove
// (the same service as /v1/admin/domains).
func (h *Handler) registerDomainRoutes(tr func(string, pageFunc)) {
	tr("GET /admin/domains", h.domainList)
	tr("POST /admin/domains", h.domainAdd)
	tr("POST /admin/domains/{domain}/verify", h.domainVerify)
	tr("POST /admin/domains/{domain}/delete", h.domainDelete)
}

func (h *Handler) domainList(w http.ResponseWriter, r *http.Request, s *session) error {
	return h.renderDomains(w, r, s, &domainsData{}, nil)
}

func (h *Handler) renderDomains(w http.ResponseWriter, r *http.Request, s *session, d *domainsData, formErr error) error {
	list, err := h.cfg.Domains.List(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	d.List = make([]domainView, 0, len(list))
	for _, dom := range list {
		dv := domainView{Domain: dom,
			Heading: template.HTML(strings.ReplaceAll(template.HTMLEscapeString(dom.Display()), ".", ".<wbr>")),
			Alone:   len(domains.Served(dom.Name)) == 1}
		served, err := h.cfg.Domains.ServedNames(r.Context(), dom)
		if err != nil {
			return err
		}
		for _, name := range served {
			dv.Serves = append(dv.Serves, domains.Domain{Name: name})
		}
		d.List = append(d.List, dv)
	}
	d.Scheme = "http"
	if strings.HasPrefix(h.cfg.PublicBaseURL, "https://") {
		d.Scheme = "https"
	}
	if u, err := url.Parse(h.cfg.PublicBaseURL); err == nil && u.Hostname() != "localhost" {
		d.PlatformHost, d.PointType = u.Hostname(), "CNAME"
		if ip, err := netip.ParseAddr(d.PlatformHost); err == nil {
			d.PointType = map[bool]string{true: "A", false: "AAAA"}[ip.Is4()]
		}
	}
	v := &view{Title: "Your domain", Nav: "domains", S: s, Data: d}
	if formErr != nil {
		return formAgain("domains", v, formErr)
	}
	h.writePage(w, r, http.StatusOK, "domains", v)
	return nil
}

func (h *Handler) domainAdd(w http.ResponseWriter, r *http.Request, s *session) error {
	d := &domainsData{Domain: r.PostForm.Get("domain")}
	_, err := h.cfg.Domains.Add(r.Context(), s.Tenant.ID, d.Domain)
	if err != nil {
		return h.renderDomains(w, r, s, d, err)
	}
	h.redirectOK(w, r, "/admin/domains",
		"Domain added. Create the TXT record shown below at your domain provider, then press Verify.")
	return nil
}

// domainVerify looks the record up and says plainly what was found.
func (h *Handler) domainVerify(w http.ResponseWriter, r *http.Request, s *session) error {
	d, check, err := h.cfg.Domains.Verify(r.Context(), s.Tenant.ID, r.PathValue("domain"))
	const back = "/admin/domains"
	switch {
	case err != nil:
		h.redirectError(w, r, back, err)
	case check == domains.CheckFound:
		h.redirectOK(w, r, back, fmt.Sprintf("%s is verified. Your site opens there as soon as the domain points to us.", d.Display()))
	case check == domains.CheckWrongValue:
		h.setFlash(w, r, Flash{Kind: "error", Message: fmt.Sprintf(
			"We found a TXT record at %s, but it does not hold the value below. Check that you copied the whole value, without quotes, and try again.", d.TXTName())})
		http.Redirect(w, r, back, http.StatusSeeOther)
	default:
		h.setFlash(w, r, Flash{Kind: "error", Message: fmt.Sprintf(
			"No TXT record at %s yet. New DNS records can take from a few minutes to an hour to appear; try again a little later.", d.TXTName())})
		http.Redirect(w, r, back, http.StatusSeeOther)
	}
	return nil
}

func (h *Handler) domainDelete(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := h.cfg.Domains.Delete(r.Context(), s.Tenant.ID, r.PathValue("domain")); err != nil {
		return err
	}
	h.redirectOK(w, r, "/admin/domains", "Domain removed. Your site no longer opens there.")
	return nil
}
