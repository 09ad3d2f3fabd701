package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"mais/internal/booking"
)

// The OpenAPI 3.1 document of the /v1 API and the health routes, served at
// GET /v1/openapi.json. It is built from the table below; a test checks that
// every route the server registers is in it and every route in it exists.
// A new route needs one line in apiOperations (and its schemas, if new).

// access is how an operation authenticates.
type access int

const (
	accessNone access = iota
	accessTenantKey
	accessTenantAdmin
	accessPlatformAdmin
	accessAnyAdmin
	accessAgent
	accessStripe
)

type queryParam struct {
	name, desc string
	s          schema
	required   bool
}

func q(name, desc string, s schema) queryParam { return queryParam{name: name, desc: desc, s: s} }
func qRequired(name, desc string, s schema) queryParam {
	return queryParam{name: name, desc: desc, s: s, required: true}
}

type operation struct {
	method, path string
	tag, summary string
	access       access
	query        []queryParam
	body         schema // nil: no body
	bodyType     string // the body's media type; "": application/json
	status       int    // success status
	response     schema // nil: no content
	errors       []int  // statuses beyond the ones access, body and query imply
	errorBody    schema // the body of errors; nil: the Error envelope
}

func op(method, path, tag, summary string, a access, status int, response schema) operation {
	return operation{method: method, path: path, tag: tag, summary: summary, access: a, status: status, response: response}
}

func (o operation) withBody(s schema) operation         { o.body = s; return o }
func (o operation) withErrorBody(s schema) operation    { o.errorBody = s; return o }
func (o operation) withQuery(p ...queryParam) operation { o.query = append(o.query, p...); return o }

// withMultipart gives the operation a multipart/form-data body of parts s.
func (o operation) withMultipart(s schema) operation {
	o.body, o.bodyType = s, "multipart/form-data"
	return o
}

func (o operation) withErrors(codes ...int) operation {
	o.errors = append(o.errors, codes...)
	return o
}

// pageQuery documents ?limit and ?offset as each listing really bounds them:
// limit is what the handler accepts, and a listing whose service caps its
// pages lower says so.
func pageQuery(limit string) []queryParam {
	return []queryParam{
		q("limit", limit, integer()),
		q("offset", "rows to skip, 0 to 1000000 (default 0)", integer()),
	}
}

const (
	pageBookings = "page size, 1 to 500 (default 100)"
	pageAudit    = "page size, 0 to 500 (0 or absent: 100)"
	pageConfig   = "page size, 0 to 500 (0 or absent: 50); pages hold at most 200 rows"
)

