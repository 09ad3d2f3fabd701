// Package demoart holds the demo tenant's pictures: landscapes at golden
// hour, a lake at dawn, a coast, a forest, a meadow, fairy lights out of
// focus, two rings and the photographer's portrait, a silhouette against
// the sun. They are drawn by this package's code from fixed
// seeds (cmd/maisdemoart writes them into pictures/) and embedded in the
// binary: nothing is downloaded. They are this project's own work (see
// LICENSE.md).
package demoart

import (
	"embed"
	"image"
	"math"
)

//go:embed pictures/*.jpg
var files embed.FS

// File returns the stored JPEG of a picture.
func (p Picture) File() ([]byte, error) { return files.ReadFile("pictures/" + p.Name) }

// Picture is one demo picture and how the demo uses it.
type Picture struct {
	// Name is its file name in the library ("golden-hour-ridge.jpg").
	Name string
	// Alt describes it for screen readers.
	Alt string
	// Draw paints it at w×h pixels (cmd/maisdemoart).
	Draw func(w, h int) image.Image
	// Width and Height are the stored file's, in pixels.
	Width, Height int
}

// All are the demo's pictures, hero first.
func All() []Picture {
	return []Picture{
		{"golden-hour-ridge.jpg", "Mountain ridges fading into a golden evening sky", Ridge, 1920, 1080},
		{"lake-at-dawn.jpg", "A still lake at dawn, the hills mirrored in the water", Lake, 1500, 1000},
		{"fairy-lights.jpg", "Warm fairy lights glowing out of focus at an evening reception", Lights, 1500, 1000},
		{"coast-at-sunset.jpg", "The sun setting over a calm sea", Coast, 1500, 1000},
		{"forest-at-dusk.jpg", "Pine trees against a violet dusk sky", Forest, 1500, 1000},
		{"meadow.jpg", "Rolling meadow hills in soft afternoon light", Meadow, 1500, 1000},
		{"two-rings.jpg", "Two gold wedding rings resting together", Rings, 1200, 900},
		{"portrait.jpg", "The photographer at golden hour, camera raised, lit from behind by the low sun", Portrait, 1000, 1250},
	}
}

// rgb is a color with float channels in 0–255.
type rgb struct{ r, g, b float64 }

func hex(v uint32) rgb { return rgb{float64(v >> 16 & 255), float64(v >> 8 & 255), float64(v & 255)} }

func mix(a, b rgb, t float64) rgb {
	t = clamp(t, 0, 1)
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func (c rgb) add(d rgb, k float64) rgb { return rgb{c.r + d.r*k, c.g + d.g*k, c.b + d.b*k} }
func (c rgb) scale(k float64) rgb      { return rgb{c.r * k, c.g * k, c.b * k} }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// gradient picks a color along stops spread evenly over 0–1.
func gradient(t float64, stops ...rgb) rgb {
	t = clamp(t, 0, 1) * float64(len(stops)-1)
	i := int(t)
	if i >= len(stops)-1 {
		return stops[len(stops)-1]
	}
	return mix(stops[i], stops[i+1], smooth(t-float64(i)))
}

func smooth(t float64) float64 { return t * t * (3 - 2*t) }

// hash is a deterministic pseudo-random value in 0–1 for an integer pair.
func hash(x, seed int) float64 {
	h := uint32(x)*374761393 + uint32(seed)*668265263
	h = (h ^ h>>13) * 1274126177
	h ^= h >> 16
	return float64(h) / float64(math.MaxUint32)
}

// noise is smooth 1-D value noise.
func noise(x float64, seed int) float64 {
	i := math.Floor(x)
	return mix1(hash(int(i), seed), hash(int(i)+1, seed), smooth(x-i))
}

func mix1(a, b, t float64) float64 { return a + (b-a)*t }

// fbm adds octaves of noise into a ridge-like line in 0–1.
func fbm(x float64, seed, octaves int) float64 {
	sum, amp, norm := 0.0, 1.0, 0.0
	for o := 0; o < octaves; o++ {
		sum += noise(x, seed+o*17) * amp
		norm += amp
		x *= 2.03
		amp *= 0.5
	}
	return sum / norm
}

// canvas holds float pixels until they are finished with grain and a
// vignette.
type canvas struct {
	w, h int
	px   []rgb
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, px: make([]rgb, w*h)} }

