package httpx

import "testing"

func TestCSPBuilder(t *testing.T) {
	base := NewCSP("default-src 'self'", "img-src 'self'", "frame-ancestors 'none'")
	got := base.Set("frame-ancestors", "*").Add("img-src", "https:", "").Set("connect-src", "'self'").String()
	want := "default-src 'self'; img-src 'self' https:; frame-ancestors *; connect-src 'self'"
	if got != want {
		t.Errorf("derived = %q\nwant      %q", got, want)
	}
	if s := base.String(); s != "default-src 'self'; img-src 'self'; frame-ancestors 'none'" {
		t.Errorf("the base changed: %q", s)
	}
	if s := base.Without("img-src").String(); s != "default-src 'self'; frame-ancestors 'none'" {
		t.Errorf("without = %q", s)
	}
	if s := SandboxCSP.String(); s != "default-src 'none'; sandbox" {
		t.Errorf("sandbox = %q", s)
	}
}
