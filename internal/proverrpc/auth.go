package proverrpc

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// The operator endpoint authenticates every HTTP request with a JWT signed by a shared secret, as Ethereum
// execution clients do for their engine API: HS256, with an `iat` claim within JWTMaxSkew of the node's clock.

// JWTSecretLen is the length of the shared secret (stored as 64 hex characters, optionally 0x-prefixed).
const JWTSecretLen = 32

// JWTMaxSkew is how far a token's issued-at time may be from the node's clock.
const JWTMaxSkew = 60 * time.Second

// ErrJWTSecret is returned for a secret file that does not hold exactly 32 hex-encoded bytes.
var ErrJWTSecret = errors.New("jwt secret must be 32 bytes, hex-encoded")

// ReadJWTSecret reads a hex secret file (geth's jwtsecret format).
func ReadJWTSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("jwt secret: %w", err)
	}
	return ParseJWTSecret(string(b))
}

// ParseJWTSecret decodes a hex secret.
func ParseJWTSecret(s string) ([]byte, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "0x")
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != JWTSecretLen {
		return nil, ErrJWTSecret
	}
	return b, nil
}

// LoadOrCreateJWTSecret reads the secret at path, or creates it (random, mode 0600) when the file does not exist.
func LoadOrCreateJWTSecret(path string, log *slog.Logger) ([]byte, error) {
	if b, err := ReadJWTSecret(path); err == nil || !errors.Is(err, os.ErrNotExist) {
		return b, err
	}
	secret := make([]byte, JWTSecretLen)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("jwt secret: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("jwt secret: %w", err)
	}
	if err := os.WriteFile(path, []byte("0x"+hex.EncodeToString(secret)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("jwt secret: %w", err)
	}
	if log != nil {
		log.Info("generated operator JWT secret", "path", path)
	}
	return secret, nil
}

// jwtHandler refuses (HTTP 401) every request without a valid token and passes the others to next.
type jwtHandler struct {
	secret []byte
	now    func() time.Time
	next   http.Handler
}

// NewJWTHandler wraps next with JWT authentication (HS256 with secret, iat within JWTMaxSkew; exp honoured when
// present).
func NewJWTHandler(secret []byte, next http.Handler) http.Handler {
	return &jwtHandler{secret: secret, now: time.Now, next: next}
}

func (h *jwtHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.authenticate(r.Header.Get("Authorization")); err != nil {
		http.Error(w, "unauthorized: "+err.Error(), http.StatusUnauthorized)
		return
	}
	h.next.ServeHTTP(w, r)
}

// authenticate checks an Authorization header value.
func (h *jwtHandler) authenticate(header string) error {
	const prefix = "bearer "
	if len(header) < len(prefix) || !strings.EqualFold(header[:len(prefix)], prefix) {
		return errors.New("missing bearer token")
	}
	var claims jwt.RegisteredClaims
	token, err := jwt.ParseWithClaims(header[len(prefix):], &claims,
		func(*jwt.Token) (any, error) { return h.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithoutClaimsValidation())
	now := h.now()
	switch {
	case err != nil:
		return fmt.Errorf("invalid token: %w", err)
	case !token.Valid:
		return errors.New("invalid token")
	case !claims.VerifyExpiresAt(now, false):
		return errors.New("token expired")
	case claims.IssuedAt == nil:
		return errors.New("token without iat")
	case now.Sub(claims.IssuedAt.Time) > JWTMaxSkew:
		return errors.New("stale token (iat more than 60 s ago)")
	case claims.IssuedAt.Time.Sub(now) > JWTMaxSkew:
		return errors.New("token from the future (iat more than 60 s ahead)")
	}
	return nil
}
