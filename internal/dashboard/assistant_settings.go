package dashboard

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/assistant"
)

// The assistant's limits on the Settings page: a form of their own
// (POST /admin/settings/assistant), saved through the assistant service
// like PATCH /v1/admin/settings/assistant. An empty box is the platform's
// default.

// aiLimitsForm is the form as shown: the values typed or stored ("" for
// the default) and the defaults.
type aiLimitsForm struct {
	MaxMessageChars, MessagesPer5Minutes, DailyTokens string
	Defaults                                          assistant.TenantLimits
}

func limitText[T int | int64](v T) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(int64(v), 10)
}

// aiLimits reads the tenant's limits for the Settings page; nil when the
// dashboard has no assistant.
func (h *Handler) aiLimits(ctx context.Context, tenantID string) (*aiLimitsForm, error) {
	if h.cfg.Assistant == nil {
		return nil, nil
	}
	l, err := h.cfg.Assistant.LimitSettings(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	return &aiLimitsForm{MaxMessageChars: limitText(l.MaxMessageChars), MessagesPer5Minutes: limitText(l.MessagesPer5Minutes),
		DailyTokens: limitText(l.DailyTokens), Defaults: l.Defaults}, nil
}

// assistantLimitsSave serves POST /admin/settings/assistant.
func (h *Handler) assistantLimitsSave(w http.ResponseWriter, r *http.Request, s *session) error {
	a, err := h.assistantOn()
	if err != nil {
		return err
	}
	f := r.PostForm
	typed := &aiLimitsForm{MaxMessageChars: strings.TrimSpace(f.Get("maxMessageChars")),
		MessagesPer5Minutes: strings.TrimSpace(f.Get("messagesPer5Minutes")), DailyTokens: strings.TrimSpace(f.Get("dailyTokens"))}
	bad := apperr.FieldErrors{}
	num := func(name, v string) *int64 {
		if v == "" {
			var zero int64 // the platform's default
			return &zero
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			bad.Add(name, "must be a whole number, or empty for the platform's default")
			return nil // left out, so the others are still checked
		}
		return &n
	}
	narrow := func(v *int64) *int {
		if v == nil {
			return nil
		}
		n := int(*v)
		return &n
	}
	p := assistant.LimitsPatch{MaxMessageChars: narrow(num("maxMessageChars", typed.MaxMessageChars)),
		MessagesPer5Minutes: narrow(num("messagesPer5Minutes", typed.MessagesPer5Minutes)), DailyTokens: num("dailyTokens", typed.DailyTokens)}
	if len(bad) > 0 {
		// Every mistake at once: the bounds of the fields that are numbers too.
		err = formErr(bad, func() error { _, err := p.Apply(assistant.TenantLimits{}); return err })
	} else {
		_, err = a.SetLimits(r.Context(), s.Tenant.ID, p)
	}
	if err != nil {
		st, serr := h.cfg.Tenants.Settings(r.Context(), s.Tenant.ID)
		if serr != nil {
			return serr
		}
		if l, lerr := a.LimitSettings(r.Context(), s.Tenant.ID); lerr == nil {
			typed.Defaults = l.Defaults
		}
		v := settingsView(s, st)
		d := v.Data.(settingsForm)
		d.AI = typed
		v.Data = d
		return formAgain("settings", v, err)
	}
	h.redirectOK(w, r, "/admin/settings#assistant-limits", "The assistant's limits are saved.")
	return nil
}
