package dashboard_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mais/internal/app/apptest"
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

func TestPhotoUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", nil)
	a := f.app
	uploads := filepath.Join(a.Config.DataDir, "uploads")
	b := newBrowser(t, a.Handler())
	b.login(f.alpha.AdminEmail, password)
	pkgPage := "/admin/packages/" + f.alphaPkg.ID
	photoPath := pkgPage + "/photo"

	stored := func() []string {
		var files []string
		filepath.WalkDir(uploads, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		return files
	}

	t.Run("NotAnImage", func(t *testing.T) {
		p := b.upload(pkgPage, photoPath, "photo", "cat.png", []byte("<html><script>alert(1)</script></html>"))
		wantStatus(t, "html named .png", p, http.StatusBadRequest)
		if !strings.Contains(p.body, "must be a JPEG, PNG or WebP image") {
			t.Errorf("no reason shown:\n%s", snippet(p.body))
		}
		if files := stored(); len(files) != 0 {
			t.Fatalf("a refused upload left files: %v", files)
		}
	})

	t.Run("TooLarge", func(t *testing.T) {
		big := append(pngBytes(t), make([]byte, 5<<20)...)
		p := b.upload(pkgPage, photoPath, "photo", "big.png", big)
		wantStatus(t, "6 MB photo", p, http.StatusRequestEntityTooLarge)
		if files := stored(); len(files) != 0 {
			t.Fatalf("a refused upload left files: %v", files)
		}
	})

	t.Run("AnotherTenantsPackage", func(t *testing.T) {
		p := b.upload(pkgPage, "/admin/packages/"+f.bravoPkg.ID+"/photo", "photo", "ok.png", pngBytes(t))
		wantStatus(t, "upload to bravo's package", p, http.StatusNotFound)
		if files := stored(); len(files) != 0 {
			t.Fatalf("a refused upload left files: %v", files)
		}
	})

	t.Run("OK", func(t *testing.T) {
		img := pngBytes(t)
		p := b.upload(pkgPage, photoPath, "photo", "me.gif", img)
		wantStatus(t, "png upload", p, http.StatusSeeOther)
		pkg, err := a.Store.PackageByID(t.Context(), f.alpha.Tenant.ID, f.alphaPkg.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		prefix := "http://mais.test/uploads/" + f.alpha.Tenant.ID + "/"
		if !strings.HasPrefix(pkg.PhotoURL, prefix) || !strings.HasSuffix(pkg.PhotoURL, ".png") {
			t.Fatalf("photoUrl %q, want %s….png", pkg.PhotoURL, prefix)
		}
		files := stored()
		if len(files) != 1 || filepath.Dir(files[0]) != filepath.Join(uploads, f.alpha.Tenant.ID) {
			t.Fatalf("stored files %v, want one in the tenant's directory", files)
		}
		got, _ := os.ReadFile(files[0])
		if !bytes.Equal(got, img) {
			t.Fatal("stored bytes differ from the upload")
		}

		served := b.get(strings.TrimPrefix(pkg.PhotoURL, "http://mais.test"))
		wantStatus(t, "serve photo", served, http.StatusOK)
		if got := served.header.Get("Content-Type"); got != "image/png" {
			t.Errorf("Content-Type %q, want image/png", got)
		}
		if got := served.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("X-Content-Type-Options %q, want nosniff", got)
		}
		if served.body != string(img) {
			t.Error("served bytes differ from the upload")
		}
	})

	t.Run("ServeOnlyStoredNames", func(t *testing.T) {
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

// TestPhotoQuota: a tenant's photos together stay within MAIS_MEDIA_QUOTA_MB.
// An upload past it is refused with 413 and the reason next to the field,
// on the package form and on the site's photo form, and leaves no file;
// another tenant's room is its own.
func TestPhotoQuota(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "sqlite", apptest.Env{"MAIS_MEDIA_QUOTA_MB": "1"})
	a := f.app
	photo := append(pngBytes(t), make([]byte, 600<<10)...) // about 600 KB
	count := func(tenantID string) int {
		entries, _ := os.ReadDir(filepath.Join(a.Config.DataDir, "uploads", tenantID))
		return len(entries)
	}
	alpha := newBrowser(t, a.Handler())
	alpha.login(f.alpha.AdminEmail, password)
	pkgPage := "/admin/packages/" + f.alphaPkg.ID

	wantStatus(t, "first photo", alpha.upload(pkgPage, pkgPage+"/photo", "photo", "one.png", photo), http.StatusSeeOther)

	p := alpha.upload(pkgPage, pkgPage+"/photo", "photo", "two.png", photo)
	wantStatus(t, "second photo on the package form", p, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.body, `id="f-photo-error"`) || !strings.Contains(p.body, "does not fit in your 1 MB of photo storage") {
		t.Errorf("no quota reason next to the photo field:\n%s", snippet(p.body))
	}
	p = alpha.upload("/admin/site", "/admin/site/photos", "photo", "two.png", photo)
	wantStatus(t, "second photo on the site form", p, http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.body, `id="f-site-photo-error"`) || !strings.Contains(p.body, "does not fit in your 1 MB of photo storage") {
		t.Errorf("no quota reason next to the site photo field:\n%s", snippet(p.body))
	}
	if n := count(f.alpha.Tenant.ID); n != 1 {
		t.Errorf("alpha keeps %d files, want 1 (refused uploads leave nothing)", n)
	}

	// A small photo still fits in what is left.
	wantStatus(t, "small photo", alpha.upload("/admin/site", "/admin/site/photos", "photo", "small.png", pngBytes(t)), http.StatusSeeOther)

	bravo := newBrowser(t, a.Handler())
	bravo.login(f.bravo.AdminEmail, password)
	bravoPkg := "/admin/packages/" + f.bravoPkg.ID
	wantStatus(t, "bravo's first photo", bravo.upload(bravoPkg, bravoPkg+"/photo", "photo", "one.png", photo), http.StatusSeeOther)
}
