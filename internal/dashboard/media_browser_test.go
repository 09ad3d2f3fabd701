package dashboard_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mais/internal/media/mediatest"
	"mais/internal/siteconfig"
)

// TestMediaLibraryBrowser drives the photo library in Chromium: two photos
// chosen at once upload one by one through the script; the gallery editor's
// "Add photos from your library" opens the picker, two photos are ticked in
// order and land in the gallery, the first then moves down, and the saved
// draft's preview shows them in that order.
func TestMediaLibraryBrowser(t *testing.T) {
	t.Parallel()
	a, base := browserApp(t, nil)
	alpha, _ := createTenant(t, a, "alpha")
	serve(t, a, base)
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "first-dance.jpg"), filepath.Join(dir, "toast.png")}
	os.WriteFile(files[0], mediatest.JPEGWithGPS(t, 1200, 800), 0o600)
	os.WriteFile(files[1], mediatest.PNG(t, 900, 600, false), 0o600)

	e := newE2E(t, base)
	e.login(alpha.AdminEmail)

	e.do(chromedp.Navigate(base+"/admin/media"), chromedp.SetUploadFiles(chromedp.ID("f-file"), files))
	e.waitFor(`document.querySelectorAll(".media-grid .media-tile img").length === 2 && [...document.querySelectorAll(".media-grid img")].every(i => i.naturalWidth > 0)`)
	list, err := a.Media.List(t.Context(), alpha.Tenant.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("library after the drop zone: %d, %v", len(list), err)
	}

	// The gallery page of the default site has one gallery section.
	e.do(chromedp.Navigate(base + "/admin/site/pages/gallery"))
	e.waitFor(`document.documentElement.classList.contains("js") && document.querySelector("[data-pick-images]") !== null`)
	e.do(chromedp.Click(chromedp.CSS("[data-pick-images]")))
	e.waitFor(`document.querySelectorAll("dialog.picker[open] .picker-item").length === 2`)
	// Tick toast (listed first, newest) after first-dance: order of ticking wins.
	e.do(chromedp.Click(chromedp.CSS(`.picker-item[aria-label^="first-dance"]`)),
		chromedp.Click(chromedp.CSS(`.picker-item[aria-label^="toast"]`)),
		chromedp.Click(chromedp.CSS(".picker-foot .btn-primary")))
	e.waitFor(`document.querySelectorAll(".gallery-item").length === 2`)
	urls, err := chromedp.Run(e.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".gallery-item input[type=url]")].map(i => i.value)`))
	if err != nil || len(urls) != 2 || !strings.Contains(urls[0], "/800x1200.jpg") || !strings.Contains(urls[1], "/900x600.jpg") {
		t.Fatalf("gallery after picking: %v %v", urls, err)
	}
	alts, _ := chromedp.Run(e.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".gallery-item input[name$='.alt']")].map(i => i.value)`))
	if len(alts) != 2 || alts[0] != "First dance" {
		t.Errorf("descriptions start from the file names: %v", alts)
	}
	e.do(chromedp.Click(chromedp.CSS(`button[value$=":0"][value^="item-down"]`)))
	e.waitFor(`document.querySelector(".gallery-item input[type=url]").value.includes("/900x600.jpg")`)
	e.do(chromedp.Click(chromedp.ID("save-draft")))
	e.waitFor(`document.querySelector(".flash-ok")?.innerText.includes("Draft saved")`)
	versions, _ := a.SiteConfig.Versions(t.Context(), alpha.Tenant.ID, 1, 0)
	_, cfg, err := a.SiteConfig.Preview(t.Context(), alpha.Tenant.ID, versions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := cfg.Pages.Gallery.Sections[0].(siteconfig.GallerySection)
	if !ok || len(g.Images) != 2 || !strings.HasSuffix(g.Images[0].URL, "/900x600.jpg") || g.Images[1].Alt != "First dance" {
		t.Fatalf("saved gallery: %+v", cfg.Pages.Gallery.Sections[0])
	}
	e.shot("media-gallery-editor")
}
