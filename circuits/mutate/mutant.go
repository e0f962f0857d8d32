package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// isAssertion reports whether a call of a function or method with this name
// is an assertion statement. The named set is the circuits' assertion
// helpers, gnark's API assertions and the batch circuit's signature lookup
// (signed); the prefix rule picks up assertions added later.
func isAssertion(name string) bool {
	switch name {
	case "AssertEq", "AssertTrue", "AssertIsEqual", "AssertIsBoolean", "AssertIsDifferent",
		"AssertIsLessOrEqual", "AssertNonZero", "AssertLess", "AssertLessEq",
		"Check", "CheckSigned", "AssertFeeBound", "signed":
		return true
	}
	return strings.HasPrefix(name, "Assert") || strings.HasPrefix(name, "Check")
}

// sourceFile is one parsed source file of a mutated package.
type sourceFile struct {
	abs string // absolute path
	rel string // path relative to the module root, slash-separated
	src []byte
}

// Mutant is one assertion statement removed from one file.
type Mutant struct {
	ID   string `json:"id"`             // file:line, with ":col" appended when a line holds several assertions
	File string `json:"file"`           // path relative to the module root
	Line int    `json:"line"`           // of the statement's start
	Col  int    `json:"col"`            // of the statement's start (bytes, from 1)
	Stmt string `json:"stmt"`           // the removed statement, on one line
	Rule string `json:"rule,omitempty"` // the name of the first .Rule(name) in the statement, if any
	// Tests are the packages whose tests run against the mutant (go test
	// arguments): those of -pkgs whose test binary links the mutated package.
	Tests []string `json:"tests,omitempty"`

	file       *sourceFile
	start, end int    // byte offsets of the statement in file.src
	repl       string // what replaces the statement
}

// Source returns the mutated file's content.
func (m Mutant) Source() []byte {
	src := m.file.src
	out := make([]byte, 0, len(src)+len(m.repl))
	out = append(out, src[:m.start]...)
	out = append(out, m.repl...)
	return append(out, src[m.end:]...)
}

// checkUnchanged fails if the file on disk is no longer the one the mutant
// was made from (edited during the run): the overlay would hide the edit.
func (m Mutant) checkUnchanged() error {
	src, err := os.ReadFile(m.file.abs)
	if err != nil {
		return fmt.Errorf("mutate: %w", err)
	}
	if !bytes.Equal(src, m.file.src) {
		return fmt.Errorf("mutate: %s changed during the run; run again on a tree that is not being edited", m.File)
	}
	return nil
}

// Path returns the absolute path of the mutated file.
func (m Mutant) Path() string { return m.file.abs }

// Find returns the mutants of every non-test .go file in dirs (relative to
// root) and in the packages below them (Go packages are separate, so a
// subpackage is not covered by its parent's files), package by package in
// path order, then in file and position order. A package reached twice (a
// dir and its parent both listed) is mutated once.
func Find(root string, dirs []string) ([]Mutant, error) {
	var out []Mutant
	seen := make(map[string]bool)
	for _, dir := range dirs {
		pkgs, err := packageDirs(filepath.Join(root, dir))
		if err != nil {
			return nil, err
		}
		for _, pkg := range pkgs {
			if seen[pkg] {
				continue
			}
			seen[pkg] = true
			files, err := goFiles(pkg)
			if err != nil {
				return nil, err
			}
			for _, abs := range files {
				f, err := readSource(root, abs)
				if err != nil {
					return nil, err
				}
				ms, err := fileMutants(f)
				if err != nil {
					return nil, err
				}
				out = append(out, ms...)
			}
		}
	}
	return out, nil
}

// packageDirs returns dir and the directories below it that hold non-test
// .go files, sorted. Like the go command's ./... it skips testdata, vendor
// and names starting with "." or "_", and nested modules (a go.mod).
func packageDirs(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir {
			name := d.Name()
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		files, err := goFiles(path)
		if err != nil {
			return err
		}
		if len(files) > 0 {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mutate: list %s: %w", dir, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("mutate: no Go source files in %s or below", dir)
	}
	sort.Strings(out)
	return out, nil
}

// goFiles lists the non-test .go files of dir, sorted.
func goFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("mutate: list %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		files = append(files, filepath.Join(dir, name))
	}
	sort.Strings(files)
	return files, nil
}

