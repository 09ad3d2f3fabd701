package dashboard_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mais/internal/media/mediatest"
)

// TestAddOnPhotoPicker: each add-on's form has a photo field with the
// library picker, as the package's has; saving it with a library photo's
// address sets the add-on's photo, an unsafe address is refused at that
// field (400), and a form without the field keeps the photo.
func TestAddOnPhotoPicker(t *testing.T) {
	t.Parallel()
	eachKind(t, func(t *testing.T, kind string) {
		f, b := loggedInAlpha(t, kind, nil)
		a, ctx := f.app, t.Context()
		pic, err := a.Media.Upload(ctx, f.alpha.Tenant.ID, "album.png", bytes.NewReader(mediatest.PNG(t, 400, 300, false)))
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := a.Store.PackageByID(ctx, f.alpha.Tenant.ID, f.alphaPkg.ID, false)
		if err != nil || len(pkg.AddOns) != 1 {
			t.Fatalf("package: %v %+v", err, pkg)
		}
		ad := pkg.AddOns[0]
		page := "/admin/packages/" + pkg.ID
		field := "f-addons-" + ad.ID + "-photoUrl"
		if body := b.get(page).body; !strings.Contains(body, `data-pick-image="`+field+`"`) || !strings.Contains(body, `id="`+field+`"`) {
			t.Fatalf("the add-on form has no photo picker:\n%s", snippet(body))
		}
		prefix := "addons." + ad.ID + "."
		form := url.Values{prefix + "name": {ad.Name}, prefix + "slug": {ad.Slug}, prefix + "price": {"600"},
			prefix + "sortOrder": {"0"}, prefix + "active": {"on"}, prefix + "photoUrl": {"javascript:alert(1)"}}
		p := b.submit(page, page+"/addons/"+ad.ID, form)
		wantStatus(t, "unsafe photo address", p, http.StatusBadRequest)
		if !strings.Contains(p.body, `id="`+field+`-error"`) {
			t.Errorf("the reason is not at the add-on's photo field:\n%s", snippet(p.body))
		}
		form.Set(prefix+"photoUrl", pic.URL)
		wantStatus(t, "save with a library photo", b.submit(page, page+"/addons/"+ad.ID, form), http.StatusSeeOther)
		form.Del(prefix + "photoUrl")
		wantStatus(t, "save without the field", b.submit(page, page+"/addons/"+ad.ID, form), http.StatusSeeOther)
		pkg, _ = a.Store.PackageByID(ctx, f.alpha.Tenant.ID, f.alphaPkg.ID, false)
		if got := pkg.AddOns[0].PhotoURL; got != pic.URL {
			t.Errorf("add-on photo %q, want %q", got, pic.URL)
		}
		if body := b.get(page).body; !strings.Contains(body, `value="`+pic.URL+`"`) {
			t.Errorf("the photo field does not show the photo's address")
		}
	})
}
