package api

import (
	"net/http"
	"time"

	"mais/internal/domains"
	"mais/internal/httpx"
)

// registerDomainRoutes adds the tenant admin's custom domains
// (docs/API.md §14): GET/POST /v1/admin/domains,
// POST /v1/admin/domains/{domain}/verify, DELETE /v1/admin/domains/{domain}.
func (s *Server) registerDomainRoutes(m *httpx.Mux) {
	m.Handle("GET /v1/admin/domains", adminPolicy, s.json(s.TenantAdminOnly(s.listDomains)))
	m.Handle("POST /v1/admin/domains", adminPolicy, s.json(s.TenantAdminOnly(s.addDomain)))
	m.Handle("POST /v1/admin/domains/{domain}/verify", adminPolicy, s.json(s.TenantAdminOnly(s.verifyDomain)))
	m.Handle("DELETE /v1/admin/domains/{domain}", adminPolicy, s.json(s.TenantAdminOnly(s.deleteDomain)))
}

// domainJSON is a domain as the API shows it: {"domain","verified",
// "txtName","txtValue","createdAt","verifiedAt"}; txtValue is "" for a
// domain a platform admin set, and "check" is the outcome of the lookup on
// the verify route only ("found", "not_found", "wrong_value").
type domainJSON struct {
	Domain     string     `json:"domain"`
	Verified   bool       `json:"verified"`
	TXTName    string     `json:"txtName"`
	TXTValue   string     `json:"txtValue"`
	CreatedAt  time.Time  `json:"createdAt"`
	VerifiedAt *time.Time `json:"verifiedAt"`
	Check      string     `json:"check,omitempty"`
}

func newDomainJSON(d domains.Domain) domainJSON {
	return domainJSON{Domain: d.Name, Verified: d.Verified, TXTName: d.TXTName(), TXTValue: d.TXTValue(),
		CreatedAt: d.CreatedAt, VerifiedAt: d.VerifiedAt}
}

func (s *Server) listDomains(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Domains.List(r.Context(), tenantOf(r))
	if err != nil {
		return err
	}
	out := make([]domainJSON, 0, len(list))
	for _, d := range list {
		out = append(out, newDomainJSON(d))
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

// addDomain answers 201 and the TXT record to create; a bad name is 400 on
// field "domain", a domain the tenant has or another tenant verified 409.
func (s *Server) addDomain(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Domain string `json:"domain"`
	}
	if err := httpx.Decode(w, r, smallBody, &in); err != nil {
		return err
	}
	d, err := s.Domains.Add(r.Context(), tenantOf(r), in.Domain)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, newDomainJSON(d))
	return nil
}

// verifyDomain answers 200 with "check": the record was found (the domain
// is verified from now on), is not there yet, or holds another value.
func (s *Server) verifyDomain(w http.ResponseWriter, r *http.Request) error {
	d, check, err := s.Domains.Verify(r.Context(), tenantOf(r), r.PathValue("domain"))
	if err != nil {
		return err
	}
	out := newDomainJSON(d)
	out.Check = string(check)
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) deleteDomain(w http.ResponseWriter, r *http.Request) error {
	if err := s.Domains.Delete(r.Context(), tenantOf(r), r.PathValue("domain")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
