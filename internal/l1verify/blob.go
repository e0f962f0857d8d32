package l1verify

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/internal/beacon"
)

// BlobSource fetches the blobs of a mined blob transaction, each checked against the transaction's versioned
// hashes: *beacon.Client does, from a beacon node's blob sidecar API.
type BlobSource interface {
	FetchTxBlobs(ctx context.Context, chain beacon.TxReader, txHash common.Hash) ([]kzg4844.Blob, error)
}

var _ BlobSource = (*beacon.Client)(nil)

// ErrBlob reports a blob-mode batch whose blob is unavailable or does not match the transaction.
var ErrBlob = errors.New("l1verify: blob")

// blobWords returns a blob-mode batch's words: the first blob of its transaction, decoded (docs/blobs.md) up to the
// last non-zero word (NoOp words are 0 and change nothing). The L1 ops of its calldata must be the words of the
// slots L1 acts on, in order (the proof binds both; a mismatch means the chain data is not what was proven).
func (v *Verifier) blobWords(ctx context.Context, n uint64, hash common.Hash, ops []*big.Int) ([]*big.Int, error) {
	tr, ok := v.client.(beacon.TxReader)
	if !ok {
		return nil, fmt.Errorf("%w: batch %d: the L1 client cannot read blob transactions", ErrBlob, n)
	}
	blobs, err := v.cfg.Blobs.FetchTxBlobs(ctx, tr, hash)
	if err != nil {
		return nil, fmt.Errorf("%w: batch %d (tx %s): %w", ErrBlob, n, hash, err)
	}
	if len(blobs) == 0 {
		return nil, fmt.Errorf("%w: batch %d (tx %s) carries no blob", ErrBlob, n, hash)
	}
	els, err := blobtx.DecodeN(&blobs[0], blobtx.WordsPerBlob)
	if err != nil {
		return nil, fmt.Errorf("%w: batch %d: %w", ErrBlob, n, err)
	}
	last := len(els)
	for last > 0 && els[last-1].IsZero() {
		last--
	}
	words := make([]*big.Int, last)
	k := 0
	for i := range words {
		words[i] = els[i].BigInt(new(big.Int))
		if batch.IsL1Op(&els[i]) {
			if k >= len(ops) || ops[k].Cmp(words[i]) != 0 {
				return nil, fmt.Errorf("%w: batch %d: blob word %d is an L1 op the calldata does not list in order", ErrBlob, n, i)
			}
			k++
		}
	}
	for ; k < len(ops); k++ {
		if ops[k].Sign() != 0 {
			return nil, fmt.Errorf("%w: batch %d: calldata L1 op %d is not in the blob", ErrBlob, n, k)
		}
	}
	return words, nil
}
