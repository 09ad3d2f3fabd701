package notify

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"
)

// FileSink writes each message as a .eml file instead of sending it. Bodies
// are written unencoded (8bit) so a developer or a test can grep a link out
// of them.
type FileSink struct {
	dir string
	// From is the sender address written in each file's From header, under
	// the message's FromName (default DefaultFileSinkFrom).
	From string
}

// DefaultFileSinkFrom is the sender of a FileSink without its own.
const DefaultFileSinkFrom = "MAIS <mail@mais.invalid>"

// NewFileSink returns a sink writing into dir, which is created on first use.
func NewFileSink(dir string) *FileSink {
	return &FileSink{dir: dir}
}

func (s *FileSink) from() string {
	if s.From != "" {
		return s.From
	}
	return DefaultFileSinkFrom
}

// Dir is where messages are written.
func (s *FileSink) Dir() string { return s.dir }

// Send implements Sender. File names start with the UTC time so a directory
// listing is in sending order; a random suffix keeps concurrent sends apart.
// The file is written under a temporary name and renamed, so a reader never
// sees half a message.
func (s *FileSink) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now()
	content, err := renderEML(m, s.from(), now)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.dir, 0o750); err != nil {
		return fmt.Errorf("notify: create mail dir: %w", err)
	}
	f, err := os.CreateTemp(s.dir, now.UTC().Format("20060102T150405.000000000Z")+"-*.eml.tmp")
	if err != nil {
		return fmt.Errorf("notify: create mail file: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(content)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp)
		return fmt.Errorf("notify: write mail file: %w", firstErr(werr, cerr))
	}
	if err := os.Rename(tmp, strings.TrimSuffix(tmp, ".tmp")); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("notify: write mail file: %w", err)
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// oneLine keeps a header value on its line, so a subject cannot inject
// headers of its own.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
