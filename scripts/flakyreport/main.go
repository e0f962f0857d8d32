// Command flakyreport reads the `go test -json` output of repeated runs of the same suite (one file per run) and
// reports every test that failed in at least one of them, with how often and the tail of its output from the first
// failing run. It exits 1 if any test (or package: a build failure, a panic outside a test, a timeout) failed, 0
// otherwise. scripts/flaky.sh runs it; see `make flaky`.
//
//	go run ./scripts/flakyreport run1.json run2.json run3.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	// ImportPath is set on build-output / build-fail events (go 1.24+); FailedBuild on the fail event of a
	// package whose build failed.
	ImportPath  string
	FailedBuild string
}

// key names a test, or a package when test is "".
type key struct{ pkg, test string }

func (k key) String() string {
	if k.test == "" {
		return k.pkg + " (package)"
	}
	return k.pkg + " " + k.test
}

// run is what one file says.
type run struct {
	failed map[key]bool
	passed map[key]bool
	// unfinished: tests that started and never ended (a timeout or a panic in another goroutine killed the binary);
	// counted as failed.
	unfinished map[key]bool
	output     map[key][]string
}

func parse(r io.Reader) (*run, error) {
	res := &run{failed: map[key]bool{}, passed: map[key]bool{}, unfinished: map[key]bool{}, output: map[key][]string{}}
	started := map[key]bool{}
	ended := map[key]bool{}
	build := map[string][]string{} // build output by import path
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			continue // not an event; the go command's own errors go to stderr, which flaky.sh keeps
		}
		k := key{ev.Package, ev.Test}
		switch ev.Action {
		case "build-output":
			build[ev.ImportPath] = append(build[ev.ImportPath], ev.Output)
		case "output":
			res.output[k] = append(res.output[k], ev.Output)
		case "fail":
			res.failed[k] = true
			if ev.FailedBuild != "" {
				res.output[k] = append(build[ev.FailedBuild], res.output[k]...)
			}
		case "pass":
			res.passed[k] = true
		case "run":
			started[k] = true
		}
		if ev.Action == "pass" || ev.Action == "fail" || ev.Action == "skip" {
			ended[k] = true
		}
	}
	for k := range started {
		if !ended[k] && res.failed[key{k.pkg, ""}] {
			res.failed[k] = true
			res.unfinished[k] = true
		}
	}
	return res, sc.Err()
}

// failures returns the failed tests of a run, and its failed packages in which no test failed (the failure is the
// package's own: build, TestMain, panic, timeout). A parent test whose subtest failed is left out.
func (r *run) failures() []key {
	var out []key
	for k := range r.failed {
		if k.test == "" {
			continue
		}
		child := false
		for o := range r.failed {
			if o.pkg == k.pkg && strings.HasPrefix(o.test, k.test+"/") {
				child = true
				break
			}
		}
		if !child {
			out = append(out, k)
		}
	}
	for k := range r.failed {
		if k.test != "" {
			continue
		}
		own := true
		for o := range r.failed {
			if o.pkg == k.pkg && o.test != "" {
				own = false
				break
			}
		}
		if own {
			out = append(out, k)
		}
	}
	return out
}

func tail(lines []string, n int) string {
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "")
}

func main() {
	lines := flag.Int("lines", 30, "output lines shown per failed test")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: flakyreport [-lines N] RUN.json...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var runs []*run
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		r, err := parse(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(2)
		}
		runs = append(runs, r)
	}

	count := map[key][]int{} // the runs (1-based) a test failed in
	tests := map[key]bool{}  // every test or package seen passing or failing
	for i, r := range runs {
		for _, k := range r.failures() {
			count[k] = append(count[k], i+1)
		}
		for k := range r.passed {
			tests[k] = true
		}
		for k := range r.failed {
			tests[k] = true
		}
	}
	var failed []key
	for k := range count {
		failed = append(failed, k)
	}
	sort.Slice(failed, func(i, j int) bool {
		if failed[i].pkg != failed[j].pkg {
			return failed[i].pkg < failed[j].pkg
		}
		return failed[i].test < failed[j].test
	})

	for _, k := range failed {
		first := runs[count[k][0]-1]
		out, how := tail(first.output[k], *lines), "output"
		if first.unfinished[k] {
			// the panic message (a timeout) comes first, then every goroutine's stack
			out, how = head(first.output[k], *lines), "did not finish; start of output"
		}
		fmt.Printf("=== %s failed in %d of %d runs (%s); %s of run %d:\n%s\n",
			k, len(count[k]), len(runs), joinInts(count[k]), how, count[k][0], indent(out))
	}
	if len(failed) > 0 {
		fmt.Printf("flaky: %d of %d tests and packages failed at least once in %d runs:\n", len(failed), len(tests), len(runs))
		for _, k := range failed {
			fmt.Printf("  %s  (%d/%d)\n", k, len(count[k]), len(runs))
		}
		os.Exit(1)
	}
	fmt.Printf("flaky: %d tests and packages, none failed in %d runs\n", len(tests), len(runs))
}

func head(lines []string, n int) string {
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

// joinInts says which runs: "run 2", "runs 1,3".
func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	if len(s) == 1 {
		return "run " + s[0]
	}
	return "runs " + strings.Join(s, ",")
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return "    (no output)"
	}
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
