package dashboard

import (
	"net/http"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/tenant"
)

// This file is the Settings page (GET|POST /admin/settings): how the
// business sells (docs/API.md §11) — deposit, balance due, booking horizon,
// hold time, cancellation policy, reschedule cut-off, currency, time zone
// and locale — validated by tenant.Service like PATCH /v1/admin/settings.
// Form fields are named as the JSON fields, so a refusal marks its field.

// settingsForm is the page: the settings and the choices of the selects.
type settingsForm struct {
	S          tenant.Settings
	Currencies []option
	Locales    []option
	// AI is the assistant's limits, a form of its own
	// (assistant_settings.go); nil hides it.
	AI *aiLimitsForm
}

var settingsCurrencies = [][2]string{{"usd", "US dollar (USD)"}, {"cad", "Canadian dollar (CAD)"}, {"aud", "Australian dollar (AUD)"},
	{"nzd", "New Zealand dollar (NZD)"}, {"mxn", "Mexican peso (MXN)"}, {"eur", "Euro (EUR)"}, {"gbp", "Pound sterling (GBP)"},
	{"chf", "Swiss franc (CHF)"}, {"jpy", "Japanese yen (JPY)"}}

var settingsLocales = [][2]string{{"en-US", "English (United States)"}, {"en-GB", "English (United Kingdom)"}, {"en-CA", "English (Canada)"},
	{"en-AU", "English (Australia)"}, {"fr-FR", "Français"}, {"de-DE", "Deutsch"}, {"es-ES", "Español"}, {"nl-NL", "Nederlands"}}

func choices(all [][2]string, current string) []option {
	out := make([]option, 0, len(all)+1)
	found := false
	for _, c := range all {
		out = append(out, option{Value: c[0], Label: c[1], Selected: c[0] == current})
		found = found || c[0] == current
	}
	if !found && current != "" {
		out = append(out, option{Value: current, Label: current, Selected: true})
	}
	return out
}

func settingsView(s *session, st tenant.Settings) *view {
	return &view{Title: "Settings", Nav: "settings", S: s,
		Data: settingsForm{S: st, Currencies: choices(settingsCurrencies, st.Currency), Locales: choices(settingsLocales, st.Locale)}}
}

// settingsPage serves GET /admin/settings.
func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request, s *session) error {
	st, err := h.cfg.Tenants.Settings(r.Context(), s.Tenant.ID)
	if err != nil {
		return err
	}
	v := settingsView(s, st)
	d := v.Data.(settingsForm)
	if d.AI, err = h.aiLimits(r.Context(), s.Tenant.ID); err != nil {
		return err
	}
	v.Data = d
	h.writePage(w, r, http.StatusOK, "settings", v)
	return nil
}

// settingsSave serves POST /admin/settings.
func (h *Handler) settingsSave(w http.ResponseWriter, r *http.Request, s *session) error {
	p, typed, bad := settingsPatch(r)
	var err error
	if len(bad) > 0 {
		// The fields that are numbers are checked too, so the form shows
		// every mistake at once, not the range errors after the typing ones.
		err = formErr(bad, func() error { _, err := p.Apply(s.Tenant.Settings()); return err })
	} else {
		_, err = h.cfg.Tenants.UpdateSettings(r.Context(), s.Tenant.ID, p)
	}
	if err != nil {
		return formAgain("settings", settingsView(s, typed), err)
	}
	h.redirectOK(w, r, "/admin/settings", "Your settings are saved. New bookings follow them at once.")
	return nil
}

// settingsPatch reads the form; typed is what was typed, for the form
// again. A field that is not a whole number is left out of the patch and
// named in bad.
func settingsPatch(r *http.Request) (p tenant.SettingsPatch, typed tenant.Settings, bad apperr.FieldErrors) {
	f := r.PostForm
	bad = apperr.FieldErrors{}
	num := func(name string, dst *int) *int {
		v, err := strconv.Atoi(strings.TrimSpace(f.Get(name)))
		*dst = v
		if err != nil {
			bad[name] = "must be a whole number"
			return nil
		}
		return dst
	}
	refundable := f.Get("cancellation.depositRefundable") == "on"
	currency, tz, locale := strings.TrimSpace(f.Get("currency")), strings.TrimSpace(f.Get("timezone")), strings.TrimSpace(f.Get("locale"))
	p = tenant.SettingsPatch{
		DepositPercent:       num("depositPercent", &typed.DepositPercent),
		BalanceDueDays:       num("balanceDueDays", &typed.BalanceDueDays),
		BookingHorizonDays:   num("bookingHorizonDays", &typed.BookingHorizonDays),
		HoldMinutes:          num("holdMinutes", &typed.HoldMinutes),
		RescheduleCutoffDays: num("rescheduleCutoffDays", &typed.RescheduleCutoffDays),
		Cancellation: &tenant.PolicyPatch{
			FreeCancellationDays: num("cancellation.freeCancellationDays", &typed.Cancellation.FreeCancellationDays),
			DepositRefundable:    &refundable,
		},
		Currency: &currency, Timezone: &tz, Locale: &locale,
	}
	typed.Cancellation.DepositRefundable, typed.Currency, typed.Timezone, typed.Locale = refundable, currency, tz, locale
	return p, typed, bad
}
