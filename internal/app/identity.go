package app

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"mais/internal/cache"
	"mais/internal/identity"
	"mais/internal/ratelimit"
)

// maxRequestBody caps every request body; routes set tighter caps of their own.
const maxRequestBody = 8 << 20

// buildIdentity wires logins, sessions, rate limits and the admin API's
// services. With Redis, limits are shared by every process using it; if
// Redis stops answering, counts fall back to this process until it is back.
func (a *App) buildIdentity() {
	local := ratelimit.NewMemory(nil)
	a.Limiter = local
	if rc, ok := a.Cache.(*cache.Redis); ok {
		a.Limiter = &fallbackLimiter{primary: ratelimit.NewRedis(rc.Client(), a.Config.RedisPrefix+"rl:"), local: local, logger: a.Logger}
	}
	a.Identity = &identity.Service{
		Store: a.Store, Hasher: &a.Hasher, Limiter: a.Limiter, Secret: a.Config.JWTSecret, Mailer: a.Mailer,
		ResetURL: a.Config.PublicBaseURL + "/admin/reset-password", Logger: a.Logger, Now: a.Now,
		Tenants: a.Resolver,
	}
	a.API.Identity = a.Identity
	a.API.TenantAdmin = a.Tenants
	a.API.Limiter = a.Limiter
	a.API.TrustedProxies = a.Config.TrustedProxies
}

// fallbackLimiter asks primary (Redis) and, when it fails, local. Failed
// logins stay limited per process while Redis is away instead of not at all.
type fallbackLimiter struct {
	primary, local ratelimit.Limiter
	logger         *slog.Logger
	lastWarn       atomic.Int64 // unix seconds of the last warning
}

func (f *fallbackLimiter) Allow(ctx context.Context, key string, limit int, window time.Duration) (ratelimit.Result, error) {
	r, err := f.primary.Allow(ctx, key, limit, window)
	if err != nil {
		f.warn(ctx, err)
		return f.local.Allow(ctx, key, limit, window)
	}
	return r, nil
}

func (f *fallbackLimiter) Peek(ctx context.Context, key string, limit int, window time.Duration) (ratelimit.Result, error) {
	r, err := f.primary.Peek(ctx, key, limit, window)
	if err != nil {
		f.warn(ctx, err)
		return f.local.Peek(ctx, key, limit, window)
	}
	return r, nil
}

// Release goes to both: the hit was recorded by whichever answered.
func (f *fallbackLimiter) Release(ctx context.Context, key, id string) error {
	f.local.Release(ctx, key, id)
	if err := f.primary.Release(ctx, key, id); err != nil {
		f.warn(ctx, err)
	}
	return nil
}

func (f *fallbackLimiter) Reset(ctx context.Context, key string) error {
	f.local.Reset(ctx, key)
	if err := f.primary.Reset(ctx, key); err != nil {
		f.warn(ctx, err)
	}
	return nil
}

// warn logs at most once a minute: an outage must not flood the log.
func (f *fallbackLimiter) warn(ctx context.Context, err error) {
	now := time.Now().Unix()
	last := f.lastWarn.Load()
	if now-last >= 60 && f.lastWarn.CompareAndSwap(last, now) {
		f.logger.WarnContext(ctx, "shared rate limits unavailable; counting in this process", "err", err)
	}
}
