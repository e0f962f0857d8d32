package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	exitErr := exec.Command("go", "help", "no-such-topic").Run() // exits non-zero
	var exit *exec.ExitError
	if !errors.As(exitErr, &exit) {
		t.Skipf("go: %v", exitErr)
	}
	for _, tc := range []struct {
		out      string
		timedOut bool
		err      error
		want     Outcome
	}{
		{"ok  \tx\t1.0s\n", false, nil, Survived},
		{"--- FAIL: TestX\nFAIL\tx\t1.0s\n", false, exitErr, Killed},
		{"p.go:3:1: syntax error\nFAIL\tx [build failed]\n", false, exitErr, NoCompile},
		{"FAIL\tx [setup failed]\n", false, exitErr, NoCompile},
		{"panic: test timed out after 1s\n", false, exitErr, Timeout},
		{"", true, exitErr, Timeout},
	} {
		got, err := classify([]byte(tc.out), tc.timedOut, tc.err)
		if err != nil || got != tc.want {
			t.Errorf("classify(%q) = %v, %v, want %v", tc.out, got, err, tc.want)
		}
	}
	if _, err := classify(nil, false, exec.ErrNotFound); err == nil {
		t.Error("a go command that cannot start is not an error")
	}
}

func TestWriteOverlay(t *testing.T) {
	ms := parseString(t, src)
	dir := t.TempDir()
	path, err := writeOverlay(dir, ms[0])
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ov struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &ov); err != nil {
		t.Fatal(err)
	}
	mutated, ok := ov.Replace[ms[0].Path()]
	if !ok || len(ov.Replace) != 1 {
		t.Fatalf("overlay %s", data)
	}
	got, err := os.ReadFile(mutated)
	if err != nil || !bytes.Equal(got, ms[0].Source()) {
		t.Fatalf("mutated file: %v", err)
	}
}

func TestArgs(t *testing.T) {
	tr := Tester{Run: "X", Skip: "Y", Timeout: time.Minute}
	got := strings.Join(tr.args("o.json", []string{"./a/", "./b/"}), " ")
	want := "test -count=1 -failfast -vet=off -timeout 1m0s -short -overlay o.json -run X -skip Y ./a/ ./b/"
	if got != want {
		t.Errorf("args %q, want %q", got, want)
	}
	tr.Long = true
	if got := strings.Join(tr.args("", []string{"./a/"}), " "); strings.Contains(got, "-short") {
		t.Errorf("-short=false: args %q", got)
	}
}

func TestSummarize(t *testing.T) {
	rs := []Result{{Outcome: Killed}, {Outcome: Killed}, {Outcome: Survived}, {Outcome: Timeout}, {Outcome: NoCompile}}
	s := summarize(9, rs)
	if s.Found != 9 || s.Run != 5 || s.Killed != 2 || s.Survived != 1 || s.Timeout != 1 || s.NoCompile != 1 || s.Score != 0.5 {
		t.Errorf("summary %+v", s)
	}
	if s := summarize(0, nil); s.Score != 1 {
		t.Errorf("empty run: score %v, want 1", s.Score)
	}
}

func TestParseFlags(t *testing.T) {
	var sink bytes.Buffer
	c, err := parseFlags([]string{"-only", "slot.go:1,arith.go:2", "-sample", "3", "-seed", "9", "-parallel", "2"}, &sink)
	if err != nil || len(c.only) != 2 || c.sample != 3 || c.seed != 9 || c.parallel != 2 || len(c.pkgs) != 2 {
		t.Fatalf("config %+v, %v", c, err)
	}
	for _, bad := range [][]string{{"-parallel", "0"}, {"-timeout", "0s"}, {"-sample", "-1"}, {"-pkgs", ""}, {"extra"}, {"-nope"}} {
		if _, err := parseFlags(bad, &sink); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// module writes a small module whose tests notice one of its two
// assertions and miss the other.
func module(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"p/p.go": `package p

import "errors"

type checker struct{ err error }

func (c *checker) Check(ok bool, msg string) {
	if !ok && c.err == nil {
		c.err = errors.New(msg)
	}
}

// Validate accepts 0 ≤ x < 100.
func Validate(x int) error {
	c := &checker{}
	c.Check(x >= 0, "negative")
	c.Check(x < 100, "too large")
	return c.err
}
`,
		"p/p_test.go": `package p

import "testing"

func TestValidate(t *testing.T) {
	if Validate(5) != nil || Validate(-1) == nil {
		t.Fatal("wrong")
	}
}
`,
	}
	writeFiles(t, root, files)
	return root
}

// TestRun runs the command on the small module: the removal of the
// "negative" check is noticed, the "too large" one survives.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on a small module")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	t.Chdir(module(t))
	t.Setenv("GOFLAGS", "-mod=mod")
	ctx := context.Background()
	args := []string{"-dirs", "p", "-pkgs", "./p/", "-timeout", "2m"}

	var out, errs bytes.Buffer
	if code := run(ctx, append(args, "-list"), &out, &errs); code != exitOK || !strings.Contains(out.String(), "2 mutants") {
		t.Fatalf("-list: exit %d\n%s%s", code, out.String(), errs.String())
	}
	out.Reset()
	if code := run(ctx, args, &out, &errs); code != exitSurvivors {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitSurvivors, out.String(), errs.String())
	}
	for _, want := range []string{"p/p.go:16", "killed", "mutation score: 1/2 = 50.0%", "survivors", `p/p.go:17  c.Check(x < 100, "too large")`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := run(ctx, append(args, "-json", "-allow-survivors", "-only", "p.go:17"), &out, &errs); code != exitOK {
		t.Fatalf("-allow-survivors: exit %d\n%s", code, errs.String())
	}
	var rep Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("-json: %v\n%s", err, out.String())
	}
	if rep.Summary.Run != 1 || len(rep.Survivors) != 1 || rep.Survivors[0].ID != "p/p.go:17" {
		t.Errorf("report %+v", rep)
	}
}

