// Package e2e drives a whole MAIS in a real headless Chromium: a couple
// books on a tenant's site, a custom domain renders, and the widget books
// from inside an iframe on another site.
package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/booking"
	"mais/internal/browsertest"
	"mais/internal/catalog"
	"mais/internal/storefront"
	"mais/internal/tenant"
	"mais/internal/testport"
)

// freePort finds a port for the server, which must know its own address
// before it starts (checkout URLs point at it).
// freePort is a port for a server the test starts later (see testport).
func freePort(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

// shop is a tenant with packages, set up through the real services.
type shop struct {
	a      *app.App
	base   string
	port   int
	tenant tenant.Tenant
	dates  struct{ free, taken, widget string }
}

// newWillowApp makes an App on kind's store for a free port of 127.0.0.1
// (not started yet: the caller adds its packages, then Starts it on
// 127.0.0.1:port), with env added, and creates the tenant willow in it.
func newWillowApp(t *testing.T, kind string, env apptest.Env) (a *app.App, base string, port int, created tenant.Created) {
	t.Helper()
	port = freePort(t)
	base = "http://127.0.0.1:" + strconv.Itoa(port)
	full := apptest.Env{"PORT": strconv.Itoa(port), "PUBLIC_BASE_URL": base,
		"MAIS_KNOWN_DOMAINS": "localhost,127.0.0.1", "MAIS_RATE_LIMITS": "off"}
	for k, v := range env {
		full[k] = v
	}
	a = apptest.New(t, kind, full)
	created, err := a.Tenants.Create(context.Background(), tenant.CreateInput{Slug: "willow", Name: "Willow & Pine Photography",
		Email: "owner@willow.example", Password: "correct horse battery", CommissionPercent: 10, TimeZone: "America/Chicago"})
	if err != nil {
		t.Fatal(err)
	}
	return a, base, port, created
}

func startShop(t *testing.T) *shop {
	t.Helper()
	a, base, port, created := newWillowApp(t, "sqlite", nil)
	ctx := context.Background()
	domain := "shop.willow-photos.com"
	tn, err := a.Tenants.Update(ctx, created.Tenant.ID, tenant.Update{CustomDomain: &domain})
	if err != nil {
		t.Fatal(err)
	}
	offers := []struct {
		slug, name, desc string
		cents            int64
		addOns           [][2]string
	}{
		{"elopement", "Elopement", "Two hours of coverage for an intimate ceremony, and 150 edited images in an online gallery.", 150000, nil},
		{"classic-wedding", "Classic Wedding", "Eight hours from getting ready to the first dance, a second shooter for the ceremony, and 600 edited images.", 420000,
			[][2]string{{"engagement-session", "Engagement session"}, {"heirloom-album", "Heirloom album"}}},
		{"full-weekend", "Full Weekend", "Rehearsal dinner, wedding day and farewell brunch with two photographers.", 780000,
			[][2]string{{"drone", "Drone coverage"}}},
	}
	for i, o := range offers {
		p, err := a.Store.CreatePackage(ctx, catalog.Package{TenantID: tn.ID, Slug: o.slug, Name: o.name, Description: o.desc,
			BasePriceCents: o.cents, Active: true, SortOrder: i})
		if err != nil {
			t.Fatal(err)
		}
		for j, ad := range o.addOns {
			if _, err := a.Store.CreateAddOn(ctx, catalog.AddOn{TenantID: tn.ID, PackageID: p.ID, Slug: ad[0], Name: ad[1],
				Description: "A lovely extra.", PriceCents: int64(60000 + 30000*j), Active: true, SortOrder: j}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := a.Start(ctx, "127.0.0.1:"+strconv.Itoa(port)); err != nil {
		t.Fatal(err)
	}
	s := &shop{a: a, base: base, port: port, tenant: tn}
	// All dates are in the next month of the app's clock, which the
	// calendar reaches with its "next month" link.
	now := a.Now().In(tn.Location())
	next := time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	s.dates.free = next.AddDate(0, 0, 14).Format(time.DateOnly)
	s.dates.taken = next.AddDate(0, 0, 15).Format(time.DateOnly)
	s.dates.widget = next.AddDate(0, 0, 16).Format(time.DateOnly)
	in := booking.CheckoutInput{PackageID: "elopement", Date: s.dates.taken}
	in.Customer.Name, in.Customer.Email = "Someone Else", "else@example.com"
	if _, err := a.Booking.Checkout(ctx, tn, in); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *shop) paidBookings(t *testing.T) []booking.Booking {
	t.Helper()
	all, err := s.a.Store.ListBookings(context.Background(), s.tenant.ID, booking.ListFilter{Statuses: []booking.Status{booking.StatusPaid}})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	phone   = viewport{"phone", 390, 844, true}
	desktop = viewport{"desktop", 1280, 800, false}
)

func setViewport(v viewport) chromedp.Action[chromedp.Void] {
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// shoot saves a full-page screenshot of the current page at both widths.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	for _, v := range []viewport{phone, desktop} {
		if err := chromedp.Do(ctx, setViewport(v), chromedp.Sleep(150*time.Millisecond)); err != nil {
			t.Fatalf("viewport %s: %v", v.name, err)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+"-"+v.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, setViewport(desktop)); err != nil {
		t.Fatal(err)
	}
}

func newBrowser(t *testing.T, s *shop) context.Context {
	t.Helper()
	return browsertest.New(t, 4*time.Minute,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable"),
		chromedp.Flag("host-resolver-rules", "MAP shop.willow-photos.com 127.0.0.1"),
		chromedp.WindowSize(1280, 800),
	)
}

func TestStorefrontInBrowser(t *testing.T) {
	browsertest.Chromium(t)
	s := startShop(t)
	shots := browsertest.ScreenshotDir(t)
	browser := newBrowser(t, s)

	t.Run("a couple books a package with an add-on", func(t *testing.T) {
		ctx, cancel := chromedp.NewContext(browser)
		defer cancel()
		site := s.base + "/t/willow"
		must(t, chromedp.Do(ctx, setViewport(desktop), chromedp.Navigate(site), chromedp.WaitVisible(chromedp.CSS(".hero-title"))))
		shoot(t, ctx, shots, "home")

		must(t, chromedp.Do(ctx, chromedp.Navigate(site+"/services"), chromedp.WaitVisible(chromedp.CSS(".cards"))))
		shoot(t, ctx, shots, "services")

		must(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`a[href="/t/willow/services/classic-wedding"]`)),
			chromedp.WaitVisible(chromedp.CSS("[data-booking-form]")),
		))
		// The month changes in place (script) and the held date is closed.
		nextLabel := monthLabel(s.dates.free)
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".cal-head a.cal-nav:last-of-type"))))
		waitText(t, ctx, "#cal-title", nextLabel)
		disabled, err := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(dateInput(s.dates.taken)), "disabled"))
		must(t, err)
		if !disabled {
			t.Fatalf("the held date %s can be chosen", s.dates.taken)
		}
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(dateInput(s.dates.taken)))))
		if checked, _ := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(dateInput(s.dates.taken)), "checked")); checked {
			t.Fatal("clicking a taken date selected it")
		}

		must(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS("#addon-heirloom-album")),
			chromedp.Click(chromedp.CSS(dateInput(s.dates.free))),
			chromedp.SendKeys(chromedp.CSS("#f-name"), "Sam & Alex Rivera"),
			chromedp.SendKeys(chromedp.CSS("#f-email"), "sam@example.com"),
		))
		waitText(t, ctx, "#total", "$5,100")
		// The calendar works from the keyboard: down and up move a week.
		weekLater := addDays(s.dates.free, 7)
		must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(dateInput(s.dates.free))), chromedp.KeyEvent(kb.ArrowDown)))
		if checked, _ := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(dateInput(weekLater)), "checked")); !checked {
			t.Errorf("ArrowDown did not select %s", weekLater)
		}
		must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp)))
		if checked, _ := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(dateInput(s.dates.free)), "checked")); !checked {
			t.Errorf("ArrowUp did not return to %s", s.dates.free)
		}
		waitText(t, ctx, "[data-cal-selected]", longDate(s.dates.free))
		shoot(t, ctx, shots, "package")
		must(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(".checkout-amount")),
		))
		waitText(t, ctx, ".checkout-amount", "$5,100")
		waitText(t, ctx, ".checkout-merchant", "Willow & Pine Photography")
		shoot(t, ctx, shots, "checkout")

		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".button-pay")), chromedp.WaitVisible(chromedp.CSS(".result-paid"))))
		waitText(t, ctx, "h1", "You're booked!")
		shoot(t, ctx, shots, "success")

		paid := s.paidBookings(t)
		if len(paid) != 1 || paid[0].Date != s.dates.free || paid[0].TotalCents != 510000 || len(paid[0].AddOnIDs) != 1 ||
			paid[0].Customer.Email != "sam@example.com" {
			t.Fatalf("paid bookings = %+v", paid)
		}
	})

	t.Run("the custom domain renders the site", func(t *testing.T) {
		ctx, cancel := chromedp.NewContext(browser)
		defer cancel()
		must(t, chromedp.Do(ctx, setViewport(desktop),
			chromedp.Navigate(fmt.Sprintf("http://shop.willow-photos.com:%d/about", s.port)),
			chromedp.WaitVisible(chromedp.CSS("h1"))))
		waitText(t, ctx, "h1", "About Willow & Pine Photography")
		href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('nav a[href$="services"]').getAttribute('href')`))
		must(t, err)
		if href != "/services" {
			t.Errorf("services link on the custom domain = %q, want /services", href)
		}
		// The stylesheets loaded: the theme's primary color reached the page.
		color, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.documentElement).getPropertyValue('--primary').trim()`))
		must(t, err)
		if color != "#7b3f4e" {
			t.Errorf("theme not applied on the custom domain: --primary = %q", color)
		}
		shoot(t, ctx, shots, "custom-domain")
	})

	t.Run("the widget books from an iframe on another site", func(t *testing.T) {
		parent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our wedding blog</title></head><body style="margin:0;font-family:sans-serif;background:#eef2f0">
<header style="padding:16px 20px;background:#26443a;color:#fff"><strong>Jane &amp; Co. Wedding Blog</strong></header>
<div style="padding:16px">
<h1 style="font-size:1.4rem">Book your photographer</h1>
%s</div></body></html>`, snippet(s))
		}))
		defer parent.Close()

		ctx, cancel := chromedp.NewContext(browser)
		defer cancel()
		must(t, chromedp.Do(ctx, setViewport(phone), chromedp.Navigate(parent.URL), chromedp.WaitVisible(chromedp.CSS("iframe"))))
		frame := iframe(t, ctx)
		must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".cards"), chromedp.FromNode(frame))))
		// The widget told the page its height and the embed script applied it.
		height, err := chromedp.Run(ctx, chromedp.Poll[int](
			`parseInt(document.querySelector('iframe').style.height, 10) > 800 && parseInt(document.querySelector('iframe').style.height, 10)`,
			chromedp.WithPollingTimeout(10*time.Second)))
		must(t, err)
		t.Logf("widget height reported to the parent: %dpx", height)
		// MAISWidget.refresh() from the parent reloads the widget: a marker
		// set in the widget's window is gone afterwards.
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`(window.__marked = true)`, chromedp.WithPollingInFrame(frame)))
		must(t, err)
		must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.MAISWidget.refresh()`)))
		deadline := time.Now().Add(10 * time.Second)
		for {
			frame = waitFrame(t, ctx, ".cards")
			qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			reloaded, err := chromedp.Run(qctx, chromedp.Poll[bool](`window.__marked !== true`, chromedp.WithPollingInFrame(frame)))
			cancel()
			if err == nil && reloaded {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the widget did not reload on the parent's refresh message")
			}
		}
		shoot(t, ctx, shots, "widget")

		frameDo(t, ctx, ".cards", func(frame *chromedp.Node) chromedp.Action[chromedp.Void] {
			return chromedp.Click(chromedp.CSS(`a[href*="package=classic-wedding"]`), chromedp.FromNode(frame))
		})
		frame = frameDo(t, ctx, "[data-booking-form]", func(frame *chromedp.Node) chromedp.Action[chromedp.Void] {
			return chromedp.Click(chromedp.CSS(".cal-head a.cal-nav:last-of-type"), chromedp.FromNode(frame))
		})
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](
			fmt.Sprintf(`document.querySelector('#cal-title').textContent.trim() === %q`, monthLabel(s.dates.widget)),
			chromedp.WithPollingInFrame(frame), chromedp.WithPollingTimeout(10*time.Second)))
		must(t, err)
		if disabled, _ := chromedp.Run(ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(dateInput(s.dates.free)), "disabled", chromedp.FromNode(frame))); !disabled {
			t.Errorf("the date booked a moment ago is offered in the widget")
		}
		frameDo(t, ctx, "[data-booking-form]", func(frame *chromedp.Node) chromedp.Action[chromedp.Void] {
			// Safe to repeat: a field is typed into only while empty and the
			// add-on is clicked only while unticked.
			return chromedp.Steps(
				chromedp.Click(chromedp.CSS(dateInput(s.dates.widget)), chromedp.FromNode(frame)),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					ticked, err := chromedp.JavascriptAttribute[bool](chromedp.CSS("#addon-engagement-session"), "checked", chromedp.FromNode(frame))(ctx, tg)
					if err != nil || ticked {
						return err
					}
					_, err = chromedp.Click(chromedp.CSS("#addon-engagement-session"), chromedp.FromNode(frame))(ctx, tg)
					return err
				}),
				typeOnce("#f-name", "Jo Park", frame),
				typeOnce("#f-email", "jo@example.com", frame),
				chromedp.Click(chromedp.CSS("button[type=submit]"), chromedp.FromNode(frame)),
			)
		})
		waitFrame(t, ctx, "[data-checkout-link]")
		shoot(t, ctx, shots, "widget-continue")
		frameDo(t, ctx, "[data-checkout-link]", func(frame *chromedp.Node) chromedp.Action[chromedp.Void] {
			return chromedp.Click(chromedp.CSS("[data-checkout-link]"), chromedp.FromNode(frame))
		})
		must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".button-pay"))))
		loc, err := chromedp.Run(ctx, chromedp.Location())
		must(t, err)
		if !strings.HasPrefix(loc, s.base+"/checkout/mock/") {
			t.Fatalf("the payment page opened at %s, want the whole window on the checkout page", loc)
		}
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".button-pay")), chromedp.WaitVisible(chromedp.CSS(".result-paid"))))
		paid := s.paidBookings(t)
		var found bool
		for _, b := range paid {
			found = found || b.Date == s.dates.widget && b.Customer.Email == "jo@example.com" && len(b.AddOnIDs) == 1
		}
		if !found {
			t.Fatalf("the widget booking is not among the paid bookings: %+v", paid)
		}
	})
}

