package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/browsertest"
	"mais/internal/siteconfig"
)

// TestWidgetTestimonialsStrip: a widget that opens on a package shows the
// home page's quotes where its layout puts them, as a strip that scrolls
// sideways inside the widget (the page itself never does), and the
// package list it links to shows them too.
func TestWidgetTestimonialsStrip(t *testing.T) {
	browsertest.Chromium(t)
	s := startShop(t)
	shots := browsertest.ScreenshotDir(t)
	browser := newBrowser(t, s)

	cfg := siteconfig.Default(s.tenant.Name)
	cfg.Pages.Home.Sections = append(cfg.Pages.Home.Sections, siteconfig.TestimonialsSection{Headline: "Kind words",
		Items: []siteconfig.Testimonial{
			{Quote: "She caught every tear, every laugh, and the moment my grandmother danced for the first time in years.", AuthorName: "Ana & Luis", Rating: 5},
			{Quote: "Calm, kind and somehow everywhere at once. The gallery arrived in two weeks.", AuthorName: "Priya & Sam", Rating: 5},
			{Quote: "The album is the most precious thing we own.", AuthorName: "Jonah", Rating: 4},
		}})
	cfg.Widget = siteconfig.WidgetLayout{Blocks: []string{siteconfig.WidgetTestimonials, siteconfig.WidgetAddOns, siteconfig.WidgetCalendar, siteconfig.WidgetDetails},
		ShowTestimonials: true, Start: siteconfig.WidgetStartPackage, Package: "classic-wedding"}
	s.publish(t, cfg, "widget with testimonials")

	tab, cancel := chromedp.NewContext(browser)
	defer cancel()
	must(t, chromedp.Do(tab, setViewport(phone), chromedp.Navigate(s.base+"/widget?tenant=willow"),
		chromedp.WaitVisible(chromedp.CSS(".widget-quotes"))))
	got, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".widget-quotes figcaption, [data-booking-form] legend")].map(e => e.textContent.replace(/\s+/g, " ").trim())`))
	must(t, err)
	if s := strings.Join(got, " | "); s != "Ana & Luis | Priya & Sam | Jonah | 1 Add extras (optional) | 2 Choose your date | 3 Your details" {
		t.Errorf("widget order: %s", s)
	}
	fits, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`))
	must(t, err)
	if !fits {
		t.Error("the strip widens the widget page on a phone")
	}
	shoot(t, tab, shots, "widget-testimonials-strip")

	must(t, chromedp.Do(tab, chromedp.Click(chromedp.CSS(".breadcrumb a")), chromedp.WaitVisible(chromedp.CSS(".card"))))
	waitText(t, tab, ".widget-quotes figcaption", "Ana & Luis")
	shoot(t, tab, shots, "widget-testimonials-list")
}
