package siteconfig

import (
	"encoding/json"
	"strings"
)

// Default is the site a new tenant starts with: a complete, publishable
// configuration written for any wedding or event business. Image URLs are
// left empty; gallery and testimonials stay disabled until the tenant has
// pictures and quotes of their own.
func Default(businessName string) Config {
	name := strings.TrimSpace(businessName)
	if name == "" {
		name = "our studio"
	}
	// Headlines are bounded; an unusually long business name must not make
	// the default invalid.
	if r := []rune(name); len(r) > 80 {
		name = strings.TrimSpace(string(r[:80]))
	}
	return Config{
		Pages: Pages{
			Home: Page{Enabled: true, Sections: []Section{
				HeroSection{
					Headline:    "Your day, thoughtfully taken care of",
					Subheadline: name + " helps you plan, celebrate and remember the moments that matter, calmly and on your terms.",
					CTAText:     "Check your date",
				},
				TextSection{
					Headline: "How booking works",
					Content: "Choose the package that fits your plans, pick your date and reserve it online: before you pay you see " +
						"what is due now and what, if anything, is due later. " +
						"Once your date is confirmed, we get in touch to talk through the details, so nothing is left to chance.",
					ImagePosition: "right",
				},
				CTASection{
					Headline:    "Is your date still open?",
					Subheadline: "Dates are reserved in the order payments arrive.",
					CTAText:     "See packages",
				},
			}},
			About: Page{Enabled: true, Sections: []Section{
				TextSection{
					Headline: "About " + name,
					Content: "We take on a limited number of celebrations each season, so every couple and every host gets our full attention. " +
						"From the first conversation to the last dance, we listen closely, plan carefully and stay calm when plans change.\n\n" +
						"Tell us about your date, your guests and what matters most to you, and we will tell you honestly how we can help.",
					ImagePosition: "right",
				},
			}},
			Services: Page{Enabled: true, Sections: []Section{
				TextSection{
					Headline: "Packages",
					Content: "Every package is a starting point. Choose the one closest to your plans, add the extras you need, " +
						"and reserve your date online in a few minutes.",
					ImagePosition: "left",
				},
			}},
			FAQ: Page{Enabled: true, Sections: []Section{
				FAQSection{
					Headline: "Frequently asked questions",
					Items: []FAQItem{
						{
							Question: "How do I reserve my date?",
							Answer: "Choose a package, pick your date and pay online. Your date is reserved as soon as the payment " +
								"goes through, and a confirmation is sent to your e-mail address.",
						},
						{
							Question: "Do we pay everything at once?",
							Answer: "The checkout shows what is due now: the full price, or a deposit when we take one and your date is far enough away. " +
								"A deposit counts in full toward the total, and the link in your confirmation e-mail lets you pay the rest before the day.",
						},
						{
							Question: "How far in advance should we book?",
							Answer: "Popular dates, especially weekends in late spring and early autumn, are often reserved nine to twelve months ahead. " +
								"If your date is sooner, check it anyway: we gladly take later bookings whenever the calendar allows.",
						},
						{
							Question: "Can we change our date after booking?",
							Answer:   "Usually, yes. The link in your confirmation e-mail lets you move your booking to another open date, or just ask us.",
						},
						{
							Question: "Can a package be tailored to us?",
							Answer: "Of course. Add-ons can be chosen when you book, and for anything else just send us a message; " +
								"we would rather shape the day around you than the other way round.",
						},
					},
				},
			}},
			Contact: Page{Enabled: true, Sections: []Section{
				ContactSection{
					Headline: "Get in touch",
					Hours:    "We reply to every enquiry within two business days.",
				},
			}},
			Gallery: Page{Enabled: false, Sections: []Section{
				GallerySection{Headline: "Recent celebrations", Images: []Image{}},
			}},
			Testimonials: Page{Enabled: false, Sections: []Section{
				TestimonialsSection{Headline: "Kind words", Items: []Testimonial{}},
			}},
		},
		Branding: defaultBranding(),
	}
}

// defaultBranding is a warm, neutral palette. Primary, secondary and accent
// each reach WCAG AA contrast (4.5:1) against the background and white.
func defaultBranding() Branding {
	return Branding{
		PrimaryColor:    "#7b3f4e",
		SecondaryColor:  "#2e3a46",
		AccentColor:     "#7a5c22",
		BackgroundColor: "#fbf8f4",
		FontFamily:      "Georgia, Cambria, Times New Roman, serif",
	}
}

// DefaultSite is the published configuration every new tenant starts with,
// in canonical form (tenant.Service.DefaultSite).
func DefaultSite(businessName string) (json.RawMessage, error) {
	return Canonical(Default(businessName)), nil
}
