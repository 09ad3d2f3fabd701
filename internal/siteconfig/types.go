// Package siteconfig holds a tenant's storefront configuration document
// (docs/API.md §8): which of the seven fixed pages are shown, the sections each
// page renders, the branding, and the package display rules.
//
// Use Parse to read a document from untrusted input: it is strict about
// unknown fields and validates every rule. json.Unmarshal on a Config is
// lenient and skips validation.
package siteconfig

// Config is the whole site configuration document.
type Config struct {
	Pages    Pages        `json:"pages"`
	Branding Branding     `json:"branding"`
	Display  DisplayRules `json:"display,omitzero"`
	Widget   WidgetLayout `json:"widget,omitzero"`
}

// Pages has one entry per fixed page. The field order is the document order
// of the contract; navigation uses NavOrder instead.
type Pages struct {
	Home         Page `json:"home"`
	About        Page `json:"about"`
	Services     Page `json:"services"`
	FAQ          Page `json:"faq"`
	Contact      Page `json:"contact"`
	Gallery      Page `json:"gallery"`
	Testimonials Page `json:"testimonials"`
}

// Page is one storefront page. The services page renders the tenant's
// packages after its sections.
type Page struct {
	Enabled  bool      `json:"enabled"`
	Sections []Section `json:"sections"`
}

// Page names, as they appear in the document and in storefront URLs.
const (
	PageHome         = "home"
	PageAbout        = "about"
	PageServices     = "services"
	PageFAQ          = "faq"
	PageContact      = "contact"
	PageGallery      = "gallery"
	PageTestimonials = "testimonials"
)

// NavOrder returns every page name in the order the storefront navigation
// lists them: home first, contact last.
func NavOrder() []string {
	return []string{PageHome, PageAbout, PageServices, PageGallery, PageTestimonials, PageFAQ, PageContact}
}

// PageTitle is the navigation label of a page name, or "" for an unknown name.
func PageTitle(name string) string {
	switch name {
	case PageHome:
		return "Home"
	case PageAbout:
		return "About"
	case PageServices:
		return "Services"
	case PageFAQ:
		return "FAQ"
	case PageContact:
		return "Contact"
	case PageGallery:
		return "Gallery"
	case PageTestimonials:
		return "Testimonials"
	}
	return ""
}

// Page returns the page with the given name; ok is false for an unknown name.
func (c Config) Page(name string) (p Page, ok bool) {
	ptr := c.Pages.byName(name)
	if ptr == nil {
		return Page{}, false
	}
	return *ptr, true
}

// EnabledPages lists the names of enabled pages in navigation order.
func (c Config) EnabledPages() []string {
	var names []string
	for _, name := range NavOrder() {
		if p, _ := c.Page(name); p.Enabled {
			names = append(names, name)
		}
	}
	return names
}

func (p *Pages) byName(name string) *Page {
	switch name {
	case PageHome:
		return &p.Home
	case PageAbout:
		return &p.About
	case PageServices:
		return &p.Services
	case PageFAQ:
		return &p.FAQ
	case PageContact:
		return &p.Contact
	case PageGallery:
		return &p.Gallery
	case PageTestimonials:
		return &p.Testimonials
	}
	return nil
}

// Branding sets the storefront's look. Empty fields fall back to the
// defaults (see Branding.Resolved).
type Branding struct {
	PrimaryColor    string `json:"primaryColor,omitempty"`
	SecondaryColor  string `json:"secondaryColor,omitempty"`
	AccentColor     string `json:"accentColor,omitempty"`
	BackgroundColor string `json:"backgroundColor,omitempty"`
	FontFamily      string `json:"fontFamily,omitempty"`
	LogoURL         string `json:"logoUrl,omitempty"`
}

// Resolved fills the empty color and font fields from the default branding,
// so templates can emit CSS without checking each field.
func (b Branding) Resolved() Branding {
	d := defaultBranding()
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&b.PrimaryColor, d.PrimaryColor)
	fill(&b.SecondaryColor, d.SecondaryColor)
	fill(&b.AccentColor, d.AccentColor)
	fill(&b.BackgroundColor, d.BackgroundColor)
	fill(&b.FontFamily, d.FontFamily)
	return b
}
