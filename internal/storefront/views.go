package storefront

import (
	"html/template"

	"mais/internal/siteconfig"
)

// pageView is the data of every page rendered in the site layout.
type pageView struct {
	Lang        string
	Title       string
	Description string
	NoIndex     bool
	// Refresh, when set, reloads the page after that many seconds (a
	// payment still being confirmed).
	Refresh int
	// Script is an embedded asset loaded with defer, or "".
	Script string
	// Site is nil on pages of no tenant (an unknown host's 404).
	Site *siteView

	// PageHeading is the h1 of a page whose first section has no headline.
	PageHeading  string
	Sections     []sectionView
	ShowPackages bool
	Packages     []packageCard
	// PackageGroups are Packages under the display rules' tier groups, in
	// group order; packages without a group come last, Name "".
	PackageGroups []packageGroup
	Package       *packageCard
	Form          *formView
	Result        *resultView
	// Manage is the couple's manage page (manage.go).
	Manage *manageView
	Error  *errorView
	// Quotes are the widget's testimonials strip under the package list.
	Quotes []siteconfig.Testimonial
	// Continue is the widget's step between holding a date and paying.
	Continue *continueView
	// FrontDoor is the platform's own home page (frontdoor.go).
	FrontDoor *frontDoorView
}

// siteView is what the layout needs of the tenant.
type siteView struct {
	Name     string
	LogoURL  string
	HomeURL  string
	ThemeURL string
	BookURL  string
	Nav      []navItem
	// Contact is the business profile merged with the site's contact
	// section; ReachURL is where "get in touch" leads (reachURL).
	Contact  *contactView
	ReachURL template.URL
	// JSONLD is the business as schema.org structured data.
	JSONLD *localBusiness
	Year   int
}

type navItem struct {
	Title   string
	URL     string
	Current bool
}

// sectionView is one configured section with what it needs of the page.
type sectionView struct {
	S       siteconfig.Section
	First   bool
	BookURL string
	// Contact is set on a contact section: its details merged with the
	// business profile.
	Contact *contactView
	// Teaser marks a section the home page borrows from another page
	// (homeTeasers); MoreURL and MoreText link to that page.
	Teaser            bool
	MoreURL, MoreText string
}

// packageGroup is one tier group of the services page.
type packageGroup struct {
	Name     string
	Packages []packageCard
}

// packageCard is a package as the storefront shows it.
type packageCard struct {
	Slug string
	Name string
	// Description is the package's Markdown rendered and sanitised
	// (catalog.DescriptionHTML).
	Description template.HTML
	PhotoURL    string
	PriceCents  int64
	// A seasonal promotion in its window: PriceCents is its price,
	// RegularCents the catalog's, PromotionLabel what to call it.
	RegularCents   int64
	PromotionLabel string
	HidePrice      bool // the widget's layout hides prices
	Featured       bool
	URL            string
	AddOnNames     []string
}

// formView is the booking form of one package.
type formView struct {
	Action    string
	PackageID string
	AddOns    []addOnOption
	Calendar  *calendarView
	Name      string
	Email     string
	Phone     string
	Notes     string
	// Blocks are the form's steps in order (the widget's layout may
	// reorder them); HideNotes leaves the notes field out.
	Blocks    []formBlock
	HideNotes bool
	// Testimonials fill the widget's testimonials strip (none: no strip).
	Testimonials []siteconfig.Testimonial
	Venues       []venueOption // the tenant's venues; none: only the typed field
	VenueName    string
	Errors       map[string]string
	ErrorList    []fieldError
	Message      string
	BaseCents    int64
	TotalCents   int64
	HoldMinutes  int
}

// formBlock is one numbered step of the booking form.
type formBlock struct {
	Name string // siteconfig.WidgetAddOns, WidgetCalendar, WidgetDetails, WidgetTestimonials
	Num  int
	F    *formView
}

// venueOption is one of the tenant's venues in the booking form.
type venueOption struct {
	ID, Name, Address string
	Selected          bool
}

type addOnOption struct {
	ID   string
	Slug string
	Name string
	// Description is inline HTML (catalog.DescriptionInlineHTML): it sits
	// inside the add-on's label.
	Description template.HTML
	PriceCents  int64
	PhotoURL    string
	HidePrice   bool // the widget's layout hides prices
	Checked     bool
}

// fieldError is one entry of the error summary, linking to its field.
type fieldError struct {
	Anchor string
	Text   string
}

type resultView struct {
	Kind    string // "paid", "pending", "conflict", "canceled", "unknown"
	Heading string
	Lead    string
	Date    string // the event day in words
	// Due is the order, and once paid what is paid and what is left.
	Due      *dueView
	Email    string
	NextURL  string
	NextText string
}

type errorView struct {
	Status  int
	Heading string
	Message string
	HomeURL string
}

type continueView struct {
	CheckoutURL string
	Date        string
	Package     string
	TotalCents  int64
	HoldUntil   string
}
