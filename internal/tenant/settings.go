package tenant

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"mais/internal/apperr"
)

// Settings is how a business sells (docs/API.md §11): how much of the total
// a checkout takes as a deposit, when the balance is due, how far ahead dates
// are sold, how long a hold lasts, its cancellation policy and reschedule
// cut-off, and the currency, time zone and locale of its prices and dates.
// It is the JSON of GET|PATCH /v1/admin/settings.
type Settings struct {
	// DepositPercent is the share of the total charged at checkout, 0–100;
	// 0 charges the whole total.
	DepositPercent int `json:"depositPercent"`
	// BalanceDueDays: the balance is due this many days before the event;
	// a date closer than that is paid in full at checkout.
	BalanceDueDays       int    `json:"balanceDueDays"`
	BookingHorizonDays   int    `json:"bookingHorizonDays"`
	HoldMinutes          int    `json:"holdMinutes"`
	Cancellation         Policy `json:"cancellation"`
	RescheduleCutoffDays int    `json:"rescheduleCutoffDays"`
	Currency             string `json:"currency"`
	Timezone             string `json:"timezone"`
	Locale               string `json:"locale"`
}

// Policy is a business's cancellation policy: a cancellation at least
// FreeCancellationDays before the event refunds everything paid; a later
// one refunds everything but the deposit, unless DepositRefundable.
type Policy struct {
	FreeCancellationDays int  `json:"freeCancellationDays"`
	DepositRefundable    bool `json:"depositRefundable"`
}

// Defaults of a new tenant's settings.
const (
	DefaultBalanceDueDays       = 30
	DefaultBookingHorizonDays   = 1095
	DefaultFreeCancellationDays = 90
	DefaultRescheduleCutoffDays = 30
	DefaultCurrency             = "usd"
	DefaultLocale               = "en-US"
	// MaxSettingDays bounds every "days" setting (about ten years).
	MaxSettingDays = 3660
)

// currencies are the ISO 4217 codes a tenant may sell in (those
// internal/format writes with their own symbol).
var currencies = []string{"usd", "cad", "aud", "nzd", "mxn", "eur", "gbp", "chf", "jpy"}

var localePattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// Settings is t's settings as the API shows them; a zero column (a tenant
// stored before settings existed) reads as its default.
func (t Tenant) Settings() Settings {
	s := Settings{
		DepositPercent: t.DepositPercent, BalanceDueDays: t.BalanceDueDays, BookingHorizonDays: t.BookingHorizonDays,
		HoldMinutes: t.HoldMinutes, RescheduleCutoffDays: t.RescheduleCutoffDays,
		Cancellation: Policy{FreeCancellationDays: t.FreeCancellationDays, DepositRefundable: t.DepositRefundable},
		Currency:     t.Currency, Timezone: t.TimeZone, Locale: t.Locale,
	}
	if s.BookingHorizonDays <= 0 {
		s.BookingHorizonDays = DefaultBookingHorizonDays
	}
	if s.HoldMinutes <= 0 {
		s.HoldMinutes = DefaultHoldMinutes
	}
	if s.Currency == "" {
		s.Currency = DefaultCurrency
	}
	if s.Timezone == "" {
		s.Timezone = DefaultTimeZone
	}
	if s.Locale == "" {
		s.Locale = DefaultLocale
	}
	return s
}

// WithSettings returns t carrying s.
func (t Tenant) WithSettings(s Settings) Tenant {
	t.DepositPercent, t.BalanceDueDays, t.BookingHorizonDays = s.DepositPercent, s.BalanceDueDays, s.BookingHorizonDays
	t.HoldMinutes, t.RescheduleCutoffDays = s.HoldMinutes, s.RescheduleCutoffDays
	t.FreeCancellationDays, t.DepositRefundable = s.Cancellation.FreeCancellationDays, s.Cancellation.DepositRefundable
	t.Currency, t.TimeZone, t.Locale = s.Currency, s.Timezone, s.Locale
	return t.WithZone()
}

// SettingsPatch is the body of PATCH /v1/admin/settings: any subset of
// Settings; nil is unchanged.
type SettingsPatch struct {
	DepositPercent       *int         `json:"depositPercent"`
	BalanceDueDays       *int         `json:"balanceDueDays"`
	BookingHorizonDays   *int         `json:"bookingHorizonDays"`
	HoldMinutes          *int         `json:"holdMinutes"`
	Cancellation         *PolicyPatch `json:"cancellation"`
	RescheduleCutoffDays *int         `json:"rescheduleCutoffDays"`
	Currency             *string      `json:"currency"`
	Timezone             *string      `json:"timezone"`
	Locale               *string      `json:"locale"`
}

