package storefront_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/booking"
)

func bookingForm(date, name, email string, addOns ...string) url.Values {
	f := url.Values{"date": {date}, "name": {name}, "email": {email}, "phone": {"555-0100"}, "month": {"2026-06"}}
	for _, a := range addOns {
		f.Add("addon", a)
	}
	return f
}

func TestBookingWithoutJavaScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	page := e.get(t, "/t/willow/services/classic")
	if page.Code != 200 {
		t.Fatalf("package page = %d", page.Code)
	}
	body := page.Body.String()
	for _, want := range []string{`name="date" value="2026-06-20"`, `name="addon" value="` + e.pkg.AddOns[0].ID + `"`,
		`<label for="f-name">`, `<label for="f-email">`, "June 2026", `?month=2026-07#calendar`} {
		if !strings.Contains(body, want) {
			t.Errorf("package page lacks %s", want)
		}
	}
	// Today (2026-06-01 on the test clock) is offered and can be chosen.
	if !strings.Contains(body, `value="2026-06-01"`) || strings.Contains(body, `value="2026-06-01" disabled`) {
		t.Error("today should be bookable")
	}

	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic",
		bookingForm("2026-06-20", "Sam & Alex", "sam@example.com", e.pkg.AddOns[0].ID))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("checkout post = %d: %s", w.Code, w.Body.String())
	}
	checkoutURL, _ := url.Parse(w.Header().Get("Location"))
	if !strings.HasPrefix(checkoutURL.Path, "/checkout/mock/cs_mock_") {
		t.Fatalf("redirected to %s", checkoutURL)
	}
	pay := e.get(t, checkoutURL.Path)
	for _, want := range []string{"Willow &amp; Pine", "Classic Wedding", "Heirloom album", "$5,100", "Saturday, June 20, 2026", "Pay $5,100"} {
		if !strings.Contains(pay.Body.String(), want) {
			t.Errorf("checkout page lacks %s", want)
		}
	}

	// The date is held: the calendar now shows it taken.
	if body := e.get(t, "/t/willow/services/classic").Body.String(); !strings.Contains(body, `value="2026-06-20" disabled`) {
		t.Error("a held date is still offered")
	}

	w = e.do(t, http.MethodPost, "mais.test", checkoutURL.Path+"/pay", url.Values{})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("pay = %d: %s", w.Code, w.Body.String())
	}
	success := w.Header().Get("Location")
	if !strings.HasPrefix(success, "/t/willow/booking/success?session_id=cs_mock_") {
		t.Fatalf("pay redirected to %s", success)
	}
	res := e.get(t, success)
	if !strings.Contains(res.Body.String(), "You&#39;re booked!") || !strings.Contains(res.Body.String(), "sam@example.com") {
		t.Errorf("success page: %s", res.Body.String())
	}
	bookings, err := e.store.ListBookings(context.Background(), e.tenant.ID, booking.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bookings) != 1 || bookings[0].Status != booking.StatusPaid || bookings[0].TotalCents != 510000 ||
		len(bookings[0].AddOnIDs) != 1 || bookings[0].Date != "2026-06-20" {
		t.Fatalf("bookings = %+v", bookings)
	}
	// Paying twice changes nothing, and the page says it is paid.
	if w := e.do(t, http.MethodPost, "mais.test", checkoutURL.Path+"/pay", url.Values{}); w.Code != http.StatusSeeOther {
		t.Errorf("second pay = %d", w.Code)
	}
	if body := e.get(t, checkoutURL.Path).Body.String(); !strings.Contains(body, "This order is paid") {
		t.Error("checkout page of a paid order should say so")
	}
}

func TestBookingFormKeepsInputAndExplains(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic",
		bookingForm("2026-06-20", "Sam", "not-an-email", e.pkg.AddOns[0].ID))
	if w.Code != http.StatusBadRequest {
		t.Fatalf("bad e-mail = %d", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{`role="alert"`, `value="not-an-email" aria-invalid="true" aria-describedby="f-email-error"`,
		`id="f-email-error">Please enter an e-mail address`, `value="Sam"`, `value="2026-06-20" checked`, `data-price-cents="90000" checked`,
		`href="#f-email"`} {
		if !strings.Contains(body, want) {
			t.Errorf("re-rendered form lacks %s", want)
		}
	}

	w = e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("", "Sam", "sam@example.com"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "Please choose a date.") {
		t.Errorf("no date = %d", w.Code)
	}

	// Someone else takes the date between page load and submit.
	in := booking.CheckoutInput{PackageID: e.pkg.ID, Date: "2026-06-27"}
	in.Customer.Name, in.Customer.Email = "First", "first@example.com"
	if _, err := e.booking.Checkout(context.Background(), e.tenant, in); err != nil {
		t.Fatal(err)
	}
	w = e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("2026-06-27", "Sam", "sam@example.com"))
	if w.Code != http.StatusConflict {
		t.Fatalf("taken date = %d", w.Code)
	}
	body = w.Body.String()
	if !strings.Contains(body, "that date was taken a moment ago") || !strings.Contains(body, `value="2026-06-27" disabled`) ||
		!strings.Contains(body, `value="sam@example.com"`) {
		t.Error("taken date: message, disabled day or kept input missing")
	}

	w = e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("2026-05-02", "Sam", "sam@example.com"))
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "That date has passed") {
		t.Errorf("past date = %d", w.Code)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	form := bookingForm("2026-06-20", "Sam", "sam@example.com")
	// A post that names no origin at all is not a browser's: holding no
	// cookie, it can do nothing a script could not do directly, and passes
	// (http.CrossOriginProtection). A sibling subdomain is another site.
	for _, hdr := range [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "http://evil.mais.test"},
		{"Origin", "https://evil.example"},
		{"Origin", "null"},
	} {
		w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", form, hdr...)
		if w.Code != http.StatusForbidden {
			t.Errorf("%v: status %d, want 403", hdr, w.Code)
		}
	}
	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", form)
	session := strings.TrimPrefix(w.Header().Get("Location"), "http://mais.test/checkout/mock/")
	if w := e.do(t, http.MethodPost, "mais.test", "/checkout/mock/"+session+"/pay", url.Values{}, "Origin", "https://evil.example"); w.Code != http.StatusForbidden {
		t.Errorf("cross-site pay = %d", w.Code)
	}
	b, _ := e.booking.SessionBooking(context.Background(), session)
	if b.Status != booking.StatusPending {
		t.Errorf("cross-site pay changed the booking to %s", b.Status)
	}
}

