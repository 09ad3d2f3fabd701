package media_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"strings"
	"testing"

	"mais/internal/apperr"
	"mais/internal/media"
	"mais/internal/media/mediatest"
)

// memStore is the SQL store's part the service needs, in memory.
type memStore struct{ items []media.Item }

func (m *memStore) InsertMedia(_ context.Context, it media.Item, quota int64) (int64, error) {
	used, _ := m.MediaUsage(context.Background(), it.TenantID)
	if used+it.Bytes > quota {
		return used, media.ErrQuota
	}
	m.items = append(m.items, it)
	return used, nil
}

func (m *memStore) ListMedia(_ context.Context, tenantID string) ([]media.Item, error) {
	var out []media.Item
	for _, it := range m.items {
		if it.TenantID == tenantID {
			out = append(out, it)
		}
	}
	return out, nil
}

func (m *memStore) MediaByID(_ context.Context, tenantID, id string) (media.Item, error) {
	for _, it := range m.items {
		if it.TenantID == tenantID && it.ID == id {
			return it, nil
		}
	}
	return media.Item{}, apperr.NotFound("image")
}

func (m *memStore) DeleteMedia(ctx context.Context, tenantID, id string) (media.Item, error) {
	it, err := m.MediaByID(ctx, tenantID, id)
	if err != nil {
		return it, err
	}
	for i := range m.items {
		if m.items[i].ID == id {
			m.items = append(m.items[:i], m.items[i+1:]...)
			break
		}
	}
	return it, nil
}

// MediaUses: nothing shows a photo in these unit tests; the SQL store's
// answer is proven through the API (TestMediaInUse).
func (m *memStore) MediaUses(context.Context, string, string) ([]string, error) { return nil, nil }

func (m *memStore) MediaUsage(_ context.Context, tenantID string) (int64, error) {
	var n int64
	for _, it := range m.items {
		if it.TenantID == tenantID {
			n += it.Bytes
		}
	}
	return n, nil
}

const tenantA = "0a0a0a0a-0000-4000-8000-00000000000a"

func newService(t *testing.T, quota int64) (*media.Service, media.FileBlobs) {
	blobs := media.FileBlobs{Dir: t.TempDir()}
	return media.NewService(&memStore{}, blobs, "https://mais.test", quota, nil), blobs
}

func readAll(t *testing.T, s *media.Service, tenant, url string) []byte {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(url, "https://mais.test/media/"), "/")
	b, err := s.Open(context.Background(), tenant, parts[1], parts[2])
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	defer b.Close()
	data, err := io.ReadAll(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A phone photo comes out upright, at its own size (no upscaling, no
// variant wider than it), with no EXIF or GPS byte left in any file.
func TestUploadStripsGPSAndTurnsUpright(t *testing.T) {
	s, _ := newService(t, 0)
	src := mediatest.JPEGWithGPS(t, 1200, 600)
	if !bytes.Contains(src, []byte(mediatest.GPSMarker)) {
		t.Fatal("fixture lacks its GPS block")
	}
	v, err := s.Upload(context.Background(), tenantA, "IMG_0001.jpg", bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if v.Width != 600 || v.Height != 1200 {
		t.Errorf("size %dx%d, want 600x1200 (EXIF orientation 6 applied)", v.Width, v.Height)
	}
	var widths []int
	for _, vr := range v.Variants {
		widths = append(widths, vr.Width)
		data := readAll(t, s, tenantA, vr.URL)
		for _, bad := range []string{mediatest.GPSMarker, "Exif", "48.8584"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s still holds %q", vr.URL, bad)
			}
		}
		img, format, err := image.Decode(bytes.NewReader(data))
		if err != nil || format != "jpeg" || img.Bounds().Dx() != vr.Width {
			t.Errorf("%s: %v %s width %d, want jpeg %d", vr.URL, err, format, img.Bounds().Dx(), vr.Width)
		}
	}
	if len(widths) != 2 || widths[0] != 480 || widths[1] != 600 {
		t.Errorf("variant widths %v, want [480 600]: none wider than the photo", widths)
	}
	// Turned clockwise: the red left half is now on top.
	top, _, err := image.Decode(bytes.NewReader(readAll(t, s, tenantA, v.URL)))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, b, _ := top.At(300, 100).RGBA(); r < b {
		t.Errorf("top of the photo is not red: r=%d b=%d", r>>8, b>>8)
	}
	if !strings.HasSuffix(v.URL, "/600x1200.jpg") || v.Name != "IMG_0001.jpg" {
		t.Errorf("url %s name %q", v.URL, v.Name)
	}
}

func TestUploadShrinksHugePhotosAndKeepsTransparency(t *testing.T) {
	s, _ := newService(t, 0)
	v, err := s.Upload(context.Background(), tenantA, "logo.png", bytes.NewReader(mediatest.PNG(t, 3000, 1500, true)))
	if err != nil {
		t.Fatal(err)
	}
	if v.Width != media.MaxSide || v.Height != media.MaxSide/2 || !strings.HasSuffix(v.URL, ".png") {
		t.Errorf("got %dx%d %s, want 2400x1200 png", v.Width, v.Height, v.URL)
	}
	if len(v.Variants) != 4 {
		t.Errorf("variants %+v, want 480, 960, 1600 and the largest", v.Variants)
	}
	// An opaque PNG is a photo: stored as JPEG.
	v, err = s.Upload(context.Background(), tenantA, "", bytes.NewReader(mediatest.PNG(t, 300, 200, false)))
	if err != nil || !strings.HasSuffix(v.URL, "/300x200.jpg") || len(v.Variants) != 1 {
		t.Errorf("opaque png: %+v, %v", v, err)
	}
}

func TestUploadReadsWebP(t *testing.T) {
	s, _ := newService(t, 0)
	v, err := s.Upload(context.Background(), tenantA, "a.webp", bytes.NewReader(mediatest.WebP))
	if err != nil || v.Width != 1 || v.Height != 1 {
		t.Fatalf("webp: %+v, %v", v, err)
	}
}

func TestUploadRefusals(t *testing.T) {
	s, _ := newService(t, 0)
	ctx := context.Background()
	cases := []struct {
		name string
		body []byte
		code string
	}{
		{"empty", nil, apperr.CodeValidation},
		{"text named .jpg", []byte("hello, this is not a photo"), apperr.CodeValidation},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), apperr.CodeValidation},
		{"truncated jpeg", mediatest.JPEGWithGPS(t, 64, 64)[:300], apperr.CodeValidation},
		{"past 10 MB", append(mediatest.PNG(t, 8, 8, false), make([]byte, media.MaxUploadBytes)...), apperr.CodePayloadTooLarge},
	}
	for _, c := range cases {
		_, err := s.Upload(ctx, tenantA, "photo.jpg", bytes.NewReader(c.body))
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != c.code || ae.Fields["file"] == "" {
			t.Errorf("%s: %v, want %s naming file", c.name, err, c.code)
		}
	}
}