// PolicyPatch is the cancellation part of a SettingsPatch.
type PolicyPatch struct {
	FreeCancellationDays *int  `json:"freeCancellationDays"`
	DepositRefundable    *bool `json:"depositRefundable"`
}

// Apply returns s changed by p, or VALIDATION_ERROR naming each bad field
// (nested fields as "cancellation.freeCancellationDays").
func (p SettingsPatch) Apply(s Settings) (Settings, error) {
	f := apperr.FieldErrors{}
	days := func(field string, v *int, into *int, min int) {
		if v == nil {
			return
		}
		if *v < min || *v > MaxSettingDays {
			f.Add(field, fmt.Sprintf("must be between %d and %d", min, MaxSettingDays))
			return
		}
		*into = *v
	}
	if p.DepositPercent != nil {
		if *p.DepositPercent < 0 || *p.DepositPercent > 100 {
			f.Add("depositPercent", "must be between 0 and 100 (0 = pay in full)")
		} else {
			s.DepositPercent = *p.DepositPercent
		}
	}
	days("balanceDueDays", p.BalanceDueDays, &s.BalanceDueDays, 0)
	days("bookingHorizonDays", p.BookingHorizonDays, &s.BookingHorizonDays, 1)
	days("rescheduleCutoffDays", p.RescheduleCutoffDays, &s.RescheduleCutoffDays, 0)
	if p.HoldMinutes != nil {
		if *p.HoldMinutes < MinHoldMinutes || *p.HoldMinutes > MaxHoldMinutes {
			f.Add("holdMinutes", fmt.Sprintf("must be between %d and %d", MinHoldMinutes, MaxHoldMinutes))
		} else {
			s.HoldMinutes = *p.HoldMinutes
		}
	}
	if c := p.Cancellation; c != nil {
		days("cancellation.freeCancellationDays", c.FreeCancellationDays, &s.Cancellation.FreeCancellationDays, 0)
		if c.DepositRefundable != nil {
			s.Cancellation.DepositRefundable = *c.DepositRefundable
		}
	}
	if p.Currency != nil {
		c := strings.ToLower(strings.TrimSpace(*p.Currency))
		if !slices.Contains(currencies, c) {
			f.Add("currency", "must be one of "+strings.Join(currencies, ", "))
		} else {
			s.Currency = c
		}
	}
	if p.Timezone != nil {
		if !ValidZone(*p.Timezone) {
			f.Add("timezone", "must be an IANA time zone such as America/New_York")
		} else {
			s.Timezone = *p.Timezone
		}
	}
	if p.Locale != nil {
		if !localePattern.MatchString(*p.Locale) {
			f.Add("locale", "must be a language tag such as en-US")
		} else {
			s.Locale = *p.Locale
		}
	}
	return s, f.Err()
}

// SettingsStore stores a tenant's settings, audited (tenant.settings) in the
// same transaction.
type SettingsStore interface {
	UpdateTenantSettings(ctx context.Context, id string, s Settings) (Tenant, error)
}

// Settings reads a tenant's settings.
func (s *Service) Settings(ctx context.Context, id string) (Settings, error) {
	t, err := s.Store.TenantByID(ctx, id)
	if err != nil {
		return Settings{}, err
	}
	return t.Settings(), nil
}

// UpdateSettings validates p against the tenant's current settings, stores
// the result (audited) and tells every process to drop cached copies.
func (s *Service) UpdateSettings(ctx context.Context, id string, p SettingsPatch) (Settings, error) {
	st, ok := s.Store.(SettingsStore)
	if !ok {
		return Settings{}, fmt.Errorf("tenant settings: the store cannot store settings")
	}
	t, err := s.Store.TenantByID(ctx, id)
	if err != nil {
		return Settings{}, err
	}
	next, err := p.Apply(t.Settings())
	if err != nil {
		return Settings{}, err
	}
	t, err = st.UpdateTenantSettings(ctx, id, next)
	if err != nil {
		return Settings{}, fmt.Errorf("update tenant settings: %w", err)
	}
	s.invalidate(ctx, id)
	return t.Settings(), nil
}
