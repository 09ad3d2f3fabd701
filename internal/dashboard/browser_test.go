package dashboard_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mais/internal/browsertest"
	"mais/internal/siteconfig"
	"mais/internal/testport"
)

// TestBrowser drives the dashboard in Chromium: a tenant admin edits the
// hero headline in a draft, previews it, publishes it and sees it on the
// public site; reviews an agent's proposal in the diff view and approves
// it; and rolls back to the first version. Screenshots of each screen at
// phone and desktop widths go to test-artifacts/screenshots/.
func TestBrowser(t *testing.T) {
	t.Parallel()
	a, base := browserApp(t, nil)
	alpha, pkg := createTenant(t, a, "alpha")
	// Days ahead of the app's clock, which may be the last day of a month:
	// the calendar is opened at the month of the first booking.
	first := book(t, a, alpha, pkg.ID, 4)
	book(t, a, alpha, pkg.ID, 11)
	if _, err := a.CreatePlatformAdmin(t.Context(), "root@mais.example", password); err != nil {
		t.Fatal(err)
	}
	serve(t, a, base)

	e := newE2E(t, base)
	const (
		original = "Your day, thoughtfully taken care of"
		edited   = "Golden hour weddings, told honestly"
		proposed = "Stories told in light"
	)

	// Log in.
	e.do(chromedp.Navigate(base + "/admin/login"))
	e.shot("01-login")
	e.do(chromedp.SendKeys(chromedp.ID("f-email"), alpha.AdminEmail),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Overview")
	// No assistant is configured: on a desktop its panel starts closed
	// behind its button, so its note does not take 400 px of every page.
	e.do(chromedp.EmulateViewport(1280, 800))
	e.waitFor(`!document.body.classList.contains("ai-docked") && document.getElementById("ai-panel").hidden && !document.querySelector(".ai-fab").hidden`)
	e.shot("02-overview")
	e.do(chromedp.Navigate(base + "/admin/bookings/calendar?month=" + first.Date[:7]))
	e.waitFor(`document.querySelectorAll(".cal .chip-PAID").length >= 1 || document.querySelectorAll(".agenda li").length >= 1`)
	e.shot("03-calendar")

	// Upload a package photo through the real multipart form.
	photo := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(photo, samplePhoto(t), 0o600); err != nil {
		t.Fatal(err)
	}
	e.do(chromedp.Navigate(base+"/admin/packages/"+pkg.ID),
		chromedp.SetUploadFiles(chromedp.ID("f-photo"), []string{photo}),
		chromedp.Click(chromedp.CSS(".upload-form button[type=submit]")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Photo uploaded") && document.querySelector("img.pkg-photo")?.naturalWidth > 0`)
	e.shot("04-package")

	// Edit the hero headline: the preview follows the typing before
	// anything is saved, then shows the saved draft.
	e.do(chromedp.Navigate(base+"/admin/site/pages/home"),
		chromedp.WaitVisible(chromedp.ID("f-pages-home-sections-0-headline")),
		chromedp.Clear(chromedp.ID("f-pages-home-sections-0-headline")),
		chromedp.SendKeys(chromedp.ID("f-pages-home-sections-0-headline"), edited))
	e.waitFor(previewHas(edited))
	if list, _ := a.SiteConfig.Versions(t.Context(), alpha.Tenant.ID, 10, 0); len(list) != 1 {
		t.Fatalf("the live preview saved something: %d versions", len(list))
	}
	e.do(chromedp.Click(chromedp.ID("save-draft")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Draft saved")`)
	e.waitFor(previewHas(edited))
	e.shot("05-editor")
	if got := e.publicText(); bytes.Contains([]byte(got), []byte(edited)) {
		t.Fatal("the draft is public before publishing")
	}
	e.do(chromedp.Navigate(base+"/admin/site/pages/home"), chromedp.Click(chromedp.ID("publish-draft")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Published")`)
	e.do(chromedp.Navigate(base + "/t/alpha"))
	e.waitText("h1", edited)
	e.shot("06-storefront")

	// An agent proposes a headline; the admin reviews the diff and approves.
	ctx := context.Background()
	live, err := a.SiteConfig.Published(ctx, alpha.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	agent, _, err := a.SiteConfig.CreateAgent(ctx, alpha.Tenant.ID, "Copy assistant")
	if err != nil {
		t.Fatal(err)
	}
	prop, err := a.SiteConfig.Propose(ctx, agent, siteconfig.ProposalInput{BaseVersionID: live.ID,
		Patch: []byte(`[{"op":"replace","path":"/pages/home/sections/0/headline","value":"` + proposed + `"},` +
			`{"op":"replace","path":"/pages/home/sections/0/ctaText","value":"See open dates"}]`),
		Rationale: "Couples respond to warmer, more personal headlines; this one names what you do in five words."})
	if err != nil {
		t.Fatal(err)
	}
	e.do(chromedp.Navigate(base+"/admin/proposals"), chromedp.Click(chromedp.CSS(`a[href="/admin/proposals/`+prop.ID+`"]`)))
	e.waitFor(`document.querySelector("table.diff")?.innerText.includes("` + proposed + `") && document.querySelector("table.diff").innerText.includes("` + edited + `")`)
	e.shot("07-proposal")
	e.do(chromedp.Click(chromedp.ID("approve")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Approved and published")`)
	e.do(chromedp.Navigate(base + "/t/alpha"))
	e.waitText("h1", proposed)

	// Roll back to the very first version.
	e.do(chromedp.Navigate(base + "/admin/versions"))
	e.shot("08-versions")
	e.do(chromedp.Click(chromedp.CSS(`table.versions tbody tr:last-child form[action$="/rollback"] button`)))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Rolled back")`)
	e.do(chromedp.Navigate(base + "/t/alpha"))
	e.waitText("h1", original)

	// The other tenant screens, for the screenshots.
	e.do(chromedp.Navigate(base + "/admin/site"))
	e.shot("11-site")
	e.do(chromedp.Navigate(base+"/admin/agents"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Booking assistant"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/agents"] button`)))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("ag_live_alpha_")`)
	e.shot("12-agents")
	e.do(chromedp.Navigate(base + "/admin/audit"))
	e.shot("13-audit")
	e.do(chromedp.Navigate(base + "/admin/embed"))
	e.shot("14-embed")
	e.do(chromedp.Navigate(base+"/admin/bookings"), chromedp.Click(chromedp.CSS("table.data tbody tr:first-child a")))
	e.waitText("h2", "Customer")
	e.shot("15-booking")

	// The platform admin's screens.
	e.do(chromedp.Navigate(base+"/admin"), chromedp.Click(chromedp.CSS(".logout-form button")))
	e.waitFor(`location.pathname === "/admin/login"`)
	e.do(chromedp.SendKeys(chromedp.ID("f-email"), "root@mais.example"),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("button[type=submit]")))
	e.waitText("h1", "Tenants")
	e.do(chromedp.Navigate(base+"/admin/platform/tenants/new"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Fern & Field Events"),
		chromedp.SendKeys(chromedp.ID("f-slug"), "fern-field"),
		chromedp.SendKeys(chromedp.ID("f-email"), "hello@fernfield.example"),
		chromedp.SendKeys(chromedp.ID("f-password"), "a-long-first-password"),
		chromedp.Click(chromedp.CSS(`form[action="/admin/platform/tenants/new"] button`)))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("sk_live_fern-field_")`)
	e.shot("09-tenant-created")
	e.do(chromedp.Navigate(base + "/admin/platform"))
	e.shot("10-tenants")
}

// previewHas is true once the editor's preview frame shows text.
func previewHas(text string) string {
	return `document.getElementById("preview")?.contentDocument?.body?.innerText.includes(` + strconv.Quote(text) + `)`
}

type e2e struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
}

func newE2E(t *testing.T, base string) *e2e {
	t.Helper()
	ctx := browsertest.New(t, 3*time.Minute, chromedp.Flag("hide-scrollbars", true))
	e := &e2e{t: t, ctx: ctx, base: base, dir: browsertest.ScreenshotDir(t)}
	e.do(chromedp.EmulateViewport(1280, 900))

	// Buttons with data-confirm open a confirm dialog: accept it, as a
	// person who meant to press the button would.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return e
}

func (e *e2e) do(steps ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	if err := chromedp.Do(e.ctx, steps...); err != nil {
		e.t.Fatalf("browser: %v (at %s)", err, e.location())
	}
}

func (e *e2e) location() string {
	ctx, cancel := context.WithTimeout(e.ctx, 2*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// waitFor waits until a JavaScript expression is true. It evaluates the
// expression again and again rather than with one Poll, because a click
// that submits a form navigates away in the middle of a poll.
func (e *e2e) waitFor(expr string) {
	e.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(e.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(e.ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 1500) : ""`))
			e.t.Fatalf("waiting for %s (last error %v)\nat %s:\n%s", expr, err, e.location(), body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the first element matching sel holds text.
func (e *e2e) waitText(sel, text string) {
	e.t.Helper()
	e.waitFor(`document.querySelector(` + strconv.Quote(sel) + `)?.innerText.includes(` + strconv.Quote(text) + `)`)
}

// publicText is the text of the public home page, read in a second tab.
func (e *e2e) publicText() string {
	e.t.Helper()
	tab, cancel := chromedp.NewContext(e.ctx)
	defer cancel()
	if err := chromedp.Do(tab, chromedp.Navigate(e.base+"/t/alpha")); err != nil {
		e.t.Fatal(err)
	}
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		e.t.Fatal(err)
	}
	return text
}

// shot saves full-page screenshots of the current page at desktop (1280
// px) and phone (390 px) widths.
func (e *e2e) shot(name string) {
	e.t.Helper()
	sizes := []struct {
		suffix string
		steps  chromedp.Action[chromedp.Void]
	}{
		{"desktop", chromedp.EmulateViewport(1280, 900)},
		{"phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(2))},
	}
	for _, s := range sizes {
		e.do(s.steps, chromedp.Sleep(300*time.Millisecond))
		// Make the viewport as tall as the page, so what sticks to the
		// viewport (the sidebar, the editor's save bar) is drawn where a
		// person scrolling would see it, not in the middle of the picture.
		// Elements sized by the viewport grow with it, so measure again
		// until the height settles.
		width := int64(1280)
		opts := []chromedp.EmulateViewportOption{}
		if s.suffix == "phone" {
			width = 390
			opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait, chromedp.EmulateScale(2))
		}
		var last int64
		for range 4 {
			height, err := chromedp.Run(e.ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
			if err != nil {
				e.t.Fatal(err)
			}
			if height == last {
				break
			}
			last = min(height, 8000)
			e.do(chromedp.EmulateViewport(width, last, opts...), chromedp.Sleep(200*time.Millisecond))
		}
		img, err := chromedp.Run(e.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			e.t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(e.dir, fmt.Sprintf("dashboard-%s-%s.png", name, s.suffix))
		if err := os.WriteFile(path, img, 0o644); err != nil {
			e.t.Fatal(err)
		}
	}
	e.do(chromedp.EmulateViewport(1280, 900))
}

// freePort is a port for a server the test starts later (see testport).
func freePort(t *testing.T) string {
	t.Helper()
	return strconv.Itoa(testport.Free(t))
}

// samplePhoto is a soft gradient, so screenshots show a real image.
func samplePhoto(t *testing.T) []byte {
	t.Helper()
	const w, h = 800, 600
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{R: uint8(180 + 60*x/w), G: uint8(140 + 50*y/h), B: uint8(150 + 40*(w-x)/w), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
