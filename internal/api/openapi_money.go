package api

// The money of a booking (docs/API.md §11) in the OpenAPI document: tenant
// settings, deposits and balances, the couple's manage routes and the
// tenant's refunds, cancellations and reschedules.

// moneyOperations are the routes of docs/API.md §11.
func moneyOperations() []operation {
	const tTenant = "Tenant admin"
	return []operation{
		op("GET", "/v1/admin/settings", tTenant, "How the tenant sells: deposit, balance due, horizon, hold, cancellation policy, currency, zone, locale", accessTenantAdmin, 200, ref("Settings")),
		op("PATCH", "/v1/admin/settings", tTenant, "Change any subset of the settings; a bad value → 400 naming the field", accessTenantAdmin, 200, ref("Settings")).
			withBody(ref("SettingsPatch")),
	}
}

// withMoneySchemas adds the shapes of docs/API.md §11 to the components
// and widens the booking shapes by the money fields.
func withMoneySchemas(c schema) schema {
	days := func(min int) schema { return schema{"type": "integer", "minimum": min, "maximum": 3660} }
	percent := schema{"type": "integer", "minimum": 0, "maximum": 100}
	settings := func(required []string) schema {
		policy := []string(nil)
		if required != nil {
			policy = []string{"freeCancellationDays", "depositRefundable"}
		}
		return object(required,
			field("depositPercent", percent), field("balanceDueDays", days(0)), field("bookingHorizonDays", days(1)),
			field("holdMinutes", integer()),
			field("cancellation", object(policy, field("freeCancellationDays", days(0)), field("depositRefundable", boolean()))),
			field("rescheduleCutoffDays", days(0)), field("currency", str()), field("timezone", str()), field("locale", str()))
	}
	c["Settings"] = settings([]string{"depositPercent", "balanceDueDays", "bookingHorizonDays", "holdMinutes", "cancellation",
		"rescheduleCutoffDays", "currency", "timezone", "locale"})
	c["SettingsPatch"] = settings(nil)
	return c
}
