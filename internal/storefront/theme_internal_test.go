package storefront

import (
	"regexp"
	"testing"

	"mais/internal/siteconfig"
)

func themeVars(t *testing.T, b siteconfig.Branding) map[string]rgb {
	t.Helper()
	out := map[string]rgb{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):(#[0-9a-f]{6});`).FindAllStringSubmatch(themeCSS(b), -1) {
		out[m[1]] = parseHex(m[2])
	}
	if len(out) < 11 {
		t.Fatalf("theme has %d colors: %s", len(out), themeCSS(b))
	}
	return out
}

// Whatever colors a tenant picks, text stays readable (WCAG AA, 4.5:1).
func TestThemeKeepsTextReadable(t *testing.T) {
	t.Parallel()
	for _, b := range []siteconfig.Branding{
		{},
		{PrimaryColor: "#f0e68c", AccentColor: "#ffd700", BackgroundColor: "#ffffff"},
		{PrimaryColor: "#ff69b4", SecondaryColor: "#ffe4e1", BackgroundColor: "#fff8f0"},
		{PrimaryColor: "#7fffd4", SecondaryColor: "#222", AccentColor: "#333", BackgroundColor: "#111111"},
		{PrimaryColor: "#777", BackgroundColor: "#777"},
	} {
		v := themeVars(t, b)
		for _, pair := range [][2]string{
			{"text", "bg"}, {"text", "surface"}, {"muted", "bg"}, {"muted", "surface"},
			{"primary-text", "bg"}, {"primary-text", "surface"}, {"accent-text", "bg"},
		} {
			if c := contrast(v[pair[0]], v[pair[1]]); c < 4.5 {
				t.Errorf("%+v: %s on %s has contrast %.2f, want >= 4.5", b, pair[0], pair[1], c)
			}
		}
		// Fills keep the tenant's color; the text on them is the better of
		// white and near-black.
		if got, want := v["primary"].hex(), parseHex(b.Resolved().PrimaryColor).hex(); got != want {
			t.Errorf("primary = %s, want the tenant's %s", got, want)
		}
		other := parseHex(darkText)
		if v["on-primary"] == other {
			other = rgb{255, 255, 255}
		}
		if contrast(v["on-primary"], v["primary"]) < contrast(other, v["primary"]) {
			t.Errorf("%+v: on-primary is not the more readable choice", b)
		}
	}
}

func TestThemeRefusesUnsafeValues(t *testing.T) {
	t.Parallel()
	css := themeCSS(siteconfig.Branding{PrimaryColor: "red;}body{display:none", FontFamily: "x;}*{color:red"})
	if regexp.MustCompile(`display:none|color:red`).MatchString(css) {
		t.Errorf("unsafe branding reached the stylesheet: %s", css)
	}
}

func TestFormatMoney(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cents int64
		want  string
	}{
		{0, "$0"}, {5, "$0.05"}, {150000, "$1,500"}, {150050, "$1,500.50"}, {123456789, "$1,234,567.89"}, {-2500, "-$25"},
	} {
		if got := money(tc.cents); got != tc.want {
			t.Errorf("money(%d) = %q, want %q", tc.cents, got, tc.want)
		}
	}
}

func TestPageEncodingRoundTrip(t *testing.T) {
	t.Parallel()
	body := []byte("<p>" + string(make([]byte, 3000)) + "</p>")
	var z gzipPool
	p, err := decodePage(encodePage(rendered{status: 404, body: body}, &z))
	if err != nil {
		t.Fatal(err)
	}
	if p.status != 404 || string(p.body) != string(body) || p.gz == nil || len(p.etag) < 10 {
		t.Errorf("round trip: status %d, %d bytes, gz %d, etag %q", p.status, len(p.body), len(p.gz), p.etag)
	}
	if _, err := decodePage([]byte{0, 200, 50}); err == nil {
		t.Error("a truncated page decoded")
	}
}
