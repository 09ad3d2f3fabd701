package payment_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"mais/internal/payment"
	"mais/internal/payment/paymenttest"
)

// recorded is one request seen by recordingProxy.
type recorded struct {
	path    string
	header  http.Header
	form    url.Values
	rawBody string
}

// recordingProxy forwards to target and keeps every request, so tests can
// check what the adapter sent even though stripe-mock answers with fixtures.
type recordingProxy struct {
	mu   sync.Mutex
	reqs []recorded
}

func (p *recordingProxy) last(t *testing.T) recorded {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.reqs) == 0 {
		t.Fatal("no request reached the proxy")
	}
	return p.reqs[len(p.reqs)-1]
}

// mockStripe is the Stripe adapter talking to stripe-mock through a
// recordingProxy, with a test secret key and a 5 s timeout.
func mockStripe(t *testing.T) (*recordingProxy, *payment.Stripe) {
	t.Helper()
	proxy, base := newRecordingProxy(t, paymenttest.StartStripeMock(t))
	return proxy, payment.NewStripe(payment.StripeConfig{SecretKey: "sk_test_123", APIBase: base, Timeout: 5 * time.Second})
}

func newRecordingProxy(t *testing.T, target string) (*recordingProxy, string) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &recordingProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		p.mu.Lock()
		p.reqs = append(p.reqs, recorded{path: r.URL.Path, header: r.Header.Clone(), form: form, rawBody: string(body)})
		p.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return p, srv.URL
}

func checkoutRequest() payment.CheckoutRequest {
	return payment.CheckoutRequest{
		BookingID: "bk_123",
		TenantID:  "tn_1",
		Currency:  "usd",
		LineItems: []payment.LineItem{
			{Name: "Garden wedding", AmountCents: 250000, Quantity: 1},
			{Name: "Extra hour", AmountCents: 15000, Quantity: 2},
		},
		ApplicationFeeCents: 28000,
		CustomerEmail:       "ana@example.com",
		SuccessURL:          "http://localhost:8080/s/demo/success?session_id={CHECKOUT_SESSION_ID}",
		CancelURL:           "http://localhost:8080/s/demo/cancel",
		ExpiresAt:           time.Now().Add(time.Hour).Truncate(time.Second),
		Metadata:            map[string]string{"date": "2027-06-12"},
	}
}

