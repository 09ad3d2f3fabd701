package storefront

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"mais/internal/assets"
	"mais/internal/siteconfig"
)

// The tenant's branding reaches the page as CSS variables in a small
// stylesheet of its own (/theme.css?v=hash), so no inline style is needed
// and the file can be cached for a year under its hash.

var (
	hexColor   = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)
	safeFamily = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ,\-]*$`)
)

const (
	darkText  = "#1f1b16"
	lightText = "#f8f5f0"
)

// themeCSS derives a full palette from the branding. Tenant colors are
// used as given for fills; where they carry text, the text color is picked
// or the color darkened/lightened until it meets WCAG AA (4.5:1).
func themeCSS(b siteconfig.Branding) string {
	b = b.Resolved()
	def := siteconfig.Branding{}.Resolved()
	color := func(v, fallback string) rgb {
		if !hexColor.MatchString(v) {
			v = fallback
		}
		return parseHex(v)
	}
	bg := color(b.BackgroundColor, def.BackgroundColor)
	primary := color(b.PrimaryColor, def.PrimaryColor)
	secondary := color(b.SecondaryColor, def.SecondaryColor)
	accent := color(b.AccentColor, def.AccentColor)
	font := b.FontFamily
	if !safeFamily.MatchString(font) {
		font = def.FontFamily
	}

	surface := mix(bg, rgb{255, 255, 255}, 0.7)
	if bg.luminance() < 0.2 {
		surface = mix(bg, rgb{255, 255, 255}, 0.08)
	}
	text := textColor(bg, surface)
	vars := []struct{ name, value string }{
		{"bg", bg.hex()},
		{"surface", surface.hex()},
		{"text", text.hex()},
		{"muted", readable(mix(text, bg, 0.35), text, bg, surface).hex()},
		{"border", mix(text, bg, 0.82).hex()},
		{"primary", primary.hex()},
		{"on-primary", bestOf(primary, rgb{255, 255, 255}, parseHex(darkText)).hex()},
		{"primary-text", readable(primary, text, bg, surface).hex()},
		{"secondary", secondary.hex()},
		{"on-secondary", bestOf(secondary, rgb{255, 255, 255}, parseHex(darkText)).hex()},
		{"accent", accent.hex()},
		{"accent-text", readable(accent, text, bg, surface).hex()},
		{"font", font},
	}
	var sb strings.Builder
	sb.WriteString(":root{")
	for _, v := range vars {
		fmt.Fprintf(&sb, "--%s:%s;", v.name, v.value)
	}
	sb.WriteString("}\n")
	return sb.String()
}

// themeHash names a theme for its cacheable URL.
func themeHash(b siteconfig.Branding) string {
	sum := sha256.Sum256([]byte(themeCSS(b)))
	return hex.EncodeToString(sum[:5])
}

// theme serves /theme.css for a tenant's site.
func (h *Handler) theme(w http.ResponseWriter, r *http.Request, s *site) error {
	d, err := h.loadSite(r.Context(), s.t, false)
	if err != nil {
		return err
	}
	css := themeCSS(d.cfg.Branding)
	sum := sha256.Sum256([]byte(css))
	hash := hex.EncodeToString(sum[:5])
	if r.URL.Query().Get("v") == hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	assets.ServeBytes(w, r, "text/css; charset=utf-8", `"`+hash+`"`, []byte(css), nil)
	return nil
}

type rgb struct{ r, g, b float64 }

func parseHex(s string) rgb {
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	n, _ := strconv.ParseUint(s, 16, 32)
	return rgb{float64(n >> 16 & 0xff), float64(n >> 8 & 0xff), float64(n & 0xff)}
}

func (c rgb) hex() string {
	clamp := func(v float64) int { return int(math.Max(0, math.Min(255, math.Round(v)))) }
	return fmt.Sprintf("#%02x%02x%02x", clamp(c.r), clamp(c.g), clamp(c.b))
}

// luminance is the WCAG relative luminance.
func (c rgb) luminance() float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}

func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// mix moves a toward b by t (0 = a, 1 = b).
func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// bestOf returns whichever of x and y contrasts more with bg.
func bestOf(bg, x, y rgb) rgb {
	if contrast(bg, x) >= contrast(bg, y) {
		return x
	}
	return y
}

// textColor picks the body text color for the two backgrounds text sits
// on: the soft near-black or near-white when they reach AA, else pure black
// or white (one of which always reaches 4.5:1 on any color).
func textColor(bg, surface rgb) rgb {
	worst := func(c rgb) float64 { return math.Min(contrast(c, bg), contrast(c, surface)) }
	best := parseHex(darkText)
	for _, c := range []rgb{parseHex(darkText), parseHex(lightText), {0, 0, 0}, {255, 255, 255}} {
		if worst(c) >= 4.5 {
			return c
		}
		if worst(c) > worst(best) {
			best = c
		}
	}
	return best
}

// readable moves c toward the text color until it reaches 4.5:1 on both
// backgrounds text sits on.
func readable(c, text rgb, bgs ...rgb) rgb {
	for step := 0; step <= 20; step++ {
		candidate := mix(c, text, float64(step)/20)
		ok := true
		for _, bg := range bgs {
			if contrast(candidate, bg) < 4.5 {
				ok = false
				break
			}
		}
		if ok {
			return candidate
		}
	}
	return text
}
