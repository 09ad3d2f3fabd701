// Package notify delivers e-mail. The outbox hands each message to a Sender:
// Postmark when POSTMARK_SERVER_TOKEN is set, otherwise a FileSink that
// writes messages under the data dir for developers and tests to read.
//
// A Sender error is either permanent (IsPermanent: this message will never
// go out, so the outbox should stop retrying it) or temporary (outage,
// rate limit, account misconfiguration an operator can fix), which the
// outbox retries with back-off.
package notify

import (
	"context"
	"errors"
	"strings"
)

// Message is one e-mail. Tag groups messages in Postmark's statistics
// ("booking-confirmation", "password-reset", …). ID, when set, is the
// outbox's id of the message: Postmark gets it as metadata (it has no
// idempotency key), so a copy sent twice after a crash can be traced.
type Message struct {
	ID       string
	To       string
	Subject  string
	TextBody string
	HTMLBody string
	Tag      string
	// FromName is the sender's display name (a business's name): the
	// address stays the platform's verified sender, so mail is not spoofed,
	// and the couple sees who wrote. "" keeps the configured name.
	FromName string
	// ReplyTo is where replies go (the business's own address); "" none.
	ReplyTo string
	// Attachments go along as files (the event's calendar entry).
	Attachments []Attachment
}

// Attachment is one file of a message.
type Attachment struct {
	// Name is the file name the recipient sees ("wedding.ics").
	Name string `json:"name"`
	// ContentType is its media type ("text/calendar; charset=utf-8; method=PUBLISH").
	ContentType string `json:"contentType"`
	// Content is the file itself (JSON: base64).
	Content []byte `json:"content"`
}

// Sender delivers a message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// IsPermanent reports whether err says the message can never be delivered,
// so retrying it is pointless.
func IsPermanent(err error) bool {
	var p interface{ Permanent() bool }
	return errors.As(err, &p) && p.Permanent()
}

// permanentError marks a message we refuse before sending it.
type permanentError struct{ msg string }

func (e *permanentError) Error() string   { return "notify: " + e.msg }
func (e *permanentError) Permanent() bool { return true }

// validate rejects messages no sender could deliver. A line break in the
// recipient would let it smuggle extra headers.
func (m Message) validate() error {
	switch {
	case strings.TrimSpace(m.To) == "":
		return &permanentError{"message has no recipient"}
	case strings.ContainsAny(m.To, "\r\n"):
		return &permanentError{"recipient contains a line break"}
	case m.TextBody == "" && m.HTMLBody == "":
		return &permanentError{"message has no body"}
	case strings.ContainsAny(m.ReplyTo, "\r\n"):
		return &permanentError{"reply-to contains a line break"}
	}
	for _, a := range m.Attachments {
		if strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name+a.ContentType, "\r\n\"") {
			return &permanentError{"attachment without a plain file name or type"}
		}
	}
	return nil
}
