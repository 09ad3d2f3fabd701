package browsertest_test

import (
	"os"
	"path/filepath"
	"testing"

	"mais/internal/browsertest"
)

func TestScreenshotDirIsAtTheRepositoryRoot(t *testing.T) {
	dir := browsertest.ScreenshotDir(t)
	if got, want := filepath.Base(dir), "screenshots"; got != want {
		t.Errorf("dir %q ends in %q, want %q", dir, got, want)
	}
	root := filepath.Dir(filepath.Dir(dir))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Errorf("no go.mod two levels above %s: %v", dir, err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("%s was not created: %v", dir, err)
	}
}
