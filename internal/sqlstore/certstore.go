package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"time"

	"mais/internal/apperr"
)

// The certificate storage of MAIS_TLS=auto (internal/tlsauto): certmagic's
// keys and values in cert_store, and its named locks, so every process on
// the store serves every certificate and only one obtains each.

// CertPut stores value at key, replacing what was there.
func (s *Store) CertPut(ctx context.Context, key string, value []byte) error {
	err := s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO cert_store (key, value, modified_at) VALUES ($1, $2, $3)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, modified_at = excluded.modified_at`,
			key, base64.StdEncoding.EncodeToString(value), s.utcNow())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: put cert %s: %w", key, err)
	}
	return nil
}

// CertGet is the value at key and when it was stored; NOT_FOUND when none.
func (s *Store) CertGet(ctx context.Context, key string) ([]byte, time.Time, error) {
	var enc string
	var at time.Time
	err := s.read.QueryRowContext(ctx, `SELECT value, modified_at FROM cert_store WHERE key = $1`, key).Scan(&enc, &at)
	if err == sql.ErrNoRows {
		return nil, at, fmt.Errorf("store: get cert %s: %w", key, apperr.NotFound("cert key"))
	}
	if err != nil {
		return nil, at, fmt.Errorf("store: get cert %s: %w", key, err)
	}
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, at, fmt.Errorf("store: get cert %s: %w", key, err)
	}
	return b, at.UTC(), nil
}

// CertKeys lists the keys that start with prefix, in order ("" lists all).
// SUBSTR, not LIKE: certmagic's keys hold '_' ("wildcard_.example.com").
func (s *Store) CertKeys(ctx context.Context, prefix string) ([]string, error) {
	return queryList(ctx, s.read, "store: list cert keys", func(r interface{ Scan(...any) error }) (string, error) {
		var k string
		return k, r.Scan(&k)
	}, `SELECT key FROM cert_store WHERE SUBSTR(key, 1, $1) = $2 ORDER BY key`, len(prefix), prefix)
}

// CertDelete removes key and every key under key + "/".
func (s *Store) CertDelete(ctx context.Context, key string) error {
	dir := key + "/"
	err := s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM cert_store WHERE key = $1 OR SUBSTR(key, 1, $2) = $3`, key, len(dir), dir)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete cert %s: %w", key, err)
	}
	return nil
}

// CertLockLease is how long a lock row on SQLite outlives its holder's
// last renewal: a process that died while obtaining a certificate holds
// the name up for at most this long.
const CertLockLease = 2 * time.Minute

// certLockPoll is how often a waiting Lock tries again on SQLite.
const certLockPoll = 250 * time.Millisecond

// CertLock takes the named lock, waiting until it is free or ctx ends,
// and returns the function that releases it. On PostgreSQL it is a
// session advisory lock on a connection held until the release (a
// process that dies releases it with its connection); on SQLite a lock
// row written through the single writer, taken over once CertLockLease
// has passed without renewal.
func (s *Store) CertLock(ctx context.Context, name string) (func(context.Context) error, error) {
	if s.dialect == postgres {
		return s.pgCertLock(ctx, name)
	}
	for {
		ok, err := s.tryCertLock(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("store: lock %s: %w", name, err)
		}
		if ok {
			return func(ctx context.Context) error {
				return s.inTx(ctx, func(tx *Tx) error {
					_, err := tx.ExecContext(ctx, `DELETE FROM cert_locks WHERE name = $1`, name)
					return err
				})
			}, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("store: lock %s: %w", name, ctx.Err())
		case <-time.After(certLockPoll):
		}
	}
}

func (s *Store) tryCertLock(ctx context.Context, name string) (bool, error) {
	var took bool
	err := s.inTx(ctx, func(tx *Tx) error {
		now := s.utcNow()
		res, err := tx.ExecContext(ctx, `INSERT INTO cert_locks (name, expires_at) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET expires_at = excluded.expires_at WHERE cert_locks.expires_at < $3`,
			name, now.Add(CertLockLease), now)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		took = n == 1
		return nil
	})
	return took, err
}

// RenewCertLock extends a held SQLite lock by CertLockLease (PostgreSQL's
// locks live as long as their connection and need no renewal).
func (s *Store) RenewCertLock(ctx context.Context, name string) error {
	if s.dialect == postgres {
		return nil
	}
	err := s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE cert_locks SET expires_at = $1 WHERE name = $2`, s.utcNow().Add(CertLockLease), name)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: renew lock %s: %w", name, err)
	}
	return nil
}

func (s *Store) pgCertLock(ctx context.Context, name string) (func(context.Context) error, error) {
	h := fnv.New64a()
	h.Write([]byte("certmagic\x00" + name))
	key := int64(h.Sum64())
	conn, err := s.write.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", name, classify(err))
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		discard(conn)
		return nil, fmt.Errorf("store: lock %s: %w", name, classify(err))
	}
	return func(ctx context.Context) error {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, key); err != nil {
			discard(conn)
			return fmt.Errorf("store: unlock %s: %w", name, classify(err))
		}
		return conn.Close()
	}, nil
}

// discard closes conn's session instead of returning it to the pool: a
// session whose lock state is unknown must not serve anyone else (its
// end releases whatever advisory lock it holds).
func discard(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}