func snippet(s *shop) string {
	return strings.Replace(storefront.EmbedSnippet(s.base, s.tenant), "height:760px", "height:600px", 1)
}

func iframe(t *testing.T, ctx context.Context) *chromedp.Node {
	t.Helper()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe")))
	must(t, err)
	return nodes[0]
}

// waitFrame waits until the iframe's current document shows sel, and
// returns the iframe's node for that document.
func waitFrame(t *testing.T, ctx context.Context, sel string) *chromedp.Node {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		frame := iframe(t, ctx)
		qctx, cancel := context.WithTimeout(ctx, time.Second)
		err := chromedp.Do(qctx, chromedp.WaitVisible(chromedp.CSS(sel), chromedp.FromNode(frame)))
		cancel()
		if err == nil {
			return frame
		}
	}
	t.Fatalf("the widget never showed %s", sel)
	return nil
}

// frameDo runs the actions act builds inside the widget iframe's current
// document, which must show sel, and returns the iframe's node. Chromium can
// give the iframe a new document (the widget reloads or re-renders) between
// finding the node and using it; chromedp would then wait forever on a node
// that is gone. So each try has a deadline and starts from a freshly found
// document, and act must build actions that are safe to repeat. A try that
// already moved the page on (sel no longer shows) is not repeated.
func frameDo(t *testing.T, ctx context.Context, sel string, act func(frame *chromedp.Node) chromedp.Action[chromedp.Void]) *chromedp.Node {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		frame := waitFrame(t, ctx, sel)
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.Do(qctx, act(frame))
		cancel()
		if err == nil {
			return frame
		}
		if time.Now().After(deadline) {
			t.Fatalf("in the widget showing %s: %v", sel, err)
		}
		t.Logf("in the widget showing %s: %v; trying again in its current document", sel, err)
	}
}

// typeOnce types text into the field sel inside frame unless the field
// already holds it, so a repeated try does not type it twice.
func typeOnce(sel, text string, frame *chromedp.Node) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.JavascriptAttribute[string](chromedp.CSS(sel), "value", chromedp.FromNode(frame))(ctx, tg)
		if err != nil || v == text {
			return err
		}
		if v != "" {
			return fmt.Errorf("%s holds %q, want empty or %q", sel, v, text)
		}
		_, err = chromedp.SendKeys(chromedp.CSS(sel), text, chromedp.FromNode(frame))(ctx, tg)
		return err
	})
}

func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	var got string
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err == nil && strings.Contains(v, want) {
			return
		}
		got = v
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s shows %q, want %q", sel, got, want)
}

func addDays(date string, n int) string {
	d, _ := time.Parse(time.DateOnly, date)
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

func dateInput(date string) string { return `input[name=date][value="` + date + `"]` }

func monthLabel(date string) string {
	d, _ := time.Parse(time.DateOnly, date)
	return d.Format("January 2006")
}

func longDate(date string) string {
	d, _ := time.Parse(time.DateOnly, date)
	return d.Format("Monday, January 2, 2006")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
