// Package web is the exchange's web page: static HTML, JavaScript and CSS (no build step) embedded in the binary,
// and the WebAssembly signer (web/signer) that signs orders, cancels, amends, withdrawals and margin transfers in
// the browser with the Go SDK's code. The node serves it on its HTTP API port (node.WithPage); the page talks to
// the node's public JSON-RPC over WebSocket (docs/web.md).
//
// The signer (signer.wasm, ~7.4 MB, and Go's wasm_exec.js) is not checked in: `go generate ./web` builds it into
// static/gen (ignored by git), where the next build embeds it; BuildSigner builds it at startup into a directory
// (the devnet does, falling back to the embedded one only when it cannot build) and Options.SignerDir serves it
// from there.
package web

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
)

//go:generate go run ./gen -out static/gen

//go:embed static
var static embed.FS

// Signer files: the WebAssembly signer and Go's loader for it.
const (
	SignerWasm = "signer.wasm"
	WasmExecJS = "wasm_exec.js"
)

// ErrNoSigner: neither the embedded files nor Options.SignerDir hold the signer.
var ErrNoSigner = errors.New("web: no signer.wasm: run `go generate ./web` before building, or build it at startup (web.BuildSigner) and set Options.SignerDir")

// Options configures the page's handler.
type Options struct {
	// WS is the WebSocket URL of the node's public API the page connects to ("ws://127.0.0.1:8646"); "" means the
	// page's own host and port (a server that serves the page and the WebSocket API on one port: node.Handler).
	WS string
	// SignerDir is a directory holding signer.wasm and wasm_exec.js (BuildSigner); "" serves the embedded ones.
	SignerDir string
}

// EmbeddedSigner reports whether the binary embeds the signer (go generate ./web ran before it was built).
func EmbeddedSigner() bool {
	_, err := fs.Stat(static, "static/gen/"+SignerWasm)
	return err == nil
}

// Handler serves the page: / (index.html), its scripts and styles, /config.json (the WebSocket URL) and the signer.
func Handler(o Options) (http.Handler, error) {
	pages, err := fs.Sub(static, "static")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	var signer fs.FS
	switch {
	case o.SignerDir != "":
		for _, f := range []string{SignerWasm, WasmExecJS} {
			if _, err := os.Stat(filepath.Join(o.SignerDir, f)); err != nil {
				return nil, fmt.Errorf("web: signer dir: %w", err)
			}
		}
		signer = os.DirFS(o.SignerDir)
	case EmbeddedSigner():
		if signer, err = fs.Sub(static, "static/gen"); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	default:
		return nil, ErrNoSigner
	}
	cfg, err := json.Marshal(map[string]string{"ws": o.WS})
	if err != nil {
		return nil, fmt.Errorf("web: config: %w", err)
	}
	files := http.FileServerFS(pages)
	signerFiles := http.FileServerFS(signer)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /config.json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(cfg)
	})
	for _, f := range []string{SignerWasm, WasmExecJS} {
		mux.Handle("GET /"+f, signerFiles)
	}
	mux.Handle("GET /gen/", http.NotFoundHandler())
	mux.Handle("GET /", files)
	return securityHeaders(mux), nil
}

// securityHeaders keeps the page from being framed or sniffed; scripts come from the page's origin only (and the
// WebAssembly signer, which needs 'wasm-unsafe-eval').
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "+
			"connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}
