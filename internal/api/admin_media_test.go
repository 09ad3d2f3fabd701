package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mais/internal/app"
	"mais/internal/app/apptest"
	"mais/internal/media/mediatest"
	"mais/internal/sqlstore/storetest"
)

// uploadReq is a multipart POST /v1/admin/media of data as "file".
func uploadReq(t *testing.T, token, field, name string, data []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/v1/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

type mediaJSON struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Variants []struct {
		Width int    `json:"width"`
		URL   string `json:"url"`
	} `json:"variants"`
}

// getImage fetches a media URL (base http://mais.test) from h on the
// platform's own host: on any other host /media/… is a tenant's site.
func getImage(t *testing.T, h http.Handler, u string) apptest.Reply {
	t.Helper()
	req := httptest.NewRequest("GET", strings.TrimPrefix(u, "http://mais.test"), nil)
	req.Host = "localhost"
	return apptest.Serve(t, h, req)
}

func TestMediaLibrary(t *testing.T) {
	t.Parallel()
	apptest.Each(t, apptest.Env{"MAIS_MEDIA_QUOTA_MB": "1"}, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		r := apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "wedding.jpg", mediatest.JPEGWithGPS(t, 2000, 1000)))
		apptest.Expect(t, "upload", r, 201, "")
		var m mediaJSON
		r.JSON(t, &m)
		if m.Width != 1000 || m.Height != 2000 || len(m.Variants) != 3 || m.Variants[2].URL != m.URL {
			t.Fatalf("upload answered %s", r.Body)
		}
		if !strings.HasPrefix(m.URL, "http://mais.test/media/"+f.a.Tenant.ID+"/"+m.ID+"/") {
			t.Errorf("url %s is not under the tenant", m.URL)
		}
		// Every file is served, as an image, with no GPS byte left.
		for _, v := range m.Variants {
			img := getImage(t, f.h, v.URL)
			if img.Status != 200 || img.Header.Get("Content-Type") != "image/jpeg" || !bytes.HasPrefix(img.Body, []byte{0xFF, 0xD8}) {
				t.Errorf("GET %s: %d %s", v.URL, img.Status, img.Header.Get("Content-Type"))
			}
			if bytes.Contains(img.Body, []byte(mediatest.GPSMarker)) || bytes.Contains(img.Body, []byte("Exif")) {
				t.Errorf("%s still carries EXIF/GPS", v.URL)
			}
		}

		// Tenant isolation: B sees none of A's library, cannot delete it,
		// and A's file is not served under B's name.
		var list []mediaJSON
		r = f.as(f.bravo, "GET", "/v1/admin/media", "")
		apptest.Expect(t, "list B", r, 200, "")
		if r.JSON(t, &list); len(list) != 0 {
			t.Errorf("B lists %s", r.Body)
		}
		apptest.Expect(t, "B deletes A's", f.as(f.bravo, "DELETE", "/v1/admin/media/"+m.ID, ""), 404, "NOT_FOUND")
		crossed := strings.Replace(m.URL, f.a.Tenant.ID, f.b.Tenant.ID, 1)
		apptest.Expect(t, "A's file under B", getImage(t, f.h, crossed), 404, "NOT_FOUND")
		onDomain := httptest.NewRequest("GET", strings.TrimPrefix(m.URL, "http://mais.test"), nil)
		onDomain.Host = "photos.example"
		if r := apptest.Serve(t, f.h, onDomain); r.Status != 404 {
			t.Errorf("a custom domain served a library file: %d", r.Status)
		}
		r = f.as(f.alpha, "GET", "/v1/admin/media", "")
		if r.JSON(t, &list); len(list) != 1 || list[0].ID != m.ID {
			t.Errorf("A lists %s", r.Body)
		}

		// Refusals name the field.
		r = apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "notes.jpg", []byte("just text, not a photo")))
		apptest.Expect(t, "text", r, 400, "VALIDATION_ERROR")
		r = apptest.Serve(t, f.h, uploadReq(t, f.alpha, "photo", "a.jpg", mediatest.PNG(t, 10, 10, false)))
		apptest.Expect(t, "no file part", r, 400, "VALIDATION_ERROR")
		apptest.Expect(t, "not multipart", f.as(f.alpha, "POST", "/v1/admin/media", `{}`), 400, "VALIDATION_ERROR")
		big := append(mediatest.PNG(t, 8, 8, false), make([]byte, 10<<20)...)
		apptest.Expect(t, "past 10 MB", apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "big.png", big)), 413, "PAYLOAD_TOO_LARGE")

		// 1 MB quota: noisy photos fill it, then 413.
		var last apptest.Reply
		for i := 0; i < 12; i++ {
			last = apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "noise.png", mediatest.Noise(t, 900, 700, i)))
			if last.Status != 201 {
				break
			}
		}
		apptest.Expect(t, "over quota", last, 413, "PAYLOAD_TOO_LARGE")
		// B's quota is its own.
		apptest.Expect(t, "B uploads", apptest.Serve(t, f.h, uploadReq(t, f.bravo, "file", "b.png", mediatest.PNG(t, 50, 50, false))), 201, "")

		apptest.Expect(t, "delete", f.as(f.alpha, "DELETE", "/v1/admin/media/"+m.ID, ""), 204, "")
		apptest.Expect(t, "gone", getImage(t, f.h, m.Variants[0].URL), 404, "NOT_FOUND")
		apptest.Expect(t, "delete again", f.as(f.alpha, "DELETE", "/v1/admin/media/"+m.ID, ""), 404, "NOT_FOUND")
	})
}

