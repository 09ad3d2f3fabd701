package dashboard

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"

	"mais/internal/media"
	"mais/internal/siteconfig"
)

// The site editor's gallery buttons that work with the photo library:
// "add-images:{section}" adds the photos posted as "picked" (the picker
// dialog posts them; without a script, the first press shows the library
// as checkboxes inside the section and the second adds the ticked ones),
// "item-up:{section}:{i}" and "item-down:{section}:{i}" reorder a gallery.

// galleryOp carries out one of those buttons on the page as typed and
// shows the form again unsaved; it reports false for any other op.
func (h *Handler) galleryOp(w http.ResponseWriter, r *http.Request, s *session, wk working, name string,
	page siteconfig.Page, note, op string) (bool, error) {
	parts := strings.Split(op, ":")
	num := func(k int) int {
		if k >= len(parts) {
			return -1
		}
		n, err := strconv.Atoi(parts[k])
		if err != nil {
			return -1
		}
		return n
	}
	i := num(1)
	if i < 0 || i >= len(page.Sections) {
		return false, nil
	}
	g, ok := page.Sections[i].(siteconfig.GallerySection)
	if !ok {
		return false, nil
	}
	pick := false
	switch parts[0] {
	case "add-images":
		picked := r.PostForm["picked"]
		if len(picked) == 0 {
			pick = true
			break
		}
		library, err := h.cfg.Media.List(r.Context(), s.Tenant.ID)
		if err != nil {
			return true, err
		}
		g.Images = appendPicked(g.Images, picked, library)
	case "item-up", "item-down":
		j := num(2)
		k := j - 1
		if parts[0] == "item-down" {
			k = j + 1
		}
		if j >= 0 && j < len(g.Images) && k >= 0 && k < len(g.Images) {
			g.Images[j], g.Images[k] = g.Images[k], g.Images[j]
		}
	default:
		return false, nil
	}
	page.Sections[i] = g
	d := h.pageData(wk, name, page, note)
	d.Unsaved = true
	if pick {
		library, err := h.cfg.Media.List(r.Context(), s.Tenant.ID)
		if err != nil {
			return true, err
		}
		d.Library = library
		d.Sections[i].Pick = true
	}
	h.writePage(w, r, http.StatusOK, "site_page", &view{Title: d.Title + " page", Nav: "site", S: s, Data: d})
	return true, nil
}

// appendPicked adds the picked photos of the tenant's library, in the
// order given and up to siteconfig.MaxImages; an address that is not in
// the library is left out, and each photo's description starts as its
// file name in words, for the admin to improve.
func appendPicked(images []siteconfig.Image, picked []string, library []media.View) []siteconfig.Image {
	byURL := map[string]media.View{}
	for _, v := range library {
		byURL[v.URL] = v
	}
	// A fresh gallery starts with one empty entry: fill it first.
	if len(images) == 1 && images[0].URL == "" && images[0].Alt == "" {
		images = images[:0]
	}
	for _, u := range picked {
		v, ok := byURL[u]
		if !ok || len(images) >= siteconfig.MaxImages {
			continue
		}
		images = append(images, siteconfig.Image{URL: v.URL, Alt: altFromName(v.Name)})
	}
	return images
}

// altFromName turns "first-dance_02.jpg" into "First dance 02".
func altFromName(name string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.Join(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || unicode.IsSpace(r) }), " ")
	if name == "" {
		return ""
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
