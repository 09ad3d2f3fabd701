package calendar_test

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mais/internal/calendar"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// countingSource marks the days listed in busy and counts its calls.
type countingSource struct {
	busy  map[string]bool
	calls atomic.Int32
}

func (s *countingSource) BusyDays(ctx context.Context, calendarID, from, to string, loc *time.Location) (map[string]bool, error) {
	s.calls.Add(1)
	out := make(map[string]bool)
	d, _ := time.ParseInLocation("2006-01-02", from, loc)
	last, _ := time.ParseInLocation("2006-01-02", to, loc)
	for ; !d.After(last); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		out[day] = s.busy[day]
	}
	return out, nil
}

func TestCachedServesFromMemoryWithinTTL(t *testing.T) {
	src := &countingSource{busy: map[string]bool{"2027-06-12": true}}
	clk := &clock{t: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	c := calendar.NewCached(src, time.Minute, time.Hour, clk.now)
	ctx := context.Background()

	// A month view fills the cache day by day ...
	month, err := c.BusyDays(ctx, "t1", calID, "2027-06-01", "2027-06-30", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(month), 30; got != want {
		t.Errorf("month has %d days, want %d", got, want)
	}
	// ... so single days inside it need no call.
	for _, day := range []string{"2027-06-12", "2027-06-13"} {
		got, err := c.BusyDays(ctx, "t1", calID, day, day, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := got[day], src.busy[day]; got != want {
			t.Errorf("busy[%s] = %v, want %v", day, got, want)
		}
	}
	if got, want := src.calls.Load(), int32(1); got != want {
		t.Errorf("source called %d times, want %d", got, want)
	}

	// Another tenant sharing the calendar id has its own entries.
	if _, err := c.BusyDays(ctx, "t2", calID, "2027-06-12", "2027-06-12", time.UTC); err != nil {
		t.Fatal(err)
	}
	if got, want := src.calls.Load(), int32(2); got != want {
		t.Errorf("after another tenant: source called %d times, want %d", got, want)
	}

	// Past the ttl the source is asked again.
	clk.advance(time.Minute)
	if _, err := c.BusyDays(ctx, "t1", calID, "2027-06-12", "2027-06-12", time.UTC); err != nil {
		t.Fatal(err)
	}
	if got, want := src.calls.Load(), int32(3); got != want {
		t.Errorf("after ttl: source called %d times, want %d", got, want)
	}
}

func TestCachedFailsClosedAgainstGoogle(t *testing.T) {
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) {
		f.busy = []busyPeriod{{Start: "2027-06-12T15:00:00Z", End: "2027-06-12T23:00:00Z"}}
	})
	clk := &clock{t: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)}
	c := calendar.NewCached(newGoogle(t, f, 300*time.Millisecond), time.Minute, 10*time.Minute, clk.now)
	ctx := context.Background()
	ask := func() (map[string]bool, error) {
		return c.BusyDays(ctx, "t1", calID, "2027-06-11", "2027-06-12", time.UTC)
	}
	want := map[string]bool{"2027-06-11": false, "2027-06-12": true}

	got, err := ask()
	if err != nil || !maps.Equal(got, want) {
		t.Fatalf("first answer = %v, %v; want %v", got, err, want)
	}

	failures := []struct {
		name  string
		setup func(f *fakeGoogle)
	}{
		{"ServerError", func(f *fakeGoogle) { f.status = http.StatusInternalServerError; f.hang = 0 }},
		{"Timeout", func(f *fakeGoogle) { f.status = 0; f.hang = 5 * time.Second }},
	}
	for _, fail := range failures {
		f.set(fail.setup)

		// Expired but within staleFor: the last good answer is used.
		clk.advance(2 * time.Minute)
		calls := f.listCalls()
		got, err := ask()
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("%s within staleFor: got %v, %v; want stale %v", fail.name, got, err, want)
		}
		if f.listCalls() == calls {
			t.Errorf("%s: Google was not asked after the ttl expired", fail.name)
		}
	}

	// Past staleFor there is nothing trustworthy left: refuse.
	clk.advance(10 * time.Minute)
	got, err = ask()
	if !errors.Is(err, calendar.ErrUnavailable) {
		t.Fatalf("past staleFor: got %v, %v; want ErrUnavailable", got, err)
	}

	// Google back: fresh answers again.
	f.set(func(f *fakeGoogle) { f.status, f.hang = 0, 0 })
	if got, err := ask(); err != nil || !maps.Equal(got, want) {
		t.Errorf("after recovery: got %v, %v; want %v", got, err, want)
	}
}

func TestCachedNeverAnsweredIsUnavailable(t *testing.T) {
	f := newFakeGoogle(t)
	f.set(func(f *fakeGoogle) { f.status = http.StatusServiceUnavailable })
	c := calendar.NewCached(newGoogle(t, f, time.Second), time.Minute, time.Hour, nil)

	_, err := c.BusyDays(context.Background(), "t1", calID, "2027-06-12", "2027-06-12", time.UTC)
	if !errors.Is(err, calendar.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
}

// blockingSource holds every call until released.
type blockingSource struct {
	release chan struct{}
	calls   atomic.Int32
}

func (s *blockingSource) BusyDays(ctx context.Context, calendarID, from, to string, loc *time.Location) (map[string]bool, error) {
	s.calls.Add(1)
	<-s.release
	return map[string]bool{from: true}, nil
}

func TestCachedConcurrentMissesShareOneCall(t *testing.T) {
	src := &blockingSource{release: make(chan struct{})}
	c := calendar.NewCached(src, time.Minute, time.Hour, nil)

	const n = 20
	var wg sync.WaitGroup
	results := make(chan map[string]bool, n)
	for range n {
		wg.Go(func() {
			got, err := c.BusyDays(context.Background(), "t1", calID, "2027-06-12", "2027-06-12", time.UTC)
			if err != nil {
				t.Error(err)
			}
			results <- got
		})
	}
	// Let the callers pile up on the first call before releasing it.
	for src.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(src.release)
	wg.Wait()
	close(results)

	for got := range results {
		if !got["2027-06-12"] {
			t.Errorf("caller got %v, want the day busy", got)
		}
	}
	if got := src.calls.Load(); got != 1 {
		t.Errorf("source called %d times for %d concurrent callers, want 1", got, n)
	}
}

func TestCachedCallerCancelDoesNotWait(t *testing.T) {
	src := &blockingSource{release: make(chan struct{})}
	defer close(src.release)
	c := calendar.NewCached(src, time.Minute, time.Hour, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.BusyDays(ctx, "t1", calID, "2027-06-12", "2027-06-12", time.UTC); err == nil {
		t.Error("BusyDays succeeded, want the caller's deadline error")
	}
}
