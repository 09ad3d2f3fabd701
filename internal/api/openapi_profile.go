package api

// profileOperations are the business profile routes of docs/API.md §14.
func profileOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/profile", tTenant, "The business profile the storefront's contact page, footer, structured data and e-mails show", accessTenantAdmin, 200, ref("Profile")),
		op("PATCH", "/v1/admin/profile", tTenant, "Change any subset of the profile (\"\" clears an optional field); a bad value → 400 naming the field", accessTenantAdmin, 200, ref("Profile")).
			withBody(ref("ProfilePatch")),
	}
}

// withProfileSchemas adds the profile shapes to the components. A PATCH
// sets emailPublic as given, or to true when it gives email without it.
func withProfileSchemas(c schema) schema {
	profile := func(required []string, more ...prop) schema {
		return object(required, append([]prop{
			field("businessName", schema{"type": "string", "minLength": 1, "maxLength": 120}),
			field("email", strDesc("where couples and MAIS write to the business")),
			field("phone", schema{"type": "string", "maxLength": 40}),
			field("address", strDesc("postal address; lines separated by \\n, at most 300 characters")),
			field("instagramHandle", strDesc("user name without @ (\"@name\" and the profile URL are accepted on input)")),
			field("website", strDesc("absolute http(s) URL (\"example.com\" is stored as https://example.com)"))}, more...)...)
	}
	c["Profile"] = profile([]string{"businessName", "email", "emailPublic", "phone", "address", "instagramHandle", "website"},
		field("emailPublic", schema{"type": "boolean", "description": "whether the storefront shows email: " +
			"false for a business that signed up until a PATCH gives email; true for a tenant a platform admin created"}))
	c["ProfilePatch"] = profile(nil, field("emailPublic", schema{"type": "boolean",
		"description": "show email on the storefront; omitted, a PATCH that gives email makes it true"}))
	return c
}
