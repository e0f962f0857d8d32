package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIsAssertion(t *testing.T) {
	for name, want := range map[string]bool{
		"AssertEq": true, "AssertIsEqual": true, "AssertNonZero": true, "Check": true, "CheckSigned": true,
		"AssertFeeBound": true, "signed": true, "AssertSomethingNew": true, "CheckRange": true,
		"Mul": false, "If": false, "Rule": false, "IsLess": false, "check": false, "assertEq": false, "": false,
	} {
		if got := isAssertion(name); got != want {
			t.Errorf("isAssertion(%q) = %v, want %v", name, got, want)
		}
	}
}

// src exercises the statement forms of the circuits: chains, a one-line
// body, a multi-line call, a nil argument, an assertion whose result is
// used (not a statement: no mutant), a rule name in the chain and in an
// argument.
const src = `package p

type A struct{ n int }

func (a *A) If(x int) *A            { return a }
func (a *A) Rule(name string) *A    { return a }
func (a *A) AssertEq(x, y int)      { a.n += x - y }
func (a *A) AssertTrue(x int)       { a.AssertEq(x, 1) }
func (a *A) Check(x int, p *int)    {}
func (a *A) CheckOut(x int) int     { return x }
func signed(a *A, x int)            {}
func name(s string) string          { return s }

func f(a *A, x, y int) int {
	z := x + y
	a.If(z).AssertEq(x, y)
	a.Check(z, nil)
	a.Rule("r.one").AssertTrue(x)
	signed(a.If(x).Rule("sig"), y)
	a.AssertEq(x,
		y)
	v := a.CheckOut(z)
	a.Rule(name("dyn")).AssertTrue(v); a.AssertTrue(y)
	return 0
}
`

func parseString(t *testing.T, s string) []Mutant {
	t.Helper()
	ms, err := fileMutants(&sourceFile{abs: "/x/p/p.go", rel: "p/p.go", src: []byte(s)})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestFileMutants(t *testing.T) {
	ms := parseString(t, src)
	want := []struct{ id, stmt, rule string }{
		{"p/p.go:8", "a.AssertEq(x, 1)", ""},
		{"p/p.go:16", "a.If(z).AssertEq(x, y)", ""},
		{"p/p.go:17", "a.Check(z, nil)", ""},
		{"p/p.go:18", `a.Rule("r.one").AssertTrue(x)`, "r.one"},
		{"p/p.go:19", `signed(a.If(x).Rule("sig"), y)`, "sig"},
		{"p/p.go:20", "a.AssertEq(x, y)", ""},
		{"p/p.go:23:2", `a.Rule(name("dyn")).AssertTrue(v)`, `name("dyn")`},
		{"p/p.go:23:37", "a.AssertTrue(y)", ""},
	}
	if len(ms) != len(want) {
		for _, m := range ms {
			t.Log(m.ID, m.Stmt)
		}
		t.Fatalf("%d mutants, want %d", len(ms), len(want))
	}
	for i, w := range want {
		if m := ms[i]; m.ID != w.id || m.Stmt != w.stmt || m.Rule != w.rule {
			t.Errorf("mutant %d = (%s, %q, %q), want (%s, %q, %q)", i, m.ID, m.Stmt, m.Rule, w.id, w.stmt, w.rule)
		}
	}
}

// TestMutantsCompile type-checks every mutated source: no variable or import
// becomes unused, and the lines after the statement keep their numbers.
func TestMutantsCompile(t *testing.T) {
	for _, m := range parseString(t, src) {
		out := m.Source()
		if strings.Count(string(out), "\n") != strings.Count(src, "\n") {
			t.Errorf("%s: line count changed", m.ID)
		}
		if strings.Contains(string(out), m.Stmt) && m.Stmt != "a.AssertTrue(y)" {
			t.Errorf("%s: statement still there:\n%s", m.ID, out)
		}
		if err := typeCheck(out); err != nil {
			t.Errorf("%s: mutated source does not compile: %v\n%s", m.ID, err, out)
		}
	}
}

func TestReplacement(t *testing.T) {
	ms := parseString(t, src)
	for id, want := range map[string]string{
		"p/p.go:16": "_, _, _ = a.If(z).AssertEq, x, y",
		"p/p.go:17": "_, _ = a.Check, z", // nil dropped
		"p/p.go:19": `_, _, _ = signed, a.If(x).Rule("sig"), y`,
		"p/p.go:20": "_, _, _ = a.AssertEq, x, y\n",
	} {
		found := false
		for _, m := range ms {
			if m.ID == id {
				found = true
				if m.repl != want {
					t.Errorf("%s: replacement %q, want %q", id, m.repl, want)
				}
			}
		}
		if !found {
			t.Errorf("no mutant %s", id)
		}
	}
}

// TestPackageQualified: a package-qualified assertion keeps its import used.
func TestPackageQualified(t *testing.T) {
	const s = "package p\n\nimport \"q\"\n\nfunc f(x int) {\n\tq.AssertPositive(x)\n}\n"
	ms := parseString(t, s)
	if len(ms) != 1 || ms[0].repl != "_, _ = q.AssertPositive, x" {
		t.Fatalf("mutants %+v", ms)
	}
}

func typeCheck(src []byte) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		return err
	}
	conf := types.Config{Importer: importer.Default()}
	_, err = conf.Check("p", fset, []*ast.File{f}, nil)
	return err
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "p")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.go", src)
	write("a.go", "package p\n\nfunc g(a *A) { a.AssertTrue(1) }\n")
	write("a_test.go", "package p\n\nfunc h(a *A) { a.AssertTrue(2) }\n")
	ms, err := Find(root, []string{"p"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 9 || ms[0].ID != "p/a.go:3" || ms[1].File != "p/b.go" {
		t.Fatalf("found %d mutants, first %s, %s", len(ms), ms[0].ID, ms[1].ID)
	}
	if err := ms[0].checkUnchanged(); err != nil {
		t.Fatal(err)
	}
	write("a.go", "package p\n\nfunc g(a *A) { a.AssertTrue(3) }\n")
	if err := ms[0].checkUnchanged(); err == nil {
		t.Fatal("an edited file is not reported")
	}
	// a subpackage is mutated after its parent; testdata is not
	for _, sub := range []string{"sub", "testdata"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, sub, "s.go"), []byte("package s\n\nfunc k(a *A) { a.AssertTrue(4) }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ms, err = Find(root, []string{"p", "p/sub"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 10 || ms[9].ID != "p/sub/s.go:3" {
		t.Fatalf("with p/sub: %d mutants, last %s", len(ms), ms[len(ms)-1].ID)
	}
	if _, err := Find(root, []string{"missing"}); err == nil {
		t.Fatal("a missing dir is not reported")
	}
	write("c.go", "package p\n\nfunc {")
	if _, err := Find(root, []string{"p"}); err == nil {
		t.Fatal("a parse error is not reported")
	}
}
