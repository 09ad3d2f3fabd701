package app

import (
	"context"
	"log/slog"

	"mais/internal/config"
	"mais/internal/identity"
	"mais/internal/siteconfig"
	"mais/internal/sqlstore"
	"mais/internal/tenant"
)

// Tools is what the command-line tools (`mais tenant create`, `mais admin
// create`) need: the migrated store and the services that create tenants
// and platform admins over it. Nothing else is opened — no Redis, mailer,
// workers or HTTP — so the tools work while Redis or the mail relay is
// down. A running server needs no message about the new rows: it has
// none of them cached (an unknown slug or key is remembered for at most
// tenant.DirectoryTTL).
type Tools struct {
	// Config is what the tools were opened with (the commands print the
	// store and the public URLs from it).
	Config   config.Config
	Store    *sqlstore.Store
	Tenants  *tenant.Service
	Identity *identity.Service
}

// OpenTools opens and migrates the store named by cfg (see OpenStore) and
// builds the tools' services on it. Close releases the store.
func OpenTools(ctx context.Context, cfg config.Config, logger *slog.Logger) (*Tools, error) {
	store, err := OpenStore(ctx, cfg, logger, 0)
	if err != nil {
		return nil, err
	}
	hasher := identity.Hasher{}
	return &Tools{
		Config:   cfg,
		Store:    store,
		Tenants:  &tenant.Service{Store: store, Hasher: hasher, DefaultSite: siteconfig.DefaultSite},
		Identity: &identity.Service{Store: store, Hasher: hasher, Logger: logger},
	}, nil
}

// Close closes the store.
func (t *Tools) Close() error { return t.Store.Close() }
