package dashboard_test

import (
	"context"
	"testing"

	"mais/internal/app"
	"mais/internal/siteconfig"
)

// siteEditing is loggedInAlpha for a site editor's test: the fixture, the
// browser, a context, the app and alpha's published version (the base of
// the first draft).
func siteEditing(t *testing.T, kind string) (fixture, *browser, context.Context, *app.App, siteconfig.Version) {
	t.Helper()
	f, b := loggedInAlpha(t, kind, nil)
	ctx := context.Background()
	live, err := f.app.SiteConfig.Published(ctx, f.alpha.Tenant.ID)
	if err != nil {
		t.Fatal(err)
	}
	return f, b, ctx, f.app, live
}
