package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

func mutants(n int) []Mutant {
	ms := make([]Mutant, n)
	for i := range ms {
		ms[i] = Mutant{File: "circuits/batch/slot.go", Line: 10 + i}
		ms[i].ID = fmt.Sprintf("%s:%d", ms[i].File, ms[i].Line)
	}
	return ms
}

func TestSelectOnly(t *testing.T) {
	ms := mutants(5)
	ms = append(ms, Mutant{ID: "circuits/gadget/arith.go:7:3", File: "circuits/gadget/arith.go", Line: 7},
		Mutant{ID: "circuits/gadget/arith.go:7:20", File: "circuits/gadget/arith.go", Line: 7})
	for _, tc := range []struct {
		specs []string
		want  []string
	}{
		{nil, nil},
		{[]string{"circuits/batch/slot.go:12"}, []string{"circuits/batch/slot.go:12"}},
		{[]string{"slot.go:13", "batch/slot.go:11"}, []string{"circuits/batch/slot.go:11", "circuits/batch/slot.go:13"}},
		{[]string{"arith.go:7"}, []string{"circuits/gadget/arith.go:7:3", "circuits/gadget/arith.go:7:20"}},
		{[]string{"arith.go:7:20"}, []string{"circuits/gadget/arith.go:7:20"}},
	} {
		got, err := selectOnly(ms, tc.specs)
		if err != nil {
			t.Fatal(err)
		}
		if tc.specs == nil {
			if len(got) != len(ms) {
				t.Errorf("no spec: %d mutants, want all", len(got))
			}
			continue
		}
		var ids []string
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("%v: got %v, want %v", tc.specs, ids, tc.want)
		}
	}
	for _, bad := range []string{"slot.go:99", "lot.go:12", "circuits/batch/slot.go"} {
		if _, err := selectOnly(ms, []string{bad}); err == nil {
			t.Errorf("%q selects nothing but is accepted", bad)
		}
	}
}

func TestSample(t *testing.T) {
	ms := mutants(40)
	a, b, c := sample(ms, 8, 7), sample(ms, 8, 7), sample(ms, 8, 8)
	if len(a) != 8 {
		t.Fatalf("sample of %d", len(a))
	}
	ids := func(ms []Mutant) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	if !slices.Equal(ids(a), ids(b)) {
		t.Error("same seed, different samples")
	}
	if slices.Equal(ids(a), ids(c)) {
		t.Error("different seeds, same sample")
	}
	for i := 1; i < len(a); i++ {
		if a[i-1].Line >= a[i].Line {
			t.Fatalf("sample not in source order or repeated: %v", ids(a))
		}
	}
	for _, n := range []int{0, -1, 40, 41} {
		if got := sample(ms, n, 1); len(got) != len(ms) {
			t.Errorf("sample(%d) = %d mutants, want all %d", n, len(got), len(ms))
		}
	}
}

func TestSplitList(t *testing.T) {
	if got := splitList(" a,b  c,,"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("splitList = %q", got)
	}
}

func TestRunPool(t *testing.T) {
	ms := mutants(10)
	ctx := context.Background()
	ok := func(_ context.Context, i int, m Mutant) (Result, error) {
		return Result{Mutant: m, Outcome: Killed, Seconds: float64(i)}, nil
	}
	var mu sync.Mutex
	seen := 0
	done := func(Result) { mu.Lock(); seen++; mu.Unlock() }
	rs, err := runPool(ctx, 3, ms, ok, done, time.Time{})
	if err != nil || len(rs) != 10 || seen != 10 {
		t.Fatalf("%d results, %d reported, %v", len(rs), seen, err)
	}
	for i, r := range rs {
		if r.ID != ms[i].ID {
			t.Fatalf("result %d is %s, want %s", i, r.ID, ms[i].ID)
		}
	}
	if rs, err := runPool(ctx, 2, ms, ok, done, time.Now().Add(-time.Second)); err != nil || len(rs) != 0 {
		t.Fatalf("past budget: %d results, %v", len(rs), err)
	}
	boom := errors.New("boom")
	fail := func(_ context.Context, i int, m Mutant) (Result, error) {
		if i == 4 {
			return Result{}, boom
		}
		return ok(ctx, i, m)
	}
	if _, err := runPool(ctx, 2, ms, fail, done, time.Time{}); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
}
