package proverrpc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/big"
	"runtime"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"
)

// committed is a tiny circuit with one BSB22 commitment, so proofs have the commitment section our batch circuit
// has: X·X == Y, and a commitment to X bound into the statement.
type committed struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *committed) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	cm, err := api.(frontend.Committer).Commit(c.X)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(cm, 0)
	return nil
}

type fixtureProof struct {
	vk      plonk.VerifyingKey
	raw     []byte // WriteRawTo
	packed  []byte // WriteTo (compressed points)
	public  []*big.Int
	commits int
	ccs     constraint.ConstraintSystem
}

var (
	fixtureOnce sync.Once
	fixture     fixtureProof
	fixtureErr  error
)

func proofFixture(t testing.TB) *fixtureProof {
	t.Helper()
	fixtureOnce.Do(func() { fixtureErr = buildFixture(&fixture) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return &fixture
}

func buildFixture(f *fixtureProof) error {
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, &committed{})
	if err != nil {
		return err
	}
	srs, lagrange, err := unsafekzg.NewSRS(ccs)
	if err != nil {
		return err
	}
	pk, vk, err := plonk.Setup(ccs, srs, lagrange)
	if err != nil {
		return err
	}
	full, err := frontend.NewWitness(&committed{X: 3, Y: 9}, ecc.BN254.ScalarField())
	if err != nil {
		return err
	}
	proof, err := plonk.Prove(ccs, pk, full, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
	if err != nil {
		return err
	}
	var raw, packed bytes.Buffer
	if _, err := proof.(*plonkbn254.Proof).WriteRawTo(&raw); err != nil {
		return err
	}
	if _, err := proof.WriteTo(&packed); err != nil {
		return err
	}
	f.vk, f.raw, f.packed, f.public, f.ccs = vk, raw.Bytes(), packed.Bytes(), []*big.Int{big.NewInt(9)}, ccs
	f.commits, err = Commitments(vk)
	return err
}

// bombs are proofs whose last length field claims 2^32-1 commitments: gnark's decoder would allocate 256 GiB.
func bombs(f *fixtureProof) map[string][]byte {
	rawPrefix := f.raw[:len(f.raw)-lenBytes-f.commits*g1Raw]
	packedPrefix := f.packed[:len(f.packed)-lenBytes-f.commits*32]
	ff := []byte{0xff, 0xff, 0xff, 0xff}
	padded := append(append(append([]byte{}, packedPrefix...), ff...), make([]byte, len(f.raw))...)
	return map[string][]byte{
		"raw":            append(append([]byte{}, rawPrefix...), ff...),
		"compressed":     append(append([]byte{}, packedPrefix...), ff...),
		"compressed+pad": padded[:len(f.raw)], // the exact raw size, compressed points
	}
}

func TestVerifyRaw(t *testing.T) {
	f := proofFixture(t)
	if f.commits != 1 || len(f.raw) != RawProofSize(1) {
		t.Fatalf("fixture: %d commitments, %d bytes, want %d", f.commits, len(f.raw), RawProofSize(1))
	}
	if _, err := VerifyRaw(f.vk, f.raw, f.public); err != nil {
		t.Fatalf("valid proof: %v", err)
	}
	if _, err := VerifyRaw(f.vk, f.raw, []*big.Int{big.NewInt(10)}); err == nil {
		t.Fatal("proof of other public inputs accepted")
	}
	if _, err := VerifyRaw(f.vk, f.packed, f.public); !errors.Is(err, ErrProofShape) {
		t.Fatalf("compressed encoding: %v", err)
	}
}

// The proof bomb is refused by its shape, before gnark's decoder runs, and decoding it allocates next to nothing.
func TestProofBombRefused(t *testing.T) {
	f := proofFixture(t)
	for name, b := range bombs(f) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := VerifyRaw(f.vk, b, f.public)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrProofShape) {
			t.Fatalf("%s bomb (%d bytes): %v", name, len(b), err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Fatalf("%s bomb: decoding allocated %d bytes", name, grew)
		}
	}
	// A wrong claimed-values length is refused too.
	b := append([]byte{}, f.raw...)
	binary.BigEndian.PutUint32(b[fixedPoints*g1Raw:], 0xffffffff)
	if _, err := DecodeRaw(b, f.commits); !errors.Is(err, ErrProofShape) {
		t.Fatalf("claimed-values bomb: %v", err)
	}
}

func TestCheckWitness(t *testing.T) {
	f := proofFixture(t)
	full, err := frontend.NewWitness(&committed{X: 3, Y: 9}, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	b, err := full.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	pub, sec := f.ccs.GetNbPublicVariables(), f.ccs.GetNbSecretVariables()
	if err := CheckWitness(b, pub, sec); err != nil {
		t.Fatalf("valid witness (%d public, %d secret): %v", pub, sec, err)
	}
	bad := append([]byte{}, b...)
	binary.BigEndian.PutUint32(bad[8:], 0xffffffff)
	if err := CheckWitness(bad, pub, sec); !errors.Is(err, ErrWitnessShape) {
		t.Fatalf("witness length bomb: %v", err)
	}
	if err := CheckWitness(b[:len(b)-1], pub, sec); !errors.Is(err, ErrWitnessShape) {
		t.Fatalf("short witness: %v", err)
	}
}

// FuzzDecodeProof: random and mutated proofs give an error (or, for the valid proof, a decoded proof), never a
// panic or an allocation beyond the fixed proof size. The seeds (a valid proof, its compressed encoding, the bombs,
// truncations) run in every `go test`.
func FuzzDecodeProof(f *testing.F) {
	fx := proofFixture(f)
	f.Add(fx.raw)
	f.Add(fx.packed)
	for _, b := range bombs(fx) {
		f.Add(b)
	}
	f.Add(fx.raw[:len(fx.raw)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		proof, err := DecodeRaw(b, fx.commits)
		if err != nil {
			if proof != nil {
				t.Fatal("proof with an error")
			}
			return
		}
		if len(b) != RawProofSize(fx.commits) || len(proof.Bsb22Commitments) != fx.commits ||
			len(proof.BatchedProof.ClaimedValues) != fixedClaimed+fx.commits {
			t.Fatalf("decoded a %d-byte proof with %d commitments", len(b), len(proof.Bsb22Commitments))
		}
	})
}
