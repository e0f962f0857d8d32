package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// selectOnly keeps the mutants named in specs. A spec is a mutant ID or
// file:line (every mutant of that line); the file may be given by any
// trailing part of its path ("slot.go:120"). A spec that names no mutant is
// an error.
func selectOnly(ms []Mutant, specs []string) ([]Mutant, error) {
	if len(specs) == 0 {
		return ms, nil
	}
	keep := make([]bool, len(ms))
	for _, spec := range specs {
		found := false
		for i, m := range ms {
			if matches(m, spec) {
				keep[i], found = true, true
			}
		}
		if !found {
			return nil, fmt.Errorf("mutate: -only %q: no assertion statement there (see -list)", spec)
		}
	}
	var out []Mutant
	for i, m := range ms {
		if keep[i] {
			out = append(out, m)
		}
	}
	return out, nil
}

func matches(m Mutant, spec string) bool {
	line := fmt.Sprintf("%s:%d", m.File, m.Line)
	for _, full := range []string{m.ID, line} {
		if full == spec || strings.HasSuffix(full, "/"+spec) {
			return true
		}
	}
	return false
}

// sample returns n mutants drawn without replacement with the given seed,
// in their original order; all of them when n ≤ 0 or n ≥ len(ms).
func sample(ms []Mutant, n int, seed uint64) []Mutant {
	if n <= 0 || n >= len(ms) {
		return ms
	}
	r := rand.New(rand.NewPCG(seed, 0x6d75746174650000)) // second word: a fixed stream constant
	idx := r.Perm(len(ms))[:n]
	sort.Ints(idx)
	out := make([]Mutant, n)
	for i, j := range idx {
		out[i] = ms[j]
	}
	return out
}

// splitList splits a comma- or space-separated flag value.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
