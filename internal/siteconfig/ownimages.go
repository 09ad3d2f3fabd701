package siteconfig

import (
	"fmt"

	"mais/internal/apperr"
	"mais/internal/media"
)

// ownImages refuses, each named by its path (pages.home.sections.0
// .backgroundImageUrl, branding.logoUrl…), an image address of c that is
// a file of another tenant's photo library (media.ForeignURL): a site may
// show its own uploads and outside https addresses, never another
// business's uploads. Every way a document is stored or proposed for a
// tenant (drafts, agents' and the assistant's proposals) goes through it.
func ownImages(tenantID string, c Config) error {
	errs := apperr.FieldErrors{}
	check := func(path, url string) {
		if media.ForeignURL(tenantID, url) {
			errs.Add(path, media.ForeignReason)
		}
	}
	for _, name := range NavOrder() {
		p, _ := c.Page(name)
		for i, s := range p.Sections {
			path := fmt.Sprintf("pages.%s.sections.%d.", name, i)
			switch s := s.(type) {
			case HeroSection:
				check(path+"backgroundImageUrl", s.BackgroundImageURL)
			case TextSection:
				check(path+"imageUrl", s.ImageURL)
			case GallerySection:
				for j, img := range s.Images {
					check(fmt.Sprintf("%simages.%d.url", path, j), img.URL)
				}
			}
		}
	}
	check("branding.logoUrl", c.Branding.LogoURL)
	return errs.Err()
}
