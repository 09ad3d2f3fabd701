package app

import (
	"mais/internal/media"
)

// buildMedia wires the photo library: files under the data dir, or in the
// S3-compatible bucket MAIS_BLOB_URL names (no call is made here, so a
// store that is down only fails uploads and images, with 503).
func (a *App) buildMedia() error {
	cfg := a.Config
	var blobs media.Blobs = media.FileBlobs{Dir: cfg.DataDir}
	if cfg.BlobURL != "" {
		s3, err := media.OpenS3(cfg.BlobURL)
		if err != nil {
			return err
		}
		blobs = s3
	}
	a.Media = media.NewService(a.Store, blobs, cfg.PublicBaseURL, cfg.MediaQuotaBytes, a.Logger)
	return nil
}
