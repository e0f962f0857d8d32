package blob

import (
	"errors"
	"math/rand/v2"
	"testing"

	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	bnfr "github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/contracts/blobtx"
)

// randomWords returns n random words below 2^bits.
func randomWords(rng *rand.Rand, n, bits int) []bnfr.Element {
	out := make([]bnfr.Element, n)
	for i := range out {
		var b [32]byte
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		// keep the low `bits` bits of the big-endian value
		for k := 0; k < 256-bits; k++ {
			b[k/8] &^= 0x80 >> (k % 8)
		}
		out[i].SetBytes(b[:])
	}
	return out
}

func randomBN(rng *rand.Rand) bnfr.Element {
	var b [32]byte
	for j := range b {
		b[j] = byte(rng.Uint32())
	}
	var x bnfr.Element
	x.SetBytes(b[:]) // reduced mod p
	return x
}

// kzgClaim returns go-ethereum's claim P_blob(z) and checks that VerifyProof
// accepts the opening.
func kzgClaim(t *testing.T, b *kzg4844.Blob, z bnfr.Element) blsfr.Element {
	t.Helper()
	c, err := kzg4844.BlobToCommitment(b)
	if err != nil {
		t.Fatal(err)
	}
	point := kzg4844.Point(z.Bytes())
	proof, claim, err := kzg4844.ComputeProof(b, point)
	if err != nil {
		t.Fatal(err)
	}
	if err := kzg4844.VerifyProof(c, point, claim, proof); err != nil {
		t.Fatalf("VerifyProof: %v", err)
	}
	var y blsfr.Element
	if err := y.SetBytesCanonical(claim[:]); err != nil {
		t.Fatal(err)
	}
	return y
}

// TestEvaluateMatchesKZG pins the encoding and the domain order: Evaluate
// equals go-ethereum's ComputeProof claim, which VerifyProof accepts.
func TestEvaluateMatchesKZG(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 64, 300, N} {
		words := randomWords(rng, n, 253)
		b, err := blobtx.Encode(words)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 2; k++ {
			z := randomBN(rng)
			want := kzgClaim(t, b, z)
			got, err := Evaluate(words, z)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(&want) {
				t.Fatalf("n=%d: Evaluate %s, kzg claim %s", n, got.String(), want.String())
			}
		}
	}
}

// TestEvaluateOnDomain: at z = ω_i the value is word i (or 0 past the words),
// as the precompile's claim.
func TestEvaluateOnDomain(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := randomWords(rng, 7, 253)
	b, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 6, 7, 100} {
		w := Root(i)
		var z bnfr.Element
		wb := w.Bytes()
		if err := z.SetBytesCanonical(wb[:]); err != nil {
			continue // ω_i ≥ p_BN254: not a possible challenge
		}
		got, err := Evaluate(words, z)
		if err != nil {
			t.Fatal(err)
		}
		want := kzgClaim(t, b, z)
		if !got.Equal(&want) {
			t.Fatalf("z = ω_%d: Evaluate %s, kzg %s", i, got.String(), want.String())
		}
	}
}

func TestTooManyWords(t *testing.T) {
	words := make([]bnfr.Element, N+1)
	if _, err := Evaluate(words, bnfr.Element{}); !errors.Is(err, ErrTooManyWords) {
		t.Fatalf("Evaluate: %v", err)
	}
}

// TestChallengeBindsInputs: z changes with the versioned hash and with each word.
func TestChallengeBindsInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := randomWords(rng, 4, 253)
	var vh [32]byte
	vh[0] = 1
	z := Challenge(vh, words)
	vh2 := vh
	vh2[31] ^= 1
	if z2 := Challenge(vh2, words); z2.Equal(&z) {
		t.Fatal("challenge ignores the versioned hash")
	}
	for i := range words {
		w := append([]bnfr.Element(nil), words...)
		var one bnfr.Element
		one.SetOne()
		w[i].Add(&w[i], &one)
		if z2 := Challenge(vh, w); z2.Equal(&z) {
			t.Fatalf("challenge ignores word %d", i)
		}
	}
	if z2 := Challenge(vh, words[:3]); z2.Equal(&z) {
		t.Fatal("challenge ignores the word count")
	}
}
