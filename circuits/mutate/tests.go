package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
)

// A mutant runs against the tests of the -pkgs packages whose test binary
// links the mutated package (the mutated package's own tests and those of
// its dependents): a circuits/gadget mutant runs the tests of circuits/gadget,
// circuits/gadget/blob and circuits/batch, a circuits/gadget/blob mutant those
// of circuits/gadget/blob and circuits/batch, a circuits/batch mutant those of
// circuits/batch. The rest cannot notice it and are not run.

// listedPackage is the part of go list -json's output that the plan reads.
type listedPackage struct {
	ImportPath string
	Dir        string
	ForTest    string
	Deps       []string
	Error      *struct{ Err string }
}

// goList runs go list -e -json=… with args in root and decodes its stream.
func goList(ctx context.Context, goCmd, root string, args ...string) ([]listedPackage, error) {
	cmd := exec.CommandContext(ctx, goCmd, append([]string{"list", "-e", "-json=ImportPath,Dir,ForTest,Deps,Error"}, args...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("mutate: go list %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("mutate: go list output: %w", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("mutate: go list: %s: %s", p.ImportPath, p.Error.Err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// testPackage is one package of -pkgs with the packages its test binary
// links (import paths).
type testPackage struct {
	arg   string // the go test argument: "./" + the directory relative to the module root
	links map[string]bool
}

// testPackages expands the -pkgs patterns (go list -test) into the packages
// that have tests, in go list's order, each with what its test binary links.
func testPackages(ctx context.Context, goCmd, root string, patterns []string) ([]testPackage, error) {
	listed, err := goList(ctx, goCmd, root, append([]string{"-test"}, patterns...)...)
	if err != nil {
		return nil, err
	}
	binaries := make(map[string][]string) // package → the deps of its test binary
	for _, p := range listed {
		if path, ok := strings.CutSuffix(p.ImportPath, ".test"); ok && p.ForTest == "" {
			binaries[path] = p.Deps
		}
	}
	var out []testPackage
	for _, p := range listed {
		deps, ok := binaries[p.ImportPath]
		if !ok || p.ForTest != "" || strings.Contains(p.ImportPath, " ") {
			continue // a test variant or binary, or a package without tests
		}
		arg, err := dirArg(root, p.Dir)
		if err != nil {
			return nil, err
		}
		links := map[string]bool{p.ImportPath: true}
		for _, d := range deps {
			path, _, _ := strings.Cut(d, " ") // "p [p.test]": p's test variant
			links[path] = true
		}
		out = append(out, testPackage{arg: arg, links: links})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("mutate: -pkgs %s: no package with tests", strings.Join(patterns, ","))
	}
	return out, nil
}

// dirArg is dir as a go command argument relative to root ("./a/b").
func dirArg(root, dir string) (string, error) {
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return "", fmt.Errorf("mutate: %w", err)
	}
	return "./" + filepath.ToSlash(rel), nil
}

// planTests sets each mutant's Tests: the packages of tps whose test binary
// links the mutant's package. A mutated package that no test package links
// is an error (its mutants could only survive).
func planTests(ctx context.Context, goCmd, root string, ms []Mutant, tps []testPackage) error {
	var dirs []string
	seen := make(map[string]bool)
	for _, m := range ms {
		if d := filepath.Dir(m.Path()); !seen[d] {
			seen[d] = true
			arg, err := dirArg(root, d)
			if err != nil {
				return err
			}
			dirs = append(dirs, arg)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	listed, err := goList(ctx, goCmd, root, dirs...)
	if err != nil {
		return err
	}
	tests := make(map[string][]string) // directory → test packages
	for _, p := range listed {
		var args []string
		for _, tp := range tps {
			if tp.links[p.ImportPath] {
				args = append(args, tp.arg)
			}
		}
		if len(args) == 0 {
			return fmt.Errorf("mutate: no test package of -pkgs links %s (its mutants could only survive)", p.ImportPath)
		}
		tests[filepath.Clean(p.Dir)] = args
	}
	for i := range ms {
		t, ok := tests[filepath.Dir(ms[i].Path())]
		if !ok {
			return fmt.Errorf("mutate: go list did not report the package of %s", ms[i].File)
		}
		ms[i].Tests = t
	}
	return nil
}

// unionTests is every test package of ms, in the order of tps.
func unionTests(ms []Mutant, tps []testPackage) []string {
	used := make(map[string]bool)
	for _, m := range ms {
		for _, t := range m.Tests {
			used[t] = true
		}
	}
	var out []string
	for _, tp := range tps {
		if used[tp.arg] {
			out = append(out, tp.arg)
		}
	}
	return out
}
