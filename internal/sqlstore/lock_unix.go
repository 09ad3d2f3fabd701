//go:build unix

package sqlstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockStore locks the data dir's lock file: shared by every process that
// has the store open (released when its Store closes, or by the kernel
// when it dies), exclusive for a restore, which fails at once with
// ErrStoreInUse rather than wait.
func lockStore(dataDir string, exclusive bool) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dataDir, lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock store: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			if exclusive {
				return nil, ErrStoreInUse
			}
			return nil, errors.New("lock store: a restore is running on this data dir")
		}
		return nil, fmt.Errorf("lock store: %w", err)
	}
	return f, nil
}
