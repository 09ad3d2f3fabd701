package siteconfig

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Limits on the document. They keep a stored configuration, and the page
// rendered from it, a reasonable size.
const (
	MaxSections     = 20
	MaxImages       = 50
	MaxItems        = 50
	MaxHeadline     = 200
	MaxSubheadline  = 500
	MaxCTAText      = 80
	MaxContent      = 5000
	MaxAlt          = 300
	MaxQuote        = 1000
	MaxAuthorName   = 100
	MaxQuestion     = 300
	MaxAnswer       = 2000
	MaxURL          = 2048
	MaxEmail        = 254
	MaxPhone        = 40
	MaxAddress      = 300
	MaxHours        = 300
	MaxFontFamily   = 100
	MaxDocumentSize = 1 << 20 // bytes accepted by Parse
)

var (
	colorPattern     = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	instagramPattern = regexp.MustCompile(`^@?[A-Za-z0-9._]{1,30}$`)
	phonePattern     = regexp.MustCompile(`^[0-9+().\- x]*$`)
	// A font family is written into CSS, so only characters that cannot end
	// the declaration or open a string, comment or function are allowed.
	fontPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ,\-]*$`)
)

// Validate checks every rule of docs/API.md §8 and returns a VALIDATION_ERROR
// naming each offending field by path, or nil.
func (c Config) Validate() error {
	errs := apperr.FieldErrors{}
	if !c.Pages.Home.Enabled {
		errs.Add("pages.home.enabled", "the home page must be enabled")
	}
	for _, name := range NavOrder() {
		p, _ := c.Page(name)
		p.validate(errs, "pages."+name)
	}
	c.Branding.validate(errs)
	c.Display.validate(errs)
	c.Widget.validate(errs)
	return errs.Err()
}

func (p Page) validate(errs apperr.FieldErrors, path string) {
	if len(p.Sections) > MaxSections {
		errs.Add(path+".sections", fmt.Sprintf("at most %d sections", MaxSections))
		return
	}
	for i, s := range p.Sections {
		validateSection(errs, fmt.Sprintf("%s.sections.%d", path, i), s)
	}
}

func validateSection(errs apperr.FieldErrors, path string, s Section) {
	v := fieldChecker{errs: errs, path: path}
	switch s := s.(type) {
	case HeroSection:
		v.line("headline", s.Headline, MaxHeadline, true)
		v.line("subheadline", s.Subheadline, MaxSubheadline, false)
		v.line("ctaText", s.CTAText, MaxCTAText, true)
		v.url("backgroundImageUrl", s.BackgroundImageURL, false)
	case TextSection:
		v.line("headline", s.Headline, MaxHeadline, false)
		v.text("content", s.Content, MaxContent, true)
		v.url("imageUrl", s.ImageURL, false)
		if s.ImagePosition != "left" && s.ImagePosition != "right" {
			v.add("imagePosition", `must be "left" or "right"`)
		}
	case GallerySection:
		v.line("headline", s.Headline, MaxHeadline, true)
		if len(s.Images) > MaxImages {
			v.add("images", fmt.Sprintf("at most %d images", MaxImages))
		} else {
			for i, img := range s.Images {
				iv := v.at(fmt.Sprintf("images.%d", i))
				iv.url("url", img.URL, true)
				iv.line("alt", img.Alt, MaxAlt, true)
			}
		}
		if s.InstagramHandle != "" && !instagramPattern.MatchString(s.InstagramHandle) {
			v.add("instagramHandle", "must be an Instagram handle (letters, digits, . and _, at most 30)")
		}
	case TestimonialsSection:
		v.line("headline", s.Headline, MaxHeadline, true)
		eachItem(v, s.Items, func(iv fieldChecker, it Testimonial) {
			iv.text("quote", it.Quote, MaxQuote, true)
			iv.line("authorName", it.AuthorName, MaxAuthorName, true)
			if it.Rating < 1 || it.Rating > 5 {
				iv.add("rating", "must be between 1 and 5")
			}
		})
	case FAQSection:
		v.line("headline", s.Headline, MaxHeadline, true)
		eachItem(v, s.Items, func(iv fieldChecker, it FAQItem) {
			iv.line("question", it.Question, MaxQuestion, true)
			iv.text("answer", it.Answer, MaxAnswer, true)
		})
	case ContactSection:
		v.line("headline", s.Headline, MaxHeadline, true)
		if v.line("email", s.Email, MaxEmail, false) && s.Email != "" && !validEmail(s.Email) {
			v.add("email", "must be an e-mail address")
		}
		if v.line("phone", s.Phone, MaxPhone, false) && !phonePattern.MatchString(s.Phone) {
			v.add("phone", "may hold only digits, spaces and + ( ) . - x")
		}
		v.text("address", s.Address, MaxAddress, false)
		v.text("hours", s.Hours, MaxHours, false)
	case CTASection:
		v.line("headline", s.Headline, MaxHeadline, true)
		v.line("subheadline", s.Subheadline, MaxSubheadline, false)
		v.line("ctaText", s.CTAText, MaxCTAText, true)
	case nil:
		v.add("type", "required")
	default:
		// Pointers to sections or foreign types: only code can build these.
		v.add("type", fmt.Sprintf("unsupported section value %T", s))
	}
}

func (b Branding) validate(errs apperr.FieldErrors) {
	v := fieldChecker{errs: errs, path: "branding"}
	for _, c := range []struct{ name, value string }{
		{"primaryColor", b.PrimaryColor},
		{"secondaryColor", b.SecondaryColor},
		{"accentColor", b.AccentColor},
		{"backgroundColor", b.BackgroundColor},
	} {
		if c.value != "" && !colorPattern.MatchString(c.value) {
			v.add(c.name, "must be a color #rgb or #rrggbb")
		}
	}
	if v.line("fontFamily", b.FontFamily, MaxFontFamily, false) && b.FontFamily != "" && !fontPattern.MatchString(b.FontFamily) {
		v.add("fontFamily", "may hold only letters, digits, spaces, commas and dashes")
	}
	v.url("logoUrl", b.LogoURL, false)
}

// eachItem checks a section's items: at most MaxItems (else one problem at
// "items" and none per item), each by check at "items.N".
func eachItem[T any](v fieldChecker, items []T, check func(fieldChecker, T)) {
	if len(items) > MaxItems {
		v.add("items", fmt.Sprintf("at most %d items", MaxItems))
		return
	}
	for i, it := range items {
		check(v.at(fmt.Sprintf("items.%d", i)), it)
	}
}

// fieldChecker records problems of the fields of one object at path.
type fieldChecker struct {
	errs apperr.FieldErrors
	path string
}

func (v fieldChecker) at(sub string) fieldChecker {
	return fieldChecker{errs: v.errs, path: v.path + "." + sub}
}

func (v fieldChecker) add(field, why string) { v.errs.Add(v.path+"."+field, why) }

// line checks a single-line string and reports whether it passed.
func (v fieldChecker) line(field, s string, max int, required bool) bool {
	return v.str(field, s, max, required, false)
}

// text checks a string that may span lines.
func (v fieldChecker) text(field, s string, max int, required bool) bool {
	return v.str(field, s, max, required, true)
}

func (v fieldChecker) str(field, s string, max int, required, multiline bool) bool {
	switch {
	case strings.TrimSpace(s) == "":
		if required {
			v.add(field, "required")
			return false
		}
		return true
	case utf8.RuneCountInString(s) > max:
		v.add(field, fmt.Sprintf("at most %d characters", max))
		return false
	case hasControl(s, multiline):
		// NUL in particular cannot be stored in a PostgreSQL jsonb column.
		v.add(field, "must not contain control characters")
		return false
	}
	return true
}

func (v fieldChecker) url(field, s string, required bool) {
	if s == "" {
		if required {
			v.add(field, "required")
		}
		return
	}
	if err := SafeURL(s); err != nil {
		v.add(field, err.Error())
	}
}

// hasControl reports text that textin refuses: NUL, invalid UTF-8, and
// control characters (line breaks and tabs too unless multiline).
func hasControl(s string, multiline bool) bool {
	if multiline {
		return !textin.Valid(s, textin.Multiline)
	}
	return !textin.Valid(s, textin.Line)
}

// SafeURL returns nil when raw is an absolute http or https URL with a host
// and no credentials, safe to place in an href or src attribute. Anything
// else (javascript:, data:, relative or protocol-relative URLs) is refused.
func SafeURL(raw string) error {
	if textin.Len(raw) > MaxURL {
		return fmt.Errorf("must be at most %d characters", MaxURL)
	}
	// Browsers strip or reinterpret whitespace, control characters and
	// backslashes, which can turn a harmless-looking URL into another one.
	if strings.ContainsFunc(raw, func(r rune) bool {
		return r <= ' ' || r == '\\' || r == 0x7f || unicode.IsSpace(r) || unicode.IsControl(r)
	}) {
		return errors.New("must not contain spaces, control characters or backslashes")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("must be a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("must be an http or https URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("must be an absolute URL with a host")
	}
	if u.User != nil {
		return errors.New("must not contain a user name or password")
	}
	return nil
}

func validEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Name == "" && addr.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}
