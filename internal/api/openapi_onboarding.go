package api

import "mais/internal/tenant"

// onboardingOperations are sign-up and Stripe Connect onboarding
// (docs/API.md §14).
func onboardingOperations() []operation {
	const tSession, tTenant = "Session", "Tenant admin"
	return []operation{
		op("POST", "/v1/signup", tSession, "A business signs up (MAIS_SIGNUP=open; otherwise 404): its tenant, admin and default site, the admin's session and where the business lives; a taken e-mail → 409 CONFLICT naming email; 10 sign-ups per hour per IP that pass the field checks",
			accessNone, 201, ref("Signup")).
			withBody(object([]string{"businessName", "email", "password"}, field("businessName", str()),
				field("email", strFmt("email")), field("password", strFmt("password")),
				field("timeZone", strDesc("IANA zone the business is in; default "+tenant.DefaultTimeZone)))).withErrors(404, 409, 413, 429),
		op("POST", "/v1/admin/stripe/connect", tTenant, "The onboarding link (Stripe Account Link) of the tenant's Express account, opened on first use; Stripe unreachable → 503",
			accessTenantAdmin, 200, object([]string{"url"}, field("url", strFmt("uri")))).withErrors(503),
		op("GET", "/v1/admin/stripe/status", tTenant, "The tenant's Stripe account and whether it can take charges, kept current by account.updated",
			accessTenantAdmin, 200, ref("StripeStatus")),
	}
}

// withOnboardingSchemas adds the onboarding shapes to the components.
func withOnboardingSchemas(c schema) schema {
	c["Signup"] = object([]string{"token", "role", "tenantId", "expiresAt", "slug", "storefrontUrl", "dashboardUrl"},
		field("token", strDesc("HS256 JWT; send as Authorization: Bearer")), field("role", enum("TENANT_ADMIN")),
		field("tenantId", str()), field("expiresAt", instant()),
		field("slug", strDesc("the new tenant's slug, from the business name")),
		field("storefrontUrl", strFmt("uri")), field("dashboardUrl", strFmt("uri")))
	c["StripeStatus"] = object([]string{"accountId", "chargesEnabled", "detailsSubmitted", "statusKnown"},
		field("accountId", orNull(strDesc("acct_…; null before onboarding starts"))),
		field("chargesEnabled", boolean()), field("detailsSubmitted", boolean()),
		field("statusKnown", schema{"type": "boolean", "description": "false for an account a platform admin set whose status Stripe has not sent yet; it is trusted to take charges meanwhile"}))
	return c
}
