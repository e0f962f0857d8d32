package blobtx

import (
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

func testWords(n int) []fr.Element {
	w := make([]fr.Element, n)
	for i := range w {
		w[i].SetUint64(uint64(i) + 1)
		w[i].Neg(&w[i]) // r - i - 1: large, canonical
	}
	return w
}

func TestEncodeDecode(t *testing.T) {
	for _, n := range []int{0, 1, 7, WordsPerBlob} {
		words := testWords(n)
		blob, err := Encode(words)
		if err != nil {
			t.Fatal(err)
		}
		for i := range words {
			if b := words[i].Bytes(); string(blob[32*i:32*i+32]) != string(b[:]) {
				t.Fatalf("n=%d: word %d not big-endian at %d", n, i, 32*i)
			}
		}
		got, err := DecodeN(blob, n)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		for i := range words {
			if !got[i].Equal(&words[i]) {
				t.Fatalf("n=%d: word %d differs", n, i)
			}
		}
		if n > 0 { // the n-th word is non-zero: decoding fewer words sees a non-zero tail
			if _, err := DecodeN(blob, n-1); !errors.Is(err, ErrNonCanonical) {
				t.Fatalf("n=%d: DecodeN(n-1) = %v, want ErrNonCanonical", n, err)
			}
		}
	}
	if _, err := Encode(testWords(WordsPerBlob + 1)); !errors.Is(err, ErrTooManyWords) {
		t.Fatalf("Encode(4097 words) = %v", err)
	}
	if _, err := DecodeN(new(kzg4844.Blob), WordsPerBlob+1); !errors.Is(err, ErrTooManyWords) {
		t.Fatalf("DecodeN(4097) = %v", err)
	}
}

func TestDecodeRejectsNonCanonical(t *testing.T) {
	blob, err := Encode(testWords(3))
	if err != nil {
		t.Fatal(err)
	}
	// Word 1 := r_BN254 (valid in a blob, since r_BN254 < r_BLS12-381, but not a canonical BN254 element).
	m := fr.Modulus().FillBytes(make([]byte, 32))
	copy(blob[32:64], m)
	if _, err := kzg4844.BlobToCommitment(blob); err != nil {
		t.Fatalf("r_BN254 should be a valid blob element: %v", err)
	}
	if _, err := DecodeN(blob, 3); !errors.Is(err, ErrNonCanonical) {
		t.Fatalf("DecodeN with word = r_BN254: %v, want ErrNonCanonical", err)
	}
	// A non-zero byte at the very end.
	blob2, _ := Encode(testWords(3))
	blob2[len(blob2)-1] = 1
	if _, err := DecodeN(blob2, 3); !errors.Is(err, ErrNonCanonical) {
		t.Fatalf("DecodeN with a non-zero tail: %v, want ErrNonCanonical", err)
	}
}

func TestEncodeAll(t *testing.T) {
	words := testWords(WordsPerBlob + 5)
	blobs, err := EncodeAll(words)
	if err != nil || len(blobs) != 2 {
		t.Fatalf("EncodeAll: %d blobs, %v", len(blobs), err)
	}
	a, err := DecodeN(&blobs[0], WordsPerBlob)
	if err != nil {
		t.Fatal(err)
	}
	b, err := DecodeN(&blobs[1], 5)
	if err != nil {
		t.Fatal(err)
	}
	got := append(a, b...)
	for i := range words {
		if !got[i].Equal(&words[i]) {
			t.Fatalf("word %d differs", i)
		}
	}
	if bs, _ := EncodeAll(nil); len(bs) != 0 {
		t.Fatalf("EncodeAll(nil) = %d blobs", len(bs))
	}
}

func TestSidecarAndPointProof(t *testing.T) {
	blob, err := Encode(testWords(100))
	if err != nil {
		t.Fatal(err)
	}
	v1, err := Sidecar([]kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != types.BlobSidecarVersion1 || len(v1.Proofs) != kzg4844.CellProofsPerBlob {
		t.Fatalf("v1 sidecar: version %d, %d proofs", v1.Version, len(v1.Proofs))
	}
	if err := kzg4844.VerifyCellProofs(v1.Blobs, v1.Commitments, v1.Proofs); err != nil {
		t.Fatalf("cell proofs: %v", err)
	}
	v0, err := SidecarVersion(types.BlobSidecarVersion0, []kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	if err := kzg4844.VerifyBlobProof(&v0.Blobs[0], v0.Commitments[0], v0.Proofs[0]); err != nil {
		t.Fatalf("blob proof: %v", err)
	}
	bp, err := BlobProofs(v1)
	if err != nil || bp[0] != v0.Proofs[0] {
		t.Fatalf("BlobProofs(v1) = %x, %v; want the v0 proof", bp, err)
	}
	vh := VersionedHash(v1.Commitments[0])
	if vh != v1.BlobHashes()[0] || vh[0] != 0x01 {
		t.Fatalf("versioned hash %s", vh)
	}

	z := PointAt(12345)
	proof, y, err := PointProof(blob, z)
	if err != nil {
		t.Fatal(err)
	}
	if err := kzg4844.VerifyProof(v1.Commitments[0], z, y, proof); err != nil {
		t.Fatalf("point proof: %v", err)
	}
	y[31] ^= 1
	if err := kzg4844.VerifyProof(v1.Commitments[0], z, y, proof); err == nil {
		t.Fatal("point proof verifies a wrong y")
	}
	in := PrecompileInput(vh, z, y, v1.Commitments[0], proof)
	if len(in) != PrecompileInputSize || common.BytesToHash(in[:32]) != vh || string(in[32:64]) != string(z[:]) ||
		string(in[64:96]) != string(y[:]) || string(in[96:144]) != string(v1.Commitments[0][:]) || string(in[144:]) != string(proof[:]) {
		t.Fatal("precompile input layout")
	}
	var big kzg4844.Point
	for i := range big {
		big[i] = 0xff
	}
	if _, _, err := PointProof(blob, big); !errors.Is(err, ErrKZG) {
		t.Fatalf("PointProof(z ≥ r_BLS) = %v, want ErrKZG", err)
	}
	if _, err := Sidecar(nil); err == nil {
		t.Fatal("empty sidecar accepted")
	}
}
