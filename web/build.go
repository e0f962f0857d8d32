package web

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// SignerPackage is the import path of the WebAssembly signer's main package.
const SignerPackage = "github.com/zkperp/zkperp/web/signer"

// BuildSigner builds the signer into dir: signer.wasm (GOOS=js GOARCH=wasm go build -trimpath, so the same source
// and toolchain give the same bytes) and a copy of the toolchain's wasm_exec.js (the loader must match the Go
// version that built the module). It runs the go command in the current directory, which must be inside the
// zkperp module (the repository), and takes a few seconds once the build cache is warm (about a minute cold).
func BuildSigner(ctx context.Context, dir string) error {
	goBin, err := goCommand()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("web: build signer: %w", err)
	}
	out := filepath.Join(dir, SignerWasm)
	cmd := exec.CommandContext(ctx, goBin, "build", "-trimpath", "-ldflags=-s -w", "-o", out+".tmp", SignerPackage)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("web: build signer (run inside the zkperp module, or `go generate ./web`): %w\n%s", err, b)
	}
	if err := os.Rename(out+".tmp", out); err != nil {
		return fmt.Errorf("web: build signer: %w", err)
	}
	root, err := exec.CommandContext(ctx, goBin, "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("web: go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(root))
	for _, rel := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		if err := copyFile(filepath.Join(goroot, rel), filepath.Join(dir, WasmExecJS)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("web: no wasm_exec.js under %s (lib/wasm or misc/wasm)", goroot)
}

func goCommand() (string, error) {
	if p, err := exec.LookPath("go"); err == nil {
		return p, nil
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("web: no go command to build the signer: %w", err)
	}
	return p, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
