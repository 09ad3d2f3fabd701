package dashboard_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mais/internal/app/apptest"
)

// TestSignupBrowser drives sign-up in Chromium with the mock preset: a new
// business signs up on /signup, lands on its overview with the checklist
// (nothing done yet), follows "Connect Stripe" to the Payments page,
// presses Connect Stripe, finishes the simulated onboarding and sees the
// account ready and the checklist's Stripe step ticked. Screenshots of
// each screen at phone and desktop widths go to test-artifacts/screenshots/.
func TestSignupBrowser(t *testing.T) {
	t.Parallel()
	a, base := browserApp(t, apptest.Env{"MAIS_SIGNUP": "open"})
	serve(t, a, base)
	e := newE2E(t, base)

	// A browser in Denver: the new business's dates are days there.
	if _, err := chromedp.Call(e.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "America/Denver"}); err != nil {
		t.Fatal(err)
	}
	e.do(chromedp.Navigate(base + "/signup"))
	e.waitText("h1", "Create your account")
	e.shot("signup-01-form")
	e.do(chromedp.SendKeys(chromedp.ID("f-businessName"), "Willow & Oak Photography"),
		chromedp.SendKeys(chromedp.ID("f-email"), "hello@willowoak.example"),
		chromedp.SendKeys(chromedp.ID("f-password"), "short"),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitFor(`document.querySelector("#f-password[aria-invalid=true]") !== null`)
	e.waitFor(`document.querySelector("#f-businessName").value === "Willow & Oak Photography"`)
	e.shot("signup-01b-form-errors")
	e.do(chromedp.SendKeys(chromedp.ID("f-password"), "golden-hour-2027"),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Overview")
	e.waitText(".checklist", "0 of 5 done")
	e.waitFor(`document.querySelector(".brand")?.innerText.includes("Willow & Oak Photography") && document.querySelectorAll(".checklist-step").length === 5`)
	e.shot("signup-02-checklist")
	if tn, err := a.Store.TenantBySlug(context.Background(), "willow-oak-photography"); err != nil || tn.TimeZone != "America/Denver" {
		t.Errorf("the new business's time zone is %q (%v), not the browser's America/Denver", tn.TimeZone, err)
	}

	e.do(chromedp.Click(chromedp.CSS(`.checklist a[href="/admin/stripe"]`)))
	e.waitText("h1", "Payments")
	e.waitText(".stripe-card", "Not connected")
	e.shot("signup-03-stripe")
	e.do(chromedp.Click(chromedp.CSS(`.stripe-card button[type=submit]`)))
	e.waitText("h1", "Simulated Stripe onboarding")
	e.shot("signup-04-mock-onboarding")
	e.do(chromedp.Click(chromedp.CSS(`form[action="/admin/stripe/mock-onboarding"] button[type=submit]`)))
	e.waitText(".stripe-card", "Ready to take payments")
	e.waitText(".flash-ok", "couples can now pay you online")
	e.shot("signup-05-stripe-ready")

	e.do(chromedp.Navigate(base + "/admin"))
	e.waitText(".checklist", "1 of 5 done")
	e.waitFor(`document.querySelector('.checklist-step.is-done a[href="/admin/stripe"]') !== null`)
	e.shot("signup-06-checklist-stripe-done")
}
