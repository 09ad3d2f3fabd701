package notify_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mais/internal/notify"
)

// letter is a message as booking e-mails are: from a business, replies to
// it, text and HTML, and the event's calendar entry.
func letter() notify.Message {
	return notify.Message{
		ID: "outbox-1", To: "ana@example.com", Subject: "You're booked",
		TextBody: "See you on Saturday, November 4, 2028.\nManage: https://mais.test/b/tok\n",
		HTMLBody: "<p>See you on <b>Saturday, November 4, 2028</b>.</p>" + strings.Repeat("<span>long line</span>", 100),
		Tag:      "booking-confirmation", FromName: `Rosa "Rose" & Co Photography`, ReplyTo: "rosa@studio.example",
		Attachments: []notify.Attachment{{Name: "wedding.ics", ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Content: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
	}
}

// Postmark's /email body (postmarkapp.com/developer/api/email-api): From
// with the display name, ReplyTo, HtmlBody and TextBody, and Attachments
// as [{Name, Content (base64), ContentType}].
func TestPostmarkSendsTheWholeLetter(t *testing.T) {
	var got struct {
		From, ReplyTo, HtmlBody, TextBody string
		Attachments                       []struct{ Name, Content, ContentType string }
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("decode body: %v", err)
		}
		io.WriteString(w, `{"ErrorCode":0,"Message":"OK","MessageID":"x"}`)
	}))
	defer srv.Close()
	m := letter()
	if err := notify.NewPostmark("tok", "MAIS <bookings@mais.example>", srv.URL, time.Second).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	from, err := mail.ParseAddress(got.From)
	if err != nil {
		t.Fatalf("From %q does not parse: %v", got.From, err)
	}
	if from.Name != m.FromName || from.Address != "bookings@mais.example" {
		t.Errorf("From = %q (%q <%s>), want the business's name at the platform's address", got.From, from.Name, from.Address)
	}
	if got.ReplyTo != m.ReplyTo || got.HtmlBody != m.HTMLBody || got.TextBody != m.TextBody {
		t.Errorf("ReplyTo/HtmlBody/TextBody = %q / %q / %q", got.ReplyTo, got.HtmlBody, got.TextBody)
	}
	if len(got.Attachments) != 1 {
		t.Fatalf("Attachments = %+v, want one", got.Attachments)
	}
	a := got.Attachments[0]
	content, err := base64.StdEncoding.DecodeString(a.Content)
	if a.Name != "wedding.ics" || a.ContentType != m.Attachments[0].ContentType || err != nil || string(content) != string(m.Attachments[0].Content) {
		t.Errorf("attachment = %+v (content %q, %v)", a, content, err)
	}
}

// Without a name of its own a message goes from the configured sender as is.
func TestPostmarkFromWithoutName(t *testing.T) {
	var got struct{ From string }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&got)
		io.WriteString(w, `{"ErrorCode":0}`)
	}))
	defer srv.Close()
	if err := notify.NewPostmark("tok", "MAIS <bookings@mais.example>", srv.URL, time.Second).Send(context.Background(), message()); err != nil {
		t.Fatal(err)
	}
	if got.From != "MAIS <bookings@mais.example>" {
		t.Errorf("From = %q", got.From)
	}
}

// The file sink writes what a mail client would receive: multipart/mixed
// holding multipart/alternative (text, then HTML) and the .ics, with the
// business's name as sender and its address as Reply-To.
func TestFileSinkWritesARealMIMEMessage(t *testing.T) {
	dir := t.TempDir()
	m := letter()
	sink := notify.NewFileSink(dir)
	sink.From = "MAIS <bookings@mais.example>"
	if err := sink.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	msg := readOnly(t, dir)
	from, err := mail.ParseAddress(msg.Header.Get("From"))
	if err != nil || from.Name != m.FromName || from.Address != "bookings@mais.example" {
		t.Errorf("From = %q (%v)", msg.Header.Get("From"), err)
	}
	if got := msg.Header.Get("Reply-To"); got != m.ReplyTo {
		t.Errorf("Reply-To = %q", got)
	}
	if got := msg.Header.Get("Message-ID"); got != "<outbox-1@mais.example>" {
		t.Errorf("Message-ID = %q", got)
	}
	mixed := parts(t, msg.Header.Get("Content-Type"), msg.Body, "multipart/mixed")
	if len(mixed) != 2 {
		t.Fatalf("%d parts in multipart/mixed, want 2", len(mixed))
	}
	alt := parts(t, mixed[0].ctype, strings.NewReader(mixed[0].body), "multipart/alternative")
	if len(alt) != 2 || alt[0].ctype != "text/plain; charset=utf-8" || alt[1].ctype != "text/html; charset=utf-8" {
		t.Fatalf("alternative parts = %+v", alt)
	}
	if alt[0].body != m.TextBody || alt[1].body != m.HTMLBody {
		t.Errorf("bodies do not come back as sent:\n%q\n%q", alt[0].body, alt[1].body)
	}
	if mixed[1].ctype != m.Attachments[0].ContentType || mixed[1].filename != "wedding.ics" || mixed[1].body != string(m.Attachments[0].Content) {
		t.Errorf("attachment = %+v", mixed[1])
	}
	raw := readRaw(t, dir)
	for line := range strings.SplitSeq(raw, "\n") {
		if len(line) > 998 {
			t.Fatalf("a line of %d octets, past SMTP's limit", len(line))
		}
	}
	if !strings.Contains(raw, "Manage: https://mais.test/b/tok\n") {
		t.Errorf("plain text not greppable in the file")
	}
}

type mimePart struct{ ctype, filename, body string }

// parts reads a multipart body of the wanted type; multipart.Reader
// undoes quoted-printable itself, base64 is decoded here.
func parts(t *testing.T, ctype string, body io.Reader, want string) []mimePart {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil || mt != want {
		t.Fatalf("Content-Type = %q (%v), want %s", ctype, err, want)
	}
	mr := multipart.NewReader(body, params["boundary"])
	var out []mimePart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			r = base64.NewDecoder(base64.StdEncoding, p)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, mimePart{p.Header.Get("Content-Type"), p.FileName(), string(b)})
	}
}

// readRaw is the single file in dir as text.
func readRaw(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("files in %s: %v, %v", dir, entries, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