func TestQuota(t *testing.T) {
	s, _ := newService(t, 40<<10)
	ctx := context.Background()
	photo := mediatest.JPEGWithGPS(t, 900, 700)
	n := 0
	var err error
	for ; n < 20 && err == nil; n++ {
		_, err = s.Upload(ctx, tenantA, "p.jpg", bytes.NewReader(photo))
	}
	if !apperr.Is(err, apperr.CodePayloadTooLarge) || n < 2 {
		t.Fatalf("after %d uploads: %v, want 413 once 40 KB are used", n, err)
	}
	used, quota, _ := s.Usage(ctx, tenantA)
	if used > quota {
		t.Errorf("used %d past quota %d", used, quota)
	}
	// Another tenant has room of its own.
	if _, err := s.Upload(ctx, "0b0b0b0b-0000-4000-8000-00000000000b", "p.jpg", bytes.NewReader(photo)); err != nil {
		t.Errorf("tenant B: %v", err)
	}
}

func TestDeleteRemovesFiles(t *testing.T) {
	s, _ := newService(t, 0)
	ctx := context.Background()
	v, err := s.Upload(ctx, tenantA, "p.jpg", bytes.NewReader(mediatest.JPEGWithGPS(t, 1000, 800)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, "0b0b0b0b-0000-4000-8000-00000000000b", v.ID); !apperr.Is(err, apperr.CodeNotFound) {
		t.Errorf("delete by another tenant: %v, want NOT_FOUND", err)
	}
	if err := s.Delete(ctx, tenantA, v.ID); err != nil {
		t.Fatal(err)
	}
	for _, vr := range v.Variants {
		parts := strings.Split(vr.URL, "/")
		if _, err := s.Open(ctx, tenantA, v.ID, parts[len(parts)-1]); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("%s after delete: %v", vr.URL, err)
		}
	}
}

func TestOpenRefusesOtherNames(t *testing.T) {
	s, _ := newService(t, 0)
	for _, f := range [][3]string{{tenantA, "..", "x.jpg"}, {tenantA, "0a0a0a0a-1", "../../etc/passwd"}, {"..", "0a0a0a0a-1", "480w.jpg"},
		{tenantA, "0a0a0a0a-1", "480w.gif"}} {
		if _, err := s.Open(context.Background(), f[0], f[1], f[2]); !apperr.Is(err, apperr.CodeNotFound) {
			t.Errorf("open %v: %v", f, err)
		}
	}
}

func TestResponsive(t *testing.T) {
	base := "https://mais.test"
	u := base + "/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/1600x1067.jpg"
	img := media.Responsive(base, u)
	want := base + "/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/480w.jpg 480w, " +
		base + "/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/960w.jpg 960w, " + u + " 1600w"
	if img.Srcset != want || img.Width != 1600 || img.Height != 1067 || img.Src != u {
		t.Errorf("got %+v\nwant srcset %s", img, want)
	}
	// A page keeps the address it was given: a library file stored under
	// an earlier base URL (the localhost a business tried MAIS on) is shown
	// under the current one, with its srcset.
	for _, old := range []string{"http://localhost:8080/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/1600x1067.jpg",
		"/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/1600x1067.jpg"} {
		if img := media.Responsive(base, old); img.Src != u || img.Srcset != want || img.Width != 1600 {
			t.Errorf("%s: %+v, want it under %s with its srcset", old, img, base)
		}
	}
	small := "http://localhost:8080/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/480w.jpg"
	if img := media.Responsive(base, small); img.Src != base+"/media/"+tenantA+"/0c0c0c0c-0000-4000-8000-00000000000c/480w.jpg" || img.Srcset != "" {
		t.Errorf("%s: %+v, want a plain src under %s", small, img, base)
	}
	for _, other := range []string{"https://cdn.example/photos/abc.jpg", base + "/uploads/" + tenantA + "/abc.jpg",
		base + "/media/" + tenantA + "/a/b/1600x1067.jpg", "https://x.example/media/" + tenantA + "/0c0c0c0c-0000-4000-8000-00000000000c/1600x1067.jpg?v=2",
		"javascript:alert(1)"} {
		if img := media.Responsive(base, other); img.Srcset != "" || img.Width != 0 || img.Src != other {
			t.Errorf("%s: %+v, want a plain src", other, img)
		}
	}
}
