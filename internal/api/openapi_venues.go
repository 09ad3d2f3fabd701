package api

// venueOperations are the venue routes of docs/API.md §7.
func venueOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/venues", tTenant, "The tenant's venues by name", accessTenantAdmin, 200, arrayOf(ref("Venue"))),
		op("POST", "/v1/admin/venues", tTenant, "Add a venue (at most 200); a name in use → 409", accessTenantAdmin, 201, ref("Venue")).
			withBody(ref("VenueInput")).withErrors(409, 413),
		op("PATCH", "/v1/admin/venues/{id}", tTenant, "Change any subset of a venue; bookings keep their copy", accessTenantAdmin, 200, ref("Venue")).
			withBody(ref("VenuePatch")).withErrors(404, 409, 413),
		op("DELETE", "/v1/admin/venues/{id}", tTenant, "Remove a venue; bookings keep their copy", accessTenantAdmin, 204, nil).withErrors(404),
	}
}

// withVenueSchemas adds the venue shapes to the components.
func withVenueSchemas(c schema) schema {
	capacity := orNull(schema{"type": "integer", "minimum": 1, "maximum": 100000, "description": "guests"})
	c["Venue"] = object([]string{"id", "name", "address", "capacity", "createdAt", "updatedAt"},
		field("id", str()), field("name", str()), field("address", str()), field("capacity", capacity),
		field("createdAt", instant()), field("updatedAt", instant()))
	c["VenueInput"] = object([]string{"name"}, field("name", str()), field("address", str()), field("capacity", capacity))
	c["VenuePatch"] = object(nil, field("name", str()), field("address", str()), field("capacity", capacity))
	c["VenueRef"] = orNull(object([]string{"id", "name", "address"},
		field("id", orNull(strDesc("one of the tenant's venues; null when the couple typed the name"))),
		field("name", str()), field("address", str())))
	return c
}
