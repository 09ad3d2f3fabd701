package payment_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"mais/internal/apperr"
	"mais/internal/payment"
)

const whsec = "whsec_test_secret"

func completedEvent() payment.Event {
	return payment.Event{
		ID:   "evt_1",
		Type: payment.EventCheckoutCompleted,
		Session: payment.SessionObject{
			ID:            "cs_test_abc",
			PaymentStatus: payment.PaymentStatusPaid,
			Status:        "complete",
			AmountTotal:   280000,
		},
	}
}

// Signatures are checked by stripe-go against the wall clock, as Stripe
// signs with it; the tests sign relative to the real now, which makes them
// independent of the date they run on.

func TestVerifyWebhookAccepts(t *testing.T) {
	now := time.Now()
	body := payment.MarshalEvent(completedEvent(), now)
	ts := "t=" + strconv.FormatInt(now.Unix(), 10)

	tests := []struct {
		name     string
		signedAt time.Time
		header   func(string) string
	}{
		{name: "Fresh", signedAt: now},
		{name: "InsideTolerance", signedAt: now.Add(-290 * time.Second)},
		// A signer clock a little ahead of ours is not a forgery.
		{name: "AheadInsideTolerance", signedAt: now.Add(200 * time.Second)},
		{name: "RolledSecretSecondSignature", signedAt: now, header: func(h string) string {
			return h[:len(ts)] + ",v1=" + "00ff" + h[len(ts):]
		}},
		{name: "SignaturesBeforeTimestamp", signedAt: now, header: func(h string) string {
			return "v1=00ff," + h[len(ts)+1:] + "," + ts
		}},
		{name: "OtherSchemesIgnored", signedAt: now, header: func(h string) string {
			return h + ",v0=abcdef"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := payment.SignWebhook(body, whsec, tc.signedAt)
			if tc.header != nil {
				h = tc.header(h)
			}
			ev, err := payment.VerifyWebhook(body, h, whsec, 0)
			if err != nil {
				t.Fatalf("VerifyWebhook: %v", err)
			}
			if got, want := ev, (payment.Event{
				ID: "evt_1", Type: payment.EventCheckoutCompleted, APIVersion: payment.APIVersion,
				Session: completedEvent().Session,
			}); got != want {
				t.Errorf("event = %+v, want %+v", got, want)
			}
		})
	}
}

func TestVerifyWebhookRejects(t *testing.T) {
	now := time.Now()
	body := payment.MarshalEvent(completedEvent(), now)
	good := payment.SignWebhook(body, whsec, now)
	ts := "t=" + strconv.FormatInt(now.Unix(), 10)
	// An hour-old delivery, correctly signed: replaying it must fail however
	// its header is rearranged.
	old := payment.SignWebhook(body, whsec, now.Add(-time.Hour))
	oldTS, oldSig, _ := strings.Cut(old, ",")

	otherTrain := completedEvent()
	otherTrain.APIVersion = "2025-01-27.acacia"
	otherTrainBody := payment.MarshalEvent(otherTrain, now)
	legacy := completedEvent()
	legacy.APIVersion = "2020-08-27"
	legacyBody := payment.MarshalEvent(legacy, now)

	tests := []struct {
		name     string
		body     []byte
		header   string
		secret   string
		wantCode string
	}{
		{"WrongSecret", body, payment.SignWebhook(body, "whsec_other", now), whsec, apperr.CodeInvalidSignature},
		{"Stale", body, payment.SignWebhook(body, whsec, now.Add(-301*time.Second)), whsec, apperr.CodeInvalidSignature},
		// Correctly signed for later: stripe-go bounds only the age, and
		// such a body would be replayable until its time came. The margin
		// beyond the 300 s leaves a slow test machine 100 s.
		{"FutureBeyondTolerance", body, payment.SignWebhook(body, whsec, now.Add(400*time.Second)), whsec, apperr.CodeInvalidSignature},
		{"FarFuture", body, payment.SignWebhook(body, whsec, now.Add(365*24*time.Hour)), whsec, apperr.CodeInvalidSignature},
		{"MissingHeader", body, "", whsec, apperr.CodeInvalidSignature},
		{"MalformedHeader", body, "garbage", whsec, apperr.CodeInvalidSignature},
		{"NonNumericTimestamp", body, "t=yesterday,v1=abcd", whsec, apperr.CodeInvalidSignature},
		{"NoV1Signature", body, "t=" + strconv.FormatInt(now.Unix(), 10), whsec, apperr.CodeInvalidSignature},
		{"TamperedBody", append([]byte(" "), body...), good, whsec, apperr.CodeInvalidSignature},
		{"TimestampSwapped", body, "t=" + strconv.FormatInt(now.Unix()-1, 10) + good[len(ts):], whsec, apperr.CodeInvalidSignature},
		{"StaleWithFreshTimestampInFront", body, ts + "," + old, whsec, apperr.CodeInvalidSignature},
		{"StaleWithFreshTimestampBehind", body, old + "," + ts, whsec, apperr.CodeInvalidSignature},
		{"StaleTimestampAfterSignature", body, oldSig + "," + oldTS, whsec, apperr.CodeInvalidSignature},
		{"TwoTimestampsBothFresh", body, ts + "," + good, whsec, apperr.CodeInvalidSignature},
		{"OtherReleaseTrain", otherTrainBody, payment.SignWebhook(otherTrainBody, whsec, now), whsec, apperr.CodeValidation},
		{"LegacyAPIVersion", legacyBody, payment.SignWebhook(legacyBody, whsec, now), whsec, apperr.CodeValidation},
		{"NotAnEvent", []byte(`{"object":"list"}`), payment.SignWebhook([]byte(`{"object":"list"}`), whsec, now), whsec, apperr.CodeValidation},
		{"NoSecretConfigured", body, good, "", apperr.CodeUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := payment.VerifyWebhook(tc.body, tc.header, tc.secret, payment.DefaultWebhookTolerance)
			if got, want := apperr.Code(err), tc.wantCode; got != want {
				t.Errorf("code = %s (%v), want %s", got, err, want)
			}
		})
	}
}

func TestVerifyWebhookOtherEventTypes(t *testing.T) {
	now := time.Now()
	body := []byte(`{"id":"evt_2","object":"event","api_version":"` + payment.APIVersion +
		`","type":"customer.created","data":{"object":{"id":"cus_1","object":"customer"}}}`)

	ev, err := payment.VerifyWebhook(body, payment.SignWebhook(body, whsec, now), whsec, 0)
	if err != nil {
		t.Fatalf("VerifyWebhook: %v", err)
	}
	if got, want := ev.Type, "customer.created"; got != want {
		t.Errorf("Type = %q, want %q", got, want)
	}
	if got, want := ev.Session, (payment.SessionObject{}); got != want {
		t.Errorf("Session = %+v, want zero for a non-checkout event", got)
	}
}

func TestVerifyWebhookSameReleaseTrain(t *testing.T) {
	// Stripe keeps objects stable within a release train, as stripe-go does.
	now := time.Now()
	ev := completedEvent()
	_, train, _ := strings.Cut(payment.APIVersion, ".")
	ev.APIVersion = "2099-01-01." + train
	body := payment.MarshalEvent(ev, now)
	if _, err := payment.VerifyWebhook(body, payment.SignWebhook(body, whsec, now), whsec, 0); err != nil {
		t.Fatalf("VerifyWebhook(%s): %v", ev.APIVersion, err)
	}
}
