package siteconfig

import (
	"context"
	"log/slog"

	"mais/internal/audit"
)

// logEvent writes one line for a change of a tenant's live site or of a
// proposal, after it committed: what happened, to which tenant, by whom
// (the actor's id, never a name or e-mail). The request id is added by
// the logger from ctx.
func (s *Service) logEvent(ctx context.Context, msg, tenantID string, attrs ...any) {
	if s.Logger == nil {
		return
	}
	a := audit.ActorFrom(ctx)
	s.Logger.Log(ctx, slog.LevelInfo, msg, append([]any{"event", "site", "tenant", tenantID, "actorType", a.Type, "actor", a.ID}, attrs...)...)
}
