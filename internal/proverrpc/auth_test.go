package proverrpc

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

func token(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJWTHandler(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	h := NewJWTHandler(secret, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("served"))
	}))
	now := time.Now()
	iat := func(d time.Duration) jwt.MapClaims { return jwt.MapClaims{"iat": now.Add(d).Unix()} }
	cases := []struct {
		name, header string
		code         int
	}{
		{"valid", "Bearer " + token(t, jwt.SigningMethodHS256, secret, iat(0)), 200},
		{"lowercase scheme", "bearer " + token(t, jwt.SigningMethodHS256, secret, iat(-30*time.Second)), 200},
		{"missing", "", 401},
		{"not bearer", "Basic abc", 401},
		{"wrong secret", "Bearer " + token(t, jwt.SigningMethodHS256, []byte("another secret of 32 bytes......"), iat(0)), 401},
		{"stale", "Bearer " + token(t, jwt.SigningMethodHS256, secret, iat(-2*time.Minute)), 401},
		{"future", "Bearer " + token(t, jwt.SigningMethodHS256, secret, iat(2*time.Minute)), 401},
		{"no iat", "Bearer " + token(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{}), 401},
		{"expired", "Bearer " + token(t, jwt.SigningMethodHS256, secret, jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(-time.Second).Unix()}), 401},
		{"HS512", "Bearer " + token(t, jwt.SigningMethodHS512, secret, iat(0)), 401},
		{"alg none", "Bearer " + token(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, iat(0)), 401},
		{"garbage", "Bearer a.b.c", 401},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		if c.header != "" {
			r.Header.Set("Authorization", c.header)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != c.code {
			t.Errorf("%s: HTTP %d, want %d (%s)", c.name, w.Code, c.code, w.Body)
		}
		if c.code == 200 && w.Body.String() != "served" {
			t.Errorf("%s: not passed on", c.name)
		}
	}
}

func TestJWTSecretFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "jwtsecret")
	s1, err := LoadOrCreateJWTSecret(path, nil)
	if err != nil || len(s1) != JWTSecretLen {
		t.Fatalf("create: %v", err)
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v %v", st, err)
	}
	s2, err := LoadOrCreateJWTSecret(path, nil)
	if err != nil || string(s1) != string(s2) {
		t.Fatalf("reload: %v", err)
	}
	for _, bad := range []string{"", "0x1234", strings.Repeat("zz", 32), strings.Repeat("ab", 33)} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadJWTSecret(path); !errors.Is(err, ErrJWTSecret) {
			t.Fatalf("secret %q: %v", bad, err)
		}
		if _, err := LoadOrCreateJWTSecret(path, nil); err == nil {
			t.Fatalf("bad secret %q replaced or accepted", bad)
		}
	}
}
