package notify

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"mime/multipart"
	"net/textproto"
	"os"
	"strings"
	"time"
)

// FileSink writes each message as a .eml file instead of sending it. Bodies
// are written unencoded (8bit) so a developer or a test can grep a link out
// of them.
type FileSink struct {
	dir string
}

// NewFileSink returns a sink writing into dir, which is created on first use.
func NewFileSink(dir string) *FileSink {
	return &FileSink{dir: dir}
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
	content, err := renderEML(m, now)
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

// renderEML formats m as an RFC 5322 message: text/plain alone, or
// multipart/alternative when there is an HTML body.
func renderEML(m Message, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	header := func(k, v string) {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	header("Date", now.Format(time.RFC1123Z))
	header("To", oneLine(m.To))
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	if m.Tag != "" {
		header("X-Tag", oneLine(m.Tag))
	}
	header("MIME-Version", "1.0")

	if m.HTMLBody == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "8bit")
		b.WriteString("\r\n")
		b.WriteString(m.TextBody)
		return b.Bytes(), nil
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	parts := []struct{ typ, content string }{
		{"text/plain; charset=utf-8", m.TextBody},
		{"text/html; charset=utf-8", m.HTMLBody},
	}
	for _, p := range parts {
		if p.content == "" {
			continue
		}
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ},
			"Content-Transfer-Encoding": {"8bit"},
		})
		if err != nil {
			return nil, fmt.Errorf("notify: render mail: %w", err)
		}
		if _, err := w.Write([]byte(p.content)); err != nil {
			return nil, fmt.Errorf("notify: render mail: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, fmt.Errorf("notify: render mail: %w", err)
	}
	header("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

// oneLine keeps a header value on its line, so a subject cannot inject
// headers of its own.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
