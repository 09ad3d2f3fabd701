package demoart

import (
	"image"
	"math"
)

// Portrait is the photographer at golden hour, seen against the low sun:
// a silhouette holding a camera to the eye, its edge lit warm, over
// meadow hills. Drawn, not photographed, so it shows no real person.
func Portrait(w, h int) image.Image {
	c := newCanvas(w, h)
	const sx, sy = 0.4, 0.5 // the sun, low behind the neck
	c.sky(sx, sy, 0.3, hex(0xffc98a), hex(0x6d5a7e), hex(0xc98a86), hex(0xf0b487), hex(0xf7d6a6))
	c.ridges(11, 3, 0.66, 0.84, 0.1, hex(0xd9a88f), hex(0x5b4a3c), hex(0xf4c9a4))
	fw, fh := float64(w), float64(h)
	inside := func(x, y float64) bool { return figure(x/fw, y/fw, fh/fw) }
	sunX, sunY := sx*fw, sy*fh
	rim := fw * 0.004
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// 2×2 samples smooth the outline.
			cover := 0.0
			for _, o := range [][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
				if inside(float64(x)+o[0], float64(y)+o[1]) {
					cover += 0.25
				}
			}
			if cover == 0 {
				continue
			}
			fx, fy := float64(x), float64(y)
			body := gradient(fy/fh, hex(0x3a2a2a), hex(0x2a1f22), hex(0x1f181b))
			// A pixel whose neighbour toward the sun is outside is on the
			// lit edge.
			dx, dy := sunX-fx, sunY-fy
			d := math.Max(1, math.Hypot(dx, dy))
			if !inside(fx+dx/d*rim, fy+dy/d*rim) {
				body = mix(body, hex(0xffd9a0), 0.6)
			} else if !inside(fx+dx/d*rim*2.5, fy+dy/d*rim*2.5) {
				body = mix(body, hex(0xe7a870), 0.18)
			}
			p := c.at(x, y)
			*p = mix(*p, body, cover)
		}
	}
	c.lensGlint((0.5+(0.655-0.5)*1.45)*fw, (0.56+(0.452-0.42)*1.45)*fw, 0.025*fw)
	return c.finish(0.3)
}

// figure reports whether (u, v), in fractions of the width (v down; the
// picture is aspect times as tall as wide), is inside the photographer,
// seen from the side, facing right: head with a bun, neck, sloping
// shoulders, a camera at the eye with its lens and the arm holding it.
func figure(u, v, aspect float64) bool {
	// Drawn at unit scale around the head, then enlarged into a bust
	// that the frame cuts at the chest.
	const k = 1.45
	u, v = 0.5+(u-0.5)/k, 0.42+(v-0.56)/k
	ell := func(cx, cy, rx, ry float64) bool {
		dx, dy := (u-cx)/rx, (v-cy)/ry
		return dx*dx+dy*dy <= 1
	}
	box := func(x0, y0, x1, y1 float64) bool { return u >= x0 && u <= x1 && v >= y0 && v <= y1 }
	// limb is a capsule of radius r from (x0, y0) to (x1, y1).
	limb := func(x0, y0, x1, y1, r float64) bool {
		dx, dy := x1-x0, y1-y0
		t := clamp(((u-x0)*dx+(v-y0)*dy)/(dx*dx+dy*dy), 0, 1)
		return math.Hypot(u-x0-t*dx, v-y0-t*dy) <= r
	}
	switch {
	case ell(0.5, 0.45, 0.062, 0.078), ell(0.44, 0.395, 0.034, 0.034), box(0.468, 0.5, 0.532, 0.56):
		return true // head, bun, neck
	case box(0.535, 0.422, 0.625, 0.482), ell(0.632, 0.452, 0.026, 0.03), box(0.632, 0.425, 0.665, 0.479):
		return true // camera body, lens barrel
	case limb(0.585, 0.5, 0.65, 0.61, 0.026), limb(0.65, 0.61, 0.6, 0.64, 0.032), ell(0.585, 0.492, 0.03, 0.024):
		return true // forearm, upper arm, hand under the camera
	}
	// The shoulders slope from the neck and round over the arms; the body
	// below widens a little.
	top := 0.535
	switch d := v - top; {
	case d < 0:
		return false
	case d < 0.05:
		return math.Abs(u-0.5) <= 0.05+d*2.1
	case d < 0.12:
		return math.Abs(u-0.5) <= 0.155+0.045*math.Sqrt((d-0.05)/0.07)
	}
	return math.Abs(u-0.5) <= 0.2+0.03*clamp((v-top-0.12)/(aspect-top), 0, 1)
}

// lensGlint paints a small warm highlight on the camera's lens.
func (c *canvas) lensGlint(cx, cy, r float64) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		for x := int(cx - r); x <= int(cx+r); x++ {
			if x < 0 || y < 0 || x >= c.w || y >= c.h {
				continue
			}
			d := math.Hypot(float64(x)-cx, float64(y)-cy) / r
			if d < 1 {
				p := c.at(x, y)
				*p = mix(*p, hex(0xfff1d0), math.Pow(1-d, 2)*0.9)
			}
		}
	}
}
