package tlsauto

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/caddyserver/certmagic"

	"mais/internal/apperr"
)

// Store is what the certificate storage needs: keys and values, and named
// locks shared by every process on the store (sqlstore implements it).
type Store interface {
	CertPut(ctx context.Context, key string, value []byte) error
	// CertGet answers NOT_FOUND for a key never stored.
	CertGet(ctx context.Context, key string) ([]byte, time.Time, error)
	// CertKeys lists the keys starting with prefix.
	CertKeys(ctx context.Context, prefix string) ([]string, error)
	// CertDelete removes key and the keys under key + "/".
	CertDelete(ctx context.Context, key string) error
	// CertLock waits for the named lock and returns its release.
	CertLock(ctx context.Context, name string) (func(context.Context) error, error)
	RenewCertLock(ctx context.Context, name string) error
}

// Storage is certmagic.Storage over the MAIS store: certificates, keys,
// ACME accounts and distributed challenge tokens live in the database, so
// any process answers any domain and its challenges.
type Storage struct {
	store Store

	mu   sync.Mutex
	held map[string]func(context.Context) error
}

var (
	_ certmagic.Storage          = (*Storage)(nil)
	_ certmagic.LockLeaseRenewer = (*Storage)(nil)
)

// NewStorage returns the storage over store.
func NewStorage(store Store) *Storage {
	return &Storage{store: store, held: map[string]func(context.Context) error{}}
}

// Store puts value at key.
func (s *Storage) Store(ctx context.Context, key string, value []byte) error {
	return s.store.CertPut(ctx, key, value)
}

// Load is the value at key; fs.ErrNotExist when there is none (certmagic
// tells "missing" from "failed" by it).
func (s *Storage) Load(ctx context.Context, key string) ([]byte, error) {
	b, _, err := s.store.CertGet(ctx, key)
	if apperr.Is(err, apperr.CodeNotFound) {
		return nil, fmt.Errorf("tlsauto: %s: %w", key, fs.ErrNotExist)
	}
	return b, err
}

// Delete removes key, or the "directory" key and everything under it.
func (s *Storage) Delete(ctx context.Context, key string) error {
	return s.store.CertDelete(ctx, key)
}

// Exists reports whether key is a value or a directory of values.
func (s *Storage) Exists(ctx context.Context, key string) bool {
	_, err := s.Stat(ctx, key)
	return err == nil
}

// List is the keys under dir: every one when recursive, else the names
// directly under it (a deeper key shows as its first-level directory).
func (s *Storage) List(ctx context.Context, dir string, recursive bool) ([]string, error) {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	keys, err := s.store.CertKeys(ctx, prefix)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("tlsauto: list %s: %w", dir, fs.ErrNotExist)
	}
	if recursive {
		return keys, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, k := range keys {
		rest := strings.TrimPrefix(k, prefix)
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			rest = rest[:i]
		}
		if name := prefix + rest; !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out, nil
}

// Stat describes key: a value (terminal) or a directory of values.
func (s *Storage) Stat(ctx context.Context, key string) (certmagic.KeyInfo, error) {
	b, at, err := s.store.CertGet(ctx, key)
	switch {
	case err == nil:
		return certmagic.KeyInfo{Key: key, Modified: at, Size: int64(len(b)), IsTerminal: true}, nil
	case !apperr.Is(err, apperr.CodeNotFound):
		return certmagic.KeyInfo{}, err
	}
	under, err := s.store.CertKeys(ctx, strings.TrimSuffix(key, "/")+"/")
	if err != nil {
		return certmagic.KeyInfo{}, err
	}
	if len(under) == 0 {
		return certmagic.KeyInfo{}, fmt.Errorf("tlsauto: stat %s: %w", key, fs.ErrNotExist)
	}
	return certmagic.KeyInfo{Key: key, IsTerminal: false}, nil
}

// Lock takes the named lock in the store, waiting for another process
// holding it (PostgreSQL advisory lock; SQLite lock row).
func (s *Storage) Lock(ctx context.Context, name string) error {
	release, err := s.store.CertLock(ctx, name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.held[name] = release
	s.mu.Unlock()
	return nil
}

// Unlock releases a lock this process holds.
func (s *Storage) Unlock(ctx context.Context, name string) error {
	s.mu.Lock()
	release, ok := s.held[name]
	delete(s.held, name)
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("tlsauto: unlock %s: not held by this process", name)
	}
	return release(ctx)
}

// RenewLockLease keeps a long-held lock from being taken over.
func (s *Storage) RenewLockLease(ctx context.Context, name string, _ time.Duration) error {
	return s.store.RenewCertLock(ctx, name)
}

// String names the storage in certmagic's logs.
func (s *Storage) String() string { return "mais-store" }
