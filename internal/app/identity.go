package app

import (
	"mais/internal/cache"
	"mais/internal/identity"
	"mais/internal/ratelimit"
)

// maxRequestBody caps every request body: a 10 MB photo and its multipart
// envelope (media.MaxUploadBytes); routes set tighter caps of their own.
const maxRequestBody = 11 << 20

// buildIdentity wires logins, sessions, rate limits and the admin API's
// services. With Redis, limits are shared by every process using it; if
// Redis stops answering, counts fall back to this process until it is back.
func (a *App) buildIdentity() {
	local := ratelimit.NewMemory(nil)
	a.Limiter = local
	if rc, ok := a.Cache.(*cache.Redis); ok {
		a.Limiter = &ratelimit.Fallback{Primary: ratelimit.NewRedis(rc.Client(), a.Config.RedisPrefix+"rl:"), Local: local, Logger: a.Logger}
	}
	a.Identity = &identity.Service{
		Store: a.Store, Hasher: &a.Hasher, Limiter: a.Limiter, Secret: a.Config.JWTSecret, Mailer: a.Mailer,
		ResetURL: a.Config.PublicBaseURL + "/admin/reset-password", Logger: a.Logger, Now: a.Now,
		Tenants: a.Directory,
	}
}
