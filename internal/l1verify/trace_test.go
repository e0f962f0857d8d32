package l1verify

import (
	"context"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/rpc"
)

// tracingClient is the simulated chain's client plus a raw RPC client serving debug_traceTransaction in
// callTracer's format (the simulated backend does not register the tracer API).
type tracingClient struct {
	simClient
	rpc *rpc.Client
}

type simClient = simulated.Client

func (c tracingClient) Client() *rpc.Client { return c.rpc }

// fakeDebug reconstructs the call tree of a forwarder transaction: the top-level call to the forwarder, a reverted
// decoy submitBatch call (with its own, also decoy, child), then the real call to the rollup.
type fakeDebug struct {
	sim    simulated.Client
	rollup common.Address
	decoy  []byte
}

func (d *fakeDebug) TraceTransaction(ctx context.Context, hash common.Hash, cfg map[string]any) (*callFrame, error) {
	if cfg["tracer"] != "callTracer" {
		return nil, errors.New("only callTracer")
	}
	tx, _, err := d.sim.TransactionByHash(ctx, hash)
	if err != nil {
		return nil, err
	}
	in := tx.Data()
	r := d.rollup
	return &callFrame{Type: "CALL", To: tx.To(), Input: in, Calls: []callFrame{
		{Type: "CALL", To: &r, Input: d.decoy, Error: "execution reverted",
			Calls: []callFrame{{Type: "CALL", To: &r, Input: d.decoy}}},
		{Type: "STATICCALL", To: &r, Input: d.decoy},
		{Type: "CALL", To: &r, Input: hexutil.Bytes(in[20:])},
	}}, nil
}

// A batch submitted through a forwarder contract is decoded from the node's call trace when the client offers
// debug_traceTransaction (an *ethclient.Client does, if the node serves the debug namespace).
func TestIndirectSubmissionTraced(t *testing.T) {
	c := newChain(t, chainOpts{viaForwarder: true})
	c.l1Deposit("alice", 1_000)
	c.deposit("alice", 1_000)
	c.seal()
	c.withdraw("alice", 300)
	c.seal()

	srv := rpc.NewServer()
	defer srv.Stop()
	decoy := c.rollup.PackSubmitBatch(c.stateRoot(), 0, nil, nil, nil)
	if err := srv.RegisterName("debug", &fakeDebug{sim: c.sim.Client(), rollup: c.dev.Rollup, decoy: decoy}); err != nil {
		t.Fatal(err)
	}
	raw := rpc.DialInProc(srv)
	defer raw.Close()
	v, err := New(Config{Rollup: c.dev.Rollup, Genesis: c.gen}, tracingClient{c.sim.Client(), raw}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	sum, err := v.Run(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.LastBatch != 2 || v.Root() != c.seq.Root() {
		t.Fatalf("%+v", sum)
	}
}
