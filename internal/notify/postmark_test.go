package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/notify"
)

func message() notify.Message {
	return notify.Message{
		To:       "ana@example.com",
		Subject:  "Your booking is confirmed",
		TextBody: "See you on 2027-06-12.",
		HTMLBody: "<p>See you on 2027-06-12.</p>",
		Tag:      "booking-confirmation",
	}
}

func TestPostmarkSend(t *testing.T) {
	var (
		gotMethod, gotPath string
		gotHeader          http.Header
		gotBody            map[string]string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotMethod, gotPath, gotHeader = r.Method, r.URL.Path, r.Header.Clone()
		if err := json.NewDecoder(r.Body).Decode(&gotBody); err != nil {
			t.Errorf("decode body: %v", err)
		}
		io.WriteString(w, `{"To":"ana@example.com","SubmittedAt":"2027-01-01T00:00:00Z","MessageID":"b7bc2f4a","ErrorCode":0,"Message":"OK"}`)
	}))
	defer srv.Close()

	p := notify.NewPostmark("server-token", "MAIS <hello@mais.example>", srv.URL+"/", time.Second)
	if err := p.Send(context.Background(), message()); err != nil {
		t.Fatalf("Send: %v", err)
	}

	if got, want := gotMethod+" "+gotPath, "POST /email"; got != want {
		t.Errorf("request = %q, want %q", got, want)
	}
	for k, want := range map[string]string{
		"X-Postmark-Server-Token": "server-token",
		"Content-Type":            "application/json",
		"Accept":                  "application/json",
	} {
		if got := gotHeader.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	for k, want := range map[string]string{
		"From":          "MAIS <hello@mais.example>",
		"To":            "ana@example.com",
		"Subject":       "Your booking is confirmed",
		"TextBody":      "See you on 2027-06-12.",
		"HtmlBody":      "<p>See you on 2027-06-12.</p>",
		"Tag":           "booking-confirmation",
		"MessageStream": "outbound",
	} {
		if got := gotBody[k]; got != want {
			t.Errorf("body %s = %q, want %q", k, got, want)
		}
	}
}

func TestPostmarkErrors(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		body          string
		wantPermanent bool
		wantInError   string
	}{
		{"InactiveRecipient", 422, `{"ErrorCode":406,"Message":"You tried to send to a recipient that has been marked as inactive."}`, true, "marked as inactive"},
		{"InvalidEmail", 422, `{"ErrorCode":300,"Message":"Invalid 'To' address: 'nope'."}`, true, "Invalid 'To'"},
		{"SenderNotConfirmed", 422, `{"ErrorCode":401,"Message":"Sender signature not confirmed"}`, false, "error code 401"},
		{"BadToken", 401, `{"ErrorCode":10,"Message":"Bad or missing Server API token."}`, false, "Bad or missing"},
		{"RateLimited", 429, `{"ErrorCode":0,"Message":"Rate limit exceeded"}`, false, "429"},
		{"ServerError", 500, `{"ErrorCode":0,"Message":"Internal Server Error"}`, false, "500"},
		{"GatewayWithHTMLBody", 502, `<html>Bad Gateway</html>`, false, "Bad Gateway"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()

			err := notify.NewPostmark("tok", "from@example.com", srv.URL, time.Second).Send(context.Background(), message())
			if err == nil {
				t.Fatal("Send succeeded, want error")
			}
			if got, want := notify.IsPermanent(err), tc.wantPermanent; got != want {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, want)
			}
			if !strings.Contains(err.Error(), tc.wantInError) {
				t.Errorf("error %q does not mention %q", err, tc.wantInError)
			}
			var pe *notify.PostmarkError
			if !errors.As(err, &pe) || pe.Status != tc.status {
				t.Errorf("err = %#v, want *PostmarkError with status %d", err, tc.status)
			}
		})
	}
}

func TestPostmarkTimeout(t *testing.T) {
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(hang)

	start := time.Now()
	err := notify.NewPostmark("tok", "from@example.com", srv.URL, 200*time.Millisecond).Send(context.Background(), message())
	if err == nil {
		t.Fatal("Send succeeded, want timeout error")
	}
	if notify.IsPermanent(err) {
		t.Errorf("timeout reported as permanent: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("took %v, want about 200ms", elapsed)
	}
}

func TestInvalidMessagesArePermanent(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1) }))
	defer srv.Close()
	senders := map[string]notify.Sender{
		"postmark": notify.NewPostmark("tok", "from@example.com", srv.URL, time.Second),
		"file":     notify.NewFileSink(t.TempDir()),
	}
	tests := []struct {
		name   string
		mutate func(*notify.Message)
	}{
		{"NoRecipient", func(m *notify.Message) { m.To = " " }},
		{"HeaderInjection", func(m *notify.Message) { m.To = "a@example.com\r\nBcc: b@example.com" }},
		{"NoBody", func(m *notify.Message) { m.TextBody, m.HTMLBody = "", "" }},
	}
	for name, s := range senders {
		for _, tc := range tests {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				m := message()
				tc.mutate(&m)
				err := s.Send(context.Background(), m)
				if !notify.IsPermanent(err) {
					t.Errorf("err = %v, want a permanent error", err)
				}
			})
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("postmark was called %d times for invalid messages", n)
	}
}

// Postmark has no idempotency key; the outbox id goes along as metadata so
// a duplicate after a crash can be traced to its message.
func TestPostmarkSendsOutboxIDAsMetadata(t *testing.T) {
	var got struct {
		Metadata map[string]string `json:"Metadata"`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("decode body: %v", err)
		}
		io.WriteString(w, `{"ErrorCode":0,"Message":"OK","MessageID":"x"}`)
	}))
	defer srv.Close()
	m := message()
	m.ID = "0b7e1c9a-outbox-row"
	if err := notify.NewPostmark("t", "f@example.com", srv.URL, time.Second).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if got.Metadata["maisMessageId"] != m.ID {
		t.Errorf("Metadata = %v, want maisMessageId %q", got.Metadata, m.ID)
	}
}
