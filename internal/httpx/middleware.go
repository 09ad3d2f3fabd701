package httpx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"mais/internal/ratelimit"
)

type requestIDKey struct{}

// RequestID returns the id given to the request by WithRequestID.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithRequestID gives every request an id, echoed in X-Request-Id. A sane
// id sent by a trusted edge is kept so logs line up across hops.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !saneID(id) {
			var b [12]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

func saneID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// TrustForwarded makes X-Forwarded-Proto and X-Forwarded-Host mean what a
// trusted proxy says, and nothing when anyone else sends them. From a peer
// in trustedProxies (MAIS_TRUSTED_PROXIES, the same test as ratelimit.ClientIP
// applies to X-Forwarded-For), the last value of each header — the one
// the nearest proxy wrote — is kept, and a sane X-Forwarded-Host becomes
// r.Host. From any other peer the headers are removed before any handler
// runs, so sitemaps, robots.txt, redirects and cookie flags downstream can
// read them without checking who sent them.
func TrustForwarded(trustedProxies []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ratelimit.FromTrustedProxy(r, trustedProxies) {
			for _, h := range []string{"X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded"} {
				r.Header.Del(h)
			}
			next.ServeHTTP(w, r)
			return
		}
		if proto := lastValue(r.Header.Values("X-Forwarded-Proto")); proto != "" {
			r.Header.Set("X-Forwarded-Proto", strings.ToLower(proto))
		}
		if host := lastValue(r.Header.Values("X-Forwarded-Host")); saneHost(host) {
			r.Host = host
		}
		next.ServeHTTP(w, r)
	})
}

// lastValue is the last comma-separated value of a header's lines.
func lastValue(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	last := lines[len(lines)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.TrimSpace(last)
}

// saneHost accepts "host" or "host:port" made of the characters a host name
// or an IP literal can have.
func saneHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-.:[]", c)) {
			return false
		}
	}
	return true
}

// Recover turns a panic into a logged 500 with the error envelope, so one bad
// request never takes the process down.
func Recover(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				Error(w, r, logger, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// AccessLog logs each request at debug level, and server errors at warn.
func AccessLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		if logger.Enabled(r.Context(), level) {
			logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"duration", time.Since(start), "requestId", RequestID(r.Context()))
		}
	})
}
