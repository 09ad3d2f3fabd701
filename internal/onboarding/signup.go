package onboarding

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/tenant"
	"mais/internal/textin"
)

// Sign-up limits per client address. The order in SignUp is the point:
// the field checks (name, e-mail syntax, password length) run first and
// cost nothing, so a sign-up they refuse is not counted — a person fixing
// a typo never locks themselves out. Every sign-up that passes them
// counts, made or refused as taken, and is counted before the store is
// asked whether the e-mail has an account: that 409 tells which addresses
// have accounts, so it must stay as scarce as a made sign-up (and each
// made one costs a bcrypt hash). They apply with MAIS_RATE_LIMITS=off too,
// like the password forms.
const (
	MaxSignupsPerIP = 10
	SignupWindow    = time.Hour
)

// maxBusinessName is the longest business name, in characters (as
// tenant.Service.Create allows).
const maxBusinessName = 120

// maxSlugTries bounds the "-2", "-3"… suffixes tried for a taken slug.
const maxSlugTries = 50

// SignupInput is the body of POST /v1/signup and of the /signup form, with
// the client's address (never read from the body).
type SignupInput struct {
	BusinessName string `json:"businessName"`
	Email        string `json:"email"`
	Password     string `json:"password"`
	// TimeZone is where the business is (IANA, optional; the dashboard's
	// form sends the browser's): a booking date is a day there. ""
	// gives tenant.DefaultTimeZone.
	TimeZone string `json:"timeZone"`
	IP       string `json:"-"`
}

// SignUp creates a business: a tenant whose slug comes from its name, its
// admin (the e-mail and password given) and its default site, in one
// transaction, with no packages; then starts the admin's session.
//
// Errors: NOT_FOUND while sign-up is closed; VALIDATION_ERROR naming
// businessName, email, password or timeZone; TOO_MANY_REQUESTS past MaxSignupsPerIP;
// CONFLICT naming email when an account uses the address (nothing else is
// said of that account).
func (s *Service) SignUp(ctx context.Context, in SignupInput) (identity.Session, tenant.Tenant, error) {
	if !s.Open {
		return identity.Session{}, tenant.Tenant{}, apperr.NotFound("sign-up")
	}
	name, email, err := checkSignup(in)
	if err != nil {
		return identity.Session{}, tenant.Tenant{}, err
	}
	if err := s.allowSignup(ctx, in.IP); err != nil {
		return identity.Session{}, tenant.Tenant{}, err
	}
	if err := s.emailFree(ctx, email); err != nil {
		return identity.Session{}, tenant.Tenant{}, err
	}
	created, err := s.create(ctx, name, email, in.Password, in.TimeZone)
	if err != nil {
		return identity.Session{}, tenant.Tenant{}, err
	}
	sess, err := s.Users.SessionFor(ctx, email)
	if err != nil {
		return identity.Session{}, tenant.Tenant{}, fmt.Errorf("sign-up: session: %w", err)
	}
	s.logger().InfoContext(ctx, "business signed up", "tenant", created.Tenant.ID, "slug", created.Tenant.Slug)
	return sess, created.Tenant, nil
}

// checkSignup checks the text as typed (see identity.NormalizeEmail) and
// returns the trimmed name and the normalised e-mail.
func checkSignup(in SignupInput) (name, email string, err error) {
	fields := apperr.FieldErrors{}
	textin.Check(fields, "businessName", in.BusinessName, textin.Line)
	textin.Check(fields, "email", in.Email, textin.Line)
	name = strings.TrimSpace(in.BusinessName)
	if fields["businessName"] == "" && (name == "" || textin.Len(name) > maxBusinessName) {
		fields.Add("businessName", fmt.Sprintf("must be 1 to %d characters", maxBusinessName))
	}
	email = identity.NormalizeEmail(in.Email)
	if fields["email"] == "" {
		if textin.Len(email) > 254 {
			fields.Add("email", "must be at most 254 characters")
		} else {
			identity.ValidateEmail(fields, "email", email)
		}
	}
	identity.ValidatePassword(fields, "password", in.Password)
	if in.TimeZone != "" && textin.Check(fields, "timeZone", in.TimeZone, textin.Line) && !tenant.ValidZone(in.TimeZone) {
		fields.Add("timeZone", "must be an IANA time zone such as America/Chicago, or left out")
	}
	return name, email, fields.Err()
}

