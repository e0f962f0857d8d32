package node

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/frontend"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// BatchMeta is what the node keeps of a sealed batch to submit it to L1 and to answer status queries.
type BatchMeta struct {
	Number        uint64     `json:"number"`
	OldRoot       *big.Int   `json:"oldRoot"`
	NewRoot       *big.Int   `json:"newRoot"`
	DepositBefore *big.Int   `json:"depositBefore"`
	DepositAfter  *big.Int   `json:"depositAfter"`
	BatchTime     uint32     `json:"batchTime"` // unix seconds: the time every tx of the batch was applied at
	Domain        *big.Int   `json:"domain"`    // H(chainId, rollup)
	Pubdata       []*big.Int `json:"pubdata"`
	Types         []uint8    `json:"types"`
	TxIdx         []uint64   `json:"txIdx"`
	SealedAt      int64      `json:"sealedAt"` // unix ms
	// Blob is the blob-mode opening (nil in calldata mode), computed with the witness (Node.witness).
	Blob *BlobMeta `json:"blob,omitempty"`
}

// BlobMeta is what a blob-mode batch needs on L1 besides its words (Pubdata): the blob's commitment and versioned
// hash, the opening (z, y) the proof binds, and the L1 ops that go in calldata.
type BlobMeta struct {
	VersionedHash common.Hash        `json:"versionedHash"`
	Commitment    kzg4844.Commitment `json:"commitment"`
	Z             common.Hash        `json:"z"` // kzg4844.Point, big-endian
	Y             common.Hash        `json:"y"` // kzg4844.Claim, big-endian
	L1Ops         []*big.Int         `json:"l1Ops"`
}

// Public returns the proof's public inputs in circuit order.
func (m *BatchMeta) Public() []*big.Int {
	out := []*big.Int{m.OldRoot, m.NewRoot, new(big.Int).SetUint64(m.Number), m.DepositBefore, m.DepositAfter,
		new(big.Int).SetUint64(uint64(m.BatchTime)), m.Domain}
	if m.Blob != nil {
		p := batch.BlobPublic{VersionedHash: m.Blob.VersionedHash, Z: kzg4844.Point(m.Blob.Z), Y: kzg4844.Claim(m.Blob.Y),
			L1Ops: m.Blob.L1Ops}
		return append(out, p.Inputs()...)
	}
	return append(out, m.Pubdata...)
}

// Fills counts the Fill slots.
func (m *BatchMeta) Fills() int {
	n := 0
	for _, t := range m.Types {
		if state.TxType(t) == state.TxFill {
			n++
		}
	}
	return n
}

func metaKey(n uint64) string    { return fmt.Sprintf("batch/%d/meta", n) }
func witnessKey(n uint64) string { return fmt.Sprintf("batch/%d/witness", n) } // written by earlier versions
func tracesKey(n uint64) string  { return fmt.Sprintf("batch/%d/traces", n) }
func proofKey(n uint64) string   { return fmt.Sprintf("batch/%d/proof", n) }
func blobKey(n uint64) string    { return fmt.Sprintf("batch/%d/blob", n) }

func fe(e interface{ BigInt(*big.Int) *big.Int }) *big.Int { return e.BigInt(new(big.Int)) }

// sealer stores each sealed batch's traces and metadata with the batch, atomically. The witness is built from the
// traces when a worker leases the batch, off the core goroutine (Node.witness); the encoding runs on the syncer's
// goroutine of the seal's store write (SealExtra), so a seal costs the core the batches' roots and the checkpoint's
// capture, not their encoding.
type sealer struct{ n *Node }

// BeforeCommit (engine.CommitGate) waits, before a seal commits the state, until the WAL records of the seal's
// group are durable (the barrier processInputs handed the syncer): the seal's work overlapped that fsync, and no
// state commit covers a record that is not durable.
func (s *sealer) BeforeCommit() error { return s.n.awaitDurable() }

// DeferCommit (engine.CommitDeferrer): a seal of a pipelined group leaves its store write to the syncer, which
// writes it after the fsync that covers the seal's record (commit.go).
func (s *sealer) DeferCommit() bool { return s.n.deferCommit }

