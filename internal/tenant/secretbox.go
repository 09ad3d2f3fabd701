package tenant

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrTampered means sealed data was altered or sealed under another key.
var ErrTampered = errors.New("tenant secrets: authentication failed (tampered or wrong key)")

// SecretBox seals tenant secrets with AES-256-GCM. The tenant id is bound as
// additional data, so one tenant's sealed blob cannot be pasted onto another.
type SecretBox struct{ aead cipher.AEAD }

// NewSecretBox takes the 32-byte TENANT_SECRETS_ENCRYPTION_KEY.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("tenant secrets key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead}, nil
}

// Seal encrypts s for tenantID as base64(nonce || ciphertext).
func (b *SecretBox) Seal(tenantID string, s Secrets) (string, error) {
	plain, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := b.aead.Seal(nonce, nonce, plain, []byte(tenantID))
	return base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts what Seal produced; any change to the blob yields ErrTampered.
func (b *SecretBox) Open(tenantID, sealed string) (Secrets, error) {
	if sealed == "" {
		return Secrets{}, nil
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return Secrets{}, ErrTampered
	}
	nonce, ct := raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():]
	plain, err := b.aead.Open(nil, nonce, ct, []byte(tenantID))
	if err != nil {
		return Secrets{}, ErrTampered
	}
	var s Secrets
	if err := json.Unmarshal(plain, &s); err != nil {
		return Secrets{}, fmt.Errorf("tenant secrets: %w", err)
	}
	return s, nil
}
