package storefront

import (
	"embed"

	"mais/internal/assets"
)

//go:embed assets
var assetFiles embed.FS

// loadAssets serves the storefront's files under /assets/{hash}/{name},
// gzipped for clients that accept it.
func loadAssets() (*assets.Set, error) {
	return assets.Load(assets.Config{FS: assetFiles, Dir: "assets", Prefix: "/assets/", Gzip: true})
}
