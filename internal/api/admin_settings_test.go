package api_test

import (
	"context"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/audit"
)

// TestAdminSettings: GET|PATCH /v1/admin/settings answer docs/API.md §11's
// shape with its defaults, change any subset, refuse bad values naming the
// field (nested ones by path), audit the change, and stay within the
// token's tenant.
func TestAdminSettings(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		type settings struct {
			DepositPercent, BalanceDueDays, BookingHorizonDays, HoldMinutes, RescheduleCutoffDays int
			Cancellation                                                                          struct {
				FreeCancellationDays int
				DepositRefundable    bool
			}
			Currency, Timezone, Locale string
		}
		var got settings
		r := f.as(f.alpha, "GET", "/v1/admin/settings", "")
		apptest.Expect(t, "get", r, 200, "")
		r.JSON(t, &got)
		if got.DepositPercent != 0 || got.BalanceDueDays != 30 || got.BookingHorizonDays != 1095 || got.HoldMinutes != 30 ||
			got.Cancellation.FreeCancellationDays != 90 || got.Cancellation.DepositRefundable || got.RescheduleCutoffDays != 30 ||
			got.Currency != "usd" || got.Timezone == "" || got.Locale != "en-US" {
			t.Fatalf("defaults: %+v", got)
		}

		r = f.as(f.alpha, "PATCH", "/v1/admin/settings", `{"depositPercent":25,"cancellation":{"depositRefundable":true},"currency":"EUR","locale":"de-DE"}`)
		apptest.Expect(t, "patch", r, 200, "")
		r.JSON(t, &got)
		if got.DepositPercent != 25 || !got.Cancellation.DepositRefundable || got.Cancellation.FreeCancellationDays != 90 ||
			got.Currency != "eur" || got.Locale != "de-DE" || got.BalanceDueDays != 30 {
			t.Fatalf("after patch: %+v", got)
		}
		r = f.as(f.alpha, "GET", "/v1/admin/settings", "")
		var again settings
		r.JSON(t, &again)
		if again != got {
			t.Fatalf("read back %+v, patched %+v", again, got)
		}
		// The other tenant keeps its own.
		r = f.as(f.bravo, "GET", "/v1/admin/settings", "")
		var other settings
		r.JSON(t, &other)
		if other.DepositPercent != 0 || other.Currency != "usd" {
			t.Fatalf("bravo changed: %+v", other)
		}

		for body, field := range map[string]string{
			`{"depositPercent":101}`:                       "depositPercent",
			`{"depositPercent":-1}`:                        "depositPercent",
			`{"balanceDueDays":-3}`:                        "balanceDueDays",
			`{"bookingHorizonDays":0}`:                     "bookingHorizonDays",
			`{"holdMinutes":1}`:                            "holdMinutes",
			`{"cancellation":{"freeCancellationDays":-1}}`: "cancellation.freeCancellationDays",
			`{"rescheduleCutoffDays":99999}`:               "rescheduleCutoffDays",
			`{"currency":"xyz"}`:                           "currency",
			`{"timezone":"Mars/Olympus"}`:                  "timezone",
			`{"locale":"english please"}`:                  "locale",
		} {
			r := f.as(f.alpha, "PATCH", "/v1/admin/settings", body)
			apptest.Expect(t, body, r, 400, "VALIDATION_ERROR")
			var e struct{ Fields map[string]string }
			r.JSON(t, &e)
			if e.Fields[field] == "" {
				t.Errorf("%s: fields %v do not name %s", body, e.Fields, field)
			}
		}
		r = f.as(f.platform, "GET", "/v1/admin/settings", "")
		apptest.Expect(t, "platform admin", r, 403, "FORBIDDEN")

		entries, err := a.Store.ListAudit(context.Background(), f.a.Tenant.ID, audit.Filter{Action: audit.ActionTenantSettings})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Actor.Type != "user" {
			t.Fatalf("audit: %+v", entries)
		}
	})
}