func readSource(root, path string) (*sourceFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	return &sourceFile{abs: abs, rel: filepath.ToSlash(rel), src: src}, nil
}

// fileMutants parses f and returns one mutant per assertion statement.
func fileMutants(f *sourceFile) ([]Mutant, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f.abs, f.src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("mutate: parse: %w", err)
	}
	var out []Mutant
	ast.Inspect(file, func(n ast.Node) bool {
		st, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		call, ok := st.X.(*ast.CallExpr)
		if !ok || !isAssertion(funcName(call.Fun)) {
			return true
		}
		pos := fset.Position(st.Pos())
		start, end := pos.Offset, fset.Position(st.End()).Offset
		text := string(f.src[start:end])
		out = append(out, Mutant{
			File: f.rel, Line: pos.Line, Col: pos.Column,
			Stmt: strings.Join(strings.Fields(text), " "),
			Rule: ruleName(fset, f.src, call),
			file: f, start: start, end: end,
			repl: replacement(fset, f.src, call, strings.Count(text, "\n")),
		})
		return true
	})
	setIDs(out)
	return out, nil
}

// funcName is the name of the called function or method ("" if none).
func funcName(fun ast.Expr) string {
	switch e := fun.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.IndexExpr: // generic instantiation
		return funcName(e.X)
	case *ast.IndexListExpr:
		return funcName(e.X)
	case *ast.ParenExpr:
		return funcName(e.X)
	}
	return ""
}

// ruleName returns the name given by the first .Rule(name) call inside the
// statement's call (receiver chain or arguments): the string itself for a
// literal, else the argument's source, or "" if there is none.
func ruleName(fset *token.FileSet, src []byte, call *ast.CallExpr) string {
	name := ""
	ast.Inspect(call, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if name != "" || !ok {
			return name == ""
		}
		if funcName(c.Fun) != "Rule" || len(c.Args) != 1 {
			return true
		}
		name = nodeText(fset, src, c.Args[0])
		if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				name = s
			}
		}
		return false
	})
	return name
}

// nodeText is the source of n.
func nodeText(fset *token.FileSet, src []byte, n ast.Node) string {
	return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
}

// replacement is the statement that stands for the removed call: a blank
// assignment of the function value (which evaluates the receiver chain and
// keeps imports used) and of every argument, so that no variable becomes
// unused. Untyped nil arguments are dropped (they cannot be assigned to _).
// Newlines pad the replacement to the removed statement's line count, so the
// lines after it keep their numbers.
func replacement(fset *token.FileSet, src []byte, call *ast.CallExpr, lines int) string {
	text := func(n ast.Node) string { return nodeText(fset, src, n) }
	exprs := []string{text(call.Fun)}
	for _, arg := range call.Args {
		if id, ok := arg.(*ast.Ident); ok && id.Name == "nil" {
			continue
		}
		exprs = append(exprs, text(arg))
	}
	blanks := strings.TrimSuffix(strings.Repeat("_, ", len(exprs)), ", ")
	repl := blanks + " = " + strings.Join(exprs, ", ")
	if pad := lines - strings.Count(repl, "\n"); pad > 0 {
		repl += strings.Repeat("\n", pad)
	}
	return repl
}

// setIDs names each mutant file:line, adding the column where a line holds
// more than one assertion.
func setIDs(ms []Mutant) {
	perLine := make(map[int]int, len(ms))
	for _, m := range ms {
		perLine[m.Line]++
	}
	for i := range ms {
		ms[i].ID = fmt.Sprintf("%s:%d", ms[i].File, ms[i].Line)
		if perLine[ms[i].Line] > 1 {
			ms[i].ID += fmt.Sprintf(":%d", ms[i].Col)
		}
	}
}
