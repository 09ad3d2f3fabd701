package dashboard_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mais/internal/assistant/assistanttest"
	"mais/internal/siteconfig"
)

// TestAssistantPanelBrowser drives the assistant panel in Chromium. At
// 1280x800 the panel is docked at the right: the admin types, sees the
// reply stream in, gets a proposal card, approves it with the keyboard
// only and sees the site change; hides the panel (kept after a reload);
// in build mode previews a proposal in the editor's frame. At 390x844 it
// is a drawer: the seven WCAG items (dialog, focus in and back, inert
// background, live announcer, 24 px handle, 16 px input, trapped focus
// and Escape), drag to resize and dismiss. axe-core finds no violation
// on any of these screens.
func TestAssistantPanelBrowser(t *testing.T) {
	t.Parallel()
	model := assistanttest.New(t, panelScript)
	model.Gate = make(chan struct{})
	a, base := browserApp(t, model.Env("anthropic"))
	alpha, _ := createTenant(t, a, "alpha")
	serve(t, a, base)
	e := newE2E(t, base)
	axe := axeSource(t)
	e.do(chromedp.EmulateViewport(1280, 800))
	e.login(alpha.AdminEmail)

	// Desktop: docked at the right edge, 400 px, open by default.
	e.waitFor(`(() => { const r = document.getElementById("ai-panel").getBoundingClientRect();
		return !document.getElementById("ai-panel").hidden && r.width === 400 && r.right === innerWidth && r.height === innerHeight &&
			document.getElementById("ai-open").hidden && !document.getElementById("ai-panel").hasAttribute("aria-modal") })()`)
	e.checkAxe(axe, "desktop, panel open")
	e.snap("assistant-01-desktop-open")

	// Type and see the reply arrive piece by piece: the model holds its
	// second piece until the test lets it go.
	e.do(chromedp.Click(chromedp.ID("ai-text")), chromedp.KeyEvent("What can you do?"), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.querySelector(".ai-bot:last-child .ai-bubble")?.textContent === "Hello! " && document.getElementById("ai-send").disabled`)
	e.snap("assistant-02-desktop-streaming")
	close(model.Gate)
	e.waitFor(`document.querySelector(".ai-bot:last-child .ai-bubble")?.textContent === "Hello! How can I help with your site today?" && !document.getElementById("ai-send").disabled`)
	e.waitFor(`document.getElementById("ai-announcer").textContent.includes("How can I help with your site today?")`)

	// A proposal: its card, approved with the keyboard only.
	const autumn = "Autumn light, honest stories"
	e.do(chromedp.KeyEvent("headline: "+autumn), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.querySelector(".ai-card .ai-diff")?.innerText.includes(` + strconv.Quote(autumn) + `) && document.getElementById("ai-announcer").textContent.includes("1 proposal")`)
	e.checkAxe(axe, "desktop, proposal card")
	e.snap("assistant-03-desktop-card")
	e.tabTo(`document.activeElement.classList.contains("ai-approve")`, false)
	e.do(chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.querySelector(".ai-card-done")?.textContent.includes("Approved and published") && document.activeElement.matches(".ai-card h3")`)
	if got := e.publicText(); !strings.Contains(got, autumn) {
		t.Fatalf("the approved headline is not on the site:\n%s", got)
	}
	e.snap("assistant-04-desktop-approved")

	// Hidden, it stays hidden after a reload; the button brings it back.
	e.tabTo(`document.activeElement.id === "ai-close"`, true)
	e.do(chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.getElementById("ai-panel").hidden && document.activeElement.id === "ai-open" && !document.body.classList.contains("ai-docked")`)
	e.do(chromedp.Reload())
	e.waitFor(`document.getElementById("ai-panel").hidden && !document.getElementById("ai-open").hidden`)
	e.snap("assistant-05-desktop-closed")
	e.do(chromedp.Focus(chromedp.ID("ai-open")), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`!document.getElementById("ai-panel").hidden && document.activeElement.id === "ai-text"`)

	// Build mode: the conversation resumes beside the editor; a proposal
	// previews in the editor's frame, saved nowhere.
	versions, _ := a.SiteConfig.Versions(t.Context(), alpha.Tenant.ID, 50, 0)
	e.do(chromedp.Navigate(base + "/admin/site/pages/home"))
	e.waitFor(`document.querySelectorAll(".ai-card").length === 1 && document.querySelectorAll(".ai-user").length === 2`)
	const winter = "Winter weddings by candlelight"
	e.do(chromedp.Click(chromedp.ID("ai-text")), chromedp.KeyEvent("headline: "+winter), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.querySelectorAll(".ai-card .ai-approve").length === 1`)
	e.do(chromedp.Click(chromedp.CSS(".ai-card:has(.ai-approve) .ai-preview")))
	e.waitFor(previewHas(winter) + ` && document.querySelector(".ai-preview-note") && !document.querySelector(".ai-preview-note").hidden`)
	e.checkAxe(axe, "build mode")
	e.snap("assistant-06-build-mode")
	if after, _ := a.SiteConfig.Versions(t.Context(), alpha.Tenant.ID, 50, 0); len(after) != len(versions) {
		t.Fatalf("previewing a proposal saved a version: %d → %d", len(versions), len(after))
	}

	// A new chat starts empty; the earlier one is listed and resumes.
	e.do(chromedp.Click(chromedp.ID("ai-new")))
	e.waitFor(`document.querySelectorAll(".ai-msg").length === 0 && !document.getElementById("ai-intro").hidden`)
	e.do(chromedp.Click(chromedp.ID("ai-history-toggle")))
	e.waitFor(`document.querySelectorAll(".ai-conv").length === 1 && document.activeElement.classList.contains("ai-conv") &&
		document.getElementById("ai-history-toggle").getAttribute("aria-expanded") === "true"`)
	e.do(chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.querySelectorAll(".ai-card").length === 2 && document.getElementById("ai-history").hidden && document.activeElement.id === "ai-text"`)

	// Phone: a drawer behind a floating button.
	e.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(2)))
	e.do(chromedp.Navigate(base + "/admin"))
	e.waitFor(`document.getElementById("ai-panel").hidden && !document.getElementById("ai-open").hidden`)
	e.checkAxe(axe, "phone, drawer closed")
	e.snap("assistant-07-phone-closed")
	e.do(chromedp.Focus(chromedp.ID("ai-open")), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`(() => { const p = document.getElementById("ai-panel"), r = p.getBoundingClientRect(), h = document.getElementById("ai-handle").getBoundingClientRect();
		return !p.hidden && p.getAttribute("role") === "dialog" && p.getAttribute("aria-modal") === "true" &&
			document.activeElement.id === "ai-text" && document.querySelector(".shell").inert && document.querySelector(".skip-link").inert &&
			Math.abs(r.height - innerHeight * 0.85) < 2 && Math.abs(r.bottom - innerHeight) < 1 &&
			h.width >= 24 && h.height >= 24 && parseFloat(getComputedStyle(document.getElementById("ai-text")).fontSize) >= 16 &&
			document.getElementById("ai-open").getAttribute("aria-expanded") === "true" })()`)
	e.checkAxe(axe, "phone, drawer open")
	e.snap("assistant-08-phone-open")

	// Focus stays in the drawer, both ways round.
	for i := range 25 {
		e.do(chromedp.KeyEvent(kb.Tab))
		e.waitFor(`document.getElementById("ai-panel").contains(document.activeElement)`)
		if i == 0 {
			e.do(chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)), chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
			e.waitFor(`document.getElementById("ai-panel").contains(document.activeElement)`)
		}
	}
	// Escape closes it and focus goes back to its button.
	e.do(chromedp.KeyEvent(kb.Escape))
	e.waitFor(`document.getElementById("ai-panel").hidden && document.activeElement.id === "ai-open" && !document.querySelector(".shell").inert`)

	// The handle: a short drag snaps to half height, a long one dismisses.
	e.do(chromedp.Focus(chromedp.ID("ai-open")), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`document.activeElement.id === "ai-text"`)
	e.drag(300)
	e.waitFor(`document.getElementById("ai-panel").classList.contains("ai-half") && Math.abs(document.getElementById("ai-panel").getBoundingClientRect().height - innerHeight * 0.5) < 2`)
	e.drag(380)
	e.waitFor(`document.getElementById("ai-panel").hidden && document.activeElement.id === "ai-open"`)

	// The phone conversation: the card fits the drawer.
	e.do(chromedp.Click(chromedp.ID("ai-open")))
	e.waitFor(`document.activeElement.id === "ai-text"`)
	e.do(chromedp.KeyEvent("headline: Spring gardens, soft light"), chromedp.KeyEvent(kb.Enter))
	e.waitFor(`[...document.querySelectorAll(".ai-card")].some(c => c.innerText.includes("Spring gardens, soft light"))`)
	e.waitFor(`(() => { const b = document.getElementById("ai-body"); return b.scrollWidth <= b.clientWidth })()`)
	e.checkAxe(axe, "phone, proposal card")
	e.snap("assistant-09-phone-card")

	// Reduced motion: the drawer appears without sliding.
	e.waitFor(`getComputedStyle(document.getElementById("ai-panel")).transitionDuration !== "0s"`)
	if _, err := chromedp.Call(e.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}); err != nil {
		t.Fatal(err)
	}
	e.waitFor(`getComputedStyle(document.getElementById("ai-panel")).transitionDuration.split(",").every(d => d.trim() === "0s")`)

	// A tablet: the drawer, narrower, at the right.
	e.do(chromedp.EmulateViewport(820, 1180, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(2)))
	e.do(chromedp.Navigate(base + "/admin"))
	e.do(chromedp.Click(chromedp.ID("ai-open")))
	e.waitFor(`document.activeElement.id === "ai-text" && document.getElementById("ai-panel").getBoundingClientRect().width <= 560`)
	e.snap("assistant-12-tablet-open")

	// Desktop again: the spring proposal approved elsewhere makes the
	// winter one stale; its review page shows what approving does now.
	e.do(chromedp.EmulateViewport(1280, 800))
	props, err := a.SiteConfig.Proposals(t.Context(), alpha.Tenant.ID, siteconfig.ProposalPending, 10, 0)
	if err != nil || len(props) != 2 {
		t.Fatalf("pending proposals: %d, %v", len(props), err)
	}
	springP, winterP := props[0], props[1] // newest first
	if _, _, err := a.SiteConfig.Approve(t.Context(), alpha.Tenant.ID, springP.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	e.do(chromedp.Navigate(base + "/admin/proposals/" + winterP.ID))
	e.waitFor(`document.querySelector("main")?.innerText.includes("What approving does now")`)
	e.checkAxe(axe, "stale proposal")
	e.snap("assistant-10-proposal-rebased")
	e.do(chromedp.Navigate(base + "/admin/settings"))
	e.do(chromedp.Evaluate[chromedp.Void](`document.getElementById("assistant-limits").scrollIntoView()`))
	e.checkAxe(axe, "settings")
	e.snap("assistant-11-settings")
}

