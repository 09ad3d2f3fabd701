package siteconfig_test

import (
	"strings"
	"testing"

	"mais/internal/siteconfig"
)

func TestValidateRules(t *testing.T) {
	hero := func(c *siteconfig.Config, f func(*siteconfig.HeroSection)) { edit(c.Pages.Home.Sections, 0, f) }
	text := func(c *siteconfig.Config, f func(*siteconfig.TextSection)) { edit(c.Pages.About.Sections, 0, f) }
	gallery := func(c *siteconfig.Config, f func(*siteconfig.GallerySection)) { edit(c.Pages.Gallery.Sections, 0, f) }
	testimonials := func(c *siteconfig.Config, f func(*siteconfig.TestimonialsSection)) {
		edit(c.Pages.Testimonials.Sections, 0, f)
	}
	faq := func(c *siteconfig.Config, f func(*siteconfig.FAQSection)) { edit(c.Pages.FAQ.Sections, 0, f) }
	contact := func(c *siteconfig.Config, f func(*siteconfig.ContactSection)) { edit(c.Pages.Contact.Sections, 0, f) }
	long := func(n int) string { return strings.Repeat("é", n) }

	tests := []struct {
		name   string
		mutate func(c *siteconfig.Config)
		path   string
	}{
		{"HomeDisabled", func(c *siteconfig.Config) { c.Pages.Home.Enabled = false }, "pages.home.enabled"},

		{"HeroHeadlineRequired", func(c *siteconfig.Config) { hero(c, func(s *siteconfig.HeroSection) { s.Headline = "  " }) }, "pages.home.sections.0.headline"},
		{"HeroHeadlineTooLong", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.Headline = long(siteconfig.MaxHeadline + 1) })
		}, "pages.home.sections.0.headline"},
		{"HeroCTARequired", func(c *siteconfig.Config) { hero(c, func(s *siteconfig.HeroSection) { s.CTAText = "" }) }, "pages.home.sections.0.ctaText"},
		{"HeroSubheadlineTooLong", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.Subheadline = long(siteconfig.MaxSubheadline + 1) })
		}, "pages.home.sections.0.subheadline"},
		{"HeroHeadlineNUL", func(c *siteconfig.Config) { hero(c, func(s *siteconfig.HeroSection) { s.Headline = "a\x00b" }) }, "pages.home.sections.0.headline"},
		{"HeroHeadlineNewline", func(c *siteconfig.Config) { hero(c, func(s *siteconfig.HeroSection) { s.Headline = "a\nb" }) }, "pages.home.sections.0.headline"},
		{"HeroHeadlineInvalidUTF8", func(c *siteconfig.Config) { hero(c, func(s *siteconfig.HeroSection) { s.Headline = "a\xffb" }) }, "pages.home.sections.0.headline"},

		{"URLJavascript", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "javascript:alert(1)" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLJavascriptMixedCase", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "JaVaScRiPt:alert(1)" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLData", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "data:image/png;base64,iVBORw0KGgo=" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLRelative", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "/images/hero.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLProtocolRelative", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "//evil.example/x.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLNoHost", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "https:///x.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLCredentials", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "https://user:pw@cdn.example.com/x.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLFTP", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "ftp://cdn.example.com/x.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLLeadingSpace", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = " https://cdn.example.com/x.jpg" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLTab", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = "java\tscript:alert(1)" })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLBackslash", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) { s.BackgroundImageURL = `https:\\evil.example` })
		}, "pages.home.sections.0.backgroundImageUrl"},
		{"URLTooLong", func(c *siteconfig.Config) {
			hero(c, func(s *siteconfig.HeroSection) {
				s.BackgroundImageURL = "https://cdn.example.com/" + strings.Repeat("a", siteconfig.MaxURL)
			})
		}, "pages.home.sections.0.backgroundImageUrl"},

		{"TextContentRequired", func(c *siteconfig.Config) { text(c, func(s *siteconfig.TextSection) { s.Content = "" }) }, "pages.about.sections.0.content"},
		{"TextContentTooLong", func(c *siteconfig.Config) {
			text(c, func(s *siteconfig.TextSection) { s.Content = long(siteconfig.MaxContent + 1) })
		}, "pages.about.sections.0.content"},
		{"TextImagePosition", func(c *siteconfig.Config) { text(c, func(s *siteconfig.TextSection) { s.ImagePosition = "center" }) }, "pages.about.sections.0.imagePosition"},
		{"TextImagePositionMissing", func(c *siteconfig.Config) { text(c, func(s *siteconfig.TextSection) { s.ImagePosition = "" }) }, "pages.about.sections.0.imagePosition"},
		{"TextImageURL", func(c *siteconfig.Config) {
			text(c, func(s *siteconfig.TextSection) { s.ImageURL = "javascript:void(0)" })
		}, "pages.about.sections.0.imageUrl"},

		{"GalleryHeadlineRequired", func(c *siteconfig.Config) { gallery(c, func(s *siteconfig.GallerySection) { s.Headline = "" }) }, "pages.gallery.sections.0.headline"},
		{"GalleryImageURLRequired", func(c *siteconfig.Config) { gallery(c, func(s *siteconfig.GallerySection) { s.Images[0].URL = "" }) }, "pages.gallery.sections.0.images.0.url"},
		{"GalleryImageURLData", func(c *siteconfig.Config) {
			gallery(c, func(s *siteconfig.GallerySection) { s.Images[0].URL = "data:text/html,<script>" })
		}, "pages.gallery.sections.0.images.0.url"},
		{"GalleryAltRequired", func(c *siteconfig.Config) { gallery(c, func(s *siteconfig.GallerySection) { s.Images[0].Alt = "" }) }, "pages.gallery.sections.0.images.0.alt"},
		{"GalleryTooManyImages", func(c *siteconfig.Config) {
			gallery(c, func(g *siteconfig.GallerySection) {
				for len(g.Images) <= siteconfig.MaxImages {
					g.Images = append(g.Images, g.Images[0])
				}
			})
		}, "pages.gallery.sections.0.images"},
		{"InstagramHandle", func(c *siteconfig.Config) {
			gallery(c, func(s *siteconfig.GallerySection) { s.InstagramHandle = "my studio!" })
		}, "pages.gallery.sections.0.instagramHandle"},
		{"InstagramHandleTooLong", func(c *siteconfig.Config) {
			gallery(c, func(s *siteconfig.GallerySection) { s.InstagramHandle = strings.Repeat("a", 31) })
		}, "pages.gallery.sections.0.instagramHandle"},

		{"RatingZero", func(c *siteconfig.Config) {
			testimonials(c, func(s *siteconfig.TestimonialsSection) { s.Items[0].Rating = 0 })
		}, "pages.testimonials.sections.0.items.0.rating"},
		{"RatingSix", func(c *siteconfig.Config) {
			testimonials(c, func(s *siteconfig.TestimonialsSection) { s.Items[0].Rating = 6 })
		}, "pages.testimonials.sections.0.items.0.rating"},
		{"QuoteRequired", func(c *siteconfig.Config) {
			testimonials(c, func(s *siteconfig.TestimonialsSection) { s.Items[0].Quote = "" })
		}, "pages.testimonials.sections.0.items.0.quote"},
		{"AuthorRequired", func(c *siteconfig.Config) {
			testimonials(c, func(s *siteconfig.TestimonialsSection) { s.Items[0].AuthorName = "" })
		}, "pages.testimonials.sections.0.items.0.authorName"},
		{"TooManyTestimonials", func(c *siteconfig.Config) {
			testimonials(c, func(s *siteconfig.TestimonialsSection) {
				for len(s.Items) <= siteconfig.MaxItems {
					s.Items = append(s.Items, s.Items[0])
				}
			})
		}, "pages.testimonials.sections.0.items"},

		{"FAQHeadlineRequired", func(c *siteconfig.Config) { faq(c, func(s *siteconfig.FAQSection) { s.Headline = "" }) }, "pages.faq.sections.0.headline"},
		{"FAQQuestionRequired", func(c *siteconfig.Config) { faq(c, func(s *siteconfig.FAQSection) { s.Items[0].Question = "" }) }, "pages.faq.sections.0.items.0.question"},
		{"FAQAnswerTooLong", func(c *siteconfig.Config) {
			faq(c, func(s *siteconfig.FAQSection) { s.Items[0].Answer = long(siteconfig.MaxAnswer + 1) })
		}, "pages.faq.sections.0.items.0.answer"},
		{"TooManyFAQItems", func(c *siteconfig.Config) {
			faq(c, func(s *siteconfig.FAQSection) {
				for len(s.Items) <= siteconfig.MaxItems {
					s.Items = append(s.Items, s.Items[0])
				}
			})
		}, "pages.faq.sections.0.items"},

		{"ContactHeadlineRequired", func(c *siteconfig.Config) { contact(c, func(s *siteconfig.ContactSection) { s.Headline = "" }) }, "pages.contact.sections.0.headline"},
		{"ContactEmail", func(c *siteconfig.Config) {
			contact(c, func(s *siteconfig.ContactSection) { s.Email = "not-an-email" })
		}, "pages.contact.sections.0.email"},
		{"ContactEmailDisplayName", func(c *siteconfig.Config) {
			contact(c, func(s *siteconfig.ContactSection) { s.Email = "Ana <ana@example.com>" })
		}, "pages.contact.sections.0.email"},
		{"ContactEmailNoDot", func(c *siteconfig.Config) {
			contact(c, func(s *siteconfig.ContactSection) { s.Email = "ana@localhost" })
		}, "pages.contact.sections.0.email"},
		{"ContactPhone", func(c *siteconfig.Config) {
			contact(c, func(s *siteconfig.ContactSection) { s.Phone = "call me maybe" })
		}, "pages.contact.sections.0.phone"},
		{"ContactAddressTooLong", func(c *siteconfig.Config) {
			contact(c, func(s *siteconfig.ContactSection) { s.Address = long(siteconfig.MaxAddress + 1) })
		}, "pages.contact.sections.0.address"},

		{"CTATextRequired", func(c *siteconfig.Config) {
			c.Pages.Home.Sections = append(c.Pages.Home.Sections, siteconfig.CTASection{Headline: "Ready?"})
		}, "pages.home.sections.1.ctaText"},
		{"NilSection", func(c *siteconfig.Config) {
			c.Pages.Services.Sections = append(c.Pages.Services.Sections, nil)
		}, "pages.services.sections.0.type"},
		{"PointerSection", func(c *siteconfig.Config) {
			c.Pages.Services.Sections = append(c.Pages.Services.Sections, &siteconfig.CTASection{Headline: "h", CTAText: "c"})
		}, "pages.services.sections.0.type"},
		{"TooManySections", func(c *siteconfig.Config) {
			for len(c.Pages.About.Sections) <= siteconfig.MaxSections {
				c.Pages.About.Sections = append(c.Pages.About.Sections, c.Pages.About.Sections[0])
			}
		}, "pages.about.sections"},
		{"DisabledPageStillValidated", func(c *siteconfig.Config) {
			gallery(c, func(s *siteconfig.GallerySection) { s.Images[0].URL = "javascript:x" })
		}, "pages.gallery.sections.0.images.0.url"},

		{"PrimaryColorName", func(c *siteconfig.Config) { c.Branding.PrimaryColor = "red" }, "branding.primaryColor"},
		{"SecondaryColorFiveDigits", func(c *siteconfig.Config) { c.Branding.SecondaryColor = "#12345" }, "branding.secondaryColor"},
		{"AccentColorNoHash", func(c *siteconfig.Config) { c.Branding.AccentColor = "abcdef" }, "branding.accentColor"},
		{"BackgroundColorNotHex", func(c *siteconfig.Config) { c.Branding.BackgroundColor = "#ggg" }, "branding.backgroundColor"},
		{"FontFamilyInjection", func(c *siteconfig.Config) { c.Branding.FontFamily = "Arial; background:url(x)" }, "branding.fontFamily"},
		{"FontFamilyQuote", func(c *siteconfig.Config) { c.Branding.FontFamily = `"Georgia"` }, "branding.fontFamily"},
		{"FontFamilyTooLong", func(c *siteconfig.Config) { c.Branding.FontFamily = strings.Repeat("a", siteconfig.MaxFontFamily+1) }, "branding.fontFamily"},
		{"LogoURL", func(c *siteconfig.Config) { c.Branding.LogoURL = "javascript:alert(document.cookie)" }, "branding.logoUrl"},

		{"RuleSlugRequired", func(c *siteconfig.Config) { c.Display.Packages = []siteconfig.PackageRule{{}} }, "display.packages.0.packageSlug"},
		{"RuleSlugMalformed", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "Full Day"}}
		}, "display.packages.0.packageSlug"},
		{"RuleSlugDuplicate", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "full-day"}, {PackageSlug: "full-day"}}
		}, "display.packages.1.packageSlug"},
		{"RuleOrderNegative", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "a", Order: -1}}
		}, "display.packages.0.order"},
		{"RuleDateMalformed", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "a", VisibleFrom: "2025-13-01"}}
		}, "display.packages.0.visibleFrom"},
		{"RuleDateUnpadded", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "a", VisibleUntil: "2025-6-01"}}
		}, "display.packages.0.visibleUntil"},
		{"RuleWindowReversed", func(c *siteconfig.Config) {
			c.Display.Packages = []siteconfig.PackageRule{{PackageSlug: "a", VisibleFrom: "2025-06-01", VisibleUntil: "2025-05-31"}}
		}, "display.packages.0.visibleUntil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, exampleDoc)
			tt.mutate(&c)
			wantFieldError(t, c.Validate(), tt.path)

			// Parse applies the same rules to the document form, except
			// for values only Go code can build.
			if tt.name == "NilSection" || tt.name == "PointerSection" || strings.Contains(tt.name, "UTF8") {
				return
			}
			_, err := siteconfig.Parse(siteconfig.Canonical(c))
			wantFieldError(t, err, tt.path)
		})
	}
}

// edit changes section i, which must be a T, in place.
func edit[T siteconfig.Section](sections []siteconfig.Section, i int, f func(*T)) {
	v := sections[i].(T)
	f(&v)
	sections[i] = v
}
