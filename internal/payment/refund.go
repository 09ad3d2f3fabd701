package payment

import (
	"context"
	"errors"

	"github.com/stripe/stripe-go/v85"
)

// RefundRequest asks a provider to give money back on one charge.
type RefundRequest struct {
	// PaymentID is the provider's payment of the charge (a Stripe
	// PaymentIntent id); the mock needs none.
	PaymentID   string
	AmountCents int64
	// Connected: the charge went to the tenant's connected account; the
	// platform's application fee is refunded in proportion and the transfer
	// reversed, so the tenant, not the platform, pays the refund back.
	Connected bool
	// IdempotencyKey: a retried request with the same key refunds once.
	IdempotencyKey string
}

// Refund is a refund the provider made.
type Refund struct {
	ID string
}

// Refunder is a Provider that can refund.
type Refunder interface {
	Refund(ctx context.Context, req RefundRequest) (Refund, error)
}

func (r RefundRequest) validate() error {
	switch {
	case r.AmountCents <= 0:
		return errors.New("payment: refund of no amount")
	case r.IdempotencyKey == "":
		return errors.New("payment: refund without idempotency key")
	}
	return nil
}

// Refund implements Refunder: the mock refunds at once.
func (m *Mock) Refund(ctx context.Context, req RefundRequest) (Refund, error) {
	if err := req.validate(); err != nil {
		return Refund{}, err
	}
	return Refund{ID: "re_mock_" + randomHex(12)}, nil
}

// Refund implements Refunder with a Stripe refund of the payment intent;
// for a connected account's destination charge it also refunds the
// application fee and reverses the transfer.
func (s *Stripe) Refund(ctx context.Context, req RefundRequest) (Refund, error) {
	if err := req.validate(); err != nil {
		return Refund{}, err
	}
	if req.PaymentID == "" {
		return Refund{}, errors.New("payment: stripe refund without payment intent")
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	p := &stripe.RefundCreateParams{PaymentIntent: stripe.String(req.PaymentID), Amount: stripe.Int64(req.AmountCents)}
	if req.Connected {
		p.RefundApplicationFee = stripe.Bool(true)
		p.ReverseTransfer = stripe.Bool(true)
	}
	p.SetIdempotencyKey(req.IdempotencyKey)
	r, err := s.client.V1Refunds.Create(ctx, p)
	if err != nil {
		return Refund{}, stripeError(err)
	}
	return Refund{ID: r.ID}, nil
}
