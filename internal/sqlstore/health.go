package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"mais/internal/apperr"
)

// minFreeBytes is the free space the embedded store's file system must keep
// for CheckWrite to pass. SQLite reuses its WAL file after a checkpoint, so
// a one-row update can succeed on a full disk while a booking that needs a
// new page fails; the free-space check says so before bookings do.
const minFreeBytes = 1 << 20

// CheckWrite proves the store can take a write: it commits a one-row update
// (a ping answers on a full disk or a read-only replica) and, on the
// embedded store, checks the data directory has at least 1 MiB free. It
// returns UNAVAILABLE when the store cannot write. The write is bounded by
// a 2 s deadline.
func (s *Store) CheckWrite(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if s.dialect == sqlite {
		if free, err := freeBytes(s.dataDir); err == nil && free < minFreeBytes {
			return apperr.Unavailable(fmt.Errorf("%s: %w (%d bytes free)", s.dataDir, syscall.ENOSPC, free), unavailableMessage)
		}
	}
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE store_heartbeat SET beat_at = $1 WHERE id = 1`, s.utcNow()); err != nil {
			return fmt.Errorf("update store_heartbeat: %w", err)
		}
		return nil
	})
	if err != nil {
		var e *apperr.Error
		if !errors.As(err, &e) {
			err = apperr.Unavailable(err, unavailableMessage)
		}
		return fmt.Errorf("store: heartbeat write: %w", err)
	}
	return nil
}

// freeBytes is the space left to an unprivileged writer on dir's file system.
func freeBytes(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, fmt.Errorf("statfs %s: %w", dir, err)
	}
	return st.Bavail * uint64(st.Bsize), nil
}
