// Package mediatest makes image fixtures for the media tests: photos
// carrying EXIF with GPS coordinates, and an S3-protocol server.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// GPSMarker is text inside the GPS block of JPEGWithGPS's EXIF; a stored
// file that still holds it kept the coordinates.
const GPSMarker = "MAIS-GPS-48.8584N-2.2945E"

// JPEGWithGPS returns a w×h JPEG (left half red, right half blue) whose
// EXIF says "rotate 90° clockwise to view" (orientation 6) and holds a GPS
// block with a latitude and GPSMarker, as phones write them.
func JPEGWithGPS(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	data := buf.Bytes()
	app1 := exifSegment()
	out := append([]byte{}, data[:2]...) // SOI
	out = append(out, app1...)
	return append(out, data[2:]...)
}

// exifSegment is an APP1 segment: "Exif\0\0" and a little-endian TIFF
// with IFD0 {Orientation 6, GPSInfo →} and a GPS IFD {LatitudeRef "N",
// Latitude 48/1 51/1 30/1, ProcessingMethod GPSMarker}.
func exifSegment() []byte {
	le := binary.LittleEndian
	var t []byte
	u16 := func(v uint16) { t = le.AppendUint16(t, v) }
	u32 := func(v uint32) { t = le.AppendUint32(t, v) }
	entry := func(tag, typ uint16, count, value uint32) { u16(tag); u16(typ); u32(count); u32(value) }
	t = append(t, 'I', 'I')
	u16(42)
	u32(8)
	// IFD0 at 8: 2 entries (2+2*12+4 = 30 bytes) → GPS IFD at 38.
	u16(2)
	entry(0x0112, 3, 1, 6) // Orientation, SHORT: the value sits in the first two bytes
	entry(0x8825, 4, 1, 38)
	u32(0)
	// GPS IFD at 38: 3 entries (2+36+4 = 42) → data at 80.
	method := append([]byte("ASCII\x00\x00\x00"), GPSMarker...)
	u16(3)
	entry(0x0001, 2, 2, 'N')
	entry(0x0002, 5, 3, 80)
	entry(0x001B, 7, uint32(len(method)), 104)
	u32(0)
	for _, v := range []uint32{48, 1, 51, 1, 30, 1} {
		u32(v)
	}
	t = append(t, method...)
	payload := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// PNG returns a w×h PNG; transparent makes its left half see-through.
func PNG(tb testing.TB, w, h int, transparent bool) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			a := uint8(255)
			if transparent && x < w/2 {
				a = 0
			}
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 120, a})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Noise returns a w×h opaque PNG of seeded noise: a photo that no
// encoder squeezes much, to fill a quota quickly.
func Noise(tb testing.TB, w, h, seed int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	x := uint32(seed)*2654435761 + 1
	for i := 0; i < len(img.Pix); i += 4 {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(x), uint8(x>>8), uint8(x>>16), 255
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// WebP is a 1×1 lossy WebP (Go has no WebP encoder; these are its bytes).
var WebP = []byte("RIFF\x22\x00\x00\x00WEBPVP8 \x16\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x0e\xc0\xfe\x25\xa4\x00\x03\x70\x00\x00\x00\x00")

// S3 starts an S3-protocol server (gofakes3, in memory) on a real
// listener with an empty bucket, and returns its endpoint URL; it stops
// with the test.
func S3(tb testing.TB, bucket string) string {
	tb.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	tb.Cleanup(srv.Close)
	return srv.URL
}
