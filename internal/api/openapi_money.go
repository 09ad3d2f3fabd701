package api

// The money of a booking (docs/API.md §11) in the OpenAPI document: tenant
// settings, deposits and balances, the couple's manage routes and the
// tenant's refunds, cancellations and reschedules.

// moneyOperations are the routes of docs/API.md §11.
func moneyOperations() []operation {
	const tTenant, tManage = "Tenant admin", "Couple's manage link"
	token := qRequired("token", "the token of the manage link PUBLIC_BASE_URL/b/{token}", str())
	return []operation{
		op("GET", "/v1/admin/settings", tTenant, "How the tenant sells: deposit, balance due, horizon, hold, cancellation policy, currency, zone, locale", accessTenantAdmin, 200, ref("Settings")),
		op("PATCH", "/v1/admin/settings", tTenant, "Change any subset of the settings; a bad value → 400 naming the field", accessTenantAdmin, 200, ref("Settings")).
			withBody(ref("SettingsPatch")),
		op("GET", "/v1/admin/bookings/{id}", tTenant, "One booking with its money: paid, balance and when due, refunded, payments, the couple's manage link", accessTenantAdmin, 200, ref("BookingMoney")).withErrors(404),
		op("POST", "/v1/admin/bookings/{id}/refund", tTenant, "Refund (default: everything paid and not refunded yet; more → 400, nothing left → 409); a CONFLICT booking is refunded in one call", accessTenantAdmin, 200, ref("BookingMoney")).
			withBody(object(nil, field("amountCents", schema{"type": "integer", "minimum": 1}))).withErrors(404, 409, 503),
		op("POST", "/v1/admin/bookings/{id}/cancel", tTenant, "Cancel and free the date at once; refund by the policy, in full or not at all", accessTenantAdmin, 200, ref("BookingMoney")).
			withBody(object(nil, field("refund", enum("policy", "full", "none")), field("reason", str()))).withErrors(404, 409, 503),
		op("POST", "/v1/admin/bookings/{id}/reschedule", tTenant, "Move a booked date: the new date taken and the old one freed in one transaction; not sellable → 409 DATE_UNAVAILABLE", accessTenantAdmin, 200, ref("BookingMoney")).
			withBody(object([]string{"date"}, field("date", date()))).withErrors(404, 409),

		op("GET", "/v1/public/bookings/manage", tManage, "The couple's booking (the manage link's token); a tampered or expired token → 401", accessNone, 200, ref("BookingMoney")).
			withQuery(token).withErrors(401),
		op("POST", "/v1/public/bookings/pay-balance", tManage, "Open the payment of the balance; nothing due → 409", accessNone, 200,
			object([]string{"checkoutUrl", "sessionId", "amountCents"}, field("checkoutUrl", strFmt("uri")), field("sessionId", str()), field("amountCents", cents()))).
			withQuery(token).withErrors(401, 409, 503),
		op("POST", "/v1/public/bookings/reschedule", tManage, "Move the date; not sellable → 409 DATE_UNAVAILABLE, closer than the reschedule cut-off → 409 CONFLICT", accessNone, 200, ref("BookingMoney")).
			withQuery(token).withBody(object([]string{"date"}, field("date", date()))).withErrors(401, 409),
		op("POST", "/v1/public/bookings/cancel", tManage, "Cancel; the refund follows the tenant's policy and the date is free at once", accessNone, 200,
			object([]string{"status", "refundCents"}, field("status", enum("CANCELED")), field("refundCents", cents()))).
			withQuery(token).withBody(object(nil, field("reason", str()))).withErrors(401, 409, 503),
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

	statuses := enum("PENDING", "DEPOSIT_PAID", "PAID", "EXPIRED", "CANCELED", "CONFLICT")
	// A day past the tenant's bookingHorizonDays is "horizon" (docs/API.md §5, §11).
	if s, ok := c["Availability"].(schema); ok {
		s["properties"].(schema)["reason"] = orNull(enum("booked", "held", "blackout", "calendar", "past", "horizon"))
	}
	if s, ok := c["AdminBooking"].(schema); ok {
		s["properties"].(schema)["status"] = statuses
	}
	if s, ok := c["CheckoutResult"].(schema); ok {
		props := s["properties"].(schema)
		props["amountDueNowCents"], props["depositCents"], props["balanceCents"] = cents(), cents(), cents()
		props["balanceDueDate"] = date()
	}
	payment := object([]string{"id", "kind", "purpose", "amountCents", "createdAt"},
		field("id", str()), field("kind", enum("charge", "refund")),
		field("purpose", strDesc("a charge: deposit, balance or full; a refund: cancel, admin, conflict or provider")),
		field("amountCents", cents()), field("applicationFeeCents", cents()), field("createdAt", instant()))
	c["BookingMoney"] = object([]string{"id", "date", "status", "packageId", "addOnIds", "customer", "notes", "currency", "totalCents",
		"depositCents", "paidCents", "balanceCents", "balanceDueDate", "refundedCents", "needsRefund", "disputed", "payments", "manageUrl",
		"refundIfCanceledCents", "createdAt"},
		field("id", str()), field("date", date()), field("status", statuses), field("packageId", str()), field("addOnIds", arrayOf(str())),
		field("customer", object([]string{"name", "email"}, field("name", str()), field("email", str()), field("phone", str()))),
		field("notes", str()), field("currency", str()), field("totalCents", cents()),
		field("commissionCents", cents()), field("commissionPercent", number()),
		field("depositCents", cents()), field("paidCents", cents()), field("balanceCents", cents()),
		field("balanceDueDate", orNull(date())), field("refundedCents", cents()), field("needsRefund", boolean()), field("disputed", boolean()),
		field("payments", arrayOf(payment)), field("manageUrl", strFmt("uri")),
		field("refundIfCanceledCents", cents()), field("createdAt", instant()))
	// A package's own deposit percent; null: the tenant's.
	for _, name := range []string{"AdminPackage", "PackageInput", "PackagePatch"} {
		if s, ok := c[name].(schema); ok {
			if props, ok := s["properties"].(schema); ok {
				props["depositPercent"] = orNull(percent)
			}
		}
	}
	return c
}
