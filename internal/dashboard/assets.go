package dashboard

import (
	"embed"

	"mais/internal/assets"
)

//go:embed assets
var assetFiles embed.FS

// loadAssets serves the dashboard's files under /admin/assets/{hash}/{name}.
// Templates that name a missing asset fail the start-up check in parsePages.
func loadAssets() (*assets.Set, error) {
	return assets.Load(assets.Config{FS: assetFiles, Dir: "assets", Prefix: "/admin/assets/"})
}
