package dashboard

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
)

// flashCookie carries a message from a POST to the page it redirects to.
const flashCookie = "mais_flash"

// Flash is a one-time message. Secrets holds credentials shown once (new
// tenant keys, agent credentials): the cookie is sealed with AES-GCM, lives
// two minutes, and is deleted by the page that shows it, so the secret is
// never stored anywhere and a reload does not create another one.
type Flash struct {
	Kind    string   `json:"k"` // "ok" or "error"
	Message string   `json:"m"`
	Secrets []Secret `json:"s,omitempty"`
}

// Secret is one labelled value shown once.
type Secret struct {
	Label string `json:"l"`
	Value string `json:"v"`
}

type flashBox struct {
	aead cipher.AEAD
}

func newFlashBox(secret []byte) *flashBox {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("dashboard-flash-key"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		panic("dashboard: aes key: " + err.Error()) // a 32-byte key always works
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("dashboard: gcm: " + err.Error())
	}
	return &flashBox{aead: aead}
}

func (b *flashBox) seal(f Flash) string {
	plain, _ := json.Marshal(f)
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(b.aead.Seal(nonce, nonce, plain, []byte(flashCookie)))
}

func (b *flashBox) open(v string) (Flash, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(v)
	n := b.aead.NonceSize()
	if err != nil || len(raw) < n {
		return Flash{}, false
	}
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(flashCookie))
	if err != nil {
		return Flash{}, false
	}
	var f Flash
	return f, json.Unmarshal(plain, &f) == nil
}

// setFlash stores f for the next page.
func (h *Handler) setFlash(w http.ResponseWriter, r *http.Request, f Flash) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: h.flash.seal(f), Path: "/admin", MaxAge: 120,
		HttpOnly: true, Secure: h.isSecure(r), SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending message, if any, and deletes it.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request) *Flash {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/admin", MaxAge: -1,
		HttpOnly: true, Secure: h.isSecure(r), SameSite: http.SameSiteLaxMode})
	f, ok := h.flash.open(c.Value)
	if !ok {
		return nil
	}
	return &f
}

// redirectOK redirects after a successful POST with a confirmation.
func (h *Handler) redirectOK(w http.ResponseWriter, r *http.Request, to, message string) {
	h.setFlash(w, r, Flash{Kind: "ok", Message: message})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// redirectError redirects after a refused POST whose form is not worth
// showing again (a button, not a form), with the reason.
func (h *Handler) redirectError(w http.ResponseWriter, r *http.Request, to string, err error) {
	h.setFlash(w, r, Flash{Kind: "error", Message: h.describe(r, err)})
	http.Redirect(w, r, to, http.StatusSeeOther)
}
