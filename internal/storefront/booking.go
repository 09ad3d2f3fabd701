package storefront

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/httpx"
	"mais/internal/ratelimit"
	"mais/internal/siteconfig"
)

// bookingInput is what the visitor typed, kept to fill the form again.
type bookingInput struct {
	date   string
	month  string
	addOns map[string]bool
	name   string
	email  string
	phone  string
	notes  string
	// venue is one of the tenant's venue ids, venueName a place typed.
	venue     string
	venueName string
}

// packagePage serves a package's booking page. q holds the visitor's
// choices (month, date, add-ons) without the parameters naming the site.
// The plain page of each month is cached; anything carrying the visitor's
// choices is not.
func (h *Handler) packagePage(w http.ResponseWriter, r *http.Request, s *site, slug string, q url.Values) error {
	month := q.Get("month")
	if len(q) == 0 || len(q) == 1 && month != "" {
		// Keyed by the month actually shown, so made-up parameters cannot
		// fill the cache with copies of one page.
		month = h.shownMonth(s, month)
		return h.serveCached(w, r, s, "package:"+slug+":"+month, func(ctx context.Context) (rendered, error) {
			return h.renderPackage(ctx, s, slug, bookingInput{month: month}, nil, http.StatusOK)
		})
	}
	if q.Get("partial") == "calendar" {
		return h.calendarFragment(w, r, s, slug, month)
	}
	in := bookingInput{month: month, date: q.Get("date"), addOns: map[string]bool{}}
	for _, a := range q["addon"] {
		in.addOns[a] = true
	}
	return h.writeForm(w, r, s, slug, in, nil, http.StatusOK)
}

// writeForm renders a package's booking page with the visitor's input,
// never cached.
func (h *Handler) writeForm(w http.ResponseWriter, r *http.Request, s *site, slug string, in bookingInput, problem error, status int) error {
	p, err := h.renderPackage(r.Context(), s, slug, in, problem, status)
	if err != nil {
		return err
	}
	h.writeRendered(w, r, p.status, s.mode == modeWidget, p.body)
	return nil
}

// shownMonth is the YYYY-MM the calendar shows for a ?month= value.
func (h *Handler) shownMonth(s *site, month string) string {
	today, _ := time.Parse(time.DateOnly, booking.Today(h.cfg.Now(), s.t.Location()))
	return parseMonth(month, today).Format("2006-01")
}

// calendarFragment answers the month grid alone, for the script that
// changes months without reloading the form.
func (h *Handler) calendarFragment(w http.ResponseWriter, r *http.Request, s *site, slug, month string) error {
	month = h.shownMonth(s, month)
	return h.serveCached(w, r, s, "calendar:"+slug+":"+month, func(ctx context.Context) (rendered, error) {
		d, err := h.loadSite(ctx, s.t, true)
		if err != nil {
			return rendered{}, err
		}
		if _, ok := d.visiblePackage(slug); !ok {
			return rendered{}, apperr.NotFound("package")
		}
		cal, err := h.buildCalendar(ctx, s.t, month, "", func(m string) string { return s.monthURL(slug, m) })
		if err != nil {
			return rendered{}, err
		}
		body, err := h.tmpl.Render("calendar", cal)
		return rendered{status: http.StatusOK, body: body}, err
	})
}

