package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
)

// Summary counts the outcomes of a run.
type Summary struct {
	Found     int     `json:"found"`   // mutants in the sources
	Run       int     `json:"run"`     // mutants run
	NotRun    int     `json:"not_run"` // selected but not started within -budget
	Killed    int     `json:"killed"`
	Survived  int     `json:"survived"`
	Timeout   int     `json:"timeout"`
	NoCompile int     `json:"no_compile"`
	Score     float64 `json:"score"` // killed / (killed + survived + timeout); 1 when nothing counted
}

// Report is the whole run, as -json prints it.
type Report struct {
	BaselineSeconds float64  `json:"baseline_seconds"`
	Seconds         float64  `json:"seconds"`
	Results         []Result `json:"results"`
	Summary         Summary  `json:"summary"`
	Survivors       []Result `json:"survivors"`
}

func summarize(found int, results []Result) Summary {
	s := Summary{Found: found, Run: len(results)}
	for _, r := range results {
		switch r.Outcome {
		case Killed:
			s.Killed++
		case Survived:
			s.Survived++
		case Timeout:
			s.Timeout++
		case NoCompile:
			s.NoCompile++
		}
	}
	s.Score = 1
	if n := s.Killed + s.Survived + s.Timeout; n > 0 {
		s.Score = float64(s.Killed) / float64(n)
	}
	return s
}

func newReport(found int, results []Result, baseline, total float64) Report {
	rep := Report{BaselineSeconds: baseline, Seconds: total, Results: results, Summary: summarize(found, results),
		Survivors: []Result{}}
	for _, r := range results {
		if r.Outcome == Survived {
			rep.Survivors = append(rep.Survivors, r)
		}
	}
	return rep
}

// resultLine is one mutant's line of the text report.
func resultLine(r Result) string {
	line := fmt.Sprintf("%-34s %-10s %6.1fs  %s", r.ID, r.Outcome, r.Seconds, r.Stmt)
	if r.Rule != "" {
		line += "  [" + r.Rule + "]"
	}
	return line
}

// writeText prints the summary and the survivors (the per-mutant lines are
// printed as the mutants finish).
func writeText(w io.Writer, rep Report) error {
	s := rep.Summary
	_, err := fmt.Fprintf(w, "\nmutants: %d found, %d run: %d killed, %d survived, %d timeout, %d no-compile (%.0fs)\n"+
		"mutation score: %d/%d = %.1f%%\n",
		s.Found, s.Run, s.Killed, s.Survived, s.Timeout, s.NoCompile, rep.Seconds,
		s.Killed, s.Killed+s.Survived+s.Timeout, 100*s.Score)
	if err != nil {
		return fmt.Errorf("mutate: write report: %w", err)
	}
	if s.NotRun > 0 {
		if _, err := fmt.Fprintf(w, "-budget reached: %d selected mutants not run\n", s.NotRun); err != nil {
			return fmt.Errorf("mutate: write report: %w", err)
		}
	}
	for _, group := range []struct {
		title   string
		outcome Outcome
	}{{"survivors (no test noticed the removal)", Survived}, {"timeouts", Timeout}, {"no-compile (skipped)", NoCompile}} {
		if err := writeGroup(w, group.title, group.outcome, rep.Results); err != nil {
			return err
		}
	}
	return nil
}

func writeGroup(w io.Writer, title string, o Outcome, results []Result) error {
	first := true
	for _, r := range results {
		if r.Outcome != o {
			continue
		}
		if first {
			if _, err := fmt.Fprintf(w, "%s:\n", title); err != nil {
				return fmt.Errorf("mutate: write report: %w", err)
			}
			first = false
		}
		if _, err := fmt.Fprintf(w, "  %s  %s\n", r.ID, r.Stmt); err != nil {
			return fmt.Errorf("mutate: write report: %w", err)
		}
	}
	return nil
}

func writeJSON(w io.Writer, rep Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("mutate: write report: %w", err)
	}
	return nil
}

// listMutants prints the mutants without running them.
func listMutants(w io.Writer, ms []Mutant) error {
	for _, m := range ms {
		line := fmt.Sprintf("%-34s %s", m.ID, m.Stmt)
		if m.Rule != "" {
			line += "  [" + m.Rule + "]"
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return fmt.Errorf("mutate: write list: %w", err)
		}
	}
	if _, err := fmt.Fprintf(w, "%d mutants\n", len(ms)); err != nil {
		return fmt.Errorf("mutate: write list: %w", err)
	}
	// the tests each mutated package's mutants run
	var pkgs []string
	tests := make(map[string]string)
	for _, m := range ms {
		dir := path.Dir(m.File)
		if _, ok := tests[dir]; !ok {
			pkgs = append(pkgs, dir)
			tests[dir] = strings.Join(m.Tests, " ")
		}
	}
	for _, p := range pkgs {
		if _, err := fmt.Fprintf(w, "%s: tests of %s\n", p, tests[p]); err != nil {
			return fmt.Errorf("mutate: write list: %w", err)
		}
	}
	return nil
}
