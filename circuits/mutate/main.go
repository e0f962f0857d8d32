// Command mutate is the circuits' mutation testing: it removes each
// assertion statement of circuits/batch and circuits/gadget (with their
// subpackages, such as circuits/gadget/blob) one at a time, runs the tests of
// the circuit packages that link the mutated one against the mutated file
// (through go test -overlay, the working tree is never touched) and reports
// the removals that no test notices. See docs/circuits.md, "Mutation testing".
//
//	go run ./circuits/mutate [flags]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"time"
)

// Exit statuses.
const (
	exitOK        = 0
	exitSurvivors = 1 // some mutant survived (without -allow-survivors)
	exitError     = 2 // bad flags, failing unmutated tests, or the run could not be done
)

// config is the command line.
type config struct {
	dirs           []string
	pkgs           []string
	run            string
	skip           string
	short          bool
	timeout        time.Duration
	budget         time.Duration
	parallel       int
	list           bool
	only           []string
	sample         int
	seed           uint64
	json           bool
	allowSurvivors bool
	goCmd          string
}

// defaultSkip are the circuit tests a mutant is not run against: the rule
// coverage check and the constraint counts notice any removed assertion by
// its name or its cost, not by what it forbids (they would kill every mutant);
// the real PLONK proof, the hint harness over every tx type and the fuzzed
// differential test are slow and repeat what the one-rule, hint-binding and
// rule tests check.
const defaultSkip = "TestOneRuleCoverage|TestSlotConstraints|TestConstraintCounts|TestPlonkProveVerify|TestHintSubstitution|TestDifferential"

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dirs := fs.String("dirs", "circuits/gadget,circuits/batch", "`dirs` (relative to the module root) whose non-test .go files, and those of the packages below them, are mutated")
	pkgs := fs.String("pkgs", "./circuits/gadget/...,./circuits/batch/...", "`packages` whose tests must notice each mutant: a mutant runs the tests of those that link its package")
	only := fs.String("only", "", "run only these mutants: comma-separated `file:line` (a trailing part of the path is enough)")
	fs.StringVar(&c.run, "run", "", "go test -run `pattern` (default: every test)")
	fs.StringVar(&c.skip, "skip", defaultSkip, "go test -skip `pattern`")
	fs.BoolVar(&c.short, "short", false, "go test -short (skips TestHintBindingsNeeded, which shows each hint binding needed)")
	fs.DurationVar(&c.timeout, "timeout", 5*time.Minute, "per-mutant test timeout (go test -timeout; the build may take a little longer)")
	fs.DurationVar(&c.budget, "budget", 0, "start no mutant after this `duration` of the run (0: no limit); the rest are reported as not run")
	fs.IntVar(&c.parallel, "parallel", 1, "mutants run at the same time")
	fs.BoolVar(&c.list, "list", false, "only list the mutants")
	fs.IntVar(&c.sample, "sample", 0, "run a random sample of `n` mutants (0: all)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of -sample")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON (progress goes to stderr)")
	fs.BoolVar(&c.allowSurvivors, "allow-survivors", false, "exit 0 even if mutants survive")
	fs.StringVar(&c.goCmd, "go", "go", "the go command")
	if err := fs.Parse(args); err != nil {
		return c, fmt.Errorf("mutate: %w", err)
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("mutate: unexpected arguments %q", fs.Args())
	}
	c.dirs, c.pkgs, c.only = splitList(*dirs), splitList(*pkgs), splitList(*only)
	switch {
	case len(c.dirs) == 0 || len(c.pkgs) == 0:
		return c, errors.New("mutate: -dirs and -pkgs must not be empty")
	case c.parallel < 1:
		return c, fmt.Errorf("mutate: -parallel %d: want at least 1", c.parallel)
	case c.budget < 0:
		return c, fmt.Errorf("mutate: -budget %v: want 0 (no limit) or more", c.budget)
	case c.timeout <= 0:
		return c, fmt.Errorf("mutate: -timeout %v: want a positive duration", c.timeout)
	case c.sample < 0:
		return c, fmt.Errorf("mutate: -sample %d: want 0 (all) or more", c.sample)
	}
	return c, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err == nil {
		var code int
		code, err = execute(ctx, c, stdout, stderr)
		if err == nil {
			return code
		}
	}
	fmt.Fprintln(stderr, err)
	return exitError
}