// renderPackage renders the booking page of a package with the form filled
// from in and the problems of a failed checkout, if any.
func (h *Handler) renderPackage(ctx context.Context, s *site, slug string, in bookingInput, problem error, status int) (rendered, error) {
	d, err := h.loadSite(ctx, s.t, true)
	if err != nil {
		return rendered{}, err
	}
	pkg, ok := d.visiblePackage(slug)
	if !ok {
		// An error, not a rendered 404: it is not cached, so unknown slugs
		// cannot fill the page cache.
		return rendered{}, apperr.NotFound("package")
	}
	form, err := h.bookingForm(ctx, s, pkg, in)
	if err != nil {
		return rendered{}, err
	}
	if problem != nil {
		applyProblem(form, problem)
	}
	layout := siteconfig.WidgetLayout{}.Layout()
	if s.mode == modeWidget {
		layout = d.widgetLayout()
		form.Testimonials = d.widgetQuotes(layout)
	}
	applyLayout(form, layout)
	card := newPackageCard(s, pkg, d.featured[pkg.Slug])
	card.HidePrice = layout.HidePrices
	v := pageView{Lang: "en", Title: pkg.Name + " · " + s.t.Name, Description: truncate(catalog.DescriptionText(pkg.Description), 160),
		Script: "booking.js", Package: &card, Form: form}
	kind := "package"
	if s.mode == modeWidget {
		kind = "widget"
		v.Script = "widget.js"
	}
	v.Site = h.siteView(s, d, siteconfig.PageServices)
	if s.mode == modeWidget && layout.StartPackage() != "" {
		// /widget itself opens on a package: "All packages" asks for the list.
		v.Site.HomeURL += "&list=1"
	}
	if problem != nil {
		v.Title = "Please check your booking · " + s.t.Name
		v.NoIndex = true
	}
	body, err := h.tmpl.Render(kind, v)
	return rendered{status: status, body: body}, err
}

func (h *Handler) bookingForm(ctx context.Context, s *site, pkg catalog.Package, in bookingInput) (*formView, error) {
	month := in.month
	if m := monthOf(in.date); m != "" {
		month = m
	}
	cal, err := h.buildCalendar(ctx, s.t, month, in.date, func(m string) string { return s.monthURL(pkg.Slug, m) })
	if err != nil {
		return nil, err
	}
	hold := s.t.HoldMinutes
	if hold <= 0 {
		hold = 30
	}
	f := &formView{Action: s.packageURL(pkg.Slug), PackageID: pkg.ID, Calendar: cal,
		Name: in.name, Email: in.email, Phone: in.phone, Notes: in.notes, Errors: map[string]string{},
		BaseCents: pkg.BasePriceCents, TotalCents: pkg.BasePriceCents, HoldMinutes: hold, VenueName: in.venueName}
	if h.cfg.Venues != nil {
		venues, err := h.cfg.Venues.ListVenues(ctx, s.t.ID)
		if err != nil {
			return nil, fmt.Errorf("booking form venues: %w", err)
		}
		for _, v := range venues {
			f.Venues = append(f.Venues, venueOption{ID: v.ID, Name: v.Name, Address: v.Address, Selected: v.ID == in.venue})
		}
	}
	for _, a := range pkg.AddOns {
		checked := in.addOns[a.ID] || in.addOns[a.Slug]
		f.AddOns = append(f.AddOns, addOnOption{ID: a.ID, Slug: a.Slug, Name: a.Name,
			Description: template.HTML(catalog.DescriptionInlineHTML(a.Description)),
			PriceCents:  a.PriceCents, PhotoURL: a.PhotoURL, Checked: checked})
		if checked {
			f.TotalCents += a.PriceCents
		}
	}
	return f, nil
}

// maxFormBody bounds a booking form post; the fields are short.
const maxFormBody = 32 << 10

