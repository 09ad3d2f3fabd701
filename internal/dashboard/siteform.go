package dashboard

import (
	"net/url"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/siteconfig"
)

// The site editor's form fields are named by their path in the
// configuration document (pages.home.sections.0.headline), the same path
// the service's validation errors use, so every error lands next to its
// field without a mapping table. Lists are read from index 0 up while the
// entry's marker field (a section's type, an item's first field) is present.

// sectionKinds are the section types an admin can add, in menu order.
var sectionKinds = []option{
	{Value: siteconfig.KindHero, Label: "Hero banner"},
	{Value: siteconfig.KindText, Label: "Text"},
	{Value: siteconfig.KindCTA, Label: "Call to action"},
	{Value: siteconfig.KindFAQ, Label: "Questions and answers"},
	{Value: siteconfig.KindTestimonials, Label: "Testimonials"},
	{Value: siteconfig.KindGallery, Label: "Gallery"},
	{Value: siteconfig.KindContact, Label: "Contact details"},
}

func kindLabel(kind string) string {
	for _, k := range sectionKinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// readPage reads one page of the document from the editor's form. Values
// the form cannot represent (a rating that is not a number) are recorded in
// fields under their path.
func readPage(f url.Values, name string, fields apperr.FieldErrors) siteconfig.Page {
	p := "pages." + name
	page := siteconfig.Page{Enabled: f.Get(p+".enabled") != "", Sections: []siteconfig.Section{}}
	for i := 0; i <= siteconfig.MaxSections; i++ {
		sp := p + ".sections." + strconv.Itoa(i)
		if !f.Has(sp + ".type") {
			break
		}
		if s := readSection(f, sp, f.Get(sp+".type"), fields); s != nil {
			page.Sections = append(page.Sections, s)
		}
	}
	return page
}

func readSection(f url.Values, p, kind string, fields apperr.FieldErrors) siteconfig.Section {
	line := func(k string) string { return strings.TrimSpace(f.Get(p + "." + k)) }
	text := func(k string) string {
		return strings.TrimSpace(strings.ReplaceAll(f.Get(p+"."+k), "\r\n", "\n"))
	}
	switch kind {
	case siteconfig.KindHero:
		return siteconfig.HeroSection{Headline: line("headline"), Subheadline: line("subheadline"), CTAText: line("ctaText"),
			BackgroundImageURL: line("backgroundImageUrl")}
	case siteconfig.KindText:
		return siteconfig.TextSection{Headline: line("headline"), Content: text("content"), ImageURL: line("imageUrl"),
			ImagePosition: line("imagePosition")}
	case siteconfig.KindCTA:
		return siteconfig.CTASection{Headline: line("headline"), Subheadline: line("subheadline"), CTAText: line("ctaText")}
	case siteconfig.KindContact:
		return siteconfig.ContactSection{Headline: line("headline"), Email: line("email"), Phone: line("phone"),
			Address: text("address"), Hours: text("hours")}
	case siteconfig.KindFAQ:
		s := siteconfig.FAQSection{Headline: line("headline"), Items: []siteconfig.FAQItem{}}
		for _, ip := range itemPaths(f, p+".items", "question") {
			s.Items = append(s.Items, siteconfig.FAQItem{Question: strings.TrimSpace(f.Get(ip + ".question")),
				Answer: strings.TrimSpace(strings.ReplaceAll(f.Get(ip+".answer"), "\r\n", "\n"))})
		}
		return s
	case siteconfig.KindTestimonials:
		s := siteconfig.TestimonialsSection{Headline: line("headline"), Items: []siteconfig.Testimonial{}}
		for _, ip := range itemPaths(f, p+".items", "quote") {
			rating, err := strconv.Atoi(f.Get(ip + ".rating"))
			if err != nil {
				fields.Add(ip+".rating", "choose 1 to 5 stars")
			}
			s.Items = append(s.Items, siteconfig.Testimonial{Quote: strings.TrimSpace(strings.ReplaceAll(f.Get(ip+".quote"), "\r\n", "\n")),
				AuthorName: strings.TrimSpace(f.Get(ip + ".authorName")), Rating: rating})
		}
		return s
	case siteconfig.KindGallery:
		s := siteconfig.GallerySection{Headline: line("headline"), InstagramHandle: line("instagramHandle"), Images: []siteconfig.Image{}}
		for _, ip := range itemPaths(f, p+".images", "url") {
			s.Images = append(s.Images, siteconfig.Image{URL: strings.TrimSpace(f.Get(ip + ".url")), Alt: strings.TrimSpace(f.Get(ip + ".alt"))})
		}
		return s
	}
	fields.Add(p+".type", "unknown section type")
	return nil
}

// itemPaths lists the paths of a list's entries present in the form.
func itemPaths(f url.Values, list, marker string) []string {
	var out []string
	for i := 0; i <= siteconfig.MaxItems; i++ {
		ip := list + "." + strconv.Itoa(i)
		if !f.Has(ip + "." + marker) {
			break
		}
		out = append(out, ip)
	}
	return out
}

// newSection is an empty section of kind, as "Add section" inserts it.
func newSection(kind string) siteconfig.Section {
	switch kind {
	case siteconfig.KindHero:
		return siteconfig.HeroSection{}
	case siteconfig.KindText:
		return siteconfig.TextSection{ImagePosition: "right"}
	case siteconfig.KindCTA:
		return siteconfig.CTASection{}
	case siteconfig.KindContact:
		return siteconfig.ContactSection{}
	case siteconfig.KindFAQ:
		return siteconfig.FAQSection{Items: []siteconfig.FAQItem{{}}}
	case siteconfig.KindTestimonials:
		return siteconfig.TestimonialsSection{Items: []siteconfig.Testimonial{{Rating: 5}}}
	case siteconfig.KindGallery:
		return siteconfig.GallerySection{Images: []siteconfig.Image{{}}}
	}
	return nil
}

// applyOp carries out one of the editor's structural buttons on the
// sections as typed: move a section up or down, remove it, add or remove an
// entry of its list, or add a section. It reports whether op was one.
func applyOp(sections []siteconfig.Section, op, addKind string) ([]siteconfig.Section, bool) {
	parts := strings.Split(op, ":")
	idx := func(k int) int {
		if len(parts) <= k {
			return -1
		}
		n, err := strconv.Atoi(parts[k])
		if err != nil {
			return -1
		}
		return n
	}
	i := idx(1)
	in := i >= 0 && i < len(sections)
	switch parts[0] {
	case "add-section":
		s := newSection(addKind)
		if s == nil || len(sections) >= siteconfig.MaxSections {
			return sections, true
		}
		return append(sections, s), true
	case "up":
		if in && i > 0 {
			sections[i-1], sections[i] = sections[i], sections[i-1]
		}
	case "down":
		if in && i < len(sections)-1 {
			sections[i+1], sections[i] = sections[i], sections[i+1]
		}
	case "remove":
		if in {
			sections = append(sections[:i], sections[i+1:]...)
		}
	case "add-item":
		if in {
			sections[i] = addItem(sections[i])
		}
	case "remove-item":
		if in {
			sections[i] = removeItem(sections[i], idx(2))
		}
	default:
		return sections, false
	}
	return sections, true
}

func addItem(s siteconfig.Section) siteconfig.Section {
	switch v := s.(type) {
	case siteconfig.FAQSection:
		if len(v.Items) < siteconfig.MaxItems {
			v.Items = append(v.Items, siteconfig.FAQItem{})
		}
		return v
	case siteconfig.TestimonialsSection:
		if len(v.Items) < siteconfig.MaxItems {
			v.Items = append(v.Items, siteconfig.Testimonial{Rating: 5})
		}
		return v
	case siteconfig.GallerySection:
		if len(v.Images) < siteconfig.MaxImages {
			v.Images = append(v.Images, siteconfig.Image{})
		}
		return v
	}
	return s
}

func removeItem(s siteconfig.Section, j int) siteconfig.Section {
	cut := func(n int) bool { return j >= 0 && j < n }
	switch v := s.(type) {
	case siteconfig.FAQSection:
		if cut(len(v.Items)) {
			v.Items = append(v.Items[:j:j], v.Items[j+1:]...)
		}
		return v
	case siteconfig.TestimonialsSection:
		if cut(len(v.Items)) {
			v.Items = append(v.Items[:j:j], v.Items[j+1:]...)
		}
		return v
	case siteconfig.GallerySection:
		if cut(len(v.Images)) {
			v.Images = append(v.Images[:j:j], v.Images[j+1:]...)
		}
		return v
	}
	return s
}

// readBranding reads the branding form.
func readBranding(f url.Values) siteconfig.Branding {
	get := func(k string) string { return strings.TrimSpace(f.Get("branding." + k)) }
	return siteconfig.Branding{PrimaryColor: get("primaryColor"), SecondaryColor: get("secondaryColor"),
		AccentColor: get("accentColor"), BackgroundColor: get("backgroundColor"), FontFamily: get("fontFamily"),
		LogoURL: get("logoUrl")}
}

// pathLabel turns a document path into words for the error summary:
// pages.home.sections.0.headline → "Home › section 1 › headline".
func pathLabel(path string) string {
	parts := strings.Split(path, ".")
	var out []string
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		switch {
		case p == "pages" && i+1 < len(parts):
			out = append(out, siteconfig.PageTitle(parts[i+1]))
			i++
		case (p == "sections" || p == "items" || p == "images") && i+1 < len(parts):
			n, err := strconv.Atoi(parts[i+1])
			if err != nil {
				out = append(out, p)
				continue
			}
			word := map[string]string{"sections": "section", "items": "item", "images": "image"}[p]
			out = append(out, word+" "+strconv.Itoa(n+1))
			i++
		default:
			out = append(out, fieldWord(p))
		}
	}
	return strings.Join(out, " › ")
}

// fieldWord names a document field the way the editor's labels do.
func fieldWord(key string) string {
	words := map[string]string{
		"enabled": "shown", "headline": "headline", "subheadline": "subheadline", "ctaText": "button text",
		"backgroundImageUrl": "background image", "content": "text", "imageUrl": "image", "imagePosition": "image position",
		"instagramHandle": "Instagram handle", "url": "address", "alt": "description", "quote": "quote",
		"authorName": "name", "rating": "rating", "question": "question", "answer": "answer", "email": "e-mail",
		"phone": "phone", "address": "address", "hours": "hours", "branding": "Branding", "primaryColor": "main color",
		"secondaryColor": "banner color", "accentColor": "accent color", "backgroundColor": "background color",
		"fontFamily": "heading font", "logoUrl": "logo", "type": "type", "display": "Package display",
	}
	if w, ok := words[key]; ok {
		return w
	}
	return key
}