// apiOperations lists every documented route.
func apiOperations() []operation {
	const (
		tPublic  = "Public"
		tHealth  = "Health"
		tSession = "Admin sessions"
		tTenant  = "Tenant admin"
		tConfig  = "Site configuration"
		tAgents  = "Agents"
		tPlat    = "Platform admin"
		tWebhook = "Webhooks"
	)
	return []operation{
		op("GET", "/health", tHealth, "Liveness", accessNone, 200, ref("Health")),
		op("GET", "/health/ready", tHealth, "Readiness: the store answers", accessNone, 200, ref("Readiness")).withErrors(503).withErrorBody(ref("Readiness")),
		op("GET", "/health/cache", tHealth, "Cache counters", accessNone, 200, ref("CacheStats")),
		op("GET", "/v1/openapi.json", tPublic, "This document", accessNone, 200, openObject("an OpenAPI 3.1 document")),

		op("GET", "/v1/packages", tPublic, "Active packages the published display rules show today, in display order", accessTenantKey, 200, arrayOf(ref("Package"))),
		op("GET", "/v1/packages/{slug}", tPublic, "One active package by slug; hidden by the display rules → 404", accessTenantKey, 200, ref("Package")).withErrors(404),
		op("GET", "/v1/availability", tPublic, "Whether one date can be booked", accessTenantKey, 200, ref("Availability")).
			withQuery(qRequired("date", "the day to check", date())),
		op("GET", "/v1/availability/unavailable", tPublic, "Unavailable days in a range (at most 400 days)", accessTenantKey, 200, ref("UnavailableRange")).
			withQuery(qRequired("from", "first day", date()), qRequired("to", "last day", date())),
		op("POST", "/v1/bookings/checkout", tPublic, "Hold a date and open a payment session; at most 3 live unpaid holds per customer e-mail and per client address, then 429; 503 while the payment provider, or the tenant's Stripe account, cannot take the payment", accessTenantKey, 200, ref("CheckoutResult")).
			withBody(ref("CheckoutInput")).withErrors(404, 409, 413, 429, 503),
		op("GET", "/v1/config", tPublic, "The published site configuration (or, with versionId and a tenant admin token, any version)", accessTenantKey, 200, ref("SiteConfig")).
			withQuery(q("versionId", "preview this version; needs the tenant admin's Bearer token too", str())).withErrors(403, 404),
		op("POST", "/v1/webhooks/stripe", tWebhook, "Stripe events (raw body, Stripe-Signature header); a signature more than 300 s old or ahead of the clock → 400 INVALID_SIGNATURE; another integration's sessions and unknown types → outcome \"ignored\"", accessStripe, 200,
			object([]string{"received", "outcome"}, field("received", boolean()), field("outcome", str()))).
			withBody(openObject("a Stripe event")).withErrors(413, 503),

		op("POST", "/v1/admin/login", tSession, "Log in; 5 failed attempts per 15 minutes per IP, then 429; a deactivated tenant's admin is 403 TENANT_INACTIVE", accessNone, 200, ref("Session")).
			withBody(object([]string{"email", "password"}, field("email", strFmt("email")), field("password", strFmt("password")))).withErrors(401, 403),
		op("POST", "/v1/admin/logout", tSession, "End this session: the token (and the dashboard cookie carrying it) is 401 afterwards", accessAnyAdmin, 204, nil),
		op("GET", "/v1/admin/me", tSession, "The logged-in admin", accessAnyAdmin, 200, ref("Me")),
		op("POST", "/v1/admin/password", tSession, "Change the password; ends every other session and returns a new one", accessAnyAdmin, 200, ref("Session")).
			withBody(object([]string{"currentPassword", "newPassword"}, field("currentPassword", strFmt("password")), field("newPassword", passwordSchema()))),
		op("POST", "/v1/admin/password/forgot", tSession, "E-mail a single-use reset link (same answer whether or not the account exists)", accessNone, 202,
			object([]string{"status", "message"}, field("status", enum("accepted")), field("message", str()))).
			withBody(object([]string{"email"}, field("email", strFmt("email")))),
		op("POST", "/v1/admin/password/reset", tSession, "Set a new password with a reset token (single use, 30 minutes)", accessNone, 200,
			object([]string{"status"}, field("status", enum("reset")))).
			withBody(object([]string{"token", "newPassword"}, field("token", str()), field("newPassword", passwordSchema()))),

		op("GET", "/v1/admin/bookings", tTenant, "The tenant's bookings by date", accessTenantAdmin, 200, arrayOf(ref("AdminBooking"))).
			withQuery(q("from", "first day", date()), q("to", "last day", date()),
				q("status", "comma list of "+booking.StatusNames(), str())).withQuery(pageQuery(pageBookings)...),
		op("GET", "/v1/admin/blackouts", tTenant, "Blacked-out dates", accessTenantAdmin, 200, arrayOf(ref("Blackout"))).
			withQuery(q("from", "first day", date()), q("to", "last day", date())),
		op("POST", "/v1/admin/bookings/{id}/release", tTenant, "Release an unpaid hold: the booking becomes CANCELED and its date sellable; not a hold → 409", accessTenantAdmin, 200, ref("AdminBooking")).withErrors(404, 409),
		op("POST", "/v1/admin/blackouts", tTenant, "Black out a date; a paid date is 409, a held date's hold is released in the same transaction", accessTenantAdmin, 201, ref("Blackout")).
			withBody(object([]string{"date"}, field("date", date()), field("reason", schema{"type": "string", "maxLength": 200}))).withErrors(409),
		op("DELETE", "/v1/admin/blackouts/{id}", tTenant, "Free a blacked-out date", accessTenantAdmin, 204, nil).withErrors(404),
		op("GET", "/v1/admin/packages", tTenant, "All packages with add-ons, inactive ones included", accessTenantAdmin, 200, arrayOf(ref("AdminPackage"))),
		op("POST", "/v1/admin/packages", tTenant, "Create a package", accessTenantAdmin, 201, ref("AdminPackage")).
			withBody(ref("PackageInput")).withErrors(409, 413),
		op("GET", "/v1/admin/packages/{id}", tTenant, "One package", accessTenantAdmin, 200, ref("AdminPackage")).withErrors(404),
		op("PATCH", "/v1/admin/packages/{id}", tTenant, "Change any subset of a package's fields", accessTenantAdmin, 200, ref("AdminPackage")).
			withBody(ref("PackagePatch")).withErrors(404, 409, 413),
		op("DELETE", "/v1/admin/packages/{id}", tTenant, "Delete a package and its add-ons", accessTenantAdmin, 204, nil).withErrors(404),
		op("POST", "/v1/admin/packages/{id}/addons", tTenant, "Add an add-on to a package", accessTenantAdmin, 201, ref("AdminAddOn")).
			withBody(ref("AddOnInput")).withErrors(404, 409, 413),
		op("PATCH", "/v1/admin/packages/{id}/addons/{addOnId}", tTenant, "Change any subset of an add-on's fields", accessTenantAdmin, 200, ref("AdminAddOn")).
			withBody(ref("AddOnPatch")).withErrors(404, 409, 413),
		op("DELETE", "/v1/admin/packages/{id}/addons/{addOnId}", tTenant, "Delete an add-on", accessTenantAdmin, 204, nil).withErrors(404),

		op("GET", "/v1/admin/tenants", tPlat, "Every tenant", accessPlatformAdmin, 200, arrayOf(ref("AdminTenant"))),
		op("POST", "/v1/admin/tenants", tPlat, "Create a tenant and its admin; the secret key is in this answer only", accessPlatformAdmin, 201, ref("AdminTenant")).
			withBody(ref("TenantCreate")).withErrors(409),
		op("GET", "/v1/admin/tenants/{id}", tPlat, "One tenant", accessPlatformAdmin, 200, ref("AdminTenant")).withErrors(404),
		op("PATCH", "/v1/admin/tenants/{id}", tPlat, "Change a tenant", accessPlatformAdmin, 200, ref("AdminTenant")).
			withBody(ref("TenantPatch")).withErrors(404, 409),
		op("POST", "/v1/admin/tenants/{id}/rotate-keys", tPlat, "Replace both API keys; the old public key stops at once", accessPlatformAdmin, 200, ref("AdminTenant")).withErrors(404),

		op("GET", "/v1/admin/config/versions", tConfig, "Configuration versions, newest first", accessTenantAdmin, 200, arrayOf(ref("ConfigVersion"))).withQuery(pageQuery(pageConfig)...),
		op("POST", "/v1/admin/config/versions", tConfig, "Save a draft", accessTenantAdmin, 201, ref("ConfigVersion")).
			withBody(object([]string{"config"}, field("config", ref("SiteConfig")), field("note", str()))).withErrors(413),
		op("GET", "/v1/admin/config/versions/{id}", tConfig, "One version with its configuration", accessTenantAdmin, 200, ref("ConfigVersion")).withErrors(404),
		op("PATCH", "/v1/admin/config/versions/{id}", tConfig, "Edit a draft", accessTenantAdmin, 200, ref("ConfigVersion")).
			withBody(object(nil, field("config", ref("SiteConfig")), field("note", str()))).withErrors(404, 409, 413),
		op("POST", "/v1/admin/config/versions/{id}/publish", tConfig, "Publish a version", accessTenantAdmin, 200, ref("ConfigVersion")).withErrors(404, 409),
		op("POST", "/v1/admin/config/rollback", tConfig, "Publish a copy of an earlier version", accessTenantAdmin, 201, ref("ConfigVersion")).
			withBody(object([]string{"versionId"}, field("versionId", str()))).withErrors(404),
		op("GET", "/v1/admin/config/diff", tConfig, "Changes between two versions", accessTenantAdmin, 200, arrayOf(openObject("one change"))).
			withQuery(qRequired("from", "version id", str()), qRequired("to", "version id", str())).withErrors(404),
		op("GET", "/v1/admin/audit", tConfig, "The change log, newest first", accessTenantAdmin, 200, arrayOf(ref("AuditEntry"))).
			withQuery(q("action", "e.g. package.update", str()), q("entity", "", str()), q("entityId", "", str()),
				q("actorType", "user, agent, system or api_key", enum("user", "agent", "system", "api_key")),
				q("since", "inclusive", instant()), q("until", "exclusive", instant())).withQuery(pageQuery(pageAudit)...),

		op("GET", "/v1/admin/agents", tAgents, "Agent credentials", accessTenantAdmin, 200, arrayOf(ref("Agent"))),
		op("POST", "/v1/admin/agents", tAgents, "Create an agent credential (the secret is in this answer only)", accessTenantAdmin, 201, ref("Agent")).
			withBody(object([]string{"name"}, field("name", str()))),
		op("DELETE", "/v1/admin/agents/{id}", tAgents, "Revoke an agent credential", accessTenantAdmin, 204, nil).withErrors(404),
		op("GET", "/v1/admin/proposals", tAgents, "Agent proposals", accessTenantAdmin, 200, arrayOf(ref("Proposal"))).withQuery(pageQuery(pageConfig)...),
		op("GET", "/v1/admin/proposals/{id}", tAgents, "One proposal", accessTenantAdmin, 200, ref("Proposal")).withErrors(404),
		op("POST", "/v1/admin/proposals/{id}/approve", tAgents, "Approve a proposal: a configuration proposal makes a version (a stale one is rebased onto the published version, or 409); a package proposal changes the package (version null)", accessTenantAdmin, 200,
			object([]string{"proposal", "version"}, field("proposal", ref("Proposal")), field("version", orNull(ref("ConfigVersion"))))).withErrors(404, 409),
		op("POST", "/v1/admin/proposals/{id}/reject", tAgents, "Reject a proposal", accessTenantAdmin, 200, ref("Proposal")).withErrors(404, 409),
		op("GET", "/v1/agent/config", tAgents, "The published configuration, for an agent", accessAgent, 200,
			object([]string{"versionId", "config"}, field("versionId", str()), field("config", ref("SiteConfig")))),
		op("POST", "/v1/agent/proposals", tAgents, "Propose a configuration change", accessAgent, 201, ref("Proposal")).
			withBody(ref("ProposalInput")).withErrors(404, 409, 413),
		op("GET", "/v1/agent/proposals/{id}", tAgents, "One of the agent's proposals", accessAgent, 200, ref("Proposal")).withErrors(404),
	}
}

