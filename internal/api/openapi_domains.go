package api

// domainOperations are the custom-domain routes of docs/API.md §14.
func domainOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/domains", tTenant, "The tenant's custom domains by name, verified or waiting for their TXT record", accessTenantAdmin, 200, arrayOf(ref("Domain"))),
		op("POST", "/v1/admin/domains", tTenant, "Add a domain (IDN allowed, stored as punycode; at most 10); answers the TXT record to create. Yours already, or verified by another tenant → 409", accessTenantAdmin, 201, ref("Domain")).
			withBody(object([]string{"domain"}, field("domain", strDesc("a host name such as photos.example.com")))).withErrors(409, 413),
		op("POST", "/v1/admin/domains/{domain}/verify", tTenant, "Look the TXT record up (MAIS_DNS_RESOLVER) and, when it holds txtValue, mark the domain verified: its storefront answers there from now on. Resolver down → 503; verified by another tenant first → 409", accessTenantAdmin, 200, ref("DomainCheck")).
			withErrors(404, 409, 503),
		op("DELETE", "/v1/admin/domains/{domain}", tTenant, "Remove a domain; the site stops answering on it at once", accessTenantAdmin, 204, nil).withErrors(404),
	}
}

// withDomainSchemas adds the custom-domain shapes to the components.
func withDomainSchemas(c schema) schema {
	fields := []prop{
		field("domain", strDesc("ASCII (punycode) host name, lowercase")), field("verified", boolean()),
		field("txtName", strDesc("the TXT record's name: _mais-verify.<domain>")),
		field("txtValue", strDesc("the text the record must hold; empty for a domain a platform admin set")),
		field("createdAt", instant()), field("verifiedAt", orNull(instant())),
	}
	required := []string{"domain", "verified", "txtName", "txtValue", "createdAt", "verifiedAt"}
	c["Domain"] = object(required, fields...)
	c["DomainCheck"] = object(append(required, "check"), append(fields,
		field("check", enum("found", "not_found", "wrong_value")))...)
	return c
}