// execute selects the mutants, then lists or runs them.
func execute(ctx context.Context, c config, stdout, stderr io.Writer) (int, error) {
	root, err := moduleRoot()
	if err != nil {
		return exitError, err
	}
	all, err := Find(root, c.dirs)
	if err != nil {
		return exitError, err
	}
	ms, err := selectOnly(all, c.only)
	if err != nil {
		return exitError, err
	}
	ms = sample(ms, c.sample, c.seed)
	tps, err := testPackages(ctx, c.goCmd, root, c.pkgs)
	if err != nil {
		return exitError, err
	}
	if err := planTests(ctx, c.goCmd, root, ms, tps); err != nil {
		return exitError, err
	}
	if c.list {
		return exitOK, listMutants(stdout, ms)
	}
	progress := stdout
	if c.json {
		progress = stderr
	}
	rep, err := runMutants(ctx, c, root, len(all), ms, unionTests(ms, tps), progress, stderr)
	if err != nil {
		return exitError, err
	}
	if c.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeText(stdout, rep)
	}
	if err != nil {
		return exitError, err
	}
	if rep.Summary.Survived > 0 && !c.allowSurvivors {
		return exitSurvivors, nil
	}
	return exitOK, nil
}

// runMutants runs the unmutated tests of pkgs (those the mutants run), then
// every mutant, printing a line per mutant to progress as it finishes.
func runMutants(ctx context.Context, c config, root string, found int, ms []Mutant, pkgs []string,
	progress, stderr io.Writer) (Report, error) {
	tmp, err := os.MkdirTemp("", "zkperp-mutate-")
	if err != nil {
		return Report{}, fmt.Errorf("mutate: %w", err)
	}
	defer os.RemoveAll(tmp)
	if len(ms) == 0 {
		return newReport(found, nil, 0, 0), nil
	}
	t := Tester{Root: root, Go: c.goCmd, Pkgs: pkgs, Run: c.run, Skip: c.skip, Long: !c.short, Timeout: c.timeout, TempDir: tmp}
	start := time.Now()
	base, err := t.Baseline(ctx)
	if err != nil {
		return Report{}, err
	}
	drawn := ""
	if c.sample > 0 && c.sample < found {
		drawn = fmt.Sprintf(" (-sample %d -seed %d)", c.sample, c.seed)
	}
	fmt.Fprintf(stderr, "unmutated tests pass (%.1fs); running %d of %d mutants%s, %d at a time\n",
		base.Seconds(), len(ms), found, drawn, c.parallel)
	var mu sync.Mutex
	report := func(r Result) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(progress, resultLine(r))
	}
	var stopAt time.Time
	if c.budget > 0 {
		stopAt = start.Add(c.budget)
	}
	results, err := runPool(ctx, c.parallel, ms, t.Mutant, report, stopAt)
	if err != nil {
		return Report{}, err
	}
	rep := newReport(found, results, base.Seconds(), time.Since(start).Seconds())
	rep.Summary.NotRun = len(ms) - len(results)
	return rep, nil
}

// runPool runs each mutant through runOne, n at a time, and returns the
// results in the mutants' order. The first error stops the pool. No mutant
// starts after stopAt (unless zero); those are left out of the results.
func runPool(ctx context.Context, n int, ms []Mutant, runOne func(context.Context, int, Mutant) (Result, error),
	done func(Result), stopAt time.Time) ([]Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results, ran := make([]Result, len(ms)), make([]bool, len(ms))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r, err := runOne(ctx, i, ms[i])
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				results[i], ran[i] = r, true
				done(r)
			}
		}()
	}
feed:
	for i := range ms {
		if !stopAt.IsZero() && time.Now().After(stopAt) {
			break
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("mutate: %w", err)
	}
	var out []Result
	for i, r := range results {
		if ran[i] {
			out = append(out, r)
		}
	}
	return out, nil
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("mutate: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("mutate: no go.mod above the working directory")
		}
		dir = parent
	}
}