// SealExtra (engine.Sealer) reads the batches' roots on the core; the traces (gob) and metadata (JSON) are encoded
// by the returned encoder, on the store write's goroutine when the seal's commit is deferred (the sealed batches
// do not change).
func (s *sealer) SealExtra(batches []engine.Sealed) (func() (map[string][]byte, error), error) {
	st := s.n.eng.State()
	dom := s.n.cfg.Domain().Element()
	sealedAt := time.Now().UnixMilli()
	roots := make([][2]*big.Int, len(batches))
	for i, b := range batches {
		or, nr := st.RootOf(b.Before), st.RootOf(b.After)
		roots[i] = [2]*big.Int{fe(&or), fe(&nr)}
	}
	return func() (map[string][]byte, error) {
		out := make(map[string][]byte, 2*len(batches))
		for i, b := range batches {
			traces, err := state.EncodeTraces(b.Traces)
			if err != nil {
				return nil, fmt.Errorf("batch %d: %w", b.Number, err)
			}
			m := BatchMeta{Number: b.Number, OldRoot: roots[i][0], NewRoot: roots[i][1], DepositBefore: fe(&b.Before.DepositHash),
				DepositAfter: fe(&b.After.DepositHash), BatchTime: b.After.Time, Domain: fe(&dom), TxIdx: b.TxIdx,
				SealedAt: sealedAt}
			for _, tr := range b.Traces {
				m.Pubdata = append(m.Pubdata, fe(&tr.Pubdata))
				m.Types = append(m.Types, uint8(tr.Tx.Type()))
			}
			mj, err := json.Marshal(&m)
			if err != nil {
				return nil, fmt.Errorf("batch %d meta: %w", b.Number, err)
			}
			out[tracesKey(b.Number)], out[metaKey(b.Number)] = traces, mj
		}
		return out, nil
	}, nil
}

// witness builds a sealed batch's proving witness (gnark binary) from its stored traces; in blob mode it also
// stores the blob's metadata, which checking and submitting the batch's proof need. The prover queue calls it when
// a worker leases the batch (proverrpc.WitnessBuilder), so witnesses are built at the rate workers prove, not the
// rate batches are sealed, and are not stored: a lease after a restart or an expired lease builds it again from
// the same traces. Held off while a re-seal rewrites the batches (wmu), so no build mixes two versions of one;
// builds of different batches run together.
func (n *Node) witness(num uint64) ([]byte, error) {
	n.wmu.RLock()
	defer n.wmu.RUnlock()
	st := n.eng.State()
	start := time.Now()
	raw, err := st.Extra(tracesKey(num))
	if err != nil {
		return nil, fmt.Errorf("batch %d traces: %w", num, err)
	}
	traces, err := state.DecodeTraces(raw)
	if err != nil {
		return nil, fmt.Errorf("batch %d: %w", num, err)
	}
	assignment, err := batch.Assign(n.cfg.circuit(), num, n.cfg.Domain(), traces)
	if err != nil {
		return nil, fmt.Errorf("batch %d witness: %w", num, err)
	}
	if p := assignment.BlobPublic(); p != nil {
		bm, err := json.Marshal(&BlobMeta{VersionedHash: p.VersionedHash, Commitment: p.Commitment, Z: common.Hash(p.Z),
			Y: common.Hash(p.Y), L1Ops: p.L1Ops})
		if err != nil {
			return nil, fmt.Errorf("batch %d blob: %w", num, err)
		}
		if err := st.PutExtra(blobKey(num), bm); err != nil {
			return nil, fmt.Errorf("batch %d blob: %w", num, err)
		}
	}
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, fmt.Errorf("batch %d witness: %w", num, err)
	}
	b, err := w.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("batch %d witness: %w", num, err)
	}
	n.deps.Crash.Hit(crashpoint.WitnessBuild)
	n.m.witnessSeconds.Observe(time.Since(start).Seconds())
	return b, nil
}

// loadMeta reads a sealed batch's metadata.
func (n *Node) loadMeta(num uint64) (*BatchMeta, error) {
	raw, err := n.eng.State().Extra(metaKey(num))
	if err != nil {
		return nil, fmt.Errorf("batch %d meta: %w", num, err)
	}
	var m BatchMeta
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("batch %d meta: %w", num, err)
	}
	if n.cfg.Blob { // absent until the witness is built: checkProof and submit need it (blobMeta)
		raw, err := n.eng.State().Extra(blobKey(num))
		if errors.Is(err, kv.ErrNotFound) {
			return &m, nil
		}
		if err != nil {
			return nil, fmt.Errorf("batch %d blob: %w", num, err)
		}
		m.Blob = new(BlobMeta)
		if err := json.Unmarshal(raw, m.Blob); err != nil {
			return nil, fmt.Errorf("batch %d blob: %w", num, err)
		}
	}
	return &m, nil
}

// blobMeta checks that a blob-mode batch's metadata has its opening (built with the witness).
func (n *Node) blobMeta(m *BatchMeta) error {
	if n.cfg.Blob && m.Blob == nil {
		return fmt.Errorf("batch %d: blob mode without the blob's opening (the witness was not built)", m.Number)
	}
	return nil
}
