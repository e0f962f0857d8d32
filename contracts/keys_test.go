package contracts

import (
	"math/big"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// TestDepositKeyOnCurve: L1 registers only L2 keys on the curve (the batch
// circuit's signature check relies on it); a key off the curve, the
// "unregistered" key (0, 0) and non-canonical coordinates revert.
func TestDepositKeyOnCurve(t *testing.T) {
	e := newEnv(t, testConfig())
	e.fund("alice", 1<<40)
	r, c := e.rollup, e.dev.RollupC
	good := e.pks["alice"]
	if !call(e, c, r.PackOnCurve(good[0], good[1]), r.UnpackOnCurve) {
		t.Fatal("a key from state.NewPrivateKey is off the curve on L1")
	}
	off := [2]*big.Int{big.NewInt(7000), big.NewInt(9000)}
	for name, k := range map[string][2]*big.Int{
		"off the curve":   off,
		"(0, 0)":          {big.NewInt(0), big.NewInt(0)},
		"non-canonical x": {new(big.Int).Add(good[0], fr.Modulus()), good[1]},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.send("alice", c, r.PackDeposit(k[0], k[1], 1_000))
			e.expectRevert(err, "InvalidKey")
		})
	}
	e.must(e.deposit("alice", 1_000))
}
