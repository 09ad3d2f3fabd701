//go:build !unix

package sqlstore

import (
	"os"
	"path/filepath"
)

// lockStore only opens the lock file where flock does not exist: a restore
// there cannot tell whether a server is running.
func lockStore(dataDir string, _ bool) (*os.File, error) {
	return os.OpenFile(filepath.Join(dataDir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
}