// TestBaselineFails: failing unmutated tests stop the run.
func TestBaselineFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on a small module")
	}
	root := module(t)
	if err := os.WriteFile(filepath.Join(root, "p", "q_test.go"),
		[]byte("package p\n\nimport \"testing\"\n\nfunc TestBroken(t *testing.T) { t.Fatal(\"broken\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr := Tester{Root: root, Go: "go", Pkgs: []string{"./p/"}, Timeout: time.Minute, TempDir: t.TempDir()}
	if _, err := tr.Baseline(context.Background()); err == nil || !strings.Contains(err.Error(), "unmutated tests fail") {
		t.Fatalf("baseline error %v", err)
	}
}

// TestPlanTests: each mutant runs the tests of the -pkgs packages that link
// its package, subpackages included; a package no test links is an error.
func TestPlanTests(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list on a small module")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root := module(t)
	files := map[string]string{
		"p/sub/sub.go":      "package sub\n\nfunc Check(ok bool) {\n\tif !ok {\n\t\tpanic(\"no\")\n\t}\n}\n\nfunc F(x int) { Check(x > 0) }\n",
		"p/sub/sub_test.go": "package sub\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F(1) }\n",
		"q/q.go":            "package q\n\nimport \"example.com/m/p/sub\"\n\nfunc G() { sub.F(2) }\n",
		"q/q_test.go":       "package q\n\nimport \"testing\"\n\nfunc TestG(t *testing.T) { G() }\n",
		"r/r.go":            "package r\n\nfunc H() {}\n",
		"r/r_test.go":       "package r_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/p\"\n)\n\nfunc TestH(t *testing.T) { _ = p.Validate(1) }\n",
		"p/testdata/x.go":   "package x\n\nfunc f() { Check(true) }\n",
	}
	writeFiles(t, root, files)
	t.Setenv("GOFLAGS", "-mod=mod")
	ms, err := Find(root, []string{"p"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[2].ID != "p/sub/sub.go:9" {
		t.Fatalf("mutants of p and p/sub: %+v", ms)
	}
	ctx := context.Background()
	tps, err := testPackages(ctx, "go", root, []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	if err := planTests(ctx, "go", root, ms, tps); err != nil {
		t.Fatal(err)
	}
	// r's external test links p; q links p/sub, not p
	for i, want := range []string{"./p ./r", "./p ./r", "./p/sub ./q"} {
		if got := strings.Join(ms[i].Tests, " "); got != want {
			t.Errorf("%s: tests %q, want %q", ms[i].ID, got, want)
		}
	}
	if got := strings.Join(unionTests(ms[2:], tps), " "); got != "./p/sub ./q" {
		t.Errorf("union %q", got)
	}
	tps, err = testPackages(ctx, "go", root, []string{"./q"})
	if err != nil {
		t.Fatal(err)
	}
	if err := planTests(ctx, "go", root, ms, tps); err == nil || !strings.Contains(err.Error(), "no test package") {
		t.Errorf("p, which ./q's tests do not link: error %v", err)
	}
	if _, err := testPackages(ctx, "go", root, []string{"./p/testdata"}); err == nil {
		t.Error("a pattern without tests is accepted")
	}
}

// writeFiles writes files (path relative to root → content) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, s := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
