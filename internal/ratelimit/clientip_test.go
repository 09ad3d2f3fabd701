package ratelimit_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"mais/internal/ratelimit"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		proxies []netip.Prefix
		want    string
	}{
		{"NoProxy", "203.0.113.7:5123", nil, proxies, "203.0.113.7"},
		{"SpoofFromUntrustedPeer", "203.0.113.7:5123", []string{"1.1.1.1"}, proxies, "203.0.113.7"},
		{"NoTrustedProxiesConfigured", "10.0.0.1:80", []string{"1.1.1.1"}, nil, "10.0.0.1"},
		{"TrustedPeer", "10.0.0.1:80", []string{"198.51.100.9"}, proxies, "198.51.100.9"},
		{"TrustedPeerNoHeader", "10.0.0.1:80", nil, proxies, "10.0.0.1"},
		{"ClientPrependsSpoof", "10.0.0.1:80", []string{"1.1.1.1, 198.51.100.9"}, proxies, "198.51.100.9"},
		{"ChainOfProxies", "10.0.0.1:80", []string{"1.1.1.1, 198.51.100.9, 10.0.0.2"}, proxies, "198.51.100.9"},
		{"SeveralHeaderLines", "10.0.0.1:80", []string{"1.1.1.1", "198.51.100.9, 10.0.0.2"}, proxies, "198.51.100.9"},
		{"AllHopsTrusted", "10.0.0.1:80", []string{"10.0.0.3, 10.0.0.2"}, proxies, "10.0.0.3"},
		{"GarbageHop", "10.0.0.1:80", []string{"not-an-ip, 10.0.0.2"}, proxies, "10.0.0.2"},
		{"HopWithPort", "10.0.0.1:80", []string{"198.51.100.9:4711"}, proxies, "198.51.100.9"},
		{"IPv6Peer", "[2001:db8::1]:443", []string{"1.1.1.1"}, proxies, "2001:db8::1"},
		{"IPv6TrustedPeer", "[fd00::1]:443", []string{"2001:db8::5"}, proxies, "2001:db8::5"},
		{"IPv4MappedPeer", "[::ffff:203.0.113.7]:80", nil, proxies, "203.0.113.7"},
		{"UnparsablePeer", "@", nil, proxies, "@"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := ratelimit.ClientIP(r, tt.proxies); got != tt.want {
				t.Errorf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFromTrustedProxy(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	for remote, want := range map[string]bool{
		"10.1.2.3:80": true, "[::ffff:10.1.2.3]:80": true, "203.0.113.7:80": false, "@": false, "": false,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		if got := ratelimit.FromTrustedProxy(r, proxies); got != want {
			t.Errorf("FromTrustedProxy(%q) = %v, want %v", remote, got, want)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:80"
	if ratelimit.FromTrustedProxy(r, nil) {
		t.Error("a peer is trusted with no proxies configured")
	}
}
