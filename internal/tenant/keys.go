package tenant

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"mais/internal/apperr"
)

const (
	publicPrefix = "pk_live_"
	secretPrefix = "sk_live_"
)

// Keys is a freshly minted key pair. The secret leaves the process once, in
// the answer that created it; only its hash is stored.
type Keys struct {
	Public     string
	Secret     string
	SecretHash string
}

// NewKeys mints a public key (16 hex) and a secret key (32 hex) for slug.
func NewKeys(slug string) (Keys, error) {
	pub, err := randomHex(8)
	if err != nil {
		return Keys{}, err
	}
	sec, err := randomHex(16)
	if err != nil {
		return Keys{}, err
	}
	k := Keys{Public: publicPrefix + slug + "_" + pub, Secret: secretPrefix + slug + "_" + sec}
	k.SecretHash = HashSecret(k.Secret)
	return k, nil
}

// HashSecret is the stored form of a secret key. Secret keys carry 128 bits of
// randomness, so a fast hash is enough: there is nothing to brute-force.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ParsePublicKey checks the shape pk_live_{slug}_{16+ lowercase hex} and
// returns the slug. The slug has no underscores, so the last one ends it.
func ParsePublicKey(key string) (slug string, err error) {
	if !strings.HasPrefix(key, publicPrefix) {
		return "", apperr.New(apperr.CodeInvalidTenantKey, "the tenant key is not a public key of the form pk_live_{slug}_{hex}")
	}
	rest := key[len(publicPrefix):]
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 {
		return "", apperr.New(apperr.CodeInvalidTenantKey, "the tenant key is not a public key of the form pk_live_{slug}_{hex}")
	}
	slug, random := rest[:i], rest[i+1:]
	if len(random) < 16 || len(random) > 64 || !isLowerHex(random) || !slugPattern.MatchString(slug) {
		return "", apperr.New(apperr.CodeInvalidTenantKey, "the tenant key is not a public key of the form pk_live_{slug}_{hex}")
	}
	return slug, nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ParseSecretKey checks the shape sk_live_{slug}_{32+ lowercase hex} and
// returns the slug the key names. The slug only says where to look: the
// key is proven by its hash (Directory.AuthenticateSecret).
func ParseSecretKey(key string) (slug string, ok bool) {
	if !strings.HasPrefix(key, secretPrefix) {
		return "", false
	}
	rest := key[len(secretPrefix):]
	i := strings.LastIndexByte(rest, '_')
	if i <= 0 {
		return "", false
	}
	slug, random := rest[:i], rest[i+1:]
	if len(random) < 32 || len(random) > 64 || !isLowerHex(random) || !slugPattern.MatchString(slug) {
		return "", false
	}
	return slug, true
}

// IsSecretKeyShape reports whether token is meant as a secret key (its
// prefix), well formed or not: such a token is never tried as a session.
func IsSecretKeyShape(token string) bool { return strings.HasPrefix(token, secretPrefix) }

// SecretHint names a secret key in logs and audit rows without revealing
// it: the first 12 hex digits of its stored hash.
func SecretHint(secretHash string) string {
	if len(secretHash) > 12 {
		return secretHash[:12]
	}
	return secretHash
}
