// Package media is a tenant's photo library: uploads are checked by their
// content (JPEG, PNG or WebP, at most MaxUploadBytes), decoded, turned the
// right way up, stripped of every metadata block (EXIF and GPS included:
// only pixels are re-encoded) and resized into responsive renditions, which
// live in a blob store (the data dir, or S3-compatible storage) under
// media/{tenantID}/{id}/. A row per item in the SQL store says what the
// files are and how many bytes they take; a tenant's rows add up to at most
// its quota.
//
// Every file name is part of the URL contract: the largest rendition is
// {W}x{H}.{ext} and the smaller ones {w}w.{ext}, one per width of Widths
// below W. A page that knows an item's URL therefore knows its size and
// its srcset without asking the store (Responsive).
package media

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxUploadBytes bounds one uploaded file (10 MB).
const MaxUploadBytes = 10 << 20

// DefaultQuota is a tenant's room when the configuration names none
// (MAIS_MEDIA_QUOTA_MB's default, 1024 MB).
const DefaultQuota = 1024 << 20

// MaxSide bounds the largest rendition's width and height in pixels: a
// camera's 6000-pixel original is shrunk to it, a smaller one is kept.
const MaxSide = 2400

// Widths are the smaller renditions' widths in pixels, ascending. Only
// those narrower than the largest rendition are made: never upscaled.
var Widths = []int{480, 960, 1600}

// Item is one image of a tenant's library.
type Item struct {
	ID       string
	TenantID string
	// Name is the uploaded file's name, for people (may be "").
	Name string
	// Ext is the stored format: "jpg", or "png" for an image with
	// transparency.
	Ext string
	// Width and Height are the largest rendition's, in pixels.
	Width, Height int
	// Bytes is the size of all renditions together, what the quota counts.
	Bytes     int64
	CreatedAt time.Time
}

// ErrQuota is what the store answers when an item would take the tenant's
// library past its quota; nothing was inserted.
var ErrQuota = errors.New("media: quota exceeded")

// Rendition is one stored file of an item.
type Rendition struct {
	// Width and Height in pixels.
	Width, Height int
	// File is the name under the item's directory ("960w.jpg").
	File string
}

// Files are the item's renditions, narrowest first; the last is the
// largest, named {W}x{H}.{ext}.
func (it Item) Files() []Rendition {
	return renditions(it.Width, it.Height, it.Ext)
}

func renditions(w, h int, ext string) []Rendition {
	var out []Rendition
	for _, vw := range Widths {
		if vw < w {
			vh := max(1, (h*vw+w/2)/w)
			out = append(out, Rendition{Width: vw, Height: vh, File: strconv.Itoa(vw) + "w." + ext})
		}
	}
	return append(out, Rendition{Width: w, Height: h, File: strconv.Itoa(w) + "x" + strconv.Itoa(h) + "." + ext})
}

// Key is the blob key of one of the item's files.
func Key(tenantID, id, file string) string {
	return "media/" + tenantID + "/" + id + "/" + file
}

// Path is the URL path a file is served at (/media/{tenant}/{id}/{file}).
func Path(tenantID, id, file string) string { return "/" + Key(tenantID, id, file) }

var (
	validID   = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{0,63}$`)
	validFile = regexp.MustCompile(`^(?:([1-9][0-9]{0,4})w|([1-9][0-9]{0,4})x([1-9][0-9]{0,4}))\.(jpg|png)$`)
)

// ValidName reports whether tenant, id and file could be a stored file's
// parts: only such names are ever opened, so no request reaches outside
// the media directory.
func ValidName(tenantID, id, file string) bool {
	return validID.MatchString(tenantID) && validID.MatchString(id) && validFile.MatchString(file)
}

// ContentType is the served type of a file by its extension.
func ContentType(file string) string {
	if strings.HasSuffix(file, ".png") {
		return "image/png"
	}
	return "image/jpeg"
}

// Image is how a page shows an image: the src, and when the URL is one of
// the library's, its size and the srcset of its renditions.
type Image struct {
	Src string
	// Srcset lists every rendition ("…/480w.jpg 480w, …/1600x1067.jpg
	// 1600w"); "" for an address from elsewhere.
	Srcset string
	// Width and Height of the largest rendition in pixels; 0 when unknown.
	Width, Height int
}

// Responsive describes the image at raw for a page. A library file, one
// whose path is /media/{tenant}/{id}/{file} on any host (a page keeps the
// address it was given, which may name an earlier base URL, such as the
// localhost a business tried MAIS on), is shown under base, the
// platform's current public base URL; when it is the largest rendition,
// the srcset and size follow from the name alone. Any other address comes
// back as a plain src.
func Responsive(base, raw string) Image {
	img := Image{Src: raw}
	if base == "" {
		return img
	}
	u, err := url.Parse(raw)
	if err != nil || u.RawQuery != "" || u.Fragment != "" || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") {
		return img
	}
	rest, ok := strings.CutPrefix(u.Path, "/media/")
	if !ok {
		return img
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !ValidName(parts[0], parts[1], parts[2]) {
		return img
	}
	prefix := strings.TrimRight(base, "/") + "/media/" + parts[0] + "/" + parts[1] + "/"
	img.Src = prefix + parts[2]
	m := validFile.FindStringSubmatch(parts[2])
	if m[2] == "" {
		return img // a smaller rendition: shown as it is
	}
	w, _ := strconv.Atoi(m[2])
	h, _ := strconv.Atoi(m[3])
	var set []string
	for _, r := range renditions(w, h, m[4]) {
		set = append(set, prefix+r.File+" "+strconv.Itoa(r.Width)+"w")
	}
	img.Srcset, img.Width, img.Height = strings.Join(set, ", "), w, h
	return img
}

// Thumb is the address of an item's narrowest rendition, for grids.
func (v View) Thumb() string { return v.Variants[0].URL }

// View is an item as the API and the dashboard show it: the contract's
// {"id","url","width","height","variants":[{"width","url"}]} plus its
// name, size and upload time.
type View struct {
	ID string `json:"id"`
	// URL is the largest rendition's absolute address.
	URL       string    `json:"url"`
	Width     int       `json:"width"`
	Height    int       `json:"height"`
	Variants  []Variant `json:"variants"`
	Name      string    `json:"name"`
	Bytes     int64     `json:"bytes"`
	CreatedAt time.Time `json:"createdAt"`
}

// Variant is one rendition: its width in pixels and absolute address.
type Variant struct {
	Width int    `json:"width"`
	URL   string `json:"url"`
}

// ViewOf builds the view of it with addresses under base.
func ViewOf(base string, it Item) View {
	base = strings.TrimRight(base, "/")
	v := View{ID: it.ID, Width: it.Width, Height: it.Height, Name: it.Name, Bytes: it.Bytes, CreatedAt: it.CreatedAt}
	for _, r := range it.Files() {
		v.Variants = append(v.Variants, Variant{Width: r.Width, URL: base + Path(it.TenantID, it.ID, r.File)})
	}
	v.URL = v.Variants[len(v.Variants)-1].URL
	return v
}

// quotaMB writes bytes as whole megabytes, rounded up.
func quotaMB(n int64) string { return fmt.Sprintf("%d MB", (n+1<<20-1)>>20) }
