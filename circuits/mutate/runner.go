package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Outcome is what the tests did with a mutant.
type Outcome string

const (
	Killed    Outcome = "killed"     // a test failed
	Survived  Outcome = "survived"   // every test passed
	Timeout   Outcome = "timeout"    // the tests ran past the limit
	NoCompile Outcome = "no-compile" // the mutated code does not build
)

// killGrace is how long past its own -timeout a go test run may take
// (compiling and linking the test binaries) before it is killed.
const killGrace = 3 * time.Minute

// Tester runs the circuit tests, optionally with a file overlay.
type Tester struct {
	Root    string        // module root (working directory of go test)
	Go      string        // the go command
	Pkgs    []string      // packages the baseline tests (a mutant tests its own Tests)
	Run     string        // -run pattern ("" for all tests)
	Skip    string        // -skip pattern ("" for none)
	Long    bool          // run without -short
	Timeout time.Duration // per run
	TempDir string        // where mutated files are written
}

// args are the go test arguments for the tests of pkgs; overlay is "" for
// the unmutated tree.
func (t Tester) args(overlay string, pkgs []string) []string {
	args := []string{"test", "-count=1", "-failfast", "-vet=off", "-timeout", t.Timeout.String()}
	if !t.Long {
		args = append(args, "-short")
	}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	if t.Run != "" {
		args = append(args, "-run", t.Run)
	}
	if t.Skip != "" {
		args = append(args, "-skip", t.Skip)
	}
	return append(args, pkgs...)
}

// goTest runs go test and returns its combined output, whether it was
// killed for running past the limit, and the command's error (an
// *exec.ExitError when the tests or the build failed).
func (t Tester) goTest(ctx context.Context, overlay string, pkgs []string) ([]byte, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, t.Timeout+killGrace)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.Go, t.args(overlay, pkgs)...)
	cmd.Dir = t.Root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	killGroup(cmd)
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	return out.Bytes(), errors.Is(ctx.Err(), context.DeadlineExceeded), err
}

// Baseline runs the unmutated tests; they must pass.
func (t Tester) Baseline(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	out, timedOut, err := t.goTest(ctx, "", t.Pkgs)
	if timedOut {
		return 0, fmt.Errorf("mutate: the unmutated tests ran past %v (raise -timeout)", t.Timeout)
	}
	if err != nil {
		return 0, fmt.Errorf("mutate: the unmutated tests fail, fix them first:\n%s\n%w", tail(out, 40), err)
	}
	return time.Since(start), nil
}

// Result is one mutant's run.
type Result struct {
	Mutant
	Outcome Outcome `json:"outcome"`
	Seconds float64 `json:"seconds"`
	Detail  string  `json:"detail,omitempty"` // the build error of a no-compile mutant
}

// Mutant runs the tests with m applied through an overlay.
func (t Tester) Mutant(ctx context.Context, i int, m Mutant) (Result, error) {
	if err := m.checkUnchanged(); err != nil {
		return Result{}, err
	}
	dir := filepath.Join(t.TempDir, fmt.Sprintf("m%04d", i))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("mutate: %w", err)
	}
	defer os.RemoveAll(dir)
	overlay, err := writeOverlay(dir, m)
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	if len(m.Tests) == 0 {
		return Result{}, fmt.Errorf("mutate: %s: no test package to run", m.ID)
	}
	out, timedOut, runErr := t.goTest(ctx, overlay, m.Tests)
	if ctx.Err() != nil {
		return Result{}, fmt.Errorf("mutate: %s: %w", m.ID, ctx.Err())
	}
	res := Result{Mutant: m, Seconds: time.Since(start).Seconds()}
	res.Outcome, err = classify(out, timedOut, runErr)
	if err != nil {
		return Result{}, fmt.Errorf("mutate: %s: %w", m.ID, err)
	}
	if res.Outcome == NoCompile {
		res.Detail = tail(out, 10)
	}
	return res, nil
}

// writeOverlay writes m's mutated file and the overlay that maps the
// original path to it, and returns the overlay's path.
func writeOverlay(dir string, m Mutant) (string, error) {
	mutated := filepath.Join(dir, filepath.Base(m.Path()))
	if err := os.WriteFile(mutated, m.Source(), 0o644); err != nil {
		return "", fmt.Errorf("mutate: write mutant: %w", err)
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{map[string]string{m.Path(): mutated}})
	if err != nil {
		return "", fmt.Errorf("mutate: overlay: %w", err)
	}
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return "", fmt.Errorf("mutate: write overlay: %w", err)
	}
	return overlay, nil
}

// classify reads a go test run. An error that is not the command's exit
// status (go could not be started) is returned as such.
func classify(out []byte, timedOut bool, err error) (Outcome, error) {
	switch {
	case timedOut:
		return Timeout, nil
	case err == nil:
		return Survived, nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		return "", fmt.Errorf("run go test: %w", err)
	}
	s := string(out)
	switch {
	case strings.Contains(s, "[build failed]") || strings.Contains(s, "[setup failed]"):
		return NoCompile, nil
	case strings.Contains(s, "panic: test timed out after"):
		return Timeout, nil
	}
	return Killed, nil
}

// tail returns the last n lines of out.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
