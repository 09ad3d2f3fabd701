package apptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"mais/internal/payment"
)

// Reply is an HTTP answer as a test reads it.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v and fails the test when it is not JSON.
func (r Reply) JSON(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.Body, err)
	}
}

// ErrorCode returns the error envelope's code ({"error": "NOT_FOUND", ...})
// after checking the envelope is complete: a message, and the request id
// that the X-Request-Id header carries.
func (r Reply) ErrorCode(tb testing.TB) string {
	tb.Helper()
	var e struct {
		Error, Message, RequestID string
	}
	r.JSON(tb, &e)
	if e.Message == "" || e.RequestID == "" || e.RequestID != r.Header.Get("X-Request-Id") {
		tb.Errorf("error envelope incomplete: %s (X-Request-Id %q)", r.Body, r.Header.Get("X-Request-Id"))
	}
	return e.Error
}

// Serve runs req through h and returns the answer. An answer of a route the
// OpenAPI document (GET /v1/openapi.json of h) describes is checked against
// it — status, content type, body schema — and a mismatch fails the test,
// so the document and the code cannot drift apart.
func Serve(tb testing.TB, h http.Handler, req *http.Request) Reply {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := Reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	checkOpenAPI(tb, fromHandler(h), req, r)
	return r
}

// Do sends method path with the given headers and body (JSON unless a
// Content-Type header says otherwise) to h; see Serve.
func Do(tb testing.TB, h http.Handler, method, path string, header map[string]string, body string) Reply {
	tb.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return Serve(tb, h, req)
}

// Fetch sends method url over the network (a server a test started, or a
// child process) and returns the answer; a request that gets no answer
// fails the test and returns a zero Reply. Answers are checked against the
// OpenAPI document that the same server serves, as Serve does.
func Fetch(tb testing.TB, method, url string, header map[string]string, body string) Reply {
	tb.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	r, err := fetch(req)
	if err != nil {
		tb.Errorf("%s %s: %v", method, url, err)
		return Reply{}
	}
	origin := req.URL.Scheme + "://" + req.URL.Host
	checkOpenAPI(tb, func() (int, []byte) {
		doc, err := http.NewRequest(http.MethodGet, origin+"/v1/openapi.json", nil)
		if err != nil {
			return 0, nil
		}
		d, err := fetch(doc)
		if err != nil {
			return 0, nil
		}
		return d.Status, d.Body
	}, req, r)
	return r
}

func fetch(req *http.Request) (Reply, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return Reply{}, fmt.Errorf("read the answer: %w", err)
	}
	return Reply{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// Bearer is the Authorization header of a session or agent token.
func Bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// WebhookSecret is the STRIPE_WEBHOOK_SECRET of every test App.
const WebhookSecret = "whsec_test_secret"

// StripeSigned is the Stripe-Signature header of a webhook payload signed
// with WebhookSecret now (the server checks it against the real clock).
func StripeSigned(payload []byte) map[string]string {
	return map[string]string{"Stripe-Signature": payment.SignWebhook(payload, WebhookSecret, time.Now())}
}

// Expect fails the test unless r has status and, when code is not empty,
// an error envelope with that code.
func Expect(tb testing.TB, what string, r Reply, status int, code string) {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("%s: status %d %s, want %d", what, r.Status, r.Body, status)
	}
	if code != "" {
		if got := r.ErrorCode(tb); got != code {
			tb.Fatalf("%s: code %s (%s), want %s", what, got, r.Body, code)
		}
	}
}
