package dashboard_test

import (
	"net/http"
	"strings"
	"testing"

	"mais/internal/app/apptest"
)

// TestAddOnPhoto: an add-on photo uploaded in the dashboard is stored on
// the add-on and shown on the package page, in the widget and in the
// public API; another tenant's add-on is 404; removing it clears all three.
func TestAddOnPhoto(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			f, b := loggedInAlpha(t, kind, nil)
			a := f.app
			pkg, err := a.Store.PackageByID(t.Context(), f.alpha.Tenant.ID, f.alphaPkg.ID, false)
			if err != nil || len(pkg.AddOns) != 1 {
				t.Fatalf("package: %v %+v", err, pkg)
			}
			addOn := pkg.AddOns[0]
			pkgPage := "/admin/packages/" + pkg.ID
			photoPath := pkgPage + "/addons/" + addOn.ID + "/photo"

			p := b.upload(pkgPage, photoPath, "photo", "cat.png", []byte("<html>not an image</html>"))
			wantStatus(t, "not an image", p, http.StatusBadRequest)
			if !strings.Contains(p.body, `id="f-`+addOn.ID+`-photo-error"`) {
				t.Errorf("the reason is not at the add-on's photo field:\n%s", snippet(p.body))
			}
			bravo, _ := a.Store.PackageByID(t.Context(), f.bravo.Tenant.ID, f.bravoPkg.ID, false)
			p = b.upload(pkgPage, "/admin/packages/"+pkg.ID+"/addons/"+bravo.AddOns[0].ID+"/photo", "photo", "ok.png", pngBytes(t))
			wantStatus(t, "bravo's add-on", p, http.StatusNotFound)

			p = b.upload(pkgPage, photoPath, "photo", "album.png", pngBytes(t))
			wantStatus(t, "upload", p, http.StatusSeeOther)
			pkg, _ = a.Store.PackageByID(t.Context(), f.alpha.Tenant.ID, f.alphaPkg.ID, false)
			url := pkg.AddOns[0].PhotoURL
			if !strings.HasPrefix(url, "http://mais.test/media/"+f.alpha.Tenant.ID+"/") {
				t.Fatalf("add-on photoUrl %q", url)
			}
			if page := b.get(pkgPage); !strings.Contains(page.body, `<img src="`+url+`" alt="Photo of Album" class="addon-thumb"`) {
				t.Errorf("dashboard does not show the add-on photo")
			}
			for _, path := range []string{"/t/alpha/services/classic", "/widget?tenant=alpha&package=classic"} {
				if got := b.get(path); !strings.Contains(got.body, `<img class="addon-photo" src="`+url+`"`) {
					t.Errorf("%s lacks the add-on photo", path)
				}
			}
			r := apptest.Do(t, a.Handler(), "GET", "/v1/packages/classic", map[string]string{"X-Tenant-Key": f.alpha.Keys.Public}, "")
			if !strings.Contains(string(r.Body), `"photoUrl":"`+url+`"`) {
				t.Errorf("public API: %s", r.Body)
			}

			p = b.post(photoPath+"/remove", nil)
			wantStatus(t, "remove", p, http.StatusSeeOther)
			if got := b.get("/t/alpha/services/classic"); strings.Contains(got.body, `class="addon-photo"`) {
				t.Error("removed photo still on the package page")
			}
		})
	}
}
