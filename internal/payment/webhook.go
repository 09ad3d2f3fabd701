package payment

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v85"
	"github.com/stripe/stripe-go/v85/webhook"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// Stripe event types the booking layer acts on. Any other type is
// acknowledged and ignored (docs/API.md §6).
const (
	EventCheckoutCompleted      = "checkout.session.completed"
	EventCheckoutAsyncSucceeded = "checkout.session.async_payment_succeeded"
	EventCheckoutAsyncFailed    = "checkout.session.async_payment_failed"
	EventCheckoutExpired        = "checkout.session.expired"
)

// Checkout session payment_status values.
const (
	PaymentStatusPaid              = "paid"
	PaymentStatusUnpaid            = "unpaid"
	PaymentStatusNoPaymentRequired = "no_payment_required"
)

// APIVersion is the Stripe API version of the stripe-go release in go.mod.
// Events must be of this release train to be accepted.
const APIVersion = stripe.APIVersion

// DefaultWebhookTolerance is how old a signature may be (docs/API.md §6),
// and how far ahead of the clock its timestamp may be.
const DefaultWebhookTolerance = 300 * time.Second

// Event is the part of a Stripe event the server acts on.
type Event struct {
	ID         string
	Type       string
	APIVersion string
	// Session is filled for checkout.session.* events only.
	Session SessionObject
	// Charge is filled for charge.* events (charge.refunded,
	// charge.dispute.created) only.
	Charge ChargeObject
	// Account is filled for account.updated only (connect.go).
	Account AccountObject
	// Created is when Stripe made an account.updated event, in Unix
	// seconds (which of two statuses is newer); 0 for other types.
	Created int64
}

// ChargeObject is what a charge.* event says of its charge: the payment
// intent it belongs to (how a booking is found), and for charge.refunded
// the amount refunded in all so far; for a dispute, the disputed amount.
type ChargeObject struct {
	ID             string
	PaymentIntent  string
	Amount         int64
	AmountRefunded int64
}

// Charge event types MAIS acts on.
const (
	EventChargeRefunded       = "charge.refunded"
	EventChargeDisputeCreated = "charge.dispute.created"
)

// SessionObject is the checkout session carried by a checkout.session.* event.
// Only the id and statuses are read: amounts and tenant come from what the
// server stored at checkout, never from the event.
type SessionObject struct {
	ID            string
	PaymentStatus string
	Status        string
	AmountTotal   int64
	// PaymentIntent is the session's payment (what a refund refunds).
	PaymentIntent string
}

