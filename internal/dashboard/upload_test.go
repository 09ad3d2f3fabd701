package dashboard_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/media/mediatest"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPhotoUpload: the package form's photo goes through the photo
// library: checked by content, re-encoded, stored under the tenant, served
// back; photos uploaded before the library are still served, and only
// names the old store made.
func TestPhotoUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	b := newBrowser(t, a.Handler())
	b.login(f.alpha.AdminEmail, password)
	pkgPage := "/admin/packages/" + f.alphaPkg.ID
	photoPath := pkgPage + "/photo"
	library := func() int {
		list, err := a.Media.List(t.Context(), f.alpha.Tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}

	t.Run("NotAnImage", func(t *testing.T) {
		p := b.upload(pkgPage, photoPath, "photo", "cat.png", []byte("<html><script>alert(1)</script></html>"))
		wantStatus(t, "html named .png", p, http.StatusBadRequest)
		if !strings.Contains(p.body, "must be a JPEG, PNG or WebP image") || !strings.Contains(p.body, `id="f-photo-error"`) {
			t.Errorf("no reason at the field:\n%s", snippet(p.body))
		}
		if n := library(); n != 0 {
			t.Fatalf("a refused upload was kept: %d", n)
		}
	})

	t.Run("TooLarge", func(t *testing.T) {
		big := append(pngBytes(t), make([]byte, 10<<20)...)
		p := b.upload(pkgPage, photoPath, "photo", "big.png", big)
		wantStatus(t, "photo past 10 MB", p, http.StatusRequestEntityTooLarge)
		if n := library(); n != 0 {
			t.Fatalf("a refused upload was kept: %d", n)
		}
	})

	t.Run("AnotherTenantsPackage", func(t *testing.T) {
		p := b.upload(pkgPage, "/admin/packages/"+f.bravoPkg.ID+"/photo", "photo", "ok.png", pngBytes(t))
		wantStatus(t, "upload to bravo's package", p, http.StatusNotFound)
		if n := library(); n != 0 {
			t.Fatalf("a refused upload was kept: %d", n)
		}
	})

	t.Run("OK", func(t *testing.T) {
		p := b.upload(pkgPage, photoPath, "photo", "me.gif", mediatest.JPEGWithGPS(t, 640, 480))
		wantStatus(t, "jpeg upload", p, http.StatusSeeOther)
		pkg, err := a.Store.PackageByID(t.Context(), f.alpha.Tenant.ID, f.alphaPkg.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		prefix := "http://mais.test/media/" + f.alpha.Tenant.ID + "/"
		if !strings.HasPrefix(pkg.PhotoURL, prefix) || !strings.HasSuffix(pkg.PhotoURL, "/480x640.jpg") {
			t.Fatalf("photoUrl %q, want %s…/480x640.jpg (turned upright)", pkg.PhotoURL, prefix)
		}
		if n := library(); n != 1 {
			t.Fatalf("library holds %d photos, want 1", n)
		}
		served := b.get(strings.TrimPrefix(pkg.PhotoURL, "http://mais.test"))
		wantStatus(t, "serve photo", served, http.StatusOK)
		if got := served.header.Get("Content-Type"); got != "image/jpeg" {
			t.Errorf("Content-Type %q, want image/jpeg", got)
		}
		if got := served.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("X-Content-Type-Options %q, want nosniff", got)
		}
		if strings.Contains(served.body, mediatest.GPSMarker) {
			t.Error("the served photo still carries its GPS block")
		}
	})

	t.Run("LegacyUploads", func(t *testing.T) {
		dir := filepath.Join(a.Config.DataDir, "uploads", f.alpha.Tenant.ID)
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		name := strings.Repeat("ab", 16) + ".png"
		if err := os.WriteFile(filepath.Join(dir, name), pngBytes(t), 0o640); err != nil {
			t.Fatal(err)
		}
		if p := b.get("/uploads/" + f.alpha.Tenant.ID + "/" + name); p.status != http.StatusOK || p.header.Get("Content-Type") != "image/png" {
			t.Errorf("old upload: %d %s", p.status, p.header.Get("Content-Type"))
		}
		for _, path := range []string{
			"/uploads/" + f.alpha.Tenant.ID + "/..%2f..%2fjwt_secret",
			"/uploads/" + f.alpha.Tenant.ID + "/jwt_secret",
			"/uploads/..%2f/jwt_secret",
			"/uploads/" + f.alpha.Tenant.ID + "/00000000000000000000000000000000.png",
		} {
			if p := b.get(path); p.status != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, p.status)
			}
		}
	})
}

