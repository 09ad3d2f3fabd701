package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"mais/internal/booking"
	"mais/internal/calendar"
	"mais/internal/config"
	"mais/internal/notify"
	"mais/internal/payment"
)

// buildBooking wires the booking engine and its adapters from the config.
func (a *App) buildBooking(ctx context.Context) error {
	cfg := a.Config
	var provider payment.Provider
	if cfg.AdaptersPreset == "real" {
		sc := payment.StripeConfig{SecretKey: cfg.StripeSecretKey, APIBase: cfg.StripeAPIBase, Timeout: 10 * time.Second}
		if a.tracer != nil {
			sc.Transport = a.tracer.Transport(nil)
		}
		provider = payment.NewStripe(sc)
	} else {
		provider = payment.NewMock(cfg.PublicBaseURL)
	}

	a.Mailer = newMailer(cfg)

	a.Bus = booking.NewBus(a.Logger)
	a.Outbox = booking.NewOutbox(a.Store, a.Mailer, a.Logger)
	a.Outbox.Now = a.Now
	a.Booking = &booking.Service{
		Store: a.Store, Catalog: a.Store, Venues: a.Store, Outbox: a.Outbox, Tenants: a.Directory, Payments: provider, Bus: a.Bus, Logger: a.Logger,
		PublicBaseURL: cfg.PublicBaseURL, SuccessURL: cfg.StripeSuccessURL, CancelURL: cfg.StripeCancelURL,
		DefaultCalendarID: cfg.GoogleCalendarID, Cache: a.Cache, Now: a.Now,
		Sites: a.Store, UncappedAddresses: !cfg.RateLimits, ManageKey: booking.ManageKey(cfg.JWTSecret),
	}
	if cfg.GoogleServiceAccountB64 != "" {
		g, err := calendar.NewGoogle(ctx, cfg.GoogleServiceAccountB64)
		if err != nil {
			return fmt.Errorf("google calendar: %w", err)
		}
		a.Booking.Calendar = calendar.NewCached(g, 5*time.Minute, time.Hour, a.Now)
	}
	a.Reminders = &booking.Reminders{Service: a.Booking, Store: a.Store, Logger: a.Logger}
	a.Sweeper = &booking.Sweeper{Store: a.Store, Bus: a.Bus, Cache: a.Cache, Logger: a.Logger, Interval: 30 * time.Second, Now: a.Now}
	return nil
}

// newMailer sends through Postmark when a token is set, else writes files
// under the data dir so development never needs an e-mail account.
func newMailer(cfg config.Config) notify.Sender {
	if cfg.PostmarkToken != "" {
		return notify.NewPostmark(cfg.PostmarkToken, cfg.PostmarkFrom, "", 10*time.Second)
	}
	return notify.NewFileSink(filepath.Join(cfg.DataDir, "emails"))
}