func (c *canvas) at(x, y int) *rgb { return &c.px[y*c.w+x] }

// finish adds film grain and a soft vignette and returns the picture.
func (c *canvas) finish(vignette float64) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
	cx, cy := float64(c.w)/2, float64(c.h)/2
	maxd := math.Hypot(cx, cy)
	for y := 0; y < c.h; y++ {
		for x := 0; x < c.w; x++ {
			p := c.px[y*c.w+x]
			d := math.Hypot(float64(x)-cx, float64(y)-cy) / maxd
			k := 1 - vignette*smooth(clamp((d-0.45)/0.55, 0, 1))
			g := (hash(x*7919+y, 99) - 0.5) * 7
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(clamp(p.r*k+g, 0, 255))
			img.Pix[i+1] = uint8(clamp(p.g*k+g, 0, 255))
			img.Pix[i+2] = uint8(clamp(p.b*k+g, 0, 255))
			img.Pix[i+3] = 255
		}
	}
	return img
}

// sky paints a vertical gradient with a sun's glow at (sx, sy), in
// fractions of the canvas.
func (c *canvas) sky(sx, sy, glow float64, sun rgb, stops ...rgb) {
	for y := 0; y < c.h; y++ {
		base := gradient(float64(y)/float64(c.h), stops...)
		for x := 0; x < c.w; x++ {
			dx, dy := float64(x)/float64(c.w)-sx, (float64(y)/float64(c.h)-sy)*float64(c.h)/float64(c.w)
			d := math.Hypot(dx, dy)
			halo := math.Exp(-d*d/(glow*glow)) * 0.85
			disk := smooth(clamp((0.035-d)/0.006, 0, 1))
			*c.at(x, y) = mix(base.add(sun, halo*0.55), sun.add(rgb{255, 255, 255}, 0.25), disk)
		}
	}
}

// ridges paints layered hills from far (hazy, pale) to near (dark): each
// layer's top edge is fbm noise around its base line, given as a fraction
// of the height.
func (c *canvas) ridges(seed int, layers int, top, bottom, rough float64, far, near, haze rgb) {
	for l := 0; l < layers; l++ {
		t := float64(l) / math.Max(1, float64(layers-1))
		base := top + (bottom-top)*t
		col := mix(mix(far, haze, 0.35), near, t)
		freq := 2.2 + float64(l)*1.3
		amp := rough * (1 - 0.35*t)
		for x := 0; x < c.w; x++ {
			edge := (base - amp*fbm(float64(x)/float64(c.w)*freq, seed+l*31, 5)) * float64(c.h)
			for y := max(0, int(edge)); y < c.h; y++ {
				depth := clamp((float64(y)-edge)/(float64(c.h)*0.5), 0, 1)
				p := c.at(x, y)
				shade := col.scale(1 - 0.18*depth)
				if y == int(edge) {
					// Anti-alias the ridge line.
					*p = mix(*p, shade, edge-math.Floor(edge))
					continue
				}
				*p = shade
			}
		}
	}
}

// Ridge is the hero: mountain ridges under a golden evening sky.
func Ridge(w, h int) image.Image {
	c := newCanvas(w, h)
	c.sky(0.68, 0.52, 0.22, hex(0xffc37a), hex(0x3b2f5c), hex(0x9a5a7a), hex(0xe79a74), hex(0xf8cf96))
	c.ridges(7, 5, 0.5, 0.86, 0.24, hex(0xc98f8c), hex(0x241a2a), hex(0xf2b995))
	return c.finish(0.35)
}

