package notify_test

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"mais/internal/notify"
)

// readOnly returns the single message in dir, parsed.
func readOnly(t *testing.T, dir string) *mail.Message {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Fatalf("%d files in %s, want 1", len(entries), dir)
	}
	if name := entries[0].Name(); !strings.HasSuffix(name, ".eml") {
		t.Fatalf("file %q does not end in .eml", name)
	}
	f, err := os.Open(filepath.Join(dir, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	msg, err := mail.ReadMessage(f)
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v", err)
	}
	return msg
}

func TestFileSinkPlainText(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail", "outbox") // created on demand
	m := notify.Message{
		To:       "ana@example.com",
		Subject:  "Réservation confirmée",
		TextBody: "Pay here: http://localhost:8080/checkout/mock/cs_mock_1?x=1&y=2\n",
		Tag:      "checkout",
	}
	if err := notify.NewFileSink(dir).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}

	msg := readOnly(t, dir)
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ got, want string }{
		{msg.Header.Get("To"), "ana@example.com"},
		{subject, "Réservation confirmée"},
		{msg.Header.Get("X-Tag"), "checkout"},
		{msg.Header.Get("Content-Type"), "text/plain; charset=utf-8"},
	} {
		if c.got != c.want {
			t.Errorf("header = %q, want %q", c.got, c.want)
		}
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Errorf("Date header: %v", err)
	}
	body, _ := io.ReadAll(msg.Body)
	if got, want := string(body), m.TextBody; got != want {
		t.Errorf("body = %q, want %q (verbatim, greppable)", got, want)
	}
}

func TestFileSinkHTMLIsMultipart(t *testing.T) {
	dir := t.TempDir()
	m := notify.Message{To: "ana@example.com", Subject: "Hi", TextBody: "plain version", HTMLBody: "<p>html version</p>"}
	if err := notify.NewFileSink(dir).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}

	msg := readOnly(t, dir)
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var got []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		got = append(got, p.Header.Get("Content-Type")+"|"+string(b))
	}
	want := []string{"text/plain; charset=utf-8|plain version", "text/html; charset=utf-8|<p>html version</p>"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parts = %q, want %q", got, want)
	}
}

func TestFileSinkSubjectCannotInjectHeaders(t *testing.T) {
	dir := t.TempDir()
	m := notify.Message{To: "ana@example.com", Subject: "Hello\r\nBcc: eve@example.com", TextBody: "x"}
	if err := notify.NewFileSink(dir).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msg := readOnly(t, dir)
	if got := msg.Header.Get("Bcc"); got != "" {
		t.Errorf("Bcc header = %q, want none", got)
	}
}

func TestFileSinkConcurrentSends(t *testing.T) {
	dir := t.TempDir()
	sink := notify.NewFileSink(dir)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- sink.Send(context.Background(), notify.Message{
				To: "ana@example.com", Subject: fmt.Sprintf("message %d", i), TextBody: "x",
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	subjects := make(map[string]bool)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".eml") {
			t.Errorf("leftover file %q", e.Name())
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(f)
		if err != nil {
			t.Fatal(err)
		}
		subjects[msg.Header.Get("Subject")] = true
		f.Close()
	}
	if got, want := len(subjects), n; got != want {
		t.Errorf("%d distinct messages on disk, want %d", got, want)
	}
}
