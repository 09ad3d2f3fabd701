package tenant

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"mais/internal/apperr"
	"mais/internal/identity"
	"mais/internal/siteconfig"
	"mais/internal/textin"
)

// Profile is how couples reach a business (docs/API.md §14), the JSON of
// GET|PATCH /v1/admin/profile. The storefront's contact page, footer and
// structured data and the booking e-mails show it. BusinessName and Email
// are the tenant's Name and Email (the e-mail is also where the business's
// own booking e-mails go); the rest may be "". InstagramHandle is stored
// without "@"; Website is an absolute http(s) URL.
//
// EmailPublic says whether the storefront may show Email. A business that
// signed up starts with its login e-mail and false: that address is its
// account, not necessarily where couples should write. Saving the profile
// with an e-mail (ProfilePatch.Apply) makes it true; a tenant an operator
// creates starts with true. Read-only in the API.
type Profile struct {
	BusinessName    string `json:"businessName"`
	Email           string `json:"email"`
	EmailPublic     bool   `json:"emailPublic"`
	Phone           string `json:"phone"`
	Address         string `json:"address"`
	InstagramHandle string `json:"instagramHandle"`
	Website         string `json:"website"`
}

// Bounds of a profile, in characters.
const (
	MaxBusinessName = 120
	MaxEmail        = 254
	MaxPhone        = 40
	MaxAddress      = 300
	MaxWebsite      = 300
)

// Profile is t's profile.
func (t Tenant) Profile() Profile {
	return Profile{BusinessName: t.Name, Email: t.Email, EmailPublic: t.EmailPublic, Phone: t.Phone, Address: t.Address,
		InstagramHandle: t.InstagramHandle, Website: t.Website}
}

// WithProfile returns t carrying p.
func (t Tenant) WithProfile(p Profile) Tenant {
	t.Name, t.Email, t.EmailPublic, t.Phone, t.Address, t.InstagramHandle, t.Website =
		p.BusinessName, p.Email, p.EmailPublic, p.Phone, p.Address, p.InstagramHandle, p.Website
	return t
}

// InstagramURL is the business's Instagram page, or "".
func (p Profile) InstagramURL() string {
	if p.InstagramHandle == "" {
		return ""
	}
	return "https://www.instagram.com/" + p.InstagramHandle + "/"
}

// TelURL is a tel: link for the phone number (digits and a leading +), or
// "" when there is none.
func (p Profile) TelURL() string {
	var b strings.Builder
	for i, r := range p.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "tel:" + b.String()
}

// ProfilePatch is the body of PATCH /v1/admin/profile: any subset of
// Profile; nil is unchanged, "" clears an optional field.
type ProfilePatch struct {
	BusinessName    *string `json:"businessName"`
	Email           *string `json:"email"`
	Phone           *string `json:"phone"`
	Address         *string `json:"address" text:"multiline"`
	InstagramHandle *string `json:"instagramHandle"`
	Website         *string `json:"website"`
	// EmailPublic says whether the storefront shows the e-mail; without
	// it, a patch that gives email makes it public.
	EmailPublic *bool `json:"emailPublic"`
}

var (
	phonePattern = regexp.MustCompile(`^\+?[0-9 ().\-/]+$`)
	// Instagram user names: letters, digits, periods and underscores, at
	// most 30.
	instagramPattern = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)
)

// Apply returns p applied to cur, trimmed and normalised (e-mail lowered,
// Instagram without "@" or its URL, a website without scheme made https),
// or VALIDATION_ERROR naming each bad field. EmailPublic is set as given;
// a given e-mail without it makes EmailPublic true (the business chose it
// as the address couples see).
func (p ProfilePatch) Apply(cur Profile) (Profile, error) {
	f := apperr.FieldErrors{}
	if v, ok := line(f, "businessName", p.BusinessName); ok {
		if v == "" || textin.Len(v) > MaxBusinessName {
			f.Add("businessName", fmt.Sprintf("must be 1 to %d characters", MaxBusinessName))
		}
		cur.BusinessName = v
	}
	if v, ok := line(f, "email", p.Email); ok {
		v = identity.NormalizeEmail(v)
		if identity.ValidateEmail(f, "email", v); textin.Len(v) > MaxEmail {
			f.Add("email", fmt.Sprintf("must be at most %d characters", MaxEmail))
		}
		cur.Email, cur.EmailPublic = v, true
	}
	if p.EmailPublic != nil {
		cur.EmailPublic = *p.EmailPublic
	}
	if v, ok := line(f, "phone", p.Phone); ok {
		cur.Phone = v
		switch {
		case textin.Len(v) > MaxPhone:
			f.Add("phone", fmt.Sprintf("must be at most %d characters", MaxPhone))
		case v != "" && (!phonePattern.MatchString(v) || countDigits(v) < 5):
			f.Add("phone", "must be a phone number: digits, spaces, + ( ) - . /")
		}
	}
	if p.Address != nil && textin.Check(f, "address", *p.Address, textin.Multiline) {
		cur.Address = cleanAddress(*p.Address)
		if textin.Len(cur.Address) > MaxAddress {
			f.Add("address", fmt.Sprintf("must be at most %d characters", MaxAddress))
		}
	}
	if v, ok := line(f, "instagramHandle", p.InstagramHandle); ok {
		handle, named := instagramHandle(v)
		cur.InstagramHandle = handle
		if !named || handle != "" && !validInstagram(handle) {
			f.Add("instagramHandle", "must be an Instagram user name such as @willowandpine or its address "+
				"instagram.com/willowandpine (letters, digits, . and _, at most 30); leave it empty for none")
		}
	}
	if v, ok := line(f, "website", p.Website); ok {
		cur.Website = website(v)
		if cur.Website != "" {
			if err := siteconfig.SafeURL(cur.Website); err != nil {
				f.Add("website", "must be a web address such as https://example.com: "+err.Error())
			} else if textin.Len(cur.Website) > MaxWebsite {
				f.Add("website", fmt.Sprintf("must be at most %d characters", MaxWebsite))
			}
		}
	}
	return cur, f.Err()
}

