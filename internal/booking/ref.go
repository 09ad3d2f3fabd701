package booking

import (
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// refEncoding is base32 without the letters people misread (Crockford's
// alphabet: no I, L, O, U).
var refEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// Ref is the short reference a couple sees instead of a booking's UUID:
// 8 characters of Crockford base32 (40 bits) derived from the id, written
// "7K2P-Q9ZD". It is stable (the same id always gives the same reference)
// and needs no column; it names a booking to a person, it is no secret and
// no key: the UUID stays the id.
func Ref(id string) string {
	if id == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(id))
	s := refEncoding.EncodeToString(sum[:5])
	return s[:4] + "-" + s[4:]
}

// MatchesRef reports whether q, as a person types it (any case, with or
// without the dash), is the reference of id.
func MatchesRef(id, q string) bool {
	q = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(q), "-", ""))
	return q != "" && strings.ReplaceAll(Ref(id), "-", "") == q
}
