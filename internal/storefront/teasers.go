package storefront

import (
	"slices"

	"mais/internal/siteconfig"
)

// Home page teasers: how many pictures and quotes of the gallery and
// testimonials pages the home page shows.
const (
	teaserPictures = 4
	teaserQuotes   = 2
)

// homeTeasers are the sections the home page adds from the site's other
// pages: a few pictures of the gallery page and a few of its client
// quotes, each leading to its page, when that page is shown and has some
// and the home page does not already hold a section of that kind. They go
// before the page's closing quotes and call to action, so it still ends
// with them.
func homeTeasers(s *site, d *siteData, home []sectionView) []sectionView {
	has := func(kind string) bool {
		return slices.ContainsFunc(home, func(v sectionView) bool { return v.S.Kind() == kind })
	}
	var add []sectionView
	if g, ok := pageGallery(d.cfg); ok && !has(siteconfig.KindGallery) {
		g.Images = g.Images[:min(len(g.Images), teaserPictures)]
		g.InstagramHandle = ""
		add = append(add, sectionView{S: g, Teaser: true, MoreURL: s.pageURL(siteconfig.PageGallery), MoreText: "See the whole gallery"})
	}
	if q, ok := pageQuotes(d.cfg); ok && !has(siteconfig.KindTestimonials) {
		q.Items = q.Items[:min(len(q.Items), teaserQuotes)]
		add = append(add, sectionView{S: q, Teaser: true, MoreURL: s.pageURL(siteconfig.PageTestimonials), MoreText: "Read more kind words"})
	}
	at := len(home)
	for at > 1 && (home[at-1].S.Kind() == siteconfig.KindCTA || home[at-1].S.Kind() == siteconfig.KindTestimonials) {
		at--
	}
	return slices.Insert(slices.Clone(home), at, add...)
}

// pageGallery is the first gallery section with pictures on the enabled
// gallery page.
func pageGallery(cfg siteconfig.Config) (siteconfig.GallerySection, bool) {
	if p := cfg.Pages.Gallery; p.Enabled {
		for _, sec := range p.Sections {
			if g, ok := sec.(siteconfig.GallerySection); ok && len(g.Images) > 0 {
				return g, true
			}
		}
	}
	return siteconfig.GallerySection{}, false
}

// pageQuotes is the first testimonials section with quotes on the enabled
// testimonials page.
func pageQuotes(cfg siteconfig.Config) (siteconfig.TestimonialsSection, bool) {
	if p := cfg.Pages.Testimonials; p.Enabled {
		for _, sec := range p.Sections {
			if q, ok := sec.(siteconfig.TestimonialsSection); ok && len(q.Items) > 0 {
				return q, true
			}
		}
	}
	return siteconfig.TestimonialsSection{}, false
}
