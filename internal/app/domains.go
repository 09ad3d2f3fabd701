package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"mais/internal/domains"
	"mais/internal/httpx"
	"mais/internal/tlsauto"
)

// buildDomains wires the tenants' custom domains (docs/API.md §14): TXT
// lookups through MAIS_DNS_RESOLVER, the platform's own hosts refused.
func (a *App) buildDomains() error {
	known, err := httpx.ParseKnownHosts(a.Config.KnownDomains)
	if err != nil {
		return fmt.Errorf("MAIS_KNOWN_DOMAINS: %w", err)
	}
	a.Domains = &domains.Service{Store: a.Store, Resolver: domains.NetResolver{Server: a.Config.TLS.DNSResolver},
		Invalidator: a.Cache, IsPlatform: known.Match, Now: a.Now, Logger: a.Logger,
		Site: func(ctx context.Context, name string) error {
			_, err := a.Directory.SiteByDomain(ctx, name)
			return err
		}}
	a.Tenants.IsPlatform = known.Match // a platform-set customDomain follows the same rule
	return nil
}

// startTLS serves HTTPS on MAIS_HTTPS_PORT with certificates obtained on
// demand (MAIS_TLS=auto) and makes the HTTP server answer ACME's HTTP-01
// challenges and send tenants' domains to HTTPS. httpAddr is the bound
// HTTP address, whose port the CA's checks reach. Off, it does nothing.
func (a *App) startTLS(ctx context.Context, httpAddr string) error {
	cfg := a.Config.TLS
	if !cfg.Auto {
		return nil
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.HTTPSPort))
	if err != nil {
		return fmt.Errorf("MAIS_HTTPS_PORT: %w", err)
	}
	_, httpPort, _ := net.SplitHostPort(httpAddr)
	hp, _ := strconv.Atoi(httpPort)
	m, err := tlsauto.New(tlsauto.Config{CA: cfg.ACMECA, CARootFile: cfg.ACMECARoot, Email: cfg.ACMEEmail,
		HTTPPort: hp, HTTPSPort: ln.Addr().(*net.TCPAddr).Port, Storage: tlsauto.NewStorage(a.Store),
		Allowed: a.Domains.Allowed, Custom: a.Domains.Custom, Logger: a.Logger})
	if err != nil {
		ln.Close()
		return err
	}
	a.certs = m
	a.server.Handler = m.HTTPHandler(a.handler)
	a.tlsServer = &http.Server{
		Handler:           a.handler,
		TLSConfig:         m.TLSConfig(),
		ReadHeaderTimeout: a.server.ReadHeaderTimeout,
		ReadTimeout:       a.server.ReadTimeout,
		WriteTimeout:      a.server.WriteTimeout,
		IdleTimeout:       a.server.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
		BaseContext:       a.server.BaseContext,
	}
	a.httpsAddr = ln.Addr().String()
	a.Logger.Info("serving https with certificates on demand", "addr", a.httpsAddr, "acme", cfg.ACMECA)
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := a.tlsServer.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Logger.Error("https server", "err", err)
		}
	}()
	return nil
}

// HTTPSAddr is the bound HTTPS address with MAIS_TLS=auto, else "".
func (a *App) HTTPSAddr() string { return a.httpsAddr }

// stopTLS stops the HTTPS server with the HTTP one (within timeout) and
// ends certificate maintenance.
func (a *App) stopTLS(ctx context.Context, timeout time.Duration) {
	if a.tlsServer == nil {
		return
	}
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := a.tlsServer.Shutdown(sctx); err != nil {
		a.tlsServer.Close()
	}
	a.certs.Stop()
}
