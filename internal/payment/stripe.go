package payment

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v85"
)

// DefaultStripeTimeout bounds one CreateCheckout call, retries included.
const DefaultStripeTimeout = 10 * time.Second

// StripeConfig configures the Stripe adapter.
type StripeConfig struct {
	SecretKey string
	// APIBase replaces https://api.stripe.com, e.g. with stripe-mock's address.
	APIBase string
	// Timeout bounds a whole call; zero means DefaultStripeTimeout.
	Timeout time.Duration
	// Transport carries the calls (nil: Go's default); tracing wraps it.
	Transport http.RoundTripper
}

// Stripe creates Stripe Checkout sessions.
type Stripe struct {
	client  *stripe.Client
	timeout time.Duration
}

// NewStripe returns a Stripe adapter. It does not contact Stripe.
func NewStripe(cfg StripeConfig) *Stripe {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultStripeTimeout
	}
	bc := &stripe.BackendConfig{
		HTTPClient: &http.Client{Timeout: timeout, Transport: cfg.Transport},
		// One retry covers a dropped connection; more would keep a buyer
		// waiting on an outage. Retries are safe: every create carries an
		// idempotency key.
		MaxNetworkRetries: stripe.Int64(1),
		// Errors are returned to the caller, who logs them with context.
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if cfg.APIBase != "" {
		bc.URL = stripe.String(strings.TrimRight(cfg.APIBase, "/"))
	}
	backends := stripe.NewBackendsWithConfig(bc)
	return &Stripe{
		client:  stripe.NewClient(cfg.SecretKey, stripe.WithBackends(backends)),
		timeout: timeout,
	}
}

// Name implements Provider.
func (s *Stripe) Name() string { return "stripe" }

// CreateCheckout implements Provider with a Checkout Session in payment mode.
// With a connected account it makes a destination charge: the money goes to
// the tenant and the platform keeps ApplicationFeeCents.
func (s *Stripe) CreateCheckout(ctx context.Context, req CheckoutRequest) (CheckoutSession, error) {
	if err := req.validate(); err != nil {
		return CheckoutSession{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()

	sess, err := s.client.V1CheckoutSessions.Create(ctx, checkoutParams(req))
	if err != nil {
		return CheckoutSession{}, stripeError(err)
	}
	return CheckoutSession{ID: sess.ID, URL: sess.URL, ExpiresAt: time.Unix(sess.ExpiresAt, 0).UTC()}, nil
}

// IdempotencyKey is the key sent with the checkout create call for a booking.
func IdempotencyKey(bookingID string) string { return "mais-checkout-" + bookingID }

func checkoutParams(req CheckoutRequest) *stripe.CheckoutSessionCreateParams {
	meta := maps.Clone(req.Metadata)
	if meta == nil {
		meta = make(map[string]string)
	}
	meta["booking_id"] = req.BookingID
	meta["tenant_id"] = req.TenantID

	p := &stripe.CheckoutSessionCreateParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		ClientReferenceID: stripe.String(req.BookingID),
		Metadata:          meta,
		PaymentIntentData: &stripe.CheckoutSessionCreatePaymentIntentDataParams{
			// Repeated on the payment intent so the charge in the dashboard
			// can be traced back to the booking.
			Metadata: meta,
		},
	}
	for _, li := range req.LineItems {
		p.LineItems = append(p.LineItems, &stripe.CheckoutSessionCreateLineItemParams{
			Quantity: stripe.Int64(li.Quantity),
			PriceData: &stripe.CheckoutSessionCreateLineItemPriceDataParams{
				Currency:    stripe.String(req.Currency),
				UnitAmount:  stripe.Int64(li.AmountCents),
				ProductData: &stripe.CheckoutSessionCreateLineItemPriceDataProductDataParams{Name: stripe.String(li.Name)},
			},
		})
	}
	if req.ConnectedAccountID != "" {
		p.PaymentIntentData.TransferData = &stripe.CheckoutSessionCreatePaymentIntentDataTransferDataParams{
			Destination: stripe.String(req.ConnectedAccountID),
		}
		if req.ApplicationFeeCents > 0 {
			p.PaymentIntentData.ApplicationFeeAmount = stripe.Int64(req.ApplicationFeeCents)
		}
	}
	if req.SuccessURL != "" {
		p.SuccessURL = stripe.String(req.SuccessURL)
	}
	if req.CancelURL != "" {
		p.CancelURL = stripe.String(req.CancelURL)
	}
	if req.CustomerEmail != "" {
		p.CustomerEmail = stripe.String(req.CustomerEmail)
	}
	if !req.ExpiresAt.IsZero() {
		p.ExpiresAt = stripe.Int64(req.ExpiresAt.Unix())
	}
	key := IdempotencyKey(req.BookingID)
	if req.Purpose != "" {
		key += "-" + req.Purpose
	}
	p.SetIdempotencyKey(key)
	return p
}

func stripeError(err error) error {
	var se *stripe.Error
	if errors.As(err, &se) && se.HTTPStatusCode != 0 {
		code := string(se.Code)
		if code == "" {
			code = string(se.Type)
		}
		return &ProviderError{
			Provider:  "stripe",
			Status:    se.HTTPStatusCode,
			Code:      code,
			Message:   se.Msg,
			RequestID: se.RequestID,
			Err:       err,
		}
	}
	return &ProviderError{Provider: "stripe", Err: err}
}