// Lake is a still lake at dawn with hills mirrored in it.
func Lake(w, h int) image.Image {
	c := newCanvas(w, h)
	horizon := 0.6
	c.sky(0.35, 0.5, 0.25, hex(0xffe2b8), hex(0x8fa9c8), hex(0xd9c3cf), hex(0xf6d9c0))
	c.ridges(3, 3, 0.42, 0.56, 0.16, hex(0xa7a9c2), hex(0x4c5670), hex(0xe6d3d3))
	hy := int(horizon * float64(h))
	for y := hy; y < h; y++ {
		src := 2*hy - y - 1
		if src < 0 {
			src = 0
		}
		for x := 0; x < w; x++ {
			ripple := (noise(float64(y)*0.35, 5) - 0.5) * 6
			sx := int(clamp(float64(x)+ripple, 0, float64(w-1)))
			m := c.at(sx, src).scale(0.86)
			*c.at(x, y) = mix(m, hex(0x6f7f99), 0.12+0.3*float64(y-hy)/float64(h-hy))
		}
	}
	return c.finish(0.3)
}

// Coast is the sun setting over a calm sea.
func Coast(w, h int) image.Image {
	c := newCanvas(w, h)
	c.sky(0.5, 0.58, 0.3, hex(0xffb36b), hex(0x2c3e66), hex(0xb2607a), hex(0xf39a6b), hex(0xffd08a))
	hy := int(0.62 * float64(h))
	for y := hy; y < h; y++ {
		t := float64(y-hy) / float64(h-hy)
		for x := 0; x < w; x++ {
			sea := gradient(t, hex(0xd98a6a), hex(0x5a4a6e), hex(0x23243f))
			dx := math.Abs(float64(x)/float64(w) - 0.5)
			path := math.Exp(-dx*dx/(0.004+0.03*t)) * (0.5 + 0.5*noise(float64(y)*0.6, 11))
			*c.at(x, y) = sea.add(hex(0xffc38a), path*0.6*(1-t*0.6))
		}
	}
	return c.finish(0.35)
}

// Forest is pine silhouettes against a violet dusk.
func Forest(w, h int) image.Image {
	c := newCanvas(w, h)
	c.sky(0.25, 0.7, 0.28, hex(0xf7b58c), hex(0x2a2346), hex(0x6a4a7e), hex(0xc47d8e), hex(0xf0b08f))
	c.ridges(21, 2, 0.68, 0.8, 0.1, hex(0x7a5d7c), hex(0x3a2c44), hex(0xc48c96))
	for row := 0; row < 2; row++ {
		count := 18 + row*10
		for i := 0; i < count; i++ {
			cx := (float64(i) + hash(i, row*7+1)) / float64(count) * float64(w)
			tall := (0.28 + 0.25*hash(i, row*7+2) + 0.12*float64(row)) * float64(h)
			baseY := float64(h) * (0.86 + 0.08*float64(row))
			half := tall * 0.19
			col := mix(hex(0x3b2b45), hex(0x120d18), float64(row))
			for y := int(baseY - tall); y < h; y++ {
				if y < 0 {
					continue
				}
				t := (float64(y) - (baseY - tall)) / tall
				if y > int(baseY) {
					break
				}
				saw := 0.55 + 0.45*math.Abs(math.Mod(t*7, 1)-0.5)*2
				width := half * t * saw
				for x := int(cx - width); x <= int(cx+width); x++ {
					if x >= 0 && x < w {
						*c.at(x, y) = col
					}
				}
			}
		}
	}
	// The forest floor, darkening towards the viewer.
	for y := int(0.86 * float64(h)); y < h; y++ {
		t := (float64(y)/float64(h) - 0.86) / 0.14
		for x := 0; x < w; x++ {
			p := c.at(x, y)
			*p = mix(*p, mix(hex(0x2a1f30), hex(0x0e0a12), t), smooth(clamp(t*3, 0, 1)))
		}
	}
	return c.finish(0.4)
}

// Meadow is rolling hills in soft afternoon light.
func Meadow(w, h int) image.Image {
	c := newCanvas(w, h)
	c.sky(0.8, 0.2, 0.35, hex(0xfff1c9), hex(0xa9c4dc), hex(0xe8e0d0), hex(0xf7ecd6))
	c.ridges(41, 4, 0.55, 0.85, 0.14, hex(0xb7c29a), hex(0x4f6b3c), hex(0xe9e6cf))
	return c.finish(0.28)
}

