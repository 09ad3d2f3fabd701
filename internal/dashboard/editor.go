package dashboard

import (
	"context"
	"encoding/json"
	"net/http"

	"mais/internal/apperr"

	"mais/internal/siteconfig"
)

// editorState is what the site editors (the page, display-rules and
// widget-layout editors) have in common, and all that their shared partials
// in templates/editor.html read.
type editorState struct {
	// W is the version the form was read from; saving updates it when it
	// is a draft, else starts a new draft from it.
	W working
	// Action is the form's path ("/admin/site/display"); its live preview
	// answers at Action+"/preview", and publishing returns to it.
	Action string
	// PreviewURL is the frame's address for the saved version.
	PreviewURL string
	// Query is "?draft=…" when editing a draft, else "".
	Query string
	// Note is the note for the history, as typed.
	Note string
	// Unsaved says the form shows changes not yet saved; Summary lists
	// the field errors above the form, each linking to its field.
	Unsaved bool
	Summary []summaryItem
}

// newEditorState is the state of a form at action editing wk.
func newEditorState(wk working, action string) editorState {
	return editorState{W: wk, Action: action, Query: draftQuery(wk)}
}

// saveDraft stores doc as the tenant's draft: into wk when it is a draft
// (its note replaced only when note is given), else as a new draft noted
// with note, or fallback when note is empty. Errors are the site
// configuration service's (VALIDATION, CONFLICT, NOT_FOUND).
func (h *Handler) saveDraft(ctx context.Context, tenantID string, wk working, doc json.RawMessage, note, fallback string) (siteconfig.Version, error) {
	if wk.Draft() {
		var p *string
		if note != "" {
			p = &note
		}
		return h.cfg.SiteConfig.UpdateDraft(ctx, tenantID, wk.V.ID, doc, p)
	}
	if note == "" {
		note = fallback
	}
	return h.cfg.SiteConfig.CreateDraft(ctx, tenantID, doc, note)
}

// previewUnsaved renders page of cfg, the form as typed on top of version
// v, into the preview frame without saving it. A cfg that does not
// validate, or local errors the form found itself, show as the frame's
// problem page instead.
func (h *Handler) previewUnsaved(w http.ResponseWriter, r *http.Request, s *session, v siteconfig.Version, cfg siteconfig.Config, local apperr.FieldErrors, page string) error {
	doc := siteconfig.Canonical(cfg)
	_, err := siteconfig.Parse(doc)
	if err = mergeFields(err, local); err != nil {
		h.previewProblem(w, r, err)
		return nil
	}
	v.Config = doc
	return h.servePreview(w, r, s, v, page)
}
