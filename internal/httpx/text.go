package httpx

import (
	"net/url"

	"mais/internal/apperr"
	"mais/internal/textin"
)

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
