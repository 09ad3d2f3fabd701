package api_test

import (
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/media/mediatest"
)

// TestPhotoOfAnotherTenant: tenant A cannot make tenant B's uploaded photo
// its own — as a package's or an add-on's photoUrl, or as an image of its
// site (a draft) — on any host B's file is served from; each refusal is
// 400 naming the field. A's own upload is taken. Both stores.
func TestPhotoOfAnotherTenant(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		upload := func(token string) string {
			r := apptest.Serve(t, f.h, uploadReq(t, token, "file", "p.jpg", mediatest.JPEGWithGPS(t, 600, 400)))
			apptest.Expect(t, "upload", r, 201, "")
			var m mediaJSON
			r.JSON(t, &m)
			return m.URL
		}
		theirs, mine := upload(f.bravo), upload(f.alpha)
		onLoopback := strings.Replace(theirs, "http://mais.test", "http://127.0.0.1:8080", 1)

		r := f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"golden","name":"Golden","basePriceCents":90000,"photoUrl":"`+theirs+`"}`)
		expectField(t, "package with B's photo", r, 400, "VALIDATION_ERROR", "photoUrl", "another business")
		r = f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"golden","name":"Golden","basePriceCents":90000}`)
		apptest.Expect(t, "package", r, 201, "")
		var p struct{ ID string }
		r.JSON(t, &p)
		for _, u := range []string{theirs, onLoopback} {
			expectField(t, "patch to "+u, f.as(f.alpha, "PATCH", "/v1/admin/packages/"+p.ID, `{"photoUrl":"`+u+`"}`),
				400, "VALIDATION_ERROR", "photoUrl", "another business")
		}
		expectField(t, "add-on with B's photo", f.as(f.alpha, "POST", "/v1/admin/packages/"+p.ID+"/addons",
			`{"slug":"album","name":"Album","priceCents":5000,"photoUrl":"`+theirs+`"}`), 400, "VALIDATION_ERROR", "photoUrl", "another business")
		site := func(u string) string {
			return `{"config":{"pages":{"home":{"enabled":true,"sections":[{"type":"hero","headline":"x","ctaText":"Go","backgroundImageUrl":"` + u + `"}]}},"branding":{}}}`
		}
		expectField(t, "site with B's photo", f.as(f.alpha, "POST", "/v1/admin/config/versions", site(theirs)),
			400, "VALIDATION_ERROR", "pages.home.sections.0.backgroundImageUrl", "another business")

		apptest.Expect(t, "own photo", f.as(f.alpha, "PATCH", "/v1/admin/packages/"+p.ID, `{"photoUrl":"`+mine+`"}`), 200, "")
		apptest.Expect(t, "site with own photo", f.as(f.alpha, "POST", "/v1/admin/config/versions", site(mine)), 201, "")
		// B's photo is still B's to delete: A holds no use of it.
		apptest.Expect(t, "B deletes its photo", f.as(f.bravo, "DELETE", "/v1/admin/media/"+strings.Split(theirs, "/")[5], ""), 204, "")
	})
}
