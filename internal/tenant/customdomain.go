package tenant

import (
	"errors"
	"strings"

	"mais/internal/apperr"
	"mais/internal/domains"
	"mais/internal/textin"
)

// cleanCustomDomain is the customDomain a platform admin gives (PATCH
// /v1/admin/tenants/{id}, the platform dashboard) in the stored form, by
// the rule a tenant's own domains follow (domains.Normalize): a pasted
// address is cut to its host, an IDN mapped to ASCII, an IP address, a
// single label or one of the platform's hosts refused. "" clears the
// domain. A refusal is recorded on fields under "customDomain" and raw is
// returned as given.
func (s *Service) cleanCustomDomain(fields apperr.FieldErrors, raw string) string {
	d := strings.TrimSpace(raw)
	if !textin.Check(fields, "customDomain", d, textin.Line) || d == "" {
		return d
	}
	name, err := domains.Normalize(d, s.IsPlatform)
	if err != nil {
		why := "must be a host name such as photos.example.com"
		var e *apperr.Error
		if errors.As(err, &e) && e.Fields["domain"] != "" {
			why = e.Fields["domain"]
		}
		fields.Add("customDomain", why)
		return d
	}
	return name
}
