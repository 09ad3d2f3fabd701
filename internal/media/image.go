package media

import (
	"bytes"
	"fmt"
	"image"
	"net/http"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode

	"mais/internal/apperr"
)

// Limits of what is decoded: a small file can claim a huge canvas, and
// decoding allocates four bytes per pixel before anything else is checked.
const (
	maxPixels    = 50_000_000
	maxInputSide = 20_000
	jpegQuality  = 86
)

// accepted are the uploadable formats by sniffed content type. The
// client's file name and Content-Type are never believed.
var accepted = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// encoded is one rendition ready to store.
type encoded struct {
	Rendition
	Data []byte
}

// process turns an upload into its renditions, narrowest first, and the
// stored extension. The content decides the format; the picture is turned
// upright by its EXIF orientation and then re-encoded from pixels alone,
// so no EXIF, GPS, XMP or other block of the original survives. Errors are
// VALIDATION_ERROR naming "file".
func process(data []byte) ([]encoded, string, error) {
	if len(data) == 0 {
		return nil, "", fileError("no file was chosen", "choose a photo to upload")
	}
	if !accepted[http.DetectContentType(data)] {
		return nil, "", fileError("the file is not a photo we accept", "must be a JPEG, PNG or WebP image")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", fileError("the photo cannot be read", "is damaged or not a complete image")
	}
	if cfg.Width > maxInputSide || cfg.Height > maxInputSide || cfg.Width*cfg.Height > maxPixels {
		return nil, "", fileError("the photo is too large to process",
			fmt.Sprintf("must be at most %d megapixels and %d pixels a side", maxPixels/1_000_000, maxInputSide))
	}
	img, err := imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	if err != nil {
		return nil, "", fileError("the photo cannot be read", "is damaged or not a complete image")
	}
	largest := img
	if b := img.Bounds(); b.Dx() > MaxSide || b.Dy() > MaxSide {
		largest = imaging.Fit(img, MaxSide, MaxSide, imaging.CatmullRom)
	}
	format, ext := imaging.JPEG, "jpg"
	if !opaque(largest) {
		format, ext = imaging.PNG, "png" // keep a logo's transparency
	}
	b := largest.Bounds()
	var out []encoded
	for _, r := range renditions(b.Dx(), b.Dy(), ext) {
		pic := largest
		if r.Width != b.Dx() {
			// Each smaller one from the largest: already at most MaxSide,
			// so the filter has far fewer pixels to read.
			pic = imaging.Resize(largest, r.Width, r.Height, imaging.CatmullRom)
		}
		var buf bytes.Buffer
		if err := imaging.Encode(&buf, pic, format, imaging.JPEGQuality(jpegQuality)); err != nil {
			return nil, "", fmt.Errorf("media: encode %s: %w", r.File, err)
		}
		out = append(out, encoded{Rendition: r, Data: buf.Bytes()})
	}
	return out, ext, nil
}

// opaque reports whether every pixel of img is fully opaque (JPEG can
// hold it); images that cannot say are treated as transparent.
func opaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}

func fileError(msg, why string) error {
	return apperr.Validation(msg, map[string]string{"file": why})
}