// VerifyWebhook checks the Stripe-Signature header of a webhook body against
// secret and decodes the event. tolerance <= 0 means
// DefaultWebhookTolerance.
//
// The header is verified exactly once, by stripe-go's own check (signature
// and age read from the same t=, measured against the wall clock, as Stripe
// signs with it). The header must carry exactly one t= element and may carry
// any number of v1= signatures (Stripe sends two while a secret is rolled):
// with two t= values, one could be read for the age and another for the
// signature. stripe-go bounds only the age; a t= more than tolerance ahead of
// the same wall clock is refused here, or a body signed for the future (a
// leaked secret, a mis-set signer clock) would stay replayable until then.
//
// A missing, malformed, wrong, stale or future signature is
// INVALID_SIGNATURE; a
// signed body that is not an event of stripe-go's API release train is
// VALIDATION_ERROR; an empty secret is UNAVAILABLE, because verifying
// against an empty key would accept anyone's signature.
func VerifyWebhook(payload []byte, sigHeader, secret string, tolerance time.Duration) (Event, error) {
	if secret == "" {
		return Event{}, apperr.New(apperr.CodeUnavailable, "Stripe webhooks are not configured")
	}
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	if sigHeader == "" {
		return Event{}, invalidSignature("missing Stripe-Signature header")
	}
	ts := timestamps(sigHeader)
	if len(ts) != 1 {
		return Event{}, invalidSignature("Stripe-Signature must carry exactly one t= timestamp")
	}
	// A t= that is not a number is left to stripe-go (malformed header).
	if unix, err := strconv.ParseInt(ts[0], 10, 64); err == nil && time.Unix(unix, 0).After(time.Now().Add(tolerance)) {
		return Event{}, invalidSignature("Stripe-Signature timestamp is in the future")
	}
	// The API version is checked by stripe-go too (IgnoreAPIVersionMismatch
	// stays false): events of the release train of the stripe-go in go.mod
	// are accepted, as stripe-go itself decides.
	se, err := webhook.ConstructEventWithOptions(payload, sigHeader, secret, webhook.ConstructEventOptions{Tolerance: tolerance})
	switch {
	case errors.Is(err, webhook.ErrNotSigned), errors.Is(err, webhook.ErrInvalidHeader):
		return Event{}, invalidSignature("malformed Stripe-Signature header")
	case errors.Is(err, webhook.ErrTooOld):
		return Event{}, invalidSignature("Stripe-Signature timestamp is too old")
	case errors.Is(err, webhook.ErrNoValidSignature):
		return Event{}, invalidSignature("Stripe-Signature does not match")
	case err != nil:
		// The signature held; the body is not an event we can read.
		if v := apiVersionOf(payload); v != "" && !compatibleAPIVersion(v) {
			return Event{}, apperr.Validation(fmt.Sprintf("event api_version %q is not supported", v),
				map[string]string{"api_version": "expected the " + stripe.APIMajorVersion + " release train (" + stripe.APIVersion + ")"})
		}
		return Event{}, apperr.Validation("the webhook body is not a Stripe event", map[string]string{"body": "must be a Stripe event object"})
	}
	return decodeEvent(se)
}

// decodeEvent keeps what the server acts on of a verified event.
func decodeEvent(se stripe.Event) (Event, error) {
	ev := Event{ID: se.ID, Type: string(se.Type), APIVersion: se.APIVersion}
	if ev.Type == EventAccountUpdated {
		ev.Created = se.Created
		var err error
		if ev.Account, err = decodeAccount(se); err != nil {
			return Event{}, err
		}
	}
	if strings.HasPrefix(ev.Type, "checkout.session.") {
		if se.Data == nil {
			return Event{}, apperr.Validation("checkout event without data", map[string]string{"data.object": "required"})
		}
		var obj struct {
			ID            string `json:"id"`
			PaymentStatus string `json:"payment_status"`
			Status        string `json:"status"`
			AmountTotal   int64  `json:"amount_total"`
			PaymentIntent string `json:"payment_intent"`
		}
		if err := json.Unmarshal(se.Data.Raw, &obj); err != nil || obj.ID == "" {
			return Event{}, apperr.Validation("checkout event without a session", map[string]string{"data.object.id": "required"})
		}
		ev.Session = SessionObject(obj)
	}
	if ev.Type == EventChargeRefunded || ev.Type == EventChargeDisputeCreated {
		if se.Data == nil {
			return Event{}, apperr.Validation("charge event without data", map[string]string{"data.object": "required"})
		}
		var obj struct {
			ID             string `json:"id"`
			Charge         string `json:"charge"` // a dispute names its charge
			PaymentIntent  string `json:"payment_intent"`
			Amount         int64  `json:"amount"`
			AmountRefunded int64  `json:"amount_refunded"`
		}
		if err := json.Unmarshal(se.Data.Raw, &obj); err != nil || obj.PaymentIntent == "" {
			return Event{}, apperr.Validation("charge event without a payment intent", map[string]string{"data.object.payment_intent": "required"})
		}
		ev.Charge = ChargeObject{ID: obj.ID, PaymentIntent: obj.PaymentIntent, Amount: obj.Amount, AmountRefunded: obj.AmountRefunded}
		if obj.Charge != "" {
			ev.Charge.ID = obj.Charge
		}
	}
	// What is kept is stored or looked up: it must be one line of text
	// (docs/API.md §3), signed or not; a NUL would fail on PostgreSQL.
	fields := apperr.FieldErrors{}
	for _, f := range [][2]string{{"id", ev.ID}, {"type", ev.Type}, {"api_version", ev.APIVersion},
		{"data.object.id", ev.Session.ID}, {"data.object.payment_status", ev.Session.PaymentStatus},
		{"data.object.status", ev.Session.Status}, {"data.object.payment_intent", ev.Session.PaymentIntent + ev.Charge.PaymentIntent},
		{"data.object.charge", ev.Charge.ID}, {"data.object.id", ev.Account.ID}} {
		textin.Check(fields, f[0], f[1], textin.Line)
	}
	if err := fields.Err(); err != nil {
		return Event{}, err
	}
	return ev, nil
}

