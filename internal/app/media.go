package app

import (
	"log/slog"

	"mais/internal/config"
	"mais/internal/media"
)

// buildMedia wires the photo library: files under the data dir, or in the
// S3-compatible bucket MAIS_BLOB_URL names (no call is made here, so a
// store that is down only fails uploads and images, with 503).
func (a *App) buildMedia() error {
	m, err := openMedia(a.Config, a.Store, a.Logger)
	a.Media = m
	return err
}

// openMedia builds the library on store (also for mais seed --demo).
func openMedia(cfg config.Config, store media.Store, logger *slog.Logger) (*media.Service, error) {
	var blobs media.Blobs = media.FileBlobs{Dir: cfg.DataDir}
	if cfg.BlobURL != "" {
		s3, err := media.OpenS3(cfg.BlobURL)
		if err != nil {
			return nil, err
		}
		blobs = s3
	}
	return media.NewService(store, blobs, cfg.PublicBaseURL, cfg.MediaQuotaBytes, logger), nil
}
