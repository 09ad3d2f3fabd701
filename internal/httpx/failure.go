package httpx

import (
	"context"
	"net/http"
)

// Failure is a request the server answered 5xx or that panicked, as an
// error reporter (Sentry) gets it: identifiers only, never the request's
// body, query, headers or address, so no customer data leaves.
type Failure struct {
	RequestID string
	Method    string
	// Route is the pattern that served the request ("POST
	// /v1/bookings/checkout"), not its path.
	Route  string
	Status int
	// TenantID is the tenant the request acted for, when one was resolved
	// (see NoteTenant).
	TenantID string
	// Err is the error the answer came from, when a handler returned one.
	Err error
	// Panic is the recovered value of a panic (nil otherwise); the
	// reporter is called on the panicking goroutine, so a stack taken
	// there shows where it happened.
	Panic any
}

// NoteTenant records, for the failure report of the request of ctx, the
// tenant it acts for. Outside the edge it does nothing.
func NoteTenant(ctx context.Context, tenantID string) {
	if c, ok := ctx.Value(requestCtxKey{}).(*requestCtx); ok {
		c.tenantID = tenantID
	}
}

// KeepTenant is NoteTenant that also keeps v, the request's tenant as the
// caller's surface knows it, for TenantValue: one slot in the edge's own
// context, so that carrying the tenant costs no context of its own and no
// copy of the request. Outside the edge it keeps nothing and reports false.
func KeepTenant(ctx context.Context, tenantID string, v any) bool {
	c, ok := ctx.Value(requestCtxKey{}).(*requestCtx)
	if ok {
		c.tenantID, c.tenant = tenantID, v
	}
	return ok
}

// TenantValue is what KeepTenant kept for the request of ctx, or nil.
func TenantValue(ctx context.Context) any {
	if c, ok := ctx.Value(requestCtxKey{}).(*requestCtx); ok {
		return c.tenant
	}
	return nil
}

// noteError records the error a 5xx answer came from.
func noteError(r *http.Request, err error) {
	if c, ok := r.Context().Value(requestCtxKey{}).(*requestCtx); ok && c.err == nil {
		c.err = err
	}
}

type requestCtxKey struct{}

// report hands a failed request to the edge's reporter.
func (e *edge) report(ew *edgeWriter, r *http.Request, panicked any) {
	if e.cfg.Report == nil || (panicked == nil && ew.status < 500) {
		return
	}
	status := ew.status
	if panicked != nil {
		status = http.StatusInternalServerError
	}
	e.cfg.Report(Failure{RequestID: ew.ctx.id, Method: r.Method, Route: r.Pattern, Status: status,
		TenantID: ew.ctx.tenantID, Err: ew.ctx.err, Panic: panicked})
}
