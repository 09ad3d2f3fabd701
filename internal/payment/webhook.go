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

	"mais/internal/apperr"
)

// Stripe event types the booking layer acts on. Any other type is
// acknowledged and ignored (contract §6).
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

// DefaultWebhookTolerance is how old a signature may be (contract §6).
const DefaultWebhookTolerance = 300 * time.Second

// Event is the part of a Stripe event the server acts on.
type Event struct {
	ID         string
	Type       string
	APIVersion string
	// Session is filled for checkout.session.* events only.
	Session SessionObject
}

// SessionObject is the checkout session carried by a checkout.session.* event.
// Only the id and statuses are read: amounts and tenant come from what the
// server stored at checkout, never from the event.
type SessionObject struct {
	ID            string
	PaymentStatus string
	Status        string
	AmountTotal   int64
}

// VerifyWebhook checks the Stripe-Signature header of a webhook body against
// secret and decodes the event. now is the clock the signature age is
// measured against; tolerance <= 0 means DefaultWebhookTolerance.
//
// A missing, malformed, wrong or stale signature is INVALID_SIGNATURE; a
// signed body that is not an event of our API version is VALIDATION_ERROR;
// an empty secret is UNAVAILABLE, because verifying against an empty key
// would accept anyone's signature.
func VerifyWebhook(payload []byte, sigHeader, secret string, now time.Time, tolerance time.Duration) (Event, error) {
	if secret == "" {
		return Event{}, apperr.New(apperr.CodeUnavailable, "Stripe webhooks are not configured")
	}
	if tolerance <= 0 {
		tolerance = DefaultWebhookTolerance
	}
	if sigHeader == "" {
		return Event{}, invalidSignature("missing Stripe-Signature header")
	}
	signedAt, err := signatureTime(sigHeader)
	if err != nil {
		return Event{}, invalidSignature("malformed Stripe-Signature header")
	}
	// stripe-go measures age against the wall clock; we check it ourselves
	// against now and let stripe-go check only the HMAC.
	if now.Sub(signedAt) > tolerance {
		return Event{}, invalidSignature("Stripe-Signature timestamp is too old")
	}

	se, err := stripe.ConstructEvent(payload, sigHeader, secret,
		stripe.WithIgnoreTolerance(), stripe.WithIgnoreAPIVersionMismatch())
	switch {
	case errors.Is(err, stripe.ErrWebhookNotSigned), errors.Is(err, stripe.ErrWebhookInvalidHeader):
		return Event{}, invalidSignature("malformed Stripe-Signature header")
	case errors.Is(err, stripe.ErrWebhookNoValidSignature), errors.Is(err, stripe.ErrWebhookTooOld):
		return Event{}, invalidSignature("Stripe-Signature does not match")
	case err != nil:
		return Event{}, apperr.Validation("the webhook body is not a Stripe event", map[string]string{"body": err.Error()})
	}

	if !compatibleAPIVersion(se.APIVersion) {
		return Event{}, apperr.Validation(
			fmt.Sprintf("event api_version %q is not supported", se.APIVersion),
			map[string]string{"api_version": "expected " + stripe.APIVersion})
	}

	ev := Event{ID: se.ID, Type: string(se.Type), APIVersion: se.APIVersion}
	if strings.HasPrefix(ev.Type, "checkout.session.") {
		if se.Data == nil {
			return Event{}, apperr.Validation("checkout event without data", map[string]string{"data.object": "required"})
		}
		var obj struct {
			ID            string `json:"id"`
			PaymentStatus string `json:"payment_status"`
			Status        string `json:"status"`
			AmountTotal   int64  `json:"amount_total"`
		}
		if err := json.Unmarshal(se.Data.Raw, &obj); err != nil || obj.ID == "" {
			return Event{}, apperr.Validation("checkout event without a session", map[string]string{"data.object.id": "required"})
		}
		ev.Session = SessionObject(obj)
	}
	return ev, nil
}

// compatibleAPIVersion follows stripe-go's own rule: versions are
// "YYYY-MM-DD.train" and objects are stable within a release train.
func compatibleAPIVersion(v string) bool {
	if v == stripe.APIVersion {
		return true
	}
	_, train, ok := strings.Cut(v, ".")
	return ok && train == stripe.APIMajorVersion
}

func invalidSignature(msg string) error {
	return apperr.New(apperr.CodeInvalidSignature, "%s", msg)
}

// signatureTime reads the t= element of a Stripe-Signature header.
func signatureTime(header string) (time.Time, error) {
	for item := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || k != "t" {
			continue
		}
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, err
		}
		return time.Unix(sec, 0), nil
	}
	return time.Time{}, errors.New("no timestamp")
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
	}
	b, err := json.Marshal(e)
	if err != nil {
		panic(err) // only strings and integers: cannot fail
	}
	return b
}
