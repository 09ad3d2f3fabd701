package httpx

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"mais/internal/apperr"
	"mais/internal/textin"
)

// CheckURL refuses, before any route sees it, a request whose path or query
// holds something that is not one line of text (contract §3): a NUL,
// invalid UTF-8 or a control character, percent-encoded or not. Such bytes
// would otherwise reach a store lookup by slug or id, where PostgreSQL fails
// on them. The API gets a 400 VALIDATION_ERROR naming "path" or the query
// parameter; HTML pages a plain 400.
func CheckURL(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fields := URLProblems(r.URL)
		if len(fields) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		err := apperr.Validation("the address holds characters that are not allowed", fields)
		if isJSONPath(r.URL.Path) {
			Error(w, r, logger, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "Bad request: the address holds characters that are not allowed.", http.StatusBadRequest)
	})
}

// URLProblems checks the decoded path and every query name and value as
// one-line text. Query pairs that do not decode are left out, as
// url.URL.Query leaves them out for the handlers.
func URLProblems(u *url.URL) apperr.FieldErrors {
	fields := apperr.FieldErrors{}
	textin.Check(fields, "path", u.Path, textin.Line)
	if u.RawQuery != "" {
		q, _ := url.ParseQuery(u.RawQuery)
		for k, v := range textin.Values("query", q, nil) {
			fields.Add(k, v)
		}
	}
	return fields
}

// isJSONPath reports the paths that answer JSON errors: the API and health.
func isJSONPath(p string) bool {
	return p == "/v1" || strings.HasPrefix(p, "/v1/") || p == "/health" || strings.HasPrefix(p, "/health/")
}
