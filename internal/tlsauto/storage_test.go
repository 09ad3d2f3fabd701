package tlsauto_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"testing"
	"time"

	"mais/internal/sqlstore"
	"mais/internal/sqlstore/storetest"
	"mais/internal/tlsauto"
)

// TestStorage: certmagic's storage contract on both stores — values, the
// "directories" their keys form, fs.ErrNotExist for what is missing, and
// a lock that a second holder waits for until it is released.
func TestStorage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		st := tlsauto.NewStorage(s)
		put := map[string]string{
			"certificates/ca/a.example.com/a.example.com.crt": "crt",
			"certificates/ca/a.example.com/a.example.com.key": "key",
			"certificates/ca/wildcard_.example.com/x.crt":     "w",
			"acme/ca/users/x/x.json":                          "user",
		}
		for k, v := range put {
			if err := st.Store(ctx, k, []byte(v)); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Store(ctx, "acme/ca/users/x/x.json", []byte("user2")); err != nil {
			t.Fatal(err)
		}
		if b, err := st.Load(ctx, "acme/ca/users/x/x.json"); string(b) != "user2" || err != nil {
			t.Fatalf("load after overwrite = %q, %v", b, err)
		}
		if _, err := st.Load(ctx, "certificates/ca/b.example.com/b.crt"); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("load missing: %v; want fs.ErrNotExist", err)
		}
		if !st.Exists(ctx, "certificates/ca") || !st.Exists(ctx, "acme/ca/users/x/x.json") || st.Exists(ctx, "certificates/c") {
			t.Fatal("Exists is wrong about directories or values")
		}
		if ki, err := st.Stat(ctx, "certificates/ca/a.example.com"); err != nil || ki.IsTerminal {
			t.Fatalf("stat dir = %+v, %v", ki, err)
		}
		if ki, err := st.Stat(ctx, "certificates/ca/a.example.com/a.example.com.crt"); err != nil || !ki.IsTerminal || ki.Size != 3 {
			t.Fatalf("stat value = %+v, %v", ki, err)
		}
		got, err := st.List(ctx, "certificates/ca", false)
		if want := []string{"certificates/ca/a.example.com", "certificates/ca/wildcard_.example.com"}; err != nil || !slices.Equal(got, want) {
			t.Fatalf("list = %v, %v; want %v", got, err, want)
		}
		if got, _ := st.List(ctx, "certificates", true); len(got) != 3 {
			t.Fatalf("recursive list = %v", got)
		}
		// "_" is a LIKE wildcard: deleting wildcard_ must not take a sibling.
		if err := st.Delete(ctx, "certificates/ca/a.example.com"); err != nil {
			t.Fatal(err)
		}
		if st.Exists(ctx, "certificates/ca/a.example.com/a.example.com.key") || !st.Exists(ctx, "certificates/ca/wildcard_.example.com/x.crt") {
			t.Fatal("delete of a directory removed the wrong keys")
		}

		if err := st.Lock(ctx, "issue_cert_a.example.com"); err != nil {
			t.Fatal(err)
		}
		other := tlsauto.NewStorage(s) // another process on the same store
		waited := make(chan error, 1)
		go func() {
			err := other.Lock(ctx, "issue_cert_a.example.com")
			if err == nil {
				err = other.Unlock(ctx, "issue_cert_a.example.com")
			}
			waited <- err
		}()
		select {
		case err := <-waited:
			t.Fatalf("second Lock returned while the first held it: %v", err)
		case <-time.After(600 * time.Millisecond):
		}
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		if err := other.Lock(short, "issue_cert_a.example.com"); err == nil {
			t.Fatal("Lock with an ending context got the held lock")
		}
		cancel()
		if err := st.Unlock(ctx, "issue_cert_a.example.com"); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-waited:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("second Lock still waits after Unlock")
		}
	})
}