func TestMockCancelReleasesTheDate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("2026-06-20", "Sam", "sam@example.com"))
	path := strings.TrimPrefix(w.Header().Get("Location"), "http://mais.test")
	w = e.do(t, http.MethodPost, "mais.test", path+"/cancel", url.Values{})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/t/willow/booking/cancel?session_id=") {
		t.Fatalf("cancel = %d %s", w.Code, w.Header().Get("Location"))
	}
	body := e.get(t, w.Header().Get("Location")).Body.String()
	if !strings.Contains(body, "Checkout canceled") || !strings.Contains(body, "has been released") {
		t.Errorf("cancel page: %s", body)
	}
	if body := e.get(t, "/t/willow/services/classic").Body.String(); strings.Contains(body, `value="2026-06-20" disabled`) {
		t.Error("a canceled date is still blocked")
	}
	if w := e.get(t, "/checkout/mock/cs_mock_00000000000000000000000000000000"); w.Code != 404 {
		t.Errorf("unknown session = %d", w.Code)
	}
	if w := e.get(t, "/t/willow/booking/success?session_id=cs_mock_00000000000000000000000000000000"); w.Code != 404 {
		t.Errorf("unknown session success page = %d", w.Code)
	}
}

func TestResultPageBelongsToItsTenant(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	createTenant(t, e.store, "other", "Other Studio")
	w := e.do(t, http.MethodPost, "mais.test", "/t/willow/services/classic", bookingForm("2026-06-20", "Sam", "sam@example.com"))
	session := strings.TrimPrefix(w.Header().Get("Location"), "http://mais.test/checkout/mock/")
	if w := e.get(t, "/t/other/booking/success?session_id="+session); w.Code != 404 {
		t.Errorf("another tenant's session shown: %d", w.Code)
	}
	if w := e.get(t, "/t/willow/booking/success?session_id="+session); w.Code != 200 || !strings.Contains(w.Body.String(), "Confirming your payment") {
		t.Errorf("pending success page = %d", w.Code)
	}
}

func TestCalendarNavigation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.get(t, "/t/willow/services/classic?month=2026-08").Body.String()
	if !strings.Contains(body, "August 2026") || !strings.Contains(body, "?month=2026-07#calendar") || !strings.Contains(body, "?month=2026-09#calendar") {
		t.Error("August page lacks its month or neighbours")
	}
	// Months before the current one are not offered.
	body = e.get(t, "/t/willow/services/classic?month=2025-01").Body.String()
	if !strings.Contains(body, "June 2026") || strings.Contains(body, "?month=2026-05") {
		t.Error("past month not clamped to the current one")
	}
	frag := e.get(t, "/t/willow/services/classic?month=2026-07&partial=calendar")
	if frag.Code != 200 || !strings.HasPrefix(frag.Body.String(), `<div class="calendar"`) || !strings.Contains(frag.Body.String(), "July 2026") {
		t.Errorf("fragment = %d %.80s", frag.Code, frag.Body.String())
	}
	// Past days of the current month cannot be picked.
	body = e.get(t, "/t/willow/services/classic").Body.String()
	if !strings.Contains(body, `value="2026-06-01">`) {
		t.Error("today should be open")
	}
}

func TestWidgetBookingShowsContinueStep(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.do(t, http.MethodPost, "mais.test", "/widget?tenant=willow&package=classic", bookingForm("2026-06-20", "Sam", "sam@example.com"))
	if w.Code != 200 {
		t.Fatalf("widget post = %d", w.Code)
	}
	body := w.Body.String()
	if !strings.Contains(body, `target="_top"`) || !strings.Contains(body, "http://mais.test/checkout/mock/cs_mock_") ||
		!strings.Contains(w.Header().Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Errorf("continue step: %s", body)
	}
}
