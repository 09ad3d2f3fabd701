package httpx_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"mais/internal/httpx"
)

// The edge's deadline passing does not end a long-running handler's
// context; the client going away does.
func TestLongRunning(t *testing.T) {
	r := httptest.NewRequest("POST", "/x", nil)
	ctx := context.WithValue(context.Background(), ctxKey{}, "kept")
	edge, edgeCancel := context.WithTimeout(ctx, time.Millisecond)
	defer edgeCancel()
	long, cancel := httpx.LongRunning(httptest.NewRecorder(), r.WithContext(edge), time.Hour)
	defer cancel()
	<-edge.Done()
	if long.Err() != nil {
		t.Fatalf("the edge's deadline ended the long-running context: %v", long.Err())
	}
	if long.Value(ctxKey{}) != "kept" {
		t.Error("request values are lost")
	}
	if dl, ok := long.Deadline(); !ok || time.Until(dl) < 59*time.Minute {
		t.Errorf("deadline = %v, want about an hour", dl)
	}

	client, clientGone := context.WithCancel(ctx)
	long2, cancel2 := httpx.LongRunning(httptest.NewRecorder(), r.WithContext(client), time.Hour)
	defer cancel2()
	clientGone()
	select {
	case <-long2.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the client going away did not end the long-running context")
	}
}

type ctxKey struct{}
