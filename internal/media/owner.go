package media

import (
	"net/url"
	"path"
	"strings"
)

// ForeignURL reports whether raw is the address of a file of another
// tenant's library than tenantID's: a URL on any host (every platform
// host serves /media/, and a page may use an old base URL), or a bare
// path, whose cleaned path is /media/{tenant}/{id}/{file} with names
// ValidName accepts and a tenant other than tenantID. An address from
// elsewhere, or of the tenant's own library, is not foreign. Callers
// refuse a foreign photo: one tenant must not show, and so pin against
// deletion, another's uploads.
func ForeignURL(tenantID, raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	rest, ok := strings.CutPrefix(path.Clean("/"+u.Path), "/media/")
	if !ok {
		return false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || !ValidName(parts[0], parts[1], parts[2]) {
		return false
	}
	return !strings.EqualFold(parts[0], tenantID)
}

// ForeignReason is the field reason for a foreign photo address.
const ForeignReason = "is a photo in another business's library; upload the photo to your own library and use its address"
