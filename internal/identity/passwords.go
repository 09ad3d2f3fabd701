package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/trustelem/zxcvbn"

	"mais/internal/apperr"
	"mais/internal/notify"
	"mais/internal/textin"
)

// Password length bounds, in bytes: bcrypt reads at most 72.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 72
)

// resetSendTimeout bounds one password reset e-mail, so a stuck mail
// provider holds nothing (and delays no shutdown) for long.
const resetSendTimeout = 20 * time.Second

// ValidatePassword checks a new password and reports problems under field:
// text, MinPasswordLen to MaxPasswordLen, and not among the passwords
// guessed first. The last is zxcvbn's estimate (score 0: under about a
// thousand guesses, such as 12345678, password1, qwertyuiop or aaaaaaaa),
// following NIST SP 800-63B §5.1.1.2, which asks a verifier to refuse
// commonly used and repetitive or sequential passwords.
func ValidatePassword(fields apperr.FieldErrors, field, password string) {
	switch {
	case !textin.Valid(password, textin.Line):
		fields.Add(field, textin.Problem(password, textin.Line))
	case textin.Len(password) < MinPasswordLen || len(password) > MaxPasswordLen: // bcrypt reads 72 bytes
		fields.Add(field, fmt.Sprintf("must be %d to %d characters (at most %d bytes)", MinPasswordLen, MaxPasswordLen, MaxPasswordLen))
	case zxcvbn.PasswordStrength(password, nil).Score == 0:
		fields.Add(field, "is one of the first passwords an attacker tries (a common word or a pattern such as 12345678); "+
			"choose a longer or less common one, a few unrelated words work well")
	}
}

// ChangePassword replaces the password of a logged-in user after checking the
// current one. Every other session of the user ends; the returned session is
// the one to continue with. Wrong current passwords are limited like failed
// logins, on a key of the user's own (only the user's sessions reach it).
func (s *Service) ChangePassword(ctx context.Context, userID, current, next string) (Session, error) {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return Session{}, err
	}
	fields := apperr.FieldErrors{}
	if current == "" {
		fields.Add("currentPassword", "is required")
	}
	ValidatePassword(fields, "newPassword", next)
	if err := fields.Err(); err != nil {
		return Session{}, err
	}
	var a attempt
	if ok, wait := s.reserve(ctx, &a, passwordChangeKey(u.ID), MaxFailedLogins); !ok {
		return Session{}, tooMany("too many wrong passwords; try again later", wait)
	}
	if len(current) > maxPasswordInput || !s.hasher().PasswordMatches(u.PasswordHash, current) {
		return Session{}, apperr.Validation("the current password is not correct",
			map[string]string{"currentPassword": "is not correct"})
	}
	s.release(ctx, a)
	if current == next {
		return Session{}, apperr.Validation("the new password is the current one",
			map[string]string{"newPassword": "must differ from the current password"})
	}
	hash, err := s.hasher().HashPassword(next)
	if err != nil {
		return Session{}, err
	}
	if err := s.Store.UpdatePassword(ctx, u.ID, hash); err != nil {
		return Session{}, err
	}
	u.PasswordHash = hash
	return s.issue(u)
}

