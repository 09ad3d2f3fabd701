package notify

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"strings"
	"time"
)

// DefaultPostmarkBaseURL is Postmark's API.
const DefaultPostmarkBaseURL = "https://api.postmarkapp.com"

// DefaultPostmarkTimeout bounds one send when NewPostmark gets no timeout.
const DefaultPostmarkTimeout = 10 * time.Second

// Postmark sends e-mail through Postmark's /email endpoint.
type Postmark struct {
	token   string
	from    string
	baseURL string
	client  *http.Client
}

// NewPostmark returns a Postmark sender. An empty baseURL means
// DefaultPostmarkBaseURL; timeout <= 0 means DefaultPostmarkTimeout.
func NewPostmark(token, from, baseURL string, timeout time.Duration) *Postmark {
	if baseURL == "" {
		baseURL = DefaultPostmarkBaseURL
	}
	if timeout <= 0 {
		timeout = DefaultPostmarkTimeout
	}
	return &Postmark{
		token:   token,
		from:    from,
		baseURL: strings.TrimRight(baseURL, "/"),
		client:  &http.Client{Timeout: timeout},
	}
}

type postmarkEmail struct {
	From          string `json:"From"`
	To            string `json:"To"`
	Subject       string `json:"Subject"`
	TextBody      string `json:"TextBody,omitempty"`
	HTMLBody      string `json:"HtmlBody,omitempty"`
	Tag           string `json:"Tag,omitempty"`
	ReplyTo       string `json:"ReplyTo,omitempty"`
	MessageStream string `json:"MessageStream"`
	// Attachments: Postmark takes each file's content base64-encoded.
	Attachments []postmarkAttachment `json:"Attachments,omitempty"`
	// Metadata carries the outbox id (maisMessageId). Postmark's /email
	// API has no idempotency key, so a send cannot be made safe to repeat
	// there; the outbox records each send before the message can be
	// claimed again, and the id lets a duplicate after a crash be traced.
	Metadata map[string]string `json:"Metadata,omitempty"`
}

type postmarkAttachment struct {
	Name        string `json:"Name"`
	Content     string `json:"Content"`
	ContentType string `json:"ContentType"`
}

func postmarkAttachments(as []Attachment) []postmarkAttachment {
	out := make([]postmarkAttachment, 0, len(as))
	for _, a := range as {
		out = append(out, postmarkAttachment{Name: a.Name, Content: base64.StdEncoding.EncodeToString(a.Content), ContentType: a.ContentType})
	}
	return out
}

type postmarkAnswer struct {
	ErrorCode int    `json:"ErrorCode"`
	Message   string `json:"Message"`
	MessageID string `json:"MessageID"`
}

// Send implements Sender.
func (p *Postmark) Send(ctx context.Context, m Message) error {
	if err := m.validate(); err != nil {
		return err
	}
	body, err := json.Marshal(postmarkEmail{
		From:          fromHeader(p.from, m.FromName),
		To:            m.To,
		Subject:       m.Subject,
		TextBody:      m.TextBody,
		HTMLBody:      m.HTMLBody,
		Tag:           m.Tag,
		ReplyTo:       m.ReplyTo,
		MessageStream: "outbound",
		Attachments:   postmarkAttachments(m.Attachments),
		Metadata:      metadata(m),
	})
	if err != nil {
		return fmt.Errorf("notify: encode postmark e-mail: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.baseURL+"/email", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: postmark request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Postmark-Server-Token", p.token)

	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: postmark unreachable: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	var ans postmarkAnswer
	if err := json.Unmarshal(raw, &ans); err != nil || ans.Message == "" {
		ans.Message = strings.TrimSpace(string(raw))
	}
	return &PostmarkError{Status: resp.StatusCode, ErrorCode: ans.ErrorCode, Message: ans.Message}
}

// fromHeader is the configured sender address under name: the business
// writes from the platform's verified address. A name with quotes or
// non-ASCII letters is quoted or RFC 2047-encoded by net/mail. An empty
// name, or a configured sender net/mail cannot read, leaves from as it is.
func fromHeader(from, name string) string {
	name = oneLine(name)
	if name == "" {
		return from
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return from
	}
	addr.Name = name
	return addr.String()
}

func metadata(m Message) map[string]string {
	if m.ID == "" {
		return nil
	}
	return map[string]string{"maisMessageId": m.ID}
}

// PostmarkError is a non-2xx answer from Postmark.
type PostmarkError struct {
	Status    int
	ErrorCode int
	Message   string
}

func (e *PostmarkError) Error() string {
	return fmt.Sprintf("notify: postmark answered %d, error code %d: %s", e.Status, e.ErrorCode, e.Message)
}

// Permanent reports whether retrying this message is pointless. Postmark
// codes that doom the message itself: 300 invalid e-mail request, 402 invalid
// JSON, 403 incompatible JSON, 406 inactive (bounced or unsubscribed)
// recipient, 409 JSON required, 411 forbidden attachment. Account problems
// (bad token, unconfirmed sender, suspended sending) stay temporary: once an
// operator fixes them the same message goes out.
func (e *PostmarkError) Permanent() bool {
	if e.Status != http.StatusUnprocessableEntity {
		return false
	}
	switch e.ErrorCode {
	case 300, 402, 403, 406, 409, 411:
		return true
	}
	return false
}
