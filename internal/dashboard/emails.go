package dashboard

import (
	"net/http"
	"slices"

	"mais/internal/apperr"
	"mais/internal/booking"
	"mais/internal/httpx"
	"mais/internal/tenant"
)

// This file previews the e-mails MAIS writes for the business's bookings:
// each message rendered with sample data in the business's own name,
// locale and currency, its subject, sender, plain text, and its HTML in a
// sandboxed frame (GET /admin/emails, GET /admin/emails/{kind}).

// MailPreviewer renders every message kind for a tenant (booking.Service).
type MailPreviewer interface {
	PreviewMails(t tenant.Tenant) ([]booking.Email, error)
}

// mailPreview is one message of the preview page.
type mailPreview struct {
	Kind, Subject, From, To, ReplyTo, Text string
	Attachments                            []string
}

// emailHTMLPolicy lets a previewed message show (its inline styles and
// https images) and nothing else: no script, no form, no navigation,
// framed only by the dashboard.
var emailHTMLPolicy = httpx.NewCSP("default-src 'none'", "style-src 'unsafe-inline'", "img-src https: data:",
	"sandbox", "frame-ancestors 'self'").String()

func (h *Handler) previews(s *session) ([]booking.Email, error) {
	if h.cfg.Mails == nil {
		return nil, apperr.NotFound("page")
	}
	return h.cfg.Mails.PreviewMails(s.Tenant)
}

// emailList serves GET /admin/emails.
func (h *Handler) emailList(w http.ResponseWriter, r *http.Request, s *session) error {
	ms, err := h.previews(s)
	if err != nil {
		return err
	}
	out := make([]mailPreview, 0, len(ms))
	for _, m := range ms {
		p := mailPreview{Kind: m.Tag, Subject: m.Subject, From: m.FromName, To: m.To, ReplyTo: m.ReplyTo, Text: m.TextBody}
		for _, a := range m.Attachments {
			p.Attachments = append(p.Attachments, a.Name)
		}
		out = append(out, p)
	}
	h.writePage(w, r, http.StatusOK, "emails", &view{Title: "E-mails", Nav: "emails", S: s, Data: out})
	return nil
}

// emailHTML serves GET /admin/emails/{kind}: the HTML part alone, for the
// preview frame.
func (h *Handler) emailHTML(w http.ResponseWriter, r *http.Request, s *session) error {
	ms, err := h.previews(s)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ms, func(m booking.Email) bool { return m.Tag == r.PathValue("kind") })
	if i < 0 {
		return apperr.NotFound("e-mail")
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", emailHTMLPolicy)
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	_, _ = w.Write([]byte(ms[i].HTMLBody))
	return nil
}
