package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Blobs keeps the library's files by key ("media/{tenant}/{id}/{file}").
// FileBlobs keeps them under a directory, S3Blobs in a bucket; a failing
// backend's errors are plain errors, which the Service answers as 503.
type Blobs interface {
	// Put stores data under key, replacing what was there.
	Put(ctx context.Context, key string, data []byte, contentType string) error
	// Get opens the file under key; ErrNoBlob when there is none.
	Get(ctx context.Context, key string) (Blob, error)
	// Delete removes the file under key; a missing file is no error.
	Delete(ctx context.Context, key string) error
}

// Blob is an open stored file; the reader must be closed.
type Blob struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
}

// ErrNoBlob is Get's answer for a key that holds nothing.
var ErrNoBlob = errors.New("media: no such blob")

// FileBlobs keeps files under Dir, each written to a temporary file and
// renamed, so a reader never sees half a file.
type FileBlobs struct{ Dir string }

// path maps a key to a file under Dir; keys are built from validated
// names (ValidName), and anything climbing out is refused all the same.
func (f FileBlobs) path(key string) (string, error) {
	if !fs.ValidPath(key) || strings.Contains(key, `\`) {
		return "", fmt.Errorf("media: bad blob key %q", key)
	}
	return filepath.Join(f.Dir, filepath.FromSlash(key)), nil
}

// Put writes data under key.
func (f FileBlobs) Put(_ context.Context, key string, data []byte, _ string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, err = io.Copy(tmp, bytes.NewReader(data))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Get opens the file under key.
func (f FileBlobs) Get(_ context.Context, key string) (Blob, error) {
	p, err := f.path(key)
	if err != nil {
		return Blob{}, ErrNoBlob
	}
	file, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return Blob{}, ErrNoBlob
	}
	if err != nil {
		return Blob{}, fmt.Errorf("media: get %s: %w", key, err)
	}
	st, err := file.Stat()
	if err != nil || !st.Mode().IsRegular() {
		file.Close()
		return Blob{}, ErrNoBlob
	}
	return Blob{ReadSeekCloser: file, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes the file under key and, when it was the last, its
// item's directory.
func (f FileBlobs) Delete(_ context.Context, key string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	os.Remove(filepath.Dir(p)) // fails, harmlessly, while other files remain
	return nil
}
