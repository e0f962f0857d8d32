package sign

import (
	"math/rand/v2"
	"testing"
)

// TestPackMatchesBigInt checks the word-wise Pack against packBig (the sum on big integers, reduced mod r) on
// random parts and widths: parts wider than their width (overlapping the next), sums past 256 bits (reduced) and
// offsets past 256 (the big-integer path), and the messages' own layouts.
func TestPackMatchesBigInt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(parts []uint64, widths []uint) {
		t.Helper()
		got, want := Pack(parts, widths), packBig(parts, widths)
		if !got.Equal(&want) {
			t.Fatalf("Pack(%v, %v) = %s, want %s", parts, widths, got.String(), want.String())
		}
	}
	order := []uint{4, 32, 32, 8, 1, 48, 48, 16, 16, 32}
	for range 20000 {
		n := 1 + rng.IntN(12)
		parts, widths := make([]uint64, n), make([]uint, n)
		for i := range parts {
			widths[i] = uint(rng.IntN(65))
			switch rng.IntN(3) {
			case 0: // fits its width
				parts[i] = rng.Uint64() >> (64 - widths[i]%64)
				if widths[i] == 0 {
					parts[i] = 0
				}
			case 1: // any 64 bits: overlaps the next part
				parts[i] = rng.Uint64()
			default:
				parts[i] = ^uint64(0) >> rng.IntN(64)
			}
		}
		check(parts, widths)
		op := make([]uint64, len(order))
		for i := range op {
			op[i] = rng.Uint64() >> (64 - order[i])
		}
		check(op, order)
	}
	check(nil, nil)
	check([]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}, []uint{64, 64, 64, 64, 64}) // ≥ r
	check([]uint64{1, ^uint64(0)}, []uint{256, 1})                                                          // offset 256
	check([]uint64{1, ^uint64(0)}, []uint{257, 1})                                                          // past 256
	check([]uint64{^uint64(0), ^uint64(0)}, []uint{200, 64})                                                // carry into word 4
}

// TestPackAllocs checks that an order's message takes no allocation.
func TestPackAllocs(t *testing.T) {
	o := Order{Account: 7, ID: 9, Market: 1, Buy: true, Price: 1 << 40, Size: 1 << 30, Expiry: 1 << 31}
	if a := testing.AllocsPerRun(100, func() { _ = o.Message() }); a != 0 {
		t.Fatalf("Order.Message: %v allocations, want 0", a)
	}
}
