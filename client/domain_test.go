package client_test

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

// The SDK learns the deployment from the node, derives keys for it, refuses a key of another deployment, and the
// node refuses what such a key signs.
func TestDomain(t *testing.T) {
	env := clienttest.Start(t, clienttest.Config{Users: 1})
	ctx := ctxT(t)
	c := env.Dial(t, false)
	d, err := c.Domain(ctx)
	if err != nil || d.ChainID != env.ChainID.Uint64() || d.Rollup != env.Dev.Rollup {
		t.Fatalf("domain %+v %v", d, err)
	}
	tr := env.Fund(t, c, 1, "100")
	x := env.L1(t, 1)
	if x.L2Key().Domain() != d {
		t.Fatalf("L1 helper key for %+v, node %+v", x.L2Key().Domain(), d)
	}
	other := state.Domain{ChainID: d.ChainID, Rollup: common.HexToAddress("0x00000000000000000000000000000000000000bb")}
	if _, err := client.NewTrader(ctx, c, client.TraderConfig{Key: x.L2Key().For(other), Account: tr.Index()}); !errors.Is(err, client.ErrWrongDomain) {
		t.Fatalf("trader with a key of another deployment: %v", err)
	}
	// A key bound to no deployment is bound to the node's.
	seedKey, _ := state.NewPrivateKey([32]byte{9})
	if _, err := client.NewTrader(ctx, c, client.TraderConfig{Key: seedKey, Account: tr.Index()}); !errors.Is(err, client.ErrKeyMismatch) {
		t.Fatalf("unbound key of another account key: %v", err)
	}
	// What a key of another deployment signs is refused by the node (bad_signature).
	w := state.Withdraw{Account: tr.Index(), Amount: 1, Nonce: 0}
	_ = x.L2Key().For(other).SignWithdraw(&w)
	_, err = c.Withdraw(ctx, node.WithdrawRequest{Account: w.Account, Amount: "0.000001", Nonce: w.Nonce, Sig: w.Sig[:]})
	if client.Code(err) != client.CodeBadSignature {
		t.Fatalf("withdrawal signed for another deployment: %v", err)
	}
	if _, err := tr.Withdraw(ctx, "1"); err != nil {
		t.Fatalf("withdrawal for this deployment: %v", err)
	}
}