// Two processes on one database and one bucket serve and delete each
// other's uploads: the S3 server is a real one of the protocol, on a
// listener the test starts.
func TestMediaSharedBucket(t *testing.T) {
	t.Parallel()
	env := apptest.Env{"MAIS_BLOB_URL": "s3://k:s@shared?endpoint=" + mediatest.S3(t, "shared"),
		"DATABASE_URL": storetest.PostgresURL(t), "JWT_SECRET": strings.Repeat("s", 40)}
	one, two := apptest.New(t, "postgres", env), apptest.New(t, "postgres", env)
	f := newAdminFixture(t, one)
	r := apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "p.jpg", mediatest.JPEGWithGPS(t, 1200, 900)))
	apptest.Expect(t, "upload on one", r, 201, "")
	var m mediaJSON
	r.JSON(t, &m)
	for _, v := range m.Variants {
		img := getImage(t, two.Handler(), v.URL)
		if img.Status != 200 || !bytes.HasPrefix(img.Body, []byte{0xFF, 0xD8}) {
			t.Errorf("GET %s on two: %d", v.URL, img.Status)
		}
	}
	apptest.Expect(t, "delete on two", apptest.Do(t, two.Handler(), "DELETE", "/v1/admin/media/"+m.ID, apptest.Bearer(f.alpha), ""), 204, "")
	apptest.Expect(t, "gone on one", getImage(t, f.h, m.URL), 404, "NOT_FOUND")
}

// A bucket that does not answer: uploads and images are 503, never 500.
func TestMediaBlobOutage(t *testing.T) {
	t.Parallel()
	apptest.Each(t, apptest.Env{"MAIS_BLOB_URL": "s3://k:s@gone?endpoint=" + deadEndpoint(t)}, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		r := apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "p.jpg", mediatest.JPEGWithGPS(t, 600, 400)))
		apptest.Expect(t, "upload", r, 503, "UNAVAILABLE")
		r = getImage(t, f.h, "/media/"+f.a.Tenant.ID+"/0c0c0c0c-0000-4000-8000-00000000000c/480w.jpg")
		apptest.Expect(t, "image", r, 503, "UNAVAILABLE")
	})
}

// deadEndpoint is the address of a server that was started and stopped.
func deadEndpoint(t *testing.T) string {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return srv.URL
}

// A photo a package still shows cannot be deleted: the couple would see a
// broken picture. The refusal names the package; once the package shows
// another photo (none here), the delete goes through.
func TestMediaInUse(t *testing.T) {
	t.Parallel()
	apptest.Each(t, nil, func(t *testing.T, a *app.App) {
		f := newAdminFixture(t, a)
		r := apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "rings.jpg", mediatest.JPEGWithGPS(t, 600, 400)))
		apptest.Expect(t, "upload", r, 201, "")
		var m mediaJSON
		r.JSON(t, &m)
		r = f.as(f.alpha, "POST", "/v1/admin/packages", `{"slug":"golden-hour","name":"Golden Hour","basePriceCents":90000,"photoUrl":"`+m.URL+`"}`)
		apptest.Expect(t, "package with the photo", r, 201, "")
		var p struct {
			ID string `json:"id"`
		}
		r.JSON(t, &p)
		r = f.as(f.alpha, "DELETE", "/v1/admin/media/"+m.ID, "")
		apptest.Expect(t, "delete a shown photo", r, 409, "CONFLICT")
		if !strings.Contains(string(r.Body), "Golden Hour") {
			t.Errorf("the refusal does not name the package: %s", r.Body)
		}
		if img := getImage(t, f.h, m.URL); img.Status != 200 {
			t.Errorf("after the refused delete the photo answers %d", img.Status)
		}
		apptest.Expect(t, "package without the photo", f.as(f.alpha, "PATCH", "/v1/admin/packages/"+p.ID, `{"photoUrl":""}`), 200, "")
		apptest.Expect(t, "delete a free photo", f.as(f.alpha, "DELETE", "/v1/admin/media/"+m.ID, ""), 204, "")
	})
}
