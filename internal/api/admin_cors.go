package api

import (
	"fmt"
	"net/http"
	"strings"

	"mais/internal/apperr"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// registerCORSRoutes adds the tenant admin's widget-embedding origins
// (docs/API.md §7): GET and PUT /v1/admin/cors-origins.
func (s *Server) registerCORSRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/cors-origins", adminPolicy, s.json(s.TenantAdminOnly(s.getCORSOrigins)))
	m.Handle("PUT /v1/admin/cors-origins", adminPolicy, s.json(s.TenantAdminOnly(s.putCORSOrigins)))
}

// corsBody is the JSON of both routes: {"corsOrigins": ["https://…"]};
// an empty list means any origin may call the public API from a browser.
type corsBody struct {
	CORSOrigins *[]string `json:"corsOrigins"`
}

// getCORSOrigins answers the token's tenant's origin list, read from the
// store (not a cached copy), never null.
func (s *Server) getCORSOrigins(w http.ResponseWriter, r *http.Request) error {
	t, err := s.TenantAdmin.ByID(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	writeCORS(w, t)
	return nil
}

// putCORSOrigins replaces the list (tenant.CleanOrigins: https origins,
// http only for localhost, port 1–65535, no path, no wildcard, IDN hosts
// kept as punycode, at most 20); a bad or empty entry → 400
// VALIDATION_ERROR naming corsOrigins and saying what is wrong. Audited as
// tenant.update.
func (s *Server) putCORSOrigins(w http.ResponseWriter, r *http.Request) error {
	var body corsBody
	if err := httpx.Decode(w, r, smallBody, &body); err != nil {
		return err
	}
	if body.CORSOrigins == nil {
		return apperr.FieldErrors{"corsOrigins": "is required (an empty list allows any origin)"}.Err()
	}
	// "Any origin" is said only by [], never by a blank entry: [""] must
	// not open the list by accident (the dashboard's box drops blank lines).
	for i, o := range *body.CORSOrigins {
		if strings.TrimSpace(o) == "" {
			return apperr.FieldErrors{"corsOrigins": fmt.Sprintf("entry %d is empty: give an origin such as https://www.example.com, "+
				"or send [] to allow any origin", i+1)}.Err()
		}
	}
	t, err := s.TenantAdmin.Update(r.Context(), tenantOf(r), tenant.Update{CORSOrigins: body.CORSOrigins})
	if err != nil {
		return err
	}
	writeCORS(w, t)
	return nil
}

func writeCORS(w http.ResponseWriter, t tenant.Tenant) {
	list := t.CORSOrigins
	if list == nil {
		list = []string{}
	}
	httpx.WriteJSON(w, http.StatusOK, corsBody{CORSOrigins: &list})
}

// corsOperations are the origin routes of docs/API.md §7.
func corsOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/cors-origins", tTenant, "The web origins whose pages may call the public API from a browser ([] any)",
			accessTenantAdmin, 200, ref("CORSOrigins")),
		op("PUT", "/v1/admin/cors-origins", tTenant, "Replace the origin list ([] allows any origin); an empty entry, a path, a non-https scheme, a port outside 1–65535 or a wildcard → 400 naming corsOrigins; an internationalised host is kept as punycode",
			accessTenantAdmin, 200, ref("CORSOrigins")).withBody(ref("CORSOrigins")).withErrors(413),
	}
}

// withCORSSchemas adds the origin list's shape to the components.
func withCORSSchemas(c schema) schema {
	c["CORSOrigins"] = object([]string{"corsOrigins"}, field("corsOrigins", schema{"type": "array", "maxItems": tenant.MaxCORSOrigins,
		"items": strDesc("an origin, scheme://host[:port] in lower case: https, or http for localhost and 127.0.0.1")}))
	return c
}
