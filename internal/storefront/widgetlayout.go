package storefront

import (
	"context"
	"net/http"

	"mais/internal/siteconfig"
)

// maxWidgetQuotes bounds the widget's testimonials strip: a strip, not
// the testimonials page.
const maxWidgetQuotes = 3

// widgetLayout is the layout /widget renders: the site document's widget
// section, or the default one when it cannot be used, including when it
// opens on a package that is not (or no longer) on sale.
func (d *siteData) widgetLayout() siteconfig.WidgetLayout {
	l := d.cfg.Widget.Layout()
	if slug := l.StartPackage(); slug != "" {
		if _, ok := d.visiblePackage(slug); !ok {
			return siteconfig.WidgetLayout{}.Layout()
		}
	}
	return l
}

// testimonials are the client quotes the site's pages already show, the
// home page's first, then the testimonials page's, each once, at most
// maxWidgetQuotes of them.
func (d *siteData) testimonials() []siteconfig.Testimonial {
	var out []siteconfig.Testimonial
	seen := map[siteconfig.Testimonial]bool{}
	for _, name := range []string{siteconfig.PageHome, siteconfig.PageTestimonials} {
		p, ok := d.cfg.Page(name)
		if !ok || !p.Enabled {
			continue
		}
		for _, sec := range p.Sections {
			ts, ok := sec.(siteconfig.TestimonialsSection)
			if !ok {
				continue
			}
			for _, q := range ts.Items {
				if q.Quote == "" || seen[q] || len(out) == maxWidgetQuotes {
					continue
				}
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out
}

// widgetQuotes are the testimonials the widget shows under layout l.
func (d *siteData) widgetQuotes(l siteconfig.WidgetLayout) []siteconfig.Testimonial {
	if !l.ShowTestimonials {
		return nil
	}
	return d.testimonials()
}

// renderWidgetHome renders /widget without a package: the package list,
// or the booking step of the package the layout opens on.
func (h *Handler) renderWidgetHome(ctx context.Context, s *site, month string) (rendered, error) {
	d, err := h.loadSite(ctx, s.t, true)
	if err != nil {
		return rendered{}, err
	}
	if slug := d.widgetLayout().StartPackage(); slug != "" {
		return h.renderPackage(ctx, s, slug, bookingInput{month: month}, nil, http.StatusOK)
	}
	return h.renderWidgetList(ctx, s)
}
