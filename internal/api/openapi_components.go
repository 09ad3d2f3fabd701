package api

// componentSchemas are the named shapes of the OpenAPI document.
func componentSchemas() schema {
	statuses := enum("PENDING", "PAID", "EXPIRED", "CANCELED", "CONFLICT")
	slug := schema{"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 60}
	name := schema{"type": "string", "minLength": 1, "maxLength": 120}
	description := schema{"type": "string", "maxLength": 5000,
		"description": "Markdown as the business typed it (paragraphs, **bold**, *italics*, lists, links); older descriptions may be HTML fragments. Never place it in a page as HTML: use descriptionHtml"}
	descriptionHTML := schema{"type": "string",
		"description": "the description rendered and sanitised to p, br, strong, em, b, i, del, ul, ol, li, blockquote and http(s)/mailto links with rel=\"nofollow noopener\": safe to place in a page as is"}
	price := schema{"type": "integer", "minimum": 0, "maximum": 100000000, "description": "integer cents"}
	sortOrder := schema{"type": "integer", "minimum": -100000, "maximum": 100000, "description": "display order, ascending"}
	photoURL := schema{"type": "string", "description": "an absolute http or https URL, or empty"}

	packageInput := func(required []string) schema {
		return object(required,
			field("slug", slug), field("name", name), field("description", description),
			field("basePriceCents", price), field("photoUrl", photoURL), field("active", boolean()), field("sortOrder", sortOrder))
	}
	addOnInput := func(required []string) schema {
		return object(required,
			field("slug", slug), field("name", name), field("description", description),
			field("priceCents", price), field("active", boolean()), field("sortOrder", sortOrder),
			field("photoUrl", strDesc("an https URL of the add-on's photo; \"\" removes it")))
	}

	return schema{
		"Error": object([]string{"error", "message", "requestId"},
			field("error", strDesc("a contract code such as VALIDATION_ERROR, UNAUTHORIZED, NOT_FOUND, TOO_MANY_REQUESTS")),
			field("message", str()),
			field("requestId", str()),
			field("fields", schema{"type": "object", "additionalProperties": str(), "description": "validation problems by field path"})),
		"Health": object([]string{"status", "timestamp", "uptime"},
			field("status", enum("healthy")), field("timestamp", instant()), field("uptime", integer())),
		// Readiness is the answer of GET /health/ready, 200 and 503 alike;
		// a 503 also carries the Error fields.
		"Readiness": object([]string{"status", "store", "redis"},
			field("status", enum("ready", "degraded", "unavailable", "draining")),
			field("store", enum("ok", "unavailable", "read-only", "closing")),
			field("redis", enum("ok", "degraded", "off")),
			field("error", str()), field("message", str()), field("requestId", str())),
		"CacheStats": object([]string{"connected", "hits", "misses", "keys", "totalRequests", "hitRate", "efficiency"},
			field("connected", boolean()), field("hits", integer()), field("misses", integer()), field("keys", integer()),
			field("totalRequests", integer()), field("hitRate", str()),
			field("efficiency", enum("optimal", "good", "poor", "warming", "offline"))),

		"Package": object([]string{"id", "slug", "name", "description", "descriptionHtml", "basePriceCents", "photoUrl", "addOns"},
			field("id", str()), field("slug", str()), field("name", str()), field("description", description), field("descriptionHtml", descriptionHTML),
			field("basePriceCents", cents()), field("photoUrl", str()), field("addOns", arrayOf(ref("AddOn")))),
		"AddOn": object([]string{"id", "slug", "name", "description", "descriptionHtml", "priceCents", "photoUrl"},
			field("id", str()), field("slug", str()), field("name", str()), field("description", description),
			field("descriptionHtml", descriptionHTML), field("priceCents", cents()),
			field("photoUrl", strDesc("\"\" when the add-on has no photo"))),
		"Availability": object([]string{"date", "available", "reason"},
			field("date", date()), field("available", boolean()),
			field("reason", orNull(enum("booked", "held", "blackout", "calendar", "past")))),
		"UnavailableRange": object([]string{"from", "to", "dates"},
			field("from", date()), field("to", date()),
			field("dates", arrayOf(object([]string{"date", "reason"}, field("date", date()), field("reason", str()))))),
		"CheckoutInput": object([]string{"packageId", "date", "customer"},
			field("packageId", strDesc("package id or slug")), field("date", date()), field("addOnIds", arrayOf(str())),
			field("customer", object([]string{"name", "email"}, field("name", str()), field("email", strFmt("email")), field("phone", str()))),
			field("notes", str()),
			field("venueId", strDesc("one of the tenant's venues (GET /v1/admin/venues); or venueName, not both")),
			field("venueName", strDesc("a place the couple names, up to 200 characters"))),
		"CheckoutResult": object([]string{"checkoutUrl", "sessionId", "expiresAt"},
			field("checkoutUrl", strFmt("uri")), field("sessionId", str()), field("expiresAt", instant()), field("bookingId", str())),
		"SiteConfig": openObject("the site configuration document (docs/API.md §8): pages and branding"),

		"Session": object([]string{"token", "role", "expiresAt"},
			field("token", strDesc("HS256 JWT; send as Authorization: Bearer")), field("role", enum("PLATFORM_ADMIN", "TENANT_ADMIN")),
			field("tenantId", strDesc("set for tenant admins")), field("expiresAt", instant())),
		"Me": object([]string{"id", "email", "role", "tenantId"},
			field("id", str()), field("email", str()), field("role", enum("PLATFORM_ADMIN", "TENANT_ADMIN")), field("tenantId", orNull(str()))),

		"AdminBooking": object([]string{"id", "date", "status", "packageId", "addOnIds", "customer", "totalCents", "commissionCents", "commissionPercent", "createdAt", "notes", "venue"},
			field("id", str()), field("date", date()), field("status", statuses), field("packageId", str()),
			field("addOnIds", arrayOf(str())),
			field("customer", object([]string{"name", "email"}, field("name", str()), field("email", str()))),
			field("totalCents", cents()), field("commissionCents", cents()), field("commissionPercent", number()), field("createdAt", instant()),
			field("notes", str()), field("venue", ref("VenueRef"))),
		"Blackout": object([]string{"id", "date", "reason"}, field("id", str()), field("date", date()), field("reason", str()),
			field("releasedBookingId", str())),
		"AdminPackage": object([]string{"id", "slug", "name", "description", "basePriceCents", "photoUrl", "active", "sortOrder", "addOns", "createdAt", "updatedAt"},
			field("id", str()), field("slug", str()), field("name", str()), field("description", description),
			field("basePriceCents", cents()), field("photoUrl", str()), field("active", boolean()), field("sortOrder", integer()),
			field("addOns", arrayOf(ref("AdminAddOn"))), field("createdAt", instant()), field("updatedAt", instant())),
		"AdminAddOn": object([]string{"id", "packageId", "slug", "name", "description", "priceCents", "active", "sortOrder", "photoUrl"},
			field("id", str()), field("packageId", str()), field("slug", str()), field("name", str()), field("description", description),
			field("priceCents", cents()), field("active", boolean()), field("sortOrder", integer()), field("photoUrl", str())),
		"PackageInput": packageInput([]string{"slug", "name", "basePriceCents"}),
		"PackagePatch": packageInput(nil),
		"AddOnInput":   addOnInput([]string{"slug", "name", "priceCents"}),
		"AddOnPatch":   addOnInput(nil),

		"AdminTenant": object([]string{"id", "slug", "name", "email", "active", "commissionPercent", "customDomain", "timeZone", "holdMinutes", "apiKeyPublic", "createdAt"},
			field("id", str()), field("slug", str()), field("name", str()), field("email", str()), field("active", boolean()),
			field("commissionPercent", number()), field("customDomain", orNull(str())), field("timeZone", str()),
			field("holdMinutes", integer()), field("apiKeyPublic", str()), field("createdAt", instant()),
			field("stripeAccountId", strDesc("Stripe Connect account that receives payments; empty: the platform's own account")),
			field("apiKeySecret", strDesc("only in the answers of create and rotate-keys")),
			field("adminEmail", strDesc("only in the answer of create"))),
		"TenantCreate": object([]string{"slug", "name", "email", "password"},
			field("slug", schema{"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "minLength": 2, "maxLength": 40}),
			field("name", name), field("email", strFmt("email")), field("password", passwordSchema()),
			field("commissionPercent", schema{"type": "number", "minimum": 0, "maximum": 50, "default": 10}),
			field("timeZone", strDesc("IANA zone, default America/New_York"))),
		"TenantPatch": object(nil,
			field("name", name), field("active", boolean()),
			field("commissionPercent", schema{"type": "number", "minimum": 0, "maximum": 50}),
			field("customDomain", strDesc("a host name; empty removes it")), field("timeZone", str()),
			field("holdMinutes", schema{"type": "integer", "minimum": 30, "maximum": 1440}),
			field("stripeAccountId", schema{"type": "string", "pattern": "^(acct_[A-Za-z0-9]{1,64})?$",
				"description": "connected account for destination charges with the commission as application fee; empty removes it"})),

		"ConfigVersion": object([]string{"id", "status", "createdAt", "createdBy", "note"},
			field("id", str()), field("status", enum("draft", "published", "archived")), field("createdAt", instant()),
			field("createdBy", str()), field("note", str()), field("updatedAt", instant()),
			field("publishedAt", orNull(instant())), field("config", ref("SiteConfig"))),
		"Agent": loose([]string{"id", "name", "keyHint", "active", "createdAt"},
			field("id", str()), field("name", str()), field("keyHint", str()), field("active", boolean()),
			field("createdAt", instant()), field("createdBy", str()), field("lastUsedAt", orNull(instant())),
			field("revokedAt", orNull(instant())), field("credential", strDesc("only in the answer of create"))),
		"Proposal": loose([]string{"id", "status", "agentId", "baseVersionId", "rationale", "createdAt", "expiresAt"},
			field("id", str()), field("status", str()), field("stale", boolean()), field("agentId", str()),
			field("agentName", str()), field("baseVersionId", str()), field("kind", enum("patch", "config")),
			field("rationale", str()), field("createdAt", instant()), field("expiresAt", instant()),
			field("decidedAt", orNull(instant())), field("decidedBy", str()), field("reason", str()),
			field("versionId", orNull(str())), field("patch", anyJSON("an RFC 6902 JSON patch")),
			field("config", ref("SiteConfig")), field("diff", arrayOf(openObject("one change")))),
		"ProposalInput": loose([]string{"baseVersionId", "rationale"},
			field("baseVersionId", str()), field("config", ref("SiteConfig")),
			field("patch", anyJSON("an RFC 6902 JSON patch; give config or patch")), field("rationale", str())),
		"AuditEntry": object([]string{"id", "at", "actor", "action", "entity", "entityId", "before", "after"},
			field("id", str()), field("at", instant()),
			field("actor", object([]string{"type", "id"}, field("type", enum("user", "agent", "assistant", "system", "api_key")), field("id", str()))),
			field("action", str()), field("entity", str()), field("entityId", str()),
			field("before", orNull(openObject("the entity before the change"))), field("after", orNull(openObject("the entity after the change")))),
	}
}
