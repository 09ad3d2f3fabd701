package booking

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"mais/internal/apperr"
	"mais/internal/cache"
	"mais/internal/catalog"
	"mais/internal/payment"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
	"mais/internal/textin"
)

// Calendar reports busy days of an outside calendar. It fails closed: an
// error means "cannot tell", and the caller must not sell the date.
type Calendar interface {
	BusyDays(ctx context.Context, tenantID, calendarID, from, to string, loc *time.Location) (map[string]bool, error)
}

// Tenants finds the tenant of a booking reached by session id.
type Tenants interface {
	TenantByID(ctx context.Context, id string) (tenant.Tenant, error)
}

// Service is the booking engine.
type Service struct {
	Store    Store
	Catalog  catalog.Store
	Venues   Venues // nil: no venue can be picked by id
	Tenants  Tenants
	Payments payment.Provider
	Calendar Calendar // nil: no outside calendar
	// Cache keeps months of taken days per tenant; nil reads the store each
	// time. Every booking change drops the tenant's availability from it.
	Cache cache.Cache
	// Outbox is woken when a change queued e-mails; nil: its own ticker
	// finds them.
	Outbox Waker
	// DefaultCalendarID applies to tenants without their own calendar id.
	DefaultCalendarID string
	Bus               *Bus
	Logger            *slog.Logger
	Now               func() time.Time
	// ManageKey signs the couple's manage links (see ManageKey in
	// manage.go); empty: no link is valid.
	ManageKey []byte
	// PublicBaseURL builds return URLs; SuccessURL/CancelURL override them.
	PublicBaseURL string
	SuccessURL    string
	CancelURL     string
	// ProviderTimeout bounds the payment provider call (default 15 s).
	ProviderTimeout time.Duration
	// Sites reads the published display rules, which decide the packages
	// that are listed and sold; nil sells every active package.
	Sites siteconfig.Reader
	// UncappedAddresses lifts the per-address cap on live holds
	// (MAIS_RATE_LIMITS=off, load tests from one address). The per-e-mail
	// cap always applies.
	UncappedAddresses bool
	// Observer is told every checkout's and payment event's outcome
	// (metrics); nil: nobody.
	Observer Observer
	// Charges refuses a checkout while the tenant's Stripe account cannot
	// take charges (docs/API.md §14); nil refuses none.
	Charges ChargeGate
	// Accounts applies account.updated events handed to HandleStripeEvent;
	// nil ignores them.
	Accounts AccountEvents

	decoded cache.Decoded[[]TakenDay] // months of taken days already decoded (takencache.go)
	days    days                      // today in each zone (dates.go)
}

