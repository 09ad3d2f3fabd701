package booking

import (
	"net/url"
	"strings"

	"mais/internal/tenant"
)

// MailContact is how the couple reaches the business, from its profile
// (docs/API.md §14), for the footer of every e-mail written to them. Empty
// fields are left out.
type MailContact struct {
	Email        string
	Phone        string
	Address      string // one line, parts joined with ", "
	Instagram    string // the handle without "@"
	InstagramURL string
	Website      string // the absolute URL
	WebsiteLabel string // its host, as people read it
}

// mailContactOf is t's profile as an e-mail footer shows it.
func mailContactOf(t tenant.Tenant) MailContact {
	p := t.Profile()
	c := MailContact{Email: p.Email, Phone: p.Phone, Instagram: p.InstagramHandle, InstagramURL: p.InstagramURL(),
		Website: p.Website, Address: strings.Join(strings.Fields(strings.ReplaceAll(p.Address, "\n", ", ")), " ")}
	if u, err := url.Parse(p.Website); err == nil && u.Host != "" {
		c.WebsiteLabel = strings.TrimPrefix(u.Host, "www.")
	}
	return c
}
