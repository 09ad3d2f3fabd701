package payment

import (
	"context"
	"errors"

	"github.com/stripe/stripe-go/v85"
)

// SessionPayer is a Provider that can name the payment a checkout session
// took: what a refund needs for a charge MAIS did not record one by one
// (bookings paid before payments had rows of their own).
type SessionPayer interface {
	// SessionPayment is the provider's payment (a Stripe PaymentIntent id)
	// of sessionID; "" when the session took none.
	SessionPayment(ctx context.Context, sessionID string) (string, error)
}

// SessionPayment implements SessionPayer: the Checkout Session read back
// with its payment intent expanded, within the adapter's timeout.
func (s *Stripe) SessionPayment(ctx context.Context, sessionID string) (string, error) {
	if sessionID == "" {
		return "", errors.New("payment: session payment without a session")
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	p := &stripe.CheckoutSessionRetrieveParams{}
	p.AddExpand("payment_intent")
	sess, err := s.client.V1CheckoutSessions.Retrieve(ctx, sessionID, p)
	if err != nil {
		return "", stripeError(err)
	}
	if sess.PaymentIntent == nil {
		return "", nil
	}
	return sess.PaymentIntent.ID, nil
}
