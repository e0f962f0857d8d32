package node

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/sequencer/engine"
)

// Once exodus is activated on L1 the node sees it (the ExodusActivated event while running, Rollup.exodus() at
// start), stops sealing and submitting, and says so in perp_status and the zkperp_exodus metric.
func TestExodusStopsTheNode(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := f.start(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("deposits not applied")
		}
		time.Sleep(50 * time.Millisecond)
	}
	api := &API{n: n}
	if st, err := api.Status(ctx); err != nil || st.Exodus {
		t.Fatalf("status before exodus: %+v %v", st, err)
	}
	if got := testutil.ToFloat64(n.m.exodus); got != 0 {
		t.Fatalf("zkperp_exodus %v before exodus", got)
	}

	// No prover runs here, so no batch consumes the two deposits: past their deadline anyone activates exodus.
	f.sim.Rollback() // waits for the txpool to drop mined transactions (see contracts' env.adjustTime)
	if err := f.sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	s := &contracts.Sender{Backend: f.sim.Client(), Opts: bind.NewKeyedTransactor(f.users[1], big.NewInt(1337)), Mine: func() { f.sim.Commit() }}
	if _, err := s.Transact(ctx, f.chain.RollupC, bindings.NewRollup().PackActivateExodus()); err != nil {
		v, _ := contracts.RollupError(err)
		t.Fatalf("activateExodus: %v %+v", err, v)
	}
	deadline = time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		st, err := api.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Exodus {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("exodus not detected")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := testutil.ToFloat64(n.m.exodus); got != 1 {
		t.Fatalf("zkperp_exodus %v in exodus", got)
	}
	// The two deposits and nothing else are pending: a seal is refused, and nothing was sealed.
	if _, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); !errors.Is(err, ErrExodus) {
		t.Fatalf("seal in exodus: %v", err)
	}
	if s := snap(t, n); s.sealed != 0 {
		t.Fatalf("sealed batch %d in exodus", s.sealed)
	}
	// Nothing else is taken either (a trader's input, funding, a tick): it could never settle.
	for _, in := range []*engine.Input{{Kind: engine.KindTick}, {Kind: engine.KindFunding, Funding: &engine.Funding{Market: 0}}} {
		_, err := n.Submit(ctx, in)
		if !errors.Is(err, ErrExodus) {
			t.Fatalf("%v in exodus: %v", in.Kind, err)
		}
		var ae *APIError
		if !errors.As(toAPIError(err), &ae) || ae.Code != CodeUnavailable || ae.Reason != "exodus" {
			t.Fatalf("API error in exodus: %v", toAPIError(err))
		}
	}
	n.Stop()

	// A node started after exodus knows it from the view call, before any log is scanned.
	n2 := f.start(ctx)
	defer n2.Stop()
	if st, err := (&API{n: n2}).Status(ctx); err != nil || !st.Exodus {
		t.Fatalf("status of a node started in exodus: %+v %v", st, err)
	}
	if got := testutil.ToFloat64(n2.m.exodus); got != 1 {
		t.Fatalf("zkperp_exodus %v after restart", got)
	}
}
