package l1verify

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/state"
)

func wrongGenesis() state.Genesis {
	g := testGenesis()
	g.Markets[1].Mark = 2010
	return g
}

func TestWrongGenesisWithBatches(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	_, err := c.verifier(wrongGenesis(), "", nil).Run(c.ctx)
	var mm *MismatchError
	if !errors.As(err, &mm) || !errors.Is(err, ErrGenesisMismatch) || mm.Batch != 1 {
		t.Fatalf("want genesis mismatch at batch 1, got %v", err)
	}
	t.Log(err)
}

func TestWrongGenesisNoBatch(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.l1Deposit("alice", 10)
	_, err := c.verifier(wrongGenesis(), "", nil).Run(c.ctx)
	if !errors.Is(err, ErrGenesisMismatch) {
		t.Fatalf("want genesis mismatch, got %v", err)
	}
	// The right genesis passes with no batch at all.
	sum, err := c.verifier(c.gen, "", nil).Run(c.ctx)
	if err != nil || sum.LastBatch != 0 || sum.Deposits != 1 || sum.Accounts != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestWrongDepths(t *testing.T) {
	c := newChain(t, chainOpts{})
	g := testGenesis()
	g.Config.AccountDepth = 6
	_, err := c.verifier(g, "", nil).Run(c.ctx)
	if !errors.Is(err, ErrConfigMismatch) {
		t.Fatalf("want config mismatch, got %v", err)
	}
}

// A batch the (dummy) verifier accepted but whose pubdata the state rejects: a withdrawal of more than the
// account holds. The verifier reports it as a mismatch at that slot and keeps the last good state.
func TestRejectedPubdata(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.l1Deposit("alice", 1_000)
	c.deposit("alice", 1_000)
	c.seal()
	good := c.seq.Root()
	bad := state.Pubdata(state.Withdraw{Account: c.acct["alice"], Amount: 5_000})
	rec := c.submit(toBig(good), []*big.Int{new(big.Int), toBig(bad)})

	v := c.verifier(c.gen, "", nil)
	_, err := v.Run(c.ctx)
	var mm *MismatchError
	if !errors.As(err, &mm) || !errors.Is(err, ErrPubdataRejected) || !errors.Is(err, state.ErrInsufficientFunds) ||
		mm.Batch != 2 || mm.Slot != 1 || mm.TxHash != rec.TxHash {
		t.Fatalf("want rejected pubdata at batch 2 slot 1, got %v", err)
	}
	t.Log(err)
	if v.LastBatch() != 1 || v.Root() != good {
		t.Fatal("verifier state moved past the last good batch")
	}
	if _, err := v.Run(c.ctx); !errors.Is(err, ErrPubdataRejected) {
		t.Fatalf("second run after a mismatch: %v", err)
	}
}

// A batch whose pubdata applies but whose new root is not the result.
func TestWrongNewRoot(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.l1Deposit("alice", 1_000)
	c.deposit("alice", 1_000)
	pd := c.pending
	c.pending = nil
	wrong := c.seq.Root()
	c.seq.Discard()
	var one = new(big.Int).SetInt64(1)
	c.submit(new(big.Int).Add(toBig(wrong), one), pd)
	_, err := c.verifier(c.gen, "", nil).Run(c.ctx)
	var mm *MismatchError
	if !errors.As(err, &mm) || !errors.Is(err, ErrRootMismatch) || mm.Batch != 1 || mm.Got != wrong {
		t.Fatalf("want root mismatch at batch 1, got %v", err)
	}
}

// A deposit in pubdata with an amount that differs from the L1 queue.
func TestDepositMismatch(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.l1Deposit("alice", 1_000)
	c.deposit("alice", 999)
	c.seal()
	_, err := c.verifier(c.gen, "", nil).Run(c.ctx)
	if !errors.Is(err, ErrDepositMismatch) {
		t.Fatalf("want deposit mismatch, got %v", err)
	}
}

func TestIndirectSubmission(t *testing.T) {
	c := newChain(t, chainOpts{viaForwarder: true})
	c.l1Deposit("alice", 1_000)
	c.deposit("alice", 1_000)
	c.seal()
	if got, _ := toElem(c.stateRoot()); got != c.seq.Root() {
		t.Fatal("forwarded batch not applied")
	}
	_, err := c.verifier(c.gen, "", nil).Run(c.ctx)
	if !errors.Is(err, ErrIndirectSubmission) {
		t.Fatalf("want indirect submission, got %v", err)
	}
	t.Log(err)
}

func TestMissingHistory(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	var reports []BatchReport
	if _, err := c.verifier(c.gen, "", func(r BatchReport) { reports = append(reports, r) }).Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	v, err := New(Config{Rollup: c.dev.Rollup, Genesis: c.gen, FromBlock: reports[1].Block}, c.sim.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Run(c.ctx); !errors.Is(err, ErrMissingHistory) {
		t.Fatalf("want missing history, got %v", err)
	}
}

// flakyClient fails the first TransactionByHash of a given batch transaction.
type flakyClient struct {
	Client
	failOn common.Hash
	failed bool
}

func (f *flakyClient) TransactionByHash(ctx context.Context, h common.Hash) (*types.Transaction, bool, error) {
	if h == f.failOn && !f.failed {
		f.failed = true
		return nil, false, errors.New("connection reset")
	}
	return f.Client.TransactionByHash(ctx, h)
}

// An RPC error in the middle of a chunk is not a mismatch: Run can be called again and resumes.
func TestRetryAfterRPCError(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	var reports []BatchReport
	if _, err := c.verifier(c.gen, "", func(r BatchReport) { reports = append(reports, r) }).Run(c.ctx); err != nil {
		t.Fatal(err)
	}
	fc := &flakyClient{Client: c.sim.Client(), failOn: reports[1].TxHash}
	// one chunk covers batches 1..3, so batch 1 is re-scanned on the retry
	v, err := New(Config{Rollup: c.dev.Rollup, Genesis: c.gen, ChunkBlocks: 1000}, fc, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, err = v.Run(c.ctx)
	var mm *MismatchError
	if err == nil || errors.As(err, &mm) || v.LastBatch() != 1 {
		t.Fatalf("first run: %v (last batch %d)", err, v.LastBatch())
	}
	sum, err := v.Run(c.ctx)
	if err != nil || sum.LastBatch != 3 || v.Root() != c.seq.Root() {
		t.Fatalf("retry: %+v %v", sum, err)
	}
}
