package httpx

// Content security policies. Pages load scripts only from this origin and
// never inline, so an injected <script> does not run. Inline style is
// allowed because tenant branding sets colours in style attributes; images
// come from wherever tenants host their photos (https only).
var (
	// edgePageCSP is the default policy of a page the edge answers.
	edgePageCSP = NewCSP(
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
		"img-src 'self' https: data:",
		"font-src 'self' https://fonts.gstatic.com data:",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self' https://checkout.stripe.com",
		"frame-ancestors 'none'",
	)
	pageCSP = edgePageCSP.String()
	// widgetCSP is pageCSP for the booking widget, which any site may embed.
	widgetCSP = edgePageCSP.Set("frame-ancestors", "*").String()
	// apiCSP is for everything that is not a page: nothing may load or frame it.
	apiCSP = NoContentCSP.String()
)

// hstsValue keeps browsers on https for a year. It has no
// includeSubDomains: the header also goes out on tenants' custom domains,
// whose other subdomains (mail, shop) are theirs and not ours to pin.
const hstsValue = "max-age=31536000"
