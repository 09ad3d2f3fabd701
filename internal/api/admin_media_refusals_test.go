package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"testing"

	"mais/internal/app/apptest"
	"mais/internal/media/mediatest"
)

// TestMediaTooLargeNamesFile: every size refusal of an upload names the
// field "file" — the 10 MB rule of the service, the edge's cap on a body
// that declares its length, and the same cap met while reading a body that
// does not (chunked).
func TestMediaTooLargeNamesFile(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	png := mediatest.PNG(t, 8, 8, false)
	over10 := append(append([]byte{}, png...), make([]byte, 10<<20)...)
	expectField(t, "10.0 MB", apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "big.png", over10)), 413, "PAYLOAD_TOO_LARGE", "file", "")

	big := append(append([]byte{}, png...), make([]byte, 11<<20+1<<19)...) // about 11.5 MB
	req := uploadReq(t, f.alpha, "file", "big.png", big)
	expectField(t, "11.5 MB declared", apptest.Serve(t, f.h, req), 413, "PAYLOAD_TOO_LARGE", "file", "")

	chunked := uploadReq(t, f.alpha, "file", "big.png", big)
	chunked.Body = io.NopCloser(chunked.Body)
	chunked.ContentLength = -1
	expectField(t, "11.5 MB chunked", apptest.Serve(t, f.h, chunked), 413, "PAYLOAD_TOO_LARGE", "file", "")
}

// TestMediaOneFilePerUpload: a second part named "file" is refused with
// 400 naming file (the contract takes one file per upload), and nothing
// of the request is kept.
func TestMediaOneFilePerUpload(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, name := range []string{"one.png", "two.png"} {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(mediatest.PNG(t, 20, 20, false))
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/v1/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+f.alpha)
	expectField(t, "two files", apptest.Serve(t, f.h, req), 400, "VALIDATION_ERROR", "file", "more than one file")
	var list []mediaJSON
	f.as(f.alpha, "GET", "/v1/admin/media", "").JSON(t, &list)
	if len(list) != 0 {
		t.Errorf("a refused upload kept %d photos", len(list))
	}
}

// TestMediaFileNameText: the uploaded file's name is text like any other
// field (docs/API.md §3): a control character or invalid UTF-8 is 400
// naming file and saying so, never "no photo was sent" or a silent keep.
func TestMediaFileNameText(t *testing.T) {
	t.Parallel()
	a := apptest.New(t, "sqlite", nil)
	f := newAdminFixture(t, a)
	png := mediatest.PNG(t, 20, 20, false)
	for name, want := range map[string]string{
		"ring\x01s.png":   "control character",
		"ring\ts.png":     "control characters",
		"caf\xe9.png":     "UTF-8",
		"bad\x1b[31m.png": "control character",
	} {
		r := apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", name, png))
		expectField(t, "file name "+name, r, 400, "VALIDATION_ERROR", "file", want)
	}
	apptest.Expect(t, "a plain name", apptest.Serve(t, f.h, uploadReq(t, f.alpha, "file", "bröllop.png", png)), 201, "")
}
