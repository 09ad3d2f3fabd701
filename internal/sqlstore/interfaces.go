package sqlstore

import (
	"mais/internal/audit"
	"mais/internal/booking"
	"mais/internal/catalog"
	"mais/internal/identity"
	"mais/internal/siteconfig"
	"mais/internal/tenant"
)

// The store serves every domain package.
var (
	_ tenant.Store       = (*Store)(nil)
	_ catalog.Store      = (*Store)(nil)
	_ catalog.VenueStore = (*Store)(nil)
	_ booking.Store      = (*Store)(nil)
	_ identity.Store     = (*Store)(nil)
	_ audit.Store        = (*Store)(nil)
	_ siteconfig.Reader  = (*Store)(nil)
	_ siteconfig.Store   = (*Store)(nil)
)