// allowSignup counts one sign-up from ip. A limiter that cannot answer
// does not stop sign-ups: the composition root's falls back on its own.
func (s *Service) allowSignup(ctx context.Context, ip string) error {
	if s.Limiter == nil {
		return nil
	}
	if ip == "" {
		ip = "unknown"
	}
	r, err := s.Limiter.Allow(ctx, "signup:ip:"+ip, MaxSignupsPerIP, SignupWindow)
	if err != nil {
		s.logger().WarnContext(ctx, "sign-up limiter unavailable", "err", err)
		return nil
	}
	if !r.Allowed {
		return &apperr.Error{Code: apperr.CodeTooManyRequests, Message: "too many sign-ups from this address; try again later",
			RetryAfterSeconds: r.RetryAfterSeconds()}
	}
	return nil
}

// errEmailTaken says only that the address has an account, and what to do.
var errEmailTaken = &apperr.Error{Code: apperr.CodeConflict, Message: "an account already uses this e-mail",
	Fields: map[string]string{"email": "already has an account; log in or reset your password"}}

func (s *Service) emailFree(ctx context.Context, email string) error {
	taken, err := s.Users.EmailTaken(ctx, email)
	if err != nil {
		return fmt.Errorf("sign-up: e-mail: %w", err)
	}
	if taken {
		return errEmailTaken
	}
	return nil
}

// create stores the tenant under the first free slug of its name, its
// e-mail kept off its site until the business saves it in its profile
// (the address is its login, not necessarily its public contact). The
// tenant, its admin and its site are one transaction (tenant.Service.Create):
// a clash on the slug or the e-mail leaves nothing behind, and is told
// apart afterwards by asking whether the e-mail is taken now.
func (s *Service) create(ctx context.Context, name, email, password, zone string) (tenant.Created, error) {
	base := SlugFor(name)
	for i := 1; i <= maxSlugTries; i++ {
		slug := candidate(base, i)
		if _, err := s.Tenants.Store.TenantBySlug(ctx, slug); err == nil {
			continue
		} else if !apperr.Is(err, apperr.CodeNotFound) {
			return tenant.Created{}, fmt.Errorf("sign-up: slug: %w", err)
		}
		created, err := s.Tenants.Create(ctx, tenant.CreateInput{Slug: slug, Name: name, Email: email, Password: password,
			CommissionPercent: tenant.DefaultCommissionPercent, EmailPrivate: true, TimeZone: zone})
		if !apperr.Is(err, apperr.CodeConflict) {
			return created, err
		}
		if err := s.emailFree(ctx, email); err != nil {
			return tenant.Created{}, err
		}
	}
	return tenant.Created{}, apperr.Conflict("no free address for %q; try a more specific business name", name)
}

// candidate is the i-th slug tried for base: base, base-2, base-3…, cut so
// that the whole stays within 40 characters.
func candidate(base string, i int) string {
	if i == 1 {
		return base
	}
	suffix := "-" + strconv.Itoa(i)
	return strings.TrimRight(cut(base, 40-len(suffix)), "-") + suffix
}

// SlugFor derives a tenant slug from a business name: letters without
// their accents, lower case, words joined by single hyphens, at most 40
// characters. A name with no Latin letter or digit gives "studio"; a
// reserved slug (tenant.ValidateSlug) gets "-studio" appended.
func SlugFor(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case folded[r] != "":
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteString(folded[r])
		case r == '\'' || r == '’':
			// "Anna's Photos" → "annas-photos"
		default:
			hyphen = true
		}
	}
	slug := strings.Trim(cut(b.String(), 40), "-")
	if len(slug) < 2 {
		slug = "studio"
	}
	if err := tenant.ValidateSlug(slug); err != nil {
		slug = strings.Trim(cut(slug, 33), "-") + "-studio"
	}
	return slug
}

// folded are the Latin letters NFKD does not take apart.
var folded = map[rune]string{'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i"}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