// ChargeGate says whether a tenant can be charged now: nil, or UNAVAILABLE
// with a sentence for the couple (onboarding.Service).
type ChargeGate interface {
	CheckCharges(ctx context.Context, t tenant.Tenant) error
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// CheckoutInput is the body of POST /v1/bookings/checkout.
type CheckoutInput struct {
	PackageID string   `json:"packageId"`
	Date      string   `json:"date"`
	AddOnIDs  []string `json:"addOnIds"`
	Customer  struct {
		Name  string `json:"name"`
		Email string `json:"email"`
		Phone string `json:"phone"`
	} `json:"customer"`
	Notes string `json:"notes" text:"multiline"`
	// VenueID picks one of the tenant's venues; VenueName is a place the
	// couple types instead (one or the other, both optional).
	VenueID   string `json:"venueId"`
	VenueName string `json:"venueName"`
	// ClientAddress is the buyer's address as the HTTP layer sees it (never
	// read from the body); it counts against the per-address hold cap.
	ClientAddress string `json:"-"`
}

// CheckoutResult is what the buyer needs to pay.
type CheckoutResult struct {
	CheckoutURL string    `json:"checkoutUrl"`
	SessionID   string    `json:"sessionId"`
	ExpiresAt   time.Time `json:"expiresAt"`
	BookingID   string    `json:"bookingId"`
	// With a deposit (docs/API.md §5, §11): charged now, the deposit, the
	// balance and when it is due; absent when the checkout charges the total.
	AmountDueNowCents int64  `json:"amountDueNowCents,omitempty"`
	DepositCents      int64  `json:"depositCents,omitempty"`
	BalanceCents      int64  `json:"balanceCents,omitempty"`
	BalanceDueDate    string `json:"balanceDueDate,omitempty"`
}

// maxAdvanceDays bounds how far ahead a date can be sold.
const maxAdvanceDays = 3 * 366

// checkout validates and prices the order, holds the date and opens a
// payment session. Two checkouts for one date cannot both succeed.
func (s *Service) checkout(ctx context.Context, t tenant.Tenant, in CheckoutInput) (CheckoutResult, error) {
	now := s.now()
	loc := t.Location()
	cust, err := s.validateCheckout(in, now, loc)
	if err != nil {
		return CheckoutResult{}, err
	}
	if DaysUntil(Today(now, loc), in.Date) > t.Settings().BookingHorizonDays {
		// Availability says "horizon" for the same days: the two agree.
		return CheckoutResult{}, DateTaken(in.Date, ReasonHorizon)
	}
	pkg, addOns, err := s.resolveOrder(ctx, t, in.PackageID, in.AddOnIDs)
	if err != nil {
		return CheckoutResult{}, err
	}
	venue, err := s.resolveVenue(ctx, t.ID, in)
	if err != nil {
		return CheckoutResult{}, err
	}
	if s.Charges != nil {
		if err := s.Charges.CheckCharges(ctx, t); err != nil {
			return CheckoutResult{}, err
		}
	}
	if err := s.checkCalendar(ctx, t, in.Date); err != nil {
		return CheckoutResult{}, err
	}

	name := pkg.Name
	if pkg.PromotionLabel != "" {
		name += " (" + pkg.PromotionLabel + ")"
	}
	items := []LineItem{{Kind: "package", ID: pkg.ID, Name: name, AmountCents: pkg.BasePriceCents}}
	total := pkg.BasePriceCents
	addOnIDs := make([]string, 0, len(addOns))
	for _, a := range addOns {
		items = append(items, LineItem{Kind: "addon", ID: a.ID, Name: a.Name, AmountCents: a.PriceCents})
		total += a.PriceCents
		addOnIDs = append(addOnIDs, a.ID)
	}
	holdMinutes := t.HoldMinutes
	if holdMinutes <= 0 {
		holdMinutes = tenant.DefaultHoldMinutes
	}
	b := Booking{
		ID: uuid.NewString(), TenantID: t.ID, Customer: cust, PackageID: pkg.ID, AddOnIDs: addOnIDs,
		LineItems: items, Date: in.Date, Status: StatusPending, TotalCents: total,
		CommissionCents: Commission(total, t.CommissionBps), CommissionBps: t.CommissionBps, Currency: "usd",
		Notes: strings.TrimSpace(in.Notes), HoldExpiresAt: now.Add(time.Duration(holdMinutes) * time.Minute),
		ClientAddress: AddressKey(in.ClientAddress), CreatedAt: now, UpdatedAt: now,
		VenueID: venue.ID, VenueName: venue.Name, VenueAddress: venue.Address,
	}
	priceDue(t, pkg, &b, now)
	var session payment.CheckoutSession
	if local, ok := s.Payments.(payment.LocalProvider); ok && local.Local() {
		b, session, err = s.holdWithLocalSession(ctx, t, b, now)
	} else {
		b, session, err = s.holdThenOpenSession(ctx, t, b, now)
	}
	if err != nil {
		return CheckoutResult{}, err
	}
	ev := bookingEvent(EventDateHeld, b)
	ev.Status = StatusPending
	s.publish(ctx, ev)
	return withDue(CheckoutResult{CheckoutURL: session.URL, SessionID: session.ID, ExpiresAt: b.HoldExpiresAt, BookingID: b.ID}, b), nil
}

// holdWithLocalSession mints the session first (no I/O) and stores it in
// the transaction that holds the date: one write per checkout.
func (s *Service) holdWithLocalSession(ctx context.Context, t tenant.Tenant, b Booking, now time.Time) (Booking, payment.CheckoutSession, error) {
	session, err := s.openSession(ctx, t, b)
	if err != nil {
		return b, session, err
	}
	b.CheckoutSessionID, b.PaymentProvider = session.ID, s.Payments.Name()
	b, err = s.placeHold(ctx, s.hold(b, now))
	return b, session, err
}

// hold is the placeHold request for b, with the caps on live holds.
func (s *Service) hold(b Booking, now time.Time) Hold {
	h := Hold{Booking: b, Now: now, MaxPerEmail: MaxLiveHolds}
	if !s.UncappedAddresses && b.ClientAddress != "" {
		h.MaxPerAddress = MaxLiveHolds
	}
	return h
}

// holdThenOpenSession asks a remote provider only once the date is ours,
// and never inside the transaction: no lock waits on the network.
func (s *Service) holdThenOpenSession(ctx context.Context, t tenant.Tenant, b Booking, now time.Time) (Booking, payment.CheckoutSession, error) {
	b, err := s.placeHold(ctx, s.hold(b, now))
	if err != nil {
		return b, payment.CheckoutSession{}, err
	}
	session, err := s.openSession(ctx, t, b)
	if err != nil {
		// The date must not stay blocked by a checkout nobody can pay.
		if _, rerr := s.releaseHold(context.WithoutCancel(ctx), t.ID, b.ID, ActionCancel); rerr != nil {
			s.Logger.ErrorContext(ctx, "release hold after provider failure", "booking", b.ID, "err", rerr)
		}
		s.Logger.WarnContext(ctx, "payment provider refused checkout", "tenant", t.ID, "booking", b.ID, "err", err)
		return b, session, apperr.New(apperr.CodeUnavailable, "payments are unavailable right now; the date was not held, please try again")
	}
	if err := s.Store.AttachSession(ctx, t.ID, b.ID, session.ID, s.Payments.Name(), session.ExpiresAt); err != nil {
		return b, session, fmt.Errorf("attach session: %w", err)
	}
	return b, session, nil
}

func (s *Service) openSession(ctx context.Context, t tenant.Tenant, b Booking) (payment.CheckoutSession, error) {
	timeout := s.ProviderTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	items, fee := checkoutCharge(b, t.StripeAccountID != "")
	success := s.SuccessURL
	if success == "" {
		success = s.PublicBaseURL + "/t/" + t.Slug + "/booking/success?session_id={CHECKOUT_SESSION_ID}"
	}
	cancelURL := s.CancelURL
	if cancelURL == "" {
		cancelURL = s.PublicBaseURL + "/t/" + t.Slug + "/booking/cancel?session_id={CHECKOUT_SESSION_ID}"
	}
	req := payment.CheckoutRequest{
		BookingID: b.ID, TenantID: t.ID, ConnectedAccountID: t.StripeAccountID, Currency: b.Currency,
		LineItems: items, CustomerEmail: b.Customer.Email, SuccessURL: success, CancelURL: cancelURL,
		ExpiresAt: b.HoldExpiresAt,
		Metadata:  map[string]string{"bookingId": b.ID, "tenantId": t.ID, "date": b.Date},
	}
	req.ApplicationFeeCents = fee
	return s.Payments.CreateCheckout(ctx, req)
}

func (s *Service) validateCheckout(in CheckoutInput, now time.Time, loc *time.Location) (Customer, error) {
	// Text first: every entry point (API, storefront form, widget) comes
	// through here, and a NUL or a forged line must not reach the store or
	// the plain-text e-mails.
	f := textin.Struct(in)
	if strings.TrimSpace(in.PackageID) == "" {
		f.Add("packageId", "is required")
	}
	if in.Date == "" {
		f.Add("date", "is required")
	} else if d, err := ParseDate("date", in.Date); err != nil {
		f.Add("date", "must be a real date written YYYY-MM-DD")
	} else {
		today, _ := time.Parse(dateLayout, Today(now, loc))
		switch {
		case d.Before(today):
			f.Add("date", "is in the past")
		case d.Sub(today) > maxAdvanceDays*24*time.Hour:
			f.Add("date", "is more than three years ahead")
		}
	}
	if len(in.AddOnIDs) > 20 {
		f.Add("addOnIds", "at most 20 add-ons")
	}
	seen := map[string]bool{}
	for i, id := range in.AddOnIDs {
		if id == "" || seen[id] {
			f.Add(fmt.Sprintf("addOnIds.%d", i), "must be a distinct add-on id")
		}
		seen[id] = true
	}
	name := strings.TrimSpace(in.Customer.Name)
	email := strings.ToLower(strings.TrimSpace(in.Customer.Email))
	phone := strings.TrimSpace(in.Customer.Phone)
	if name == "" || utf8.RuneCountInString(name) > 120 {
		f.Add("customer.name", "is required (at most 120 characters)")
	}
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || textin.Len(email) > 254 {
		f.Add("customer.email", "must be an e-mail address")
	}
	if textin.Len(phone) > 40 {
		f.Add("customer.phone", "at most 40 characters")
	}
	if utf8.RuneCountInString(in.Notes) > 2000 {
		f.Add("notes", "at most 2000 characters")
	}
	checkVenueInput(f, in)
	return Customer{Name: name, Email: email, Phone: phone}, f.Err()
}

// resolveOrder finds the package (by id or slug) and its add-ons, active
// ones of this tenant only; prices come from here, never from the client.
// A package the published display rules hide today is NOT_FOUND.
func (s *Service) resolveOrder(ctx context.Context, t tenant.Tenant, packageRef string, addOnIDs []string) (catalog.Package, []catalog.AddOn, error) {
	tenantID := t.ID
	var pkg catalog.Package
	var err error = apperr.NotFound("package")
	if _, uerr := uuid.Parse(packageRef); uerr == nil {
		pkg, err = s.Catalog.PackageByID(ctx, tenantID, packageRef, true)
	}
	if apperr.Is(err, apperr.CodeNotFound) {
		pkg, err = s.Catalog.PackageBySlug(ctx, tenantID, packageRef, true)
	}
	if err != nil {
		return pkg, nil, err
	}
	// The price charged is the one shown: a promotion in its window.
	if pkg, err = s.asDisplayed(ctx, t, pkg); err != nil {
		return pkg, nil, err
	}
	byID := map[string]catalog.AddOn{}
	for _, a := range pkg.AddOns {
		byID[a.ID] = a
		byID[a.Slug] = a
	}
	addOns := make([]catalog.AddOn, 0, len(addOnIDs))
	taken := map[string]bool{}
	for _, id := range addOnIDs {
		a, ok := byID[id]
		if !ok {
			return pkg, nil, apperr.New(apperr.CodeNotFound, "add-on %q is not offered with this package", id)
		}
		if taken[a.ID] {
			continue
		}
		taken[a.ID] = true
		addOns = append(addOns, a)
	}
	return pkg, addOns, nil
}

func (s *Service) calendarID(t tenant.Tenant) string {
	if t.GoogleCalendarID != "" {
		return t.GoogleCalendarID
	}
	return s.DefaultCalendarID
}

// checkCalendar refuses a date the outside calendar marks busy, and refuses
// to sell when the calendar cannot answer (fail closed).
func (s *Service) checkCalendar(ctx context.Context, t tenant.Tenant, date string) error {
	calID := s.calendarID(t)
	if s.Calendar == nil || calID == "" {
		return nil
	}
	busy, err := s.Calendar.BusyDays(ctx, t.ID, calID, date, date, t.Location())
	if err != nil {
		s.Logger.WarnContext(ctx, "calendar unavailable at checkout", "tenant", t.ID, "err", err)
		return apperr.New(apperr.CodeUnavailable, "we cannot confirm this date right now; please try again in a few minutes")
	}
	if busy[date] {
		return apperr.New(apperr.CodeDateUnavailable, "%s is not available", date)
	}
	return nil
}
