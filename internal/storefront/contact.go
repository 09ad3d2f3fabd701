package storefront

import (
	"html/template"
	"net/url"
	"strings"

	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// contactView is how couples reach the business, as the contact page, the
// footer and the structured data show it: the business profile, with what
// a contact section of the site sets itself taking precedence (a site may
// give a different e-mail or phone for enquiries).
type contactView struct {
	Email string
	// Tel is the phone number as a tel: link wants it (digits, a leading
	// +); templates write href="tel:{{.Tel}}", since html/template
	// refuses a whole tel: URL from data.
	Phone, Tel string
	// AddressLines is the postal address, one entry per line.
	AddressLines []string
	// Instagram is the handle without "@".
	Instagram, InstagramURL string
	// Website is the business's own site; WebsiteLabel its host, for links.
	Website, WebsiteLabel string
	Hours                 string
}

// newContact merges the profile p with a contact section's own details
// (nil: none). The profile's e-mail counts only when p.EmailPublic: a
// business that signed up starts with its login e-mail, which its site
// does not show until the business saves it in its profile.
func newContact(p tenant.Profile, sec *siteconfig.ContactSection) *contactView {
	if !p.EmailPublic {
		p.Email = ""
	}
	if sec != nil {
		p.Email = first(sec.Email, p.Email)
		p.Phone = first(sec.Phone, p.Phone)
		p.Address = first(sec.Address, p.Address)
	}
	c := &contactView{Email: p.Email, Phone: p.Phone, Tel: strings.TrimPrefix(p.TelURL(), "tel:"),
		Instagram: p.InstagramHandle, InstagramURL: p.InstagramURL(), Website: p.Website}
	if sec != nil {
		c.Hours = sec.Hours
	}
	for l := range strings.Lines(p.Address) {
		// A section's address is one line; commas written as lines read
		// better in a postal block.
		if l = strings.TrimSpace(l); l != "" {
			c.AddressLines = append(c.AddressLines, l)
		}
	}
	if u, err := url.Parse(p.Website); err == nil && u.Host != "" {
		c.WebsiteLabel = strings.TrimPrefix(u.Host, "www.") + strings.TrimSuffix(u.EscapedPath(), "/")
	}
	return c
}

func first(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// Any reports whether there is any way to reach the business.
func (c *contactView) Any() bool {
	return c != nil && (c.Email != "" || c.Phone != "" || len(c.AddressLines) > 0 || c.Instagram != "" || c.Website != "")
}

// reachURL is where "get in touch" leads: the contact page when the site
// shows one, else the business's e-mail, phone, Instagram or website,
// else the home page. Every part is a validated profile value or a path
// of ours, so the tel: scheme, which html/template would refuse from
// data, is vouched for here.
func reachURL(s *site, d *siteData, c *contactView) template.URL {
	if p, _ := d.cfg.Page(siteconfig.PageContact); p.Enabled {
		return template.URL(s.pageURL(siteconfig.PageContact))
	}
	switch {
	case c.Email != "":
		return template.URL("mailto:" + url.PathEscape(c.Email))
	case c.Tel != "":
		return template.URL("tel:" + c.Tel)
	case c.InstagramURL != "":
		return template.URL(c.InstagramURL)
	case c.Website != "":
		return template.URL(c.Website)
	}
	return template.URL(s.pageURL(siteconfig.PageHome))
}

// localBusiness is the schema.org LocalBusiness of a storefront, written
// as JSON-LD in every page's head so that search engines show the
// business's name, address and ways to reach it. html/template encodes it
// inside <script type="application/ld+json"> as JSON with <, > and &
// escaped, so no value can close the script element.
type localBusiness struct {
	Context   string   `json:"@context"`
	Type      string   `json:"@type"`
	Name      string   `json:"name"`
	URL       string   `json:"url,omitempty"`
	Image     string   `json:"image,omitempty"`
	Email     string   `json:"email,omitempty"`
	Telephone string   `json:"telephone,omitempty"`
	Address   string   `json:"address,omitempty"`
	SameAs    []string `json:"sameAs,omitempty"`
}

// structuredData describes the business of s for search engines.
func (h *Handler) structuredData(s *site, d *siteData, c *contactView) *localBusiness {
	lb := &localBusiness{Context: "https://schema.org", Type: "LocalBusiness", Name: s.t.Name,
		URL:   s.absolute(h.cfg.PublicBaseURL, first(s.pageURL(siteconfig.PageHome), "/")),
		Image: absoluteImage(s, h.cfg.PublicBaseURL, d.cfg.Branding.LogoURL), Email: c.Email, Telephone: c.Phone,
		Address: strings.Join(c.AddressLines, ", ")}
	for _, u := range []string{c.InstagramURL, c.Website} {
		if u != "" {
			lb.SameAs = append(lb.SameAs, u)
		}
	}
	return lb
}

// absoluteImage makes an uploaded image's path (/uploads/…) absolute;
// other URLs are absolute already.
func absoluteImage(s *site, publicBase, u string) string {
	if strings.HasPrefix(u, "/") {
		return s.absolute(publicBase, u)
	}
	return u
}