// RequestReset e-mails a single-use reset link to the account of email, if
// there is one. The answer is the same whether or not it exists, and the
// e-mail is sent in the background so the timing is alike too.
func (s *Service) RequestReset(ctx context.Context, email, ip string) error {
	if why := textin.Problem(email, textin.Line); why != "" { // as typed: see NormalizeEmail
		return apperr.Validation("the e-mail holds characters that are not allowed", map[string]string{"email": why})
	}
	email = NormalizeEmail(email)
	if email == "" || textin.Len(email) > 254 {
		return apperr.Validation("the e-mail is required", map[string]string{"email": "is required"})
	}
	if err := s.allowAuthRequest(ctx, ip); err != nil {
		return err
	}
	if err := s.allowRequest(ctx, "reset:ip:"+orUnknown(ip), MaxResetRequestsPerIP, ResetRequestWindow); err != nil {
		return err
	}
	if err := s.allowRequest(ctx, "reset:acct:"+email, MaxResetRequestsPerAccount, ResetRequestWindow); err != nil {
		return err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.CodeNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	token, tokenHash, err := newResetToken()
	if err != nil {
		return err
	}
	now := s.now()
	err = s.Store.CreateResetToken(ctx, ResetToken{ID: uuid.NewString(), UserID: u.ID, TokenHash: tokenHash,
		ExpiresAt: now.Add(s.resetTTL()), CreatedAt: now})
	if err != nil {
		return err
	}
	msg := s.resetMessage(u.Email, token)
	// Detached from the request so a client that hangs up early still gets
	// its e-mail; bounded so a stuck mail provider holds nothing for long.
	s.sending.Add(1)
	go func() {
		defer s.sending.Done()
		sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), resetSendTimeout)
		defer cancel()
		if s.Mailer == nil {
			s.logger().WarnContext(sendCtx, "no mailer configured; password reset e-mail not sent", "user", u.ID)
			return
		}
		if err := s.Mailer.Send(sendCtx, msg); err != nil {
			s.logger().ErrorContext(sendCtx, "password reset e-mail failed", "user", u.ID, "err", err)
		}
	}()
	return nil
}

// ResetPassword sets a new password with a token from a reset e-mail. A
// token works once, before it expires; using it ends every session of the
// user and clears the account's failed logins. The token is looked up
// before the new password is hashed, so a made-up token costs one indexed
// read and no bcrypt; every call counts on the password-form limit of ip.
func (s *Service) ResetPassword(ctx context.Context, token, next, ip string) error {
	fields := apperr.FieldErrors{}
	if token == "" || len(token) > 256 || !textin.Valid(token, textin.Line) {
		fields.Add("token", "is required")
	}
	ValidatePassword(fields, "newPassword", next)
	if err := fields.Err(); err != nil {
		return err
	}
	if err := s.allowAuthRequest(ctx, ip); err != nil {
		return err
	}
	tokenHash := hashToken(token)
	if _, err := s.Store.ResetTokenUser(ctx, tokenHash, s.now()); err != nil {
		return resetTokenError(err)
	}
	hash, err := s.hasher().HashPassword(next)
	if err != nil {
		return err
	}
	// Two resets with one token may both get here; the conditional update
	// in ConsumeResetToken lets only one of them through.
	userID, err := s.Store.ConsumeResetToken(ctx, tokenHash, s.now(), hash)
	if err != nil {
		return resetTokenError(err)
	}
	if u, err := s.Store.UserByID(ctx, userID); err == nil {
		s.forget(ctx, loginAccountKey(u.Email))
	}
	return nil
}

// resetTokenError answers an unknown, used or expired token as the form's
// field error; other errors pass.
func resetTokenError(err error) error {
	if apperr.Is(err, apperr.CodeNotFound) {
		return apperr.Validation("the reset link is not valid",
			map[string]string{"token": "is invalid, already used or expired; ask for a new link"})
	}
	return err
}

func (s *Service) resetMessage(to, token string) notify.Message {
	link := s.ResetURL + "?token=" + url.QueryEscape(token)
	ttl := s.resetTTL()
	return notify.Message{
		To:      to,
		Subject: "Reset your MAIS password",
		TextBody: fmt.Sprintf("Someone asked to reset the password of your MAIS account.\n\n"+
			"To choose a new password, open this link within %d minutes:\n\n%s\n\n"+
			"The link works once. If you did not ask for this, ignore this e-mail: your password stays as it is.\n",
			int(ttl.Minutes()), link),
		Tag: "password-reset",
	}
}

func (s *Service) resetTTL() time.Duration {
	if s.ResetTTL > 0 {
		return s.ResetTTL
	}
	return DefaultResetTTL
}

// newResetToken returns a token with 256 bits of randomness and its hash.
func newResetToken() (token, tokenHash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = hex.EncodeToString(b)
	return token, hashToken(token), nil
}

// hashToken is the stored form of a reset token. The token is random, so a
// fast hash is enough: there is nothing to guess.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