// compatibleAPIVersion mirrors stripe-go's rule, only to word an error:
// versions are "YYYY-MM-DD.train" and objects are stable within a train.
func compatibleAPIVersion(v string) bool {
	_, train, ok := strings.Cut(v, ".")
	return ok && train == stripe.APIMajorVersion
}

// apiVersionOf reads a body's api_version, "" when there is none.
func apiVersionOf(payload []byte) string {
	var probe struct {
		APIVersion string `json:"api_version"`
	}
	if json.Unmarshal(payload, &probe) != nil {
		return ""
	}
	return probe.APIVersion
}

func invalidSignature(msg string) error {
	return apperr.New(apperr.CodeInvalidSignature, "%s", msg)
}

// timestamps returns the values of the t= elements of a Stripe-Signature
// header, in order.
func timestamps(header string) []string {
	var ts []string
	for item := range strings.SplitSeq(header, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(item), "="); ok && k == "t" {
			ts = append(ts, v)
		}
	}
	return ts
}

// SignWebhook returns a Stripe-Signature header for payload signed at t, as
// Stripe would send it. Tests and the load tool use it to forge deliveries.
func SignWebhook(payload []byte, secret string, t time.Time) string {
	sig := stripe.ComputeSignature(t, payload, secret)
	return "t=" + strconv.FormatInt(t.Unix(), 10) + ",v1=" + hex.EncodeToString(sig)
}

// MarshalEvent encodes ev the way Stripe delivers it, with a checkout session
// as data.object. An empty APIVersion becomes APIVersion. It lets tests, the
// load tool and the mock checkout page produce events the webhook accepts.
func MarshalEvent(ev Event, created time.Time) []byte {
	type session struct {
		ID            string `json:"id"`
		Object        string `json:"object"`
		PaymentStatus string `json:"payment_status"`
		Status        string `json:"status"`
		AmountTotal   int64  `json:"amount_total"`
		PaymentIntent string `json:"payment_intent,omitempty"`
	}
	type event struct {
		ID         string `json:"id"`
		Object     string `json:"object"`
		APIVersion string `json:"api_version"`
		Created    int64  `json:"created"`
		Type       string `json:"type"`
		Livemode   bool   `json:"livemode"`
		Data       struct {
			Object session `json:"object"`
		} `json:"data"`
	}
	e := event{ID: ev.ID, Object: "event", APIVersion: ev.APIVersion, Created: created.Unix(), Type: ev.Type}
	if e.APIVersion == "" {
		e.APIVersion = APIVersion
	}
	e.Data.Object = session{
		ID:            ev.Session.ID,
		Object:        "checkout.session",
		PaymentStatus: ev.Session.PaymentStatus,
		Status:        ev.Session.Status,
		AmountTotal:   ev.Session.AmountTotal,
		PaymentIntent: ev.Session.PaymentIntent,
	}
	b, err := json.Marshal(e)
	if err != nil {
		panic(err) // only strings and integers: cannot fail
	}
	return b
}