// axeSource is axe-core, vendored under testdata (never fetched at test time).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vendor", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkAxe runs axe-core on the dashboard document (not inside the
// preview frame, which is the storefront's) and fails on any violation.
func (e *e2e) checkAxe(axe, what string) {
	e.t.Helper()
	if _, err := chromedp.Run(e.ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined" || (function () { `+axe+`; return true })()`)); err != nil {
		e.t.Fatalf("axe (%s): load: %v", what, err)
	}
	out, err := chromedp.Run(e.ctx, chromedp.Evaluate[string](`axe.run(document, {iframes: false, resultTypes: ["violations"]}).then(r =>
		r.violations.map(v => v.impact + " " + v.id + ": " + v.help + "\n    " + v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary.replace(/\n/g, " ")).join("\n    ")).join("\n"))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		e.t.Fatalf("axe (%s): %v", what, err)
	}
	if out != "" {
		e.t.Errorf("axe found violations (%s):\n%s", what, out)
	}
}

// snap saves a screenshot of the viewport as it is (the panel's modes
// depend on the width, so nothing is resized).
func (e *e2e) snap(name string) {
	e.t.Helper()
	e.do(chromedp.Sleep(350 * time.Millisecond))
	img, err := chromedp.Run(e.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		e.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(e.dir, "dashboard-"+name+".png"), img, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

// tabTo presses Tab (Shift+Tab when back) until expr holds.
func (e *e2e) tabTo(expr string, back bool) {
	e.t.Helper()
	var opts []chromedp.KeyOption
	if back {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	for range 60 {
		ok, err := chromedp.Run(e.ctx, chromedp.Evaluate[bool]("Boolean("+expr+")"))
		if err == nil && ok {
			return
		}
		e.do(chromedp.KeyEvent(kb.Tab, opts...))
	}
	e.t.Fatalf("Tab never reached %s", expr)
}

// drag pulls the drawer's handle down by dy pixels with the pointer.
func (e *e2e) drag(dy float64) {
	e.t.Helper()
	pos, err := chromedp.Run(e.ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById("ai-handle").getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2] })()`))
	if err != nil {
		e.t.Fatal(err)
	}
	x, y := pos[0], pos[1]
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1))}
	for i := 1; i <= 6; i++ {
		steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y+dy*float64(i)/6, chromedp.ButtonLeft))
	}
	steps = append(steps, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x, y+dy, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	e.do(steps...)
}