// bookingPost turns the form into a checkout through booking.Service. On
// success the visitor goes to the payment page; on failure the form comes
// back with their input and the reasons.
func (h *Handler) bookingPost(w http.ResponseWriter, r *http.Request, s *site, slug string) error {
	if err := h.checkOrigin(r, "form post"); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.CodePayloadTooLarge, "the form could not be read")
	}
	f := r.PostForm
	in := bookingInput{date: f.Get("date"), month: f.Get("month"), addOns: map[string]bool{},
		name: f.Get("name"), email: f.Get("email"), phone: f.Get("phone"), notes: f.Get("notes"),
		venue: f.Get("venue"), venueName: f.Get("venueName")}
	for _, a := range f["addon"] {
		in.addOns[a] = true
	}
	if err := h.limitFormPost(r); err != nil {
		return h.formAgain(w, r, s, slug, in, err)
	}
	if err := formText(f); err != nil {
		return h.formAgain(w, r, s, slug, in.withoutBadText(), err)
	}

	d, err := h.loadSite(r.Context(), s.t, true)
	if err != nil {
		return err
	}
	pkg, ok := d.visiblePackage(slug)
	if !ok {
		return apperr.NotFound("package")
	}
	ci := booking.CheckoutInput{PackageID: pkg.ID, Date: in.date, Notes: in.notes, VenueID: in.venue, VenueName: in.venueName}
	ci.AddOnIDs = append(ci.AddOnIDs, f["addon"]...)
	ci.Customer.Name, ci.Customer.Email, ci.Customer.Phone = in.name, in.email, in.phone
	ci.ClientAddress = ratelimit.ClientIP(r, h.cfg.TrustedProxies)
	if in.date == "" {
		// Say so in words before the service's generic "is required".
		return h.formAgain(w, r, s, slug, in, apperr.Validation("no date chosen", map[string]string{"date": "Please choose a date."}))
	}
	res, err := h.cfg.Booking.Checkout(r.Context(), s.t, ci)
	if err != nil {
		if apperr.Is(err, apperr.CodeDateUnavailable) {
			in.date = "" // it is no longer there to be chosen
		}
		return h.formAgain(w, r, s, slug, in, err)
	}
	if s.mode == modeWidget {
		h.widgetContinue(w, r, s, d, pkg, in, res)
		return nil
	}
	http.Redirect(w, r, res.CheckoutURL, http.StatusSeeOther)
	return nil
}

// FormPostsPerMinute is how many booking form posts (storefront and
// widget) one client address may make per minute, like the API's per-IP
// limits; each post can hold a date, so it is tighter than page views.
const FormPostsPerMinute = 20

// limitFormPost counts a booking form post against the client address and
// is TOO_MANY_REQUESTS beyond FormPostsPerMinute. Without a limiter
// (MAIS_RATE_LIMITS=off) or when it cannot answer, the post goes through:
// the hold caps of the booking engine still apply.
func (h *Handler) limitFormPost(r *http.Request) error {
	if h.cfg.FormLimiter == nil {
		return nil
	}
	res, err := h.cfg.FormLimiter.Allow(r.Context(), "req:booking-form:"+ratelimit.ClientIP(r, h.cfg.TrustedProxies), FormPostsPerMinute, time.Minute)
	if err != nil {
		h.log.WarnContext(r.Context(), "rate limiter unavailable", "err", err)
		return nil
	}
	if !res.Allowed {
		return &apperr.Error{Code: apperr.CodeTooManyRequests, RetryAfterSeconds: res.RetryAfterSeconds(),
			Message: "too many booking requests from this address; please wait a moment and try again"}
	}
	return nil
}

// formAgain renders the form with the visitor's input and what went wrong.
// A refusal for too many requests carries Retry-After, as the API's does.
func (h *Handler) formAgain(w http.ResponseWriter, r *http.Request, s *site, slug string, in bookingInput, problem error) error {
	status, _ := httpx.Describe(r, h.log, problem)
	httpx.SetRetryAfter(w, problem)
	return h.writeForm(w, r, s, slug, in, problem, status)
}

// formFields maps the booking service's field paths to the form's inputs.
var formFields = map[string]string{
	"date": "date", "customer.name": "name", "customer.email": "email",
	"customer.phone": "phone", "notes": "notes", "addOnIds": "addons",
	"venueId": "venue", "venueName": "venue",
}

// fieldAnchors are the ids the error summary links to.
var fieldAnchors = map[string]string{
	"date": "calendar", "name": "f-name", "email": "f-email", "phone": "f-phone", "notes": "f-notes", "addons": "addons",
	"venue": "f-venue-name", // the typed field is there with or without venues
}

var fieldOrder = []string{"addons", "date", "name", "email", "phone", "venue", "notes"}

