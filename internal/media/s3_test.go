package media_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"mais/internal/apperr"
	"mais/internal/media"
	"mais/internal/media/mediatest"
)

func openS3(t *testing.T, endpoint string) *media.S3Blobs {
	t.Helper()
	b, err := media.OpenS3("s3://key:secret@photos/mais?endpoint=" + endpoint + "&region=us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Two processes with their own clients on one bucket: what one stores,
// the other serves and deletes.
func TestS3SharedBetweenProcesses(t *testing.T) {
	endpoint := mediatest.S3(t, "photos")
	store := &memStore{}
	one := media.NewService(store, openS3(t, endpoint), "https://mais.test", 0, nil)
	two := media.NewService(store, openS3(t, endpoint), "https://mais.test", 0, nil)
	ctx := context.Background()
	v, err := one.Upload(ctx, tenantA, "p.jpg", bytes.NewReader(mediatest.JPEGWithGPS(t, 1000, 700)))
	if err != nil {
		t.Fatal(err)
	}
	for _, vr := range v.Variants {
		data := readAll(t, two, tenantA, vr.URL)
		if !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) || bytes.Contains(data, []byte(mediatest.GPSMarker)) {
			t.Errorf("%s from the other process: %d bytes, not a clean JPEG", vr.URL, len(data))
		}
	}
	if err := two.Delete(ctx, tenantA, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := one.Open(ctx, tenantA, v.ID, "480w.jpg"); !apperr.Is(err, apperr.CodeNotFound) {
		t.Errorf("after delete: %v, want NOT_FOUND", err)
	}
}

func TestS3BlobsRoundTrip(t *testing.T) {
	b := openS3(t, mediatest.S3(t, "photos"))
	ctx := context.Background()
	if _, err := b.Get(ctx, "media/x/y/none.jpg"); err != media.ErrNoBlob {
		t.Errorf("missing key: %v, want ErrNoBlob", err)
	}
	if err := b.Put(ctx, "media/x/y/1x1.jpg", []byte("abc"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	got, err := b.Get(ctx, "media/x/y/1x1.jpg")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(got)
	got.Close()
	if string(data) != "abc" || got.Size != 3 {
		t.Errorf("got %q size %d", data, got.Size)
	}
	if err := b.Delete(ctx, "media/x/y/1x1.jpg"); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, "media/x/y/1x1.jpg"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

// A store that stops answering makes uploads and images 503, in bounded
// time, and keeps no row for the refused upload.
func TestS3OutageIsUnavailable(t *testing.T) {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	endpoint := srv.URL
	srv.Close()
	store := &memStore{}
	s := media.NewService(store, openS3(t, endpoint), "https://mais.test", 0, nil)
	ctx := context.Background()
	start := time.Now()
	_, err := s.Upload(ctx, tenantA, "p.jpg", bytes.NewReader(mediatest.JPEGWithGPS(t, 600, 400)))
	if !apperr.Is(err, apperr.CodeUnavailable) {
		t.Errorf("upload: %v, want UNAVAILABLE", err)
	}
	if _, err := s.Open(ctx, tenantA, "0c0c0c0c-0000-4000-8000-00000000000c", "480w.jpg"); !apperr.Is(err, apperr.CodeUnavailable) {
		t.Errorf("open: %v, want UNAVAILABLE", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	if len(store.items) != 0 {
		t.Errorf("a row was kept: %+v", store.items)
	}
}

func TestOpenS3RefusesBadURLs(t *testing.T) {
	for _, raw := range []string{"s3://", "s3://b", "s3://b?endpoint=ftp://x", "https://b?endpoint=https://x"} {
		if _, err := media.OpenS3(raw); err == nil || !strings.Contains(err.Error(), "MAIS_BLOB_URL") {
			t.Errorf("%q: %v", raw, err)
		}
	}
}