// TestPhotoQuota: a tenant's library stays within MAIS_MEDIA_QUOTA_MB. An
// upload past it is refused with 413 and the reason next to the field, on
// the package form and on the library page, and is not kept; another
// tenant's room is its own.
func TestPhotoQuota(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"MAIS_MEDIA_QUOTA_MB": "1"})
	a := f.app
	photo := mediatest.Noise(t, 900, 650, 1) // most of 1 MB once stored
	count := func(tenantID string) int {
		list, _ := a.Media.List(t.Context(), tenantID)
		return len(list)
	}
	alpha := newBrowser(t, a.Handler())
	alpha.login(f.alpha.AdminEmail, password)
	pkgPage := "/admin/packages/" + f.alphaPkg.ID

	wantStatus(t, "first photo", alpha.upload(pkgPage, pkgPage+"/photo", "photo", "one.png", photo), http.StatusSeeOther)

	p := alpha.upload(pkgPage, pkgPage+"/photo", "photo", "two.png", mediatest.Noise(t, 900, 650, 2))
	wantStatus(t, "second photo on the package form", p, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.body, `id="f-photo-error"`) || !strings.Contains(p.body, "does not fit in your 1 MB of photo storage") {
		t.Errorf("no quota reason next to the photo field:\n%s", snippet(p.body))
	}
	p = alpha.upload("/admin/media", "/admin/media", "file", "two.png", mediatest.Noise(t, 900, 650, 3))
	wantStatus(t, "second photo on the library page", p, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.body, `id="f-file-error"`) || !strings.Contains(p.body, "two.png: does not fit in your 1 MB") {
		t.Errorf("no quota reason next to the library's file field:\n%s", snippet(p.body))
	}
	if n := count(f.alpha.Tenant.ID); n != 1 {
		t.Errorf("alpha keeps %d photos, want 1 (refused uploads leave nothing)", n)
	}
	// A small photo still fits in what is left.
	wantStatus(t, "small photo", alpha.upload("/admin/media", "/admin/media", "file", "small.png", pngBytes(t)), http.StatusSeeOther)

	bravo := newBrowser(t, a.Handler())
	bravo.login(f.bravo.AdminEmail, password)
	bravoPkg := "/admin/packages/" + f.bravoPkg.ID
	wantStatus(t, "bravo's first photo", bravo.upload(bravoPkg, bravoPkg+"/photo", "photo", "one.png", photo), http.StatusSeeOther)
}

// TestMediaPage: the library lists the tenant's photos only, and a photo
// is deleted from it; another tenant's id is 404.
func TestMediaPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	alpha := newBrowser(t, a.Handler())
	alpha.login(f.alpha.AdminEmail, password)
	bravo := newBrowser(t, a.Handler())
	bravo.login(f.bravo.AdminEmail, password)

	wantStatus(t, "upload", alpha.upload("/admin/media", "/admin/media", "file", "first-dance.jpg", mediatest.JPEGWithGPS(t, 1200, 800)), http.StatusSeeOther)
	list, _ := a.Media.List(t.Context(), f.alpha.Tenant.ID)
	if len(list) != 1 {
		t.Fatalf("library: %+v", list)
	}
	v := list[0]
	page := alpha.get("/admin/media")
	wantStatus(t, "library page", page, http.StatusOK)
	if !strings.Contains(page.body, v.Thumb()) || !strings.Contains(page.body, "first-dance.jpg") || !strings.Contains(page.body, "data-dropzone") {
		t.Errorf("library page lacks the photo or the drop zone:\n%s", snippet(page.body))
	}
	if p := bravo.get("/admin/media"); strings.Contains(p.body, v.ID) {
		t.Error("bravo's library shows alpha's photo")
	}
	if p := bravo.get("/admin/media/picker"); p.status != http.StatusOK || strings.TrimSpace(p.body) != "[]" {
		t.Errorf("bravo's picker: %d %s", p.status, p.body)
	}
	if p := alpha.get("/admin/media/picker"); !strings.Contains(p.body, `"url":"`+v.URL+`"`) {
		t.Errorf("alpha's picker: %s", p.body)
	}
	wantStatus(t, "bravo deletes alpha's", bravo.post("/admin/media/"+v.ID+"/delete", url.Values{}), http.StatusNotFound)
	wantStatus(t, "delete", alpha.post("/admin/media/"+v.ID+"/delete", url.Values{}), http.StatusSeeOther)
	if list, _ := a.Media.List(t.Context(), f.alpha.Tenant.ID); len(list) != 0 {
		t.Errorf("after delete: %+v", list)
	}
}
