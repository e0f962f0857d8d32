package contracts

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// TestAgreesWithStatePackage checks the contract-side encodings (and this package's test model) against the
// native state package: genesis root, deposit-queue step, Deposit pubdata, and the root after a deposit.
func TestAgreesWithStatePackage(t *testing.T) {
	cfg := testConfig()
	st, err := state.Open(state.Config{AccountDepth: cfg.accountDepth, PositionDepth: cfg.positionDepth,
		OrderDepth: cfg.orderDepth}, kv.NewMemory(), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(cfg.accountDepth, cfg.positionDepth, cfg.orderDepth)
	if got := st.Root(); big_(got).Cmp(m.root()) != 0 {
		t.Fatalf("genesis root: state %s, model %s", got.String(), m.root())
	}

	e := newEnv(t, cfg)
	e.fund("alice", 1000)
	e.must(e.deposit("alice", 1000))
	pk := e.pks["alice"]
	d := state.Deposit{Account: 1, Amount: 1000}
	d.PubKey.X, d.PubKey.Y = elBig(pk[0]), elBig(pk[1])
	var zero fr.Element
	want := st.DepositHashStep(zero, d)
	if got := call(e, e.dev.RollupC, e.rollup.PackDepositHead(), e.rollup.UnpackDepositHead); got.Cmp(big_(want)) != 0 {
		t.Fatalf("deposit hash: contract %s, state %s", got, want.String())
	}
	if got := state.Pubdata(d); big_(got).Cmp(pdDeposit(1, 1000)) != 0 {
		t.Fatalf("deposit pubdata: state %s, model %s", got.String(), pdDeposit(1, 1000))
	}
	if _, err := st.Apply(d); err != nil {
		t.Fatal(err)
	}
	m.accounts[1] = &account{pkX: pk[0], pkY: pk[1], free: 1000, positions: map[uint8]position{}}
	if got := st.Root(); big_(got).Cmp(m.root()) != 0 {
		t.Fatalf("root after deposit: state %s, model %s", got.String(), m.root())
	}
}
