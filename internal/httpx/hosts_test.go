package httpx

import "testing"

func TestKnownHosts(t *testing.T) {
	k, err := ParseKnownHosts([]string{"localhost", "MAIS.example.", "*.vercel.app", "*.localhost"})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"localhost": true, "localhost:8080": true, "mais.example": true, "Mais.Example:443": true,
		"x.vercel.app": true, "a.b.vercel.app": true, "X.Vercel.App.": true, "shop.localhost": true,
		"vercel.app": false, ".vercel.app": false, "xvercel.app": false, "vercel.app.evil.example": false,
		"www.mais.example": false, "shop.example": false, "": false,
	} {
		if got := k.Match(host); got != want {
			t.Errorf("Match(%q) = %v, want %v", host, got, want)
		}
	}
	for _, bad := range []string{"*", "*.com", "a.*.example.com", "*example.com", "**.example.com", "*..example.com", "ex*ample.com"} {
		if _, err := ParseKnownHosts([]string{bad}); err == nil {
			t.Errorf("ParseKnownHosts(%q) accepted", bad)
		}
	}
}
