package app

import (
	"fmt"
	"log/slog"

	"mais/internal/assistant"
	"mais/internal/config"
	"mais/internal/sqlstore"
)

// buildAssistant makes the assistant of docs/API.md §12 and lets the
// site's proposals change packages through the catalog. With no
// MAIS_AI_PROVIDER the service is off (its routes answer 503).
func (a *App) buildAssistant(cfg config.Config, logger *slog.Logger, store *sqlstore.Store) (*assistant.Service, error) {
	a.SiteConfig.Packages = assistant.CatalogChanges{Catalog: a.Catalog}
	p, err := assistant.NewProvider(assistant.Settings{Provider: cfg.AIProvider, BaseURL: cfg.AIBaseURL,
		APIKey: cfg.AIAPIKey, Model: cfg.AIModel}, nil)
	if err != nil {
		return nil, fmt.Errorf("assistant: %w", err)
	}
	lim := assistant.DefaultLimits
	lim.MaxChars, lim.Messages, lim.DailyTokens = cfg.AILimits.MaxMessageChars, cfg.AILimits.MessagesPer5Minutes, cfg.AILimits.DailyTokens
	return &assistant.Service{Store: store, Provider: p, Now: a.Now, Logger: logger, Limits: lim,
		Tools: &assistant.Toolbox{Site: a.SiteConfig, Catalog: a.Catalog, Booking: a.Booking, Tenants: a.Tenants}}, nil
}
