package notify

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"time"
)

// renderEML formats m as an RFC 5322 / MIME message, as a mail client would
// receive it:
//
//	text only                 text/plain
//	text and HTML             multipart/alternative (text first: clients show the last they can)
//	with attachments          multipart/mixed { the above, then each file base64 }
//
// The plain text goes 8bit, verbatim, so a developer or a test can grep a
// link out of the file (quoted-printable when a line would pass SMTP's
// 998-octet limit); HTML goes quoted-printable, since nothing bounds its
// line lengths.
func renderEML(m Message, from string, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(m, from))
	header("From", fromHeader(from, m.FromName))
	header("To", oneLine(m.To))
	if m.ReplyTo != "" {
		header("Reply-To", oneLine(m.ReplyTo))
	}
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	if m.Tag != "" {
		header("X-Tag", oneLine(m.Tag))
	}
	header("MIME-Version", "1.0")
	ctype, body, err := mimeBody(m)
	if err != nil {
		return nil, fmt.Errorf("notify: render mail: %w", err)
	}
	for _, k := range []string{"Content-Type", "Content-Transfer-Encoding"} {
		if v := ctype.Get(k); v != "" {
			header(k, v)
		}
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes(), nil
}

// messageID is a unique Message-ID in the sender's domain.
func messageID(m Message, from string) string {
	domain := "mais.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.Trim(from[at+1:], "> ")
	}
	id := m.ID
	if id == "" {
		var r [12]byte
		_, _ = rand.Read(r[:])
		id = base64.RawURLEncoding.EncodeToString(r[:])
	}
	return "<" + oneLine(id) + "@" + domain + ">"
}

// mimeBody is the body of m and the headers that describe it.
func mimeBody(m Message) (textproto.MIMEHeader, []byte, error) {
	h, body, err := alternative(m)
	if err != nil || len(m.Attachments) == 0 {
		return h, body, err
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := writePart(mw, h, body); err != nil {
		return nil, nil, err
	}
	for _, a := range m.Attachments {
		ah := textproto.MIMEHeader{
			"Content-Type":              {a.ContentType},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})},
			"Content-Transfer-Encoding": {"base64"},
		}
		if err := writePart(mw, ah, base64Lines(a.Content)); err != nil {
			return nil, nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return textproto.MIMEHeader{"Content-Type": {"multipart/mixed; boundary=" + mw.Boundary()}}, buf.Bytes(), nil
}

// alternative is the readable part of m: its text, or text and HTML.
func alternative(m Message) (textproto.MIMEHeader, []byte, error) {
	text := textPart(m.TextBody)
	if m.HTMLBody == "" {
		return text.h, text.body, nil
	}
	html := part{textproto.MIMEHeader{"Content-Type": {"text/html; charset=utf-8"}, "Content-Transfer-Encoding": {"quoted-printable"}}, quotedPrintable(m.HTMLBody)}
	parts := []part{html}
	if m.TextBody != "" {
		parts = []part{text, html}
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		if err := writePart(mw, p.h, p.body); err != nil {
			return nil, nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, nil, err
	}
	return textproto.MIMEHeader{"Content-Type": {"multipart/alternative; boundary=" + mw.Boundary()}}, buf.Bytes(), nil
}

type part struct {
	h    textproto.MIMEHeader
	body []byte
}

// textPart is a plain-text body, 8bit unless a line is too long for SMTP.
func textPart(s string) part {
	for line := range strings.SplitSeq(s, "\n") {
		if len(line) > 998 {
			return part{textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"quoted-printable"}}, quotedPrintable(s)}
		}
	}
	return part{textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"8bit"}}, []byte(s)}
}

func writePart(mw *multipart.Writer, h textproto.MIMEHeader, body []byte) error {
	w, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

func quotedPrintable(s string) []byte {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	_, _ = io.WriteString(w, s) // writes to a buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}

// base64Lines is content in base64 with CRLF every 76 characters (RFC 2045).
func base64Lines(content []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(content)
	var buf bytes.Buffer
	for len(enc) > 76 {
		buf.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	buf.WriteString(enc + "\r\n")
	return buf.Bytes()
}
