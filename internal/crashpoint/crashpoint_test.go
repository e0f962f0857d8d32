package crashpoint

import (
	"errors"
	"sync"
	"testing"
)

func TestParseAndHit(t *testing.T) {
	kills := 0
	p, err := New("wal-append:3, l1-submit:1", func() { kills++ })
	if err != nil {
		t.Fatal(err)
	}
	p.Hit(WALAppend)
	p.Hit(WALAppend)
	p.Hit(SealCommit) // not armed
	if kills != 0 {
		t.Fatalf("killed after 2 hits of a point armed at 3")
	}
	p.Hit(WALAppend)
	if kills != 1 {
		t.Fatalf("kills %d after the 3rd hit, want 1", kills)
	}
	p.Hit(WALAppend) // only the chosen hit kills
	p.HitIf(false, L1Submit)
	if kills != 1 {
		t.Fatalf("kills %d, want 1", kills)
	}
	p.HitIf(true, L1Submit)
	if kills != 2 {
		t.Fatalf("kills %d after l1-submit:1, want 2", kills)
	}
	var nilP *Points
	nilP.Hit(WALAppend) // no-op
}

func TestParseErrors(t *testing.T) {
	if p, err := Parse(""); p != nil || err != nil {
		t.Fatalf("empty spec: %v %v", p, err)
	}
	for _, s := range []string{"wal-append", "nope:1", "wal-append:0", "wal-append:-2", "wal-append:x",
		"wal-append:1,wal-append:2"} {
		if _, err := Parse(s); !errors.Is(err, ErrBadSpec) {
			t.Errorf("%q: err %v, want ErrBadSpec", s, err)
		}
	}
}

func TestHitConcurrentKillsOnce(t *testing.T) {
	var mu sync.Mutex
	kills := 0
	p, _ := New("witness-build:50", func() { mu.Lock(); kills++; mu.Unlock() })
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				p.Hit(WitnessBuild)
			}
		}()
	}
	wg.Wait()
	if kills != 1 {
		t.Fatalf("kills %d, want exactly 1", kills)
	}
}
