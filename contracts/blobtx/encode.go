// Package blobtx carries zkperp's pubdata in EIP-4844 blobs on L1: the fixed encoding of pubdata words into a
// blob (Encode, DecodeN), the KZG sidecar of a blob transaction (Sidecar), the point-evaluation inputs a contract
// checks a blob against (PointProof, PrecompileInput), and a Sender that prices, sends and, when stuck, replaces a
// type-3 transaction (see docs/blobs.md).
//
// Encoding: a blob carries a list of pubdata words, BN254 scalar-field elements (each < r_BN254 < r_BLS12-381, so
// every word is a canonical BLS12-381 field element as a blob requires): blob[32i:32i+32] is word i big-endian and
// every byte after the last word is zero; a blob holds at most WordsPerBlob words. The word count is not in the
// blob: it comes with the L1 data that references the blob (DecodeN takes it).
package blobtx

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

const (
	// WordsPerBlob is the number of 32-byte field elements in a blob (EIP-4844 FIELD_ELEMENTS_PER_BLOB).
	WordsPerBlob = 4096
	// wordSize is the size of one encoded word.
	wordSize = 32
)

var (
	// ErrTooManyWords is returned by Encode and DecodeN for more than WordsPerBlob words.
	ErrTooManyWords = errors.New("blobtx: more words than a blob holds")
	// ErrNonCanonical is returned by DecodeN for a blob that is not the encoding of n words: a word that is not
	// a canonical BN254 field element (≥ r_BN254) or a non-zero byte after the n-th word.
	ErrNonCanonical = errors.New("blobtx: blob is not a canonical encoding")
)

// Encode returns the blob carrying words: word i big-endian at bytes [32i, 32i+32), zeros after the last word.
func Encode(words []fr.Element) (*kzg4844.Blob, error) {
	if len(words) > WordsPerBlob {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooManyWords, len(words), WordsPerBlob)
	}
	var blob kzg4844.Blob
	for i := range words {
		b := words[i].Bytes() // canonical (regular, not Montgomery) form, big-endian
		copy(blob[i*wordSize:], b[:])
	}
	return &blob, nil
}

// DecodeN returns the first n words of blob. It rejects (ErrNonCanonical) a word that is not a canonical BN254
// field element and any non-zero byte after the n-th word, so exactly one blob decodes to a given word list.
func DecodeN(blob *kzg4844.Blob, n int) ([]fr.Element, error) {
	if n < 0 || n > WordsPerBlob {
		return nil, fmt.Errorf("%w: n = %d", ErrTooManyWords, n)
	}
	words := make([]fr.Element, n)
	for i := range words {
		if err := words[i].SetBytesCanonical(blob[i*wordSize : (i+1)*wordSize]); err != nil {
			return nil, fmt.Errorf("%w: word %d: %w", ErrNonCanonical, i, err)
		}
	}
	for j := n * wordSize; j < len(blob); j++ {
		if blob[j] != 0 {
			return nil, fmt.Errorf("%w: non-zero byte %d after word %d", ErrNonCanonical, j, n)
		}
	}
	return words, nil
}

// EncodeAll splits words into as few blobs as hold them (WordsPerBlob per blob, the last one partial). An empty
// list gives no blob.
func EncodeAll(words []fr.Element) ([]kzg4844.Blob, error) {
	blobs := make([]kzg4844.Blob, 0, (len(words)+WordsPerBlob-1)/WordsPerBlob)
	for start := 0; start < len(words); start += WordsPerBlob {
		b, err := Encode(words[start:min(start+WordsPerBlob, len(words))])
		if err != nil {
			return nil, err
		}
		blobs = append(blobs, *b)
	}
	return blobs, nil
}