func TestStripeCreateCheckout(t *testing.T) {
	proxy, s := mockStripe(t)

	tests := []struct {
		name        string
		account     string
		wantFee     string
		wantDestAcc string
	}{
		{name: "PlatformChargeHasNoFee", account: ""},
		{name: "ConnectedAccountGetsDestinationChargeWithFee", account: "acct_1Tenant", wantFee: "28000", wantDestAcc: "acct_1Tenant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := checkoutRequest()
			req.ConnectedAccountID = tc.account

			sess, err := s.CreateCheckout(context.Background(), req)
			if err != nil {
				t.Fatalf("CreateCheckout: %v", err)
			}
			if sess.ID == "" || sess.URL == "" {
				t.Fatalf("session = %+v, want id and url", sess)
			}

			got := proxy.last(t)
			if got, want := got.path, "/v1/checkout/sessions"; got != want {
				t.Errorf("path = %q, want %q", got, want)
			}
			if got, want := got.header.Get("Idempotency-Key"), "mais-checkout-bk_123"; got != want {
				t.Errorf("Idempotency-Key = %q, want %q", got, want)
			}
			if got, want := got.header.Get("Authorization"), "Bearer sk_test_123"; got != want {
				t.Errorf("Authorization = %q, want %q", got, want)
			}
			wantForm := map[string]string{
				"mode":                                   "payment",
				"client_reference_id":                    "bk_123",
				"customer_email":                         "ana@example.com",
				"success_url":                            req.SuccessURL,
				"cancel_url":                             req.CancelURL,
				"expires_at":                             strconv.FormatInt(req.ExpiresAt.Unix(), 10),
				"line_items[0][price_data][currency]":    "usd",
				"line_items[0][price_data][unit_amount]": "250000",
				"line_items[0][price_data][product_data][name]":   "Garden wedding",
				"line_items[0][quantity]":                         "1",
				"line_items[1][price_data][unit_amount]":          "15000",
				"line_items[1][quantity]":                         "2",
				"metadata[booking_id]":                            "bk_123",
				"metadata[tenant_id]":                             "tn_1",
				"metadata[date]":                                  "2027-06-12",
				"payment_intent_data[metadata][booking_id]":       "bk_123",
				"payment_intent_data[application_fee_amount]":     tc.wantFee,
				"payment_intent_data[transfer_data][destination]": tc.wantDestAcc,
			}
			for k, want := range wantForm {
				if got := got.form.Get(k); got != want {
					t.Errorf("form %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestStripeErrorIsProviderError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_42")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"type":"invalid_request_error","code":"parameter_invalid_integer","message":"Invalid integer: abc"}}`)
	}))
	defer srv.Close()
	s := payment.NewStripe(payment.StripeConfig{SecretKey: "sk_test_123", APIBase: srv.URL})

	_, err := s.CreateCheckout(context.Background(), checkoutRequest())
	var pe *payment.ProviderError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v (%T), want *payment.ProviderError", err, err)
	}
	if got, want := pe.Status, http.StatusBadRequest; got != want {
		t.Errorf("Status = %d, want %d", got, want)
	}
	if got, want := pe.Code, "parameter_invalid_integer"; got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
	if got, want := pe.RequestID, "req_42"; got != want {
		t.Errorf("RequestID = %q, want %q", got, want)
	}
}

func TestStripeUnreachableFailsFast(t *testing.T) {
	// A server that accepts the request and never answers.
	hang := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer silent.Close()
	defer close(hang)

	// A port nobody listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name string
		base string
	}{
		{name: "NeverAnswers", base: silent.URL},
		{name: "ConnectionRefused", base: refused},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := payment.NewStripe(payment.StripeConfig{SecretKey: "sk_test_123", APIBase: tc.base, Timeout: 300 * time.Millisecond})
			start := time.Now()
			_, err := s.CreateCheckout(context.Background(), checkoutRequest())
			elapsed := time.Since(start)

			var pe *payment.ProviderError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *payment.ProviderError", err)
			}
			if got, want := pe.Status, 0; got != want {
				t.Errorf("Status = %d, want %d (no answer)", got, want)
			}
			if elapsed > 2*time.Second {
				t.Errorf("took %v, want well under 2s with a 300ms timeout", elapsed)
			}
		})
	}
}

func TestCheckoutRejectsBrokenRequests(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*payment.CheckoutRequest)
	}{
		{"NoBookingID", func(r *payment.CheckoutRequest) { r.BookingID = "" }},
		{"NoLineItems", func(r *payment.CheckoutRequest) { r.LineItems = nil }},
		{"ZeroQuantity", func(r *payment.CheckoutRequest) { r.LineItems[0].Quantity = 0 }},
		{"FeeAboveTotal", func(r *payment.CheckoutRequest) { r.ConnectedAccountID = "acct_1"; r.ApplicationFeeCents = 1_000_000 }},
	}
	providers := []payment.Provider{
		// Validation happens before any network call, so no server is needed.
		payment.NewStripe(payment.StripeConfig{SecretKey: "sk_test_123", APIBase: "http://127.0.0.1:1"}),
		payment.NewMock("http://localhost:8080"),
	}
	for _, p := range providers {
		for _, tc := range tests {
			t.Run(p.Name()+"/"+tc.name, func(t *testing.T) {
				req := checkoutRequest()
				tc.mutate(&req)
				_, err := p.CreateCheckout(context.Background(), req)
				if err == nil {
					t.Fatal("CreateCheckout succeeded, want error")
				}
				var pe *payment.ProviderError
				if errors.As(err, &pe) {
					t.Fatalf("err = %v, want a local validation error, not a provider call", err)
				}
			})
		}
	}
}
