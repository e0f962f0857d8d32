package hash

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

func randElem(r *rand.Rand) fr.Element {
	var e fr.Element
	e.SetUint64(r.Uint64())
	var m fr.Element
	m.SetUint64(r.Uint64())
	e.Mul(&e, &m)
	e.Mul(&e, &m)
	return e
}

// The element API must agree with gnark-crypto's byte API, which the circuit's Compress is tested against.
func TestCompressMatchesGnarkCrypto(t *testing.T) {
	h := New()
	ref := poseidon2.NewDefaultPermutation()
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 50; i++ {
		a, b := randElem(r), randElem(r)
		got := h.Compress(a, b)
		ab, bb := a.Bytes(), b.Bytes()
		want, err := ref.Compress(ab[:], bb[:])
		if err != nil {
			t.Fatal(err)
		}
		gb := got.Bytes()
		if !bytes.Equal(gb[:], want) {
			t.Fatalf("compress mismatch at %d", i)
		}
	}
}

func TestChainSeparatesTags(t *testing.T) {
	h := New()
	var x fr.Element
	x.SetUint64(7)
	a, b := h.Chain(TagAccount, x), h.Chain(TagPosition, x)
	if a.Equal(&b) {
		t.Fatal("different tags gave the same leaf hash")
	}
	e := h.EmptyHashes(a, 3)
	if len(e) != 4 || !e[0].Equal(&a) {
		t.Fatal("bad empty hashes")
	}
	want := h.Compress(e[1], e[1])
	if !e[2].Equal(&want) {
		t.Fatal("E_2 != H(E_1,E_1)")
	}
}

func BenchmarkCompress(b *testing.B) {
	h := New()
	var x, y fr.Element
	x.SetUint64(1)
	y.SetUint64(2)
	for b.Loop() {
		x = h.Compress(x, y)
	}
}
