package dashboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"mais/internal/apperr"
	"mais/internal/format"
	"mais/internal/httpx"
	"mais/internal/identity"
)

// view is the data of every page.
type view struct {
	Title string
	// Nav names the navigation entry to mark as current.
	Nav string
	S   *session
	// Errors are field errors by form field name, which is the field's path
	// in the service's validation errors (pages.home.sections.0.headline).
	Errors  map[string]string
	Message string
	Data    any

	// Filled by prepare.
	Flash    *Flash
	Tenant   bool
	Platform bool
	Name     string
	StoreURL string
	Inactive bool
	// Panel is the assistant panel of tenant pages (assistant.go).
	Panel *panelView
}

func (v *view) prepare(h *Handler, w http.ResponseWriter, r *http.Request) {
	if v.Flash == nil {
		v.Flash = h.takeFlash(w, r)
	}
	if v.Errors == nil {
		v.Errors = map[string]string{}
	}
	if v.S == nil {
		return
	}
	switch v.S.P.Role {
	case identity.RoleTenantAdmin:
		v.Tenant = true
		v.Name = v.S.Tenant.Name
		v.StoreURL = h.storefrontURL(v.S.Tenant)
		v.Inactive = !v.S.Tenant.Active
		v.Panel = h.panelView(v)
	case identity.RolePlatformAdmin:
		v.Platform = true
		v.Name = "MAIS platform"
	}
}

type errorData struct {
	Status  int
	Heading string
	Detail  string
	// Logout offers a log-out button instead of the link to the dashboard
	// (a deactivated tenant's admin has no dashboard to go to).
	Logout bool
}

// The dashboard's one error adapter: a page returns its failure and fail
// answers it. A form that can be fixed comes back with its fields marked
// (formAgain); anything else is the error page.

// formAgainError asks for page to be shown again with v, marked with what
// err says is wrong.
type formAgainError struct {
	page string
	v    *view
	err  error
}

func (e *formAgainError) Error() string { return e.err.Error() }
func (e *formAgainError) Unwrap() error { return e.err }

// formAgain is the failure of a form post: when err is one a change to the
// form can fix (see formProblem), page is rendered again with v, its
// message and field errors, with err's status; otherwise the error page.
func formAgain(page string, v *view, err error) error {
	if err == nil {
		return nil
	}
	return &formAgainError{page: page, v: v, err: err}
}

// pageOrForm writes page with v, or, when formErr is set, returns it as the
// form again (formAgain) for fail to show with its field errors.
func (h *Handler) pageOrForm(w http.ResponseWriter, r *http.Request, page string, v *view, formErr error) error {
	if formErr != nil {
		return formAgain(page, v, formErr)
	}
	h.writePage(w, r, http.StatusOK, page, v)
	return nil
}

// fail answers the failure of a page: the form again for a formAgain, the
// deactivated-business page for TENANT_INACTIVE, else the error page.
// Retry-After goes out on 429 and 503.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	var again *formAgainError
	if errors.As(err, &again) {
		if status, msg, fields, ok := h.formProblem(r, again.err); ok {
			httpx.SetRetryAfter(w, again.err)
			again.v.Message, again.v.Errors = msg, fields
			h.writePage(w, r, status, again.page, again.v)
			return
		}
		err = again.err
	}
	if apperr.Is(err, apperr.CodeTenantInactive) {
		h.inactivePage(w, r, err)
		return
	}
	h.errorPage(w, r, s, err)
}

// errorPage answers err as an HTML page with the status httpx gives its
// code; internal errors are logged there and shown without detail.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, s *session, err error) {
	status, body := httpx.Describe(r, h.log, err)
	httpx.SetRetryAfter(w, err)
	d := errorData{Status: status, Detail: sentence(body.Message)}
	switch status {
	case http.StatusNotFound:
		d.Heading = "Not found"
		d.Detail = "There is nothing here, or it belongs to someone else."
	case http.StatusForbidden:
		d.Heading = "Not allowed"
	case http.StatusTooManyRequests:
		d.Heading = "Slow down"
	case http.StatusServiceUnavailable:
		d.Heading = "Briefly unavailable"
		d.Detail = "We are having trouble reaching our data right now. Please try again in a minute."
	default:
		if status >= 500 {
			d.Heading = "Something went wrong"
			d.Detail = "Something went wrong on our side. Please try again in a moment."
		} else {
			d.Heading = "That did not work"
		}
	}
	h.writePage(w, r, status, "error", &view{Title: d.Heading, S: s, Data: d})
}

// notFound answers any /admin path that matches no route.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	s, _ := h.authenticate(r)
	if s != nil && s.P.Role == identity.RoleTenantAdmin {
		s.Tenant, _ = h.cfg.Tenants.Current(r.Context(), s.P.TenantID)
	}
	h.errorPage(w, r, s, apperr.NotFound("page"))
}

// describe is the sentence a person sees for err.
func (h *Handler) describe(r *http.Request, err error) string {
	_, body := httpx.Describe(r, h.log, err)
	return sentence(body.Message)
}

// formProblem splits err into what a form shows again: the status, a
// message and the field errors. ok is false for errors no change to the form
// can fix (not found, outages), which get the error page instead.
func (h *Handler) formProblem(r *http.Request, err error) (status int, message string, fields map[string]string, ok bool) {
	code := apperr.Code(err)
	status = httpx.Status(code)
	if status >= 500 || code == apperr.CodeNotFound || code == apperr.CodeUnauthorized {
		return status, "", nil, false
	}
	var e *apperr.Error
	errors.As(err, &e)
	message = sentence(e.Message)
	if code == apperr.CodeValidation {
		message = "Please correct the marked fields."
		if len(e.Fields) == 0 {
			message = sentence(e.Message)
		}
	}
	return status, message, e.Fields, true
}

// sentence capitalises a service message and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// longDate writes a YYYY-MM-DD day as "Sat, Jun 6, 2026"; anything else is
// returned as is.
func longDate(day string) string { return format.ShortDay(day) }

// jsonText pretty-prints a JSON value (a diff side, an audit snapshot).
func jsonText(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.RawMessage:
		if len(t) == 0 || string(t) == "null" {
			return ""
		}
		var buf bytes.Buffer
		if json.Indent(&buf, t, "", "  ") == nil {
			return buf.String()
		}
		return string(t)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// titleWord writes a status for people: "draft" → "Draft", "PAID" →
// "Paid", "DEPOSIT_PAID" → "Deposit paid".
func titleWord(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(strings.ToLower(s), "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func itoa(n int) string { return strconv.Itoa(n) }

// sortedKeys orders document paths as the document does: numbers by value
// (sections.2 before sections.10), names alphabetically.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePaths)
	return keys
}

func comparePaths(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			return na - nb
		case pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}