// friendly rewrites the service's terse reasons for a person.
var friendly = map[string]string{
	"name":  "Please tell us your name (at most 120 characters).",
	"email": "Please enter an e-mail address, like name@example.com.",
	"phone": "Please shorten the phone number to 40 characters.",
	"notes": "Please shorten your message to 2,000 characters.",
	"venue": "Please pick one of the venues or type the place, not both (at most 200 characters).",
}

// applyProblem puts a failed checkout's reasons on the form.
func applyProblem(f *formView, problem error) {
	var e *apperr.Error
	if !errors.As(problem, &e) {
		f.Message = "Something went wrong on our side and nothing was booked. Please try again."
		return
	}
	switch e.Code {
	case apperr.CodeValidation:
		for path, why := range e.Fields {
			name, ok := formFields[path]
			if !ok && strings.HasPrefix(path, "addOnIds") {
				name, ok = "addons", true
			}
			if !ok {
				continue
			}
			if msg, ok := friendly[name]; ok {
				why = msg
			} else if name == "date" && why == "is in the past" {
				why = "That date has passed. Please choose another."
			} else if name == "date" {
				why = sentence("The date " + why)
			} else if name == "addons" {
				why = "Please review the extras you chose."
			}
			f.Errors[name] = why
		}
		f.Message = "Please correct the highlighted fields."
	case apperr.CodeDateUnavailable:
		f.Message = "Sorry, that date was taken a moment ago. Please choose another date."
		f.Errors["date"] = "That date is no longer available."
	case apperr.CodeNotFound:
		f.Message = "One of the extras you chose is no longer offered. Please review your choices."
		f.Errors["addons"] = "Please review the extras you chose."
	case apperr.CodeTooManyRequests:
		f.Message = tooManyMessage(problem, e.RetryAfterSeconds)
	default:
		f.Message = sentence(e.Message)
	}
	if msg, ok := f.Errors["date"]; ok {
		f.Calendar.Error = msg
	}
	for _, name := range fieldOrder {
		if msg, ok := f.Errors[name]; ok {
			f.ErrorList = append(f.ErrorList, fieldError{Anchor: fieldAnchors[name], Text: msg})
		}
	}
}

// tooManyMessage words a 429 for a person: a hold cap says what to do
// about the dates already held; a request limit asks to wait.
func tooManyMessage(problem error, retryAfterSeconds int) string {
	wait := "a minute"
	if mins := (retryAfterSeconds + 59) / 60; mins > 1 {
		wait = strconv.Itoa(mins) + " minutes"
	}
	var capped *booking.HoldCapError
	if errors.As(problem, &capped) {
		return fmt.Sprintf("You already have %d dates on hold that are not paid yet. Please complete the payment for one of them, "+
			"or try again in about %s, when a hold ends.", capped.Limit, wait)
	}
	return "We received many booking requests from your connection. Please wait about " + wait + " and try again."
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	s = string(r)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}

// applyLayout numbers the form's blocks in the layout's order (the site's
// pages use the default one), leaving out the extras when there are none
// or the layout hides them, and the notes field when it says so.
func applyLayout(f *formView, l siteconfig.WidgetLayout) {
	if l.HideAddOns {
		f.AddOns = nil
		f.TotalCents = f.BaseCents
	}
	f.HideNotes = l.HideNotes
	if l.HidePrices {
		for i := range f.AddOns {
			f.AddOns[i].HidePrice = true
		}
	}
	if !l.ShowTestimonials {
		f.Testimonials = nil
	}
	f.Blocks = f.Blocks[:0]
	num := 0
	for _, name := range l.Order() {
		switch {
		case name == siteconfig.WidgetAddOns && len(f.AddOns) == 0,
			name == siteconfig.WidgetTestimonials && len(f.Testimonials) == 0:
			continue
		case name == siteconfig.WidgetTestimonials:
			// Not a step the couple fills in: no number.
			f.Blocks = append(f.Blocks, formBlock{Name: name, F: f})
			continue
		}
		num++
		f.Blocks = append(f.Blocks, formBlock{Name: name, Num: num, F: f})
	}
}