// line checks a given one-line field and returns it trimmed; ok is false
// when it was not given or is not text.
func line(f apperr.FieldErrors, field string, v *string) (string, bool) {
	if v == nil || !textin.Check(f, field, *v, textin.Line) {
		return "", false
	}
	return strings.TrimSpace(*v), true
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// cleanAddress trims each line of an address and drops empty ones.
func cleanAddress(s string) string {
	var lines []string
	for l := range strings.Lines(strings.ReplaceAll(s, "\r\n", "\n")) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// instagramPages are the first path segments of Instagram's own pages,
// which a pasted address may name instead of an account.
var instagramPages = map[string]bool{"explore": true, "reels": true, "reel": true, "p": true, "stories": true,
	"accounts": true, "direct": true, "tv": true, "about": true, "legal": true, "developer": true, "web": true}

// validInstagram reports whether handle can be an Instagram user name:
// letters, digits, "." and "_", at most 30, no dot at either end nor two
// in a row, and not one of Instagram's own pages.
func validInstagram(handle string) bool {
	return instagramPattern.MatchString(handle) && !strings.HasPrefix(handle, ".") && !strings.HasSuffix(handle, ".") &&
		!strings.Contains(handle, "..") && !instagramPages[strings.ToLower(handle)]
}

// instagramHandle accepts "@name", "name" or the profile's address, with
// or without https:// and www. ("instagram.com/name/?hl=en"), and returns
// "name". ok is false when v is an Instagram address or an "@" that names
// no account: that is a mistake to report, not a way to clear the field
// (only "" clears it).
func instagramHandle(v string) (handle string, ok bool) {
	if v == "" {
		return "", true
	}
	addr := v
	if !strings.Contains(addr, "://") {
		addr = "https://" + addr
	}
	if u, err := url.Parse(addr); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		if h := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."); h == "instagram.com" {
			v = strings.Trim(u.Path, "/")
		}
	}
	v = strings.TrimPrefix(v, "@")
	return v, v != ""
}

// website makes "example.com" https://example.com; anything with a scheme
// is kept as given for SafeURL to judge.
func website(v string) string {
	if v == "" || strings.Contains(v, "://") || strings.Contains(v, ":") {
		return v
	}
	return "https://" + v
}

// ProfileStore stores a tenant's profile, audited (tenant.profile) in the
// same transaction.
type ProfileStore interface {
	UpdateTenantProfile(ctx context.Context, id string, p Profile) (Tenant, error)
}

// Profile reads a tenant's profile.
func (s *Service) Profile(ctx context.Context, id string) (Profile, error) {
	t, err := s.Store.TenantByID(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	return t.Profile(), nil
}

// UpdateProfile validates p against the tenant's current profile, stores
// the result (audited) and drops every cached copy of the tenant and its
// pages, so the storefront shows it at once.
func (s *Service) UpdateProfile(ctx context.Context, id string, p ProfilePatch) (Profile, error) {
	st, ok := s.Store.(ProfileStore)
	if !ok {
		return Profile{}, fmt.Errorf("tenant profile: the store cannot store profiles")
	}
	t, err := s.Store.TenantByID(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	next, err := p.Apply(t.Profile())
	if err != nil {
		return Profile{}, err
	}
	t, err = st.UpdateTenantProfile(ctx, id, next)
	if err != nil {
		return Profile{}, fmt.Errorf("update tenant profile: %w", err)
	}
	s.invalidate(ctx, id)
	return t.Profile(), nil
}
