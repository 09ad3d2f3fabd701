package faults_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"mais/internal/faults"
	"mais/internal/notify"
)

// postmark is a Postmark API double that counts sends per message
// (recipient and subject) and holds the first one until released.
type postmark struct {
	mu      sync.Mutex
	sends   map[string]int
	first   chan struct{} // closed when the first send arrives
	release chan struct{} // close to answer it
	once    sync.Once
}

func newPostmark() *postmark {
	return &postmark{sends: map[string]int{}, first: make(chan struct{}), release: make(chan struct{})}
}

func (p *postmark) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct{ To, Subject string }
	json.NewDecoder(r.Body).Decode(&m)
	p.once.Do(func() { close(p.first); <-p.release })
	p.mu.Lock()
	p.sends[m.To+" | "+m.Subject]++
	p.mu.Unlock()
	w.Write([]byte(`{"ErrorCode":0,"Message":"OK","MessageID":"pm-1"}`))
}

// A confirmation e-mail must go out once even when PostgreSQL drops while
// it is being sent (issue 11, eighth bullet): the outbox keeps trying to
// record the send while its lease holds the message, so the next claim
// never sees it due. Before: the record failed once, the 2-minute lease ran
// out and the e-mail went again.
func TestEmailSentOnceWhenStoreDropsMidSend(t *testing.T) {
	requireServers(t)
	pg := faults.StartPostgres(t)
	a, clock, logs, err := newApp(t, map[string]string{"DATABASE_URL": pg.URL()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler()) // no background workers: the test drives the outbox
	defer srv.Close()
	f := &fixture{t: t, a: a, clock: clock, logs: logs, url: srv.URL}
	f.seedData()
	r := f.checkout(0)
	var co struct{ SessionID string }
	json.Unmarshal(r.body, &co)
	if r := f.webhook("evt_mail_1", co.SessionID); r.status != 200 {
		t.Fatalf("pay: %s %s", r, r.body)
	}
	pm := newPostmark()
	api := httptest.NewServer(pm)
	defer api.Close()
	a.Outbox.Sender = notify.NewPostmark("server-token", "hello@fault.example", api.URL, 5*time.Second)

	delivered := make(chan int, 1)
	go func() { delivered <- a.Outbox.DeliverDue(t.Context()) }()
	<-pm.first
	pg.Stop() // PostgreSQL goes away while Postmark is sending
	close(pm.release)
	time.Sleep(1500 * time.Millisecond)
	pg.Start()
	select {
	case <-delivered:
	case <-time.After(60 * time.Second):
		t.Fatal("the outbox never finished its batch")
	}
	// Long past any lease: nothing may be due again.
	clock.Advance(15 * time.Minute)
	a.Outbox.DeliverDue(t.Context())

	pm.mu.Lock()
	defer pm.mu.Unlock()
	if len(pm.sends) == 0 {
		t.Fatal("no e-mail was sent")
	}
	for id, n := range pm.sends {
		if n != 1 {
			t.Errorf("message %s sent %d times, want once", id, n)
		}
	}
}