// Lights are warm fairy lights, out of focus, at an evening reception.
func Lights(w, h int) image.Image {
	c := newCanvas(w, h)
	for y := 0; y < h; y++ {
		base := gradient(float64(y)/float64(h), hex(0x1b1424), hex(0x3a2031), hex(0x24161f))
		for x := 0; x < w; x++ {
			*c.at(x, y) = base
		}
	}
	warm := []rgb{hex(0xffcf7a), hex(0xffb46b), hex(0xffe2a8), hex(0xf7a07c), hex(0xfff0c8)}
	for i := 0; i < 140; i++ {
		// Strings of lights sag in arcs across the frame.
		strand := i % 4
		u := hash(i, 1)
		x := u * float64(w)
		y := (0.18+0.2*float64(strand))*float64(h) + math.Sin(u*math.Pi)*0.12*float64(h) + (hash(i, 2)-0.5)*0.08*float64(h)
		r := (0.018 + 0.05*hash(i, 3)*hash(i, 3)) * float64(w)
		col := warm[int(hash(i, 4)*float64(len(warm)))%len(warm)]
		glow := 0.18 + 0.3*hash(i, 5)
		for py := max(0, int(y-r-2)); py < min(h, int(y+r+2)); py++ {
			for px := max(0, int(x-r-2)); px < min(w, int(x+r+2)); px++ {
				d := math.Hypot(float64(px)-x, float64(py)-y) / r
				if d > 1.02 {
					continue
				}
				// A bokeh disk: flat, with a brighter rim and a soft edge.
				a := smooth(clamp((1.02-d)/0.06, 0, 1)) * (0.75 + 0.25*smooth(clamp((d-0.7)/0.3, 0, 1)))
				p := c.at(px, py)
				*p = p.add(col, a*glow)
			}
		}
	}
	for i := range c.px {
		p := &c.px[i]
		// Compress highlights so overlapping lights glow instead of clipping.
		p.r, p.g, p.b = 255*(1-math.Exp(-p.r/190)), 255*(1-math.Exp(-p.g/200)), 255*(1-math.Exp(-p.b/215))
	}
	return c.finish(0.25)
}

// Rings are two gold rings resting together on linen.
func Rings(w, h int) image.Image {
	c := newCanvas(w, h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			u, v := float64(x)/float64(w), float64(y)/float64(h)
			linen := gradient(v, hex(0xf3ece4), hex(0xe7d9cc)).add(rgb{1, 1, 1}, (noise(float64(x)*0.9, 3)-0.5)*5+(noise(float64(y)*0.9, 4)-0.5)*5)
			light := math.Exp(-((u-0.3)*(u-0.3) + (v-0.25)*(v-0.25)) / 0.12)
			*c.at(x, y) = linen.add(rgb{255, 246, 232}, light*0.06)
		}
	}
	ring := func(cx, cy, rx, ry, thick float64, tilt float64) {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				dx, dy := float64(x)-cx, float64(y)-cy
				ex := dx*math.Cos(tilt) + dy*math.Sin(tilt)
				ey := -dx*math.Sin(tilt) + dy*math.Cos(tilt)
				d := math.Hypot(ex/rx, ey/ry)
				band := math.Abs(d-1) * rx / thick
				// A soft shadow on the linen below the ring.
				sd := math.Hypot(ex/rx, (ey-thick*0.9)/ry)
				if s := math.Abs(sd-1) * rx / (thick * 2.2); s < 1 {
					p := c.at(x, y)
					*p = p.scale(1 - 0.12*(1-s))
				}
				if band >= 1 {
					continue
				}
				ang := math.Atan2(ey, ex)
				shine := 0.5 + 0.5*math.Cos(ang*2+0.8)
				metal := gradient(shine, hex(0x8a5a1e), hex(0xc99a45), hex(0xf3d58c), hex(0xfff4d2))
				edge := smooth(clamp((1-band)/0.25, 0, 1))
				core := 1 - 0.25*band*band
				p := c.at(x, y)
				*p = mix(*p, metal.scale(core), edge)
			}
		}
	}
	fw, fh := float64(w), float64(h)
	ring(fw*0.43, fh*0.55, fw*0.16, fh*0.1, fw*0.016, -0.12)
	ring(fw*0.58, fh*0.5, fw*0.13, fh*0.085, fw*0.012, 0.18)
	return c.finish(0.22)
}
