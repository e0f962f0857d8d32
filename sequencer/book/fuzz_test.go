package book

import (
	"math/rand/v2"
	"testing"
)

// FuzzBookVsReference drives Book and the reference book with the same random operations and compares every
// event, every returned error, the positions, the full state after each operation and the structural invariants
// of Book. Run with: go test ./sequencer/book -fuzz FuzzBookVsReference
func FuzzBookVsReference(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 16 {
		f.Add(randomBytes(rng, 400), true)
	}
	f.Add([]byte{}, false)
	f.Fuzz(func(t *testing.T, data []byte, withRisk bool) {
		if err := runScenario(data, withRisk); err != nil {
			t.Fatal(err)
		}
	})
}

func randomBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestRandomVsReference is the property run of the fuzz target over many seeded scenarios.
func TestRandomVsReference(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 300
	}
	rng := rand.New(rand.NewPCG(42, 7))
	for i := range n {
		data := randomBytes(rng, 200+rng.IntN(1200))
		if err := runScenario(data, i%4 != 0); err != nil {
			t.Fatalf("scenario %d: %v", i, err)
		}
	}
}