func passwordSchema() schema {
	return schema{"type": "string", "format": "password", "minLength": 8, "maxLength": 72, "description": "8 to 72 bytes"}
}

var pathParam = regexp.MustCompile(`\{([^}.$]+)(\.\.\.)?\}`)

// buildOpenAPI renders the document.
func buildOpenAPI(ops []operation) schema {
	paths := schema{}
	for _, o := range ops {
		item, _ := paths[o.path].(schema)
		if item == nil {
			item = schema{}
			paths[o.path] = item
		}
		item[strings.ToLower(o.method)] = o.render()
	}
	return schema{
		"openapi": "3.1.0",
		"info": schema{
			"title":   "MAIS API",
			"version": "1",
			"description": "Multi-tenant booking and storefront platform. Errors share one shape (Error). " +
				"Money is integer cents, dates YYYY-MM-DD in the tenant's time zone, instants RFC 3339.",
		},
		"paths": paths,
		"components": schema{
			"securitySchemes": schema{
				"tenantKey": schema{"type": "apiKey", "in": "header", "name": "X-Tenant-Key",
					"description": "a tenant's public key, pk_live_{slug}_{hex}"},
				"bearerAuth": schema{"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
					"description": "a session token from POST /v1/admin/login; on the tenant admin routes also the tenant's secret key sk_live_{slug}_{hex} (a tenant's own server; never the platform or account routes)"},
				"agentKey": schema{"type": "http", "scheme": "bearer",
					"description": "an agent credential from POST /v1/admin/agents"},
				"stripeSignature": schema{"type": "apiKey", "in": "header", "name": "Stripe-Signature",
					"description": "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" under STRIPE_WEBHOOK_SECRET>; missing, not matching, signed more than 300 s ago or with t more than 300 s ahead of the server's clock → 400 INVALID_SIGNATURE"},
			},
			"responses": schema{
				"Error": schema{"description": "an error (see the code)", "content": schema{"application/json": schema{"schema": ref("Error")}}},
			},
			"schemas": withDomainSchemas(withMediaSchemas(withOnboardingSchemas(withProfileSchemas(withCORSSchemas(withVenueSchemas(withMoneySchemas(componentSchemas()))))))),
		},
	}
}

func (o operation) render() schema {
	out := schema{
		"operationId": operationID(o.method, o.path),
		"summary":     o.summary,
		"tags":        []string{o.tag},
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(o.path, -1) {
		params = append(params, schema{"name": m[1], "in": "path", "required": true, "schema": str()})
	}
	for _, p := range o.query {
		qp := schema{"name": p.name, "in": "query", "required": p.required, "schema": p.s}
		if p.desc != "" {
			qp["description"] = p.desc
		}
		params = append(params, qp)
	}
	if len(params) > 0 {
		out["parameters"] = params
	}
	if o.body != nil {
		bodyType := o.bodyType
		if bodyType == "" {
			bodyType = "application/json"
		}
		out["requestBody"] = schema{"required": true, "content": schema{bodyType: schema{"schema": o.body}}}
	}
	ok := schema{"description": http.StatusText(o.status)}
	if o.response != nil {
		ok["content"] = schema{"application/json": schema{"schema": o.response}}
	}
	responses := schema{strconv.Itoa(o.status): ok}
	for _, code := range o.errorStatuses() {
		responses[strconv.Itoa(code)] = schema{"$ref": "#/components/responses/Error"}
		if o.errorBody != nil && code >= 500 {
			responses[strconv.Itoa(code)] = schema{"description": http.StatusText(code),
				"content": schema{"application/json": schema{"schema": o.errorBody}}}
		}
	}
	out["responses"] = responses
	switch o.access {
	case accessTenantKey:
		out["security"] = []any{schema{"tenantKey": []string{}}}
	case accessTenantAdmin, accessPlatformAdmin, accessAnyAdmin:
		out["security"] = []any{schema{"bearerAuth": []string{}}}
		out["x-roles"] = map[access][]string{
			accessTenantAdmin:   {"TENANT_ADMIN"},
			accessPlatformAdmin: {"PLATFORM_ADMIN"},
			accessAnyAdmin:      {"TENANT_ADMIN", "PLATFORM_ADMIN"},
		}[o.access]
	case accessAgent:
		out["security"] = []any{schema{"agentKey": []string{}}}
	case accessStripe:
		out["security"] = []any{schema{"stripeSignature": []string{}}}
	default:
		out["security"] = []any{}
	}
	return out
}

// errorStatuses are the error answers an operation can give.
func (o operation) errorStatuses() []int {
	set := map[int]bool{}
	for _, c := range o.errors {
		set[c] = true
	}
	// Every route refuses a path, query or header that is not text (NUL,
	// invalid UTF-8, line breaks) with 400, whatever its parameters.
	set[400] = true
	if o.body != nil {
		set[413] = true
	}
	switch o.access {
	case accessTenantKey:
		set[401], set[403] = true, true
	case accessTenantAdmin, accessPlatformAdmin, accessAgent:
		set[401], set[403] = true, true
	case accessAnyAdmin:
		set[401], set[403] = true, true // 403: the admin of a deactivated tenant
	}
	if strings.HasPrefix(o.path, "/v1/") && o.access != accessStripe {
		set[429] = true
	}
	var out []int
	for c := range set {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}

// operationID is a stable camel-case name: "GET /v1/admin/packages/{id}" →
// "getAdminPackagesById".
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/v1"), "/") {
		if seg == "" {
			continue
		}
		if m := pathParam.FindStringSubmatch(seg); m != nil {
			seg = "by-" + m[1]
		}
		for _, word := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// openAPIDocument is the encoded document, built once: it depends on
// nothing but the code.
var openAPIDocument = sync.OnceValues(func() ([]byte, error) {
	return json.Marshal(buildOpenAPI(slices.Concat(apiOperations(), moneyOperations(), venueOperations(), assistantOperations(),
		corsOperations(), profileOperations(), onboardingOperations(), mediaOperations(), domainOperations())))
})

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	body, err := openAPIDocument()
	if err != nil {
		return fmt.Errorf("openapi: encode: %w", err)
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
	return nil
}
