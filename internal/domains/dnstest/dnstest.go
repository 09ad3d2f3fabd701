// Package dnstest runs a real DNS server for tests (github.com/miekg/dns),
// on UDP and TCP at one 127.0.0.1 port, answering the TXT and A records a
// test sets. Names it holds nothing for answer NXDOMAIN.
package dnstest

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// Server is a DNS server whose records a test changes while it runs.
type Server struct {
	// Addr is "127.0.0.1:port", for MAIS_DNS_RESOLVER or Pebble's -dnsserver.
	Addr string

	mu  sync.Mutex
	txt map[string][]string
	a   map[string]net.IP
}

// Start serves until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dnstest: listen udp: %v", err)
	}
	port := pc.LocalAddr().(*net.UDPAddr).Port
	ln, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil {
		pc.Close()
		t.Fatalf("dnstest: listen tcp on udp's port %d: %v", port, err)
	}
	s := &Server{Addr: pc.LocalAddr().String(), txt: map[string][]string{}, a: map[string]net.IP{}}
	h := dns.HandlerFunc(s.serve)
	udp := &dns.Server{PacketConn: pc, Handler: h}
	tcp := &dns.Server{Listener: ln, Handler: h}
	for _, srv := range []*dns.Server{udp, tcp} {
		go srv.ActivateAndServe()
	}
	t.Cleanup(func() {
		udp.Shutdown()
		tcp.Shutdown()
	})
	return s
}

// SetTXT makes name answer these TXT strings (none: the name is removed).
func (s *Server) SetTXT(name string, values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(values) == 0 {
		delete(s.txt, dns.Fqdn(strings.ToLower(name)))
		return
	}
	s.txt[dns.Fqdn(strings.ToLower(name))] = values
}

// SetA makes name answer an A record with ip.
func (s *Server) SetA(name string, ip net.IP) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.a[dns.Fqdn(strings.ToLower(name))] = ip
}

func (s *Server) serve(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	s.mu.Lock()
	for _, q := range req.Question {
		name := strings.ToLower(q.Name)
		hdr := dns.RR_Header{Name: q.Name, Class: dns.ClassINET, Ttl: 1}
		txt, hasTXT := s.txt[name]
		ip, hasA := s.a[name]
		switch {
		case q.Qtype == dns.TypeTXT && hasTXT:
			hdr.Rrtype = dns.TypeTXT
			for _, v := range txt {
				m.Answer = append(m.Answer, &dns.TXT{Hdr: hdr, Txt: []string{v}})
			}
		case q.Qtype == dns.TypeA && hasA:
			hdr.Rrtype = dns.TypeA
			m.Answer = append(m.Answer, &dns.A{Hdr: hdr, A: ip})
		case !hasTXT && !hasA:
			m.Rcode = dns.RcodeNameError
		}
	}
	s.mu.Unlock()
	w.WriteMsg(m)
}
