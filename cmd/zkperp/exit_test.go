package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/client/clienttest"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/internal/drill"
	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/state"
)

// exodusEnv is a simulated L1 with the devnet contracts (dummy verifier, forced delay of 5 blocks), a native state
// that plays the sequencer, and the CLI wired to the chain.
type exodusEnv struct {
	t       *testing.T
	ctx     context.Context
	sim     *simulated.Backend
	dev     *contracts.Devnet
	rollup  *bindings.Rollup
	seq     *contracts.Sender
	keys    map[string]*ecdsa.PrivateKey
	gen     state.Genesis
	genFile string
	d       cliDeps
	domain  state.Domain
	b       *drill.Batcher // the sequencer: native state, batches with dummy proofs
	fee     *big.Int
}

func newExodusEnv(t *testing.T) *exodusEnv { return newExodusEnvWith(t, clienttest.Genesis()) }

func newExodusEnvWith(t *testing.T, gen state.Genesis) *exodusEnv {
	return newExodusEnvFee(t, gen, nil)
}

// newExodusEnvFee is newExodusEnvWith with a forcedRequestFee (wei; nil: 0).
func newExodusEnvFee(t *testing.T, gen state.Genesis, fee *big.Int) *exodusEnv {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	e := &exodusEnv{t: t, ctx: ctx, rollup: bindings.NewRollup(), keys: map[string]*ecdsa.PrivateKey{},
		gen: gen, fee: fee}
	alloc := types.GenesisAlloc{}
	for i, u := range []string{"sequencer", "alice", "bob", "carol", "dave", "erin", "frank"} {
		k, err := crypto.ToECDSA(common.LeftPadBytes(big.NewInt(int64(9100+i)).Bytes(), 32))
		if err != nil {
			t.Fatal(err)
		}
		e.keys[u] = k
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	e.sim = contracts.NewSimulated(alloc)
	t.Cleanup(func() { _ = e.sim.Close() })
	e.seq = &contracts.Sender{Backend: e.sim.Client(),
		Opts: bind.NewKeyedTransactor(e.keys["sequencer"], contracts.OsakaChainConfig().ChainID), Mine: e.mine}
	e.deploy()
	e.d = cliDeps{
		dialL1: func(context.Context, string) (cliL1Backend, func(), error) { return e.sim.Client(), func() {}, nil },
		mine:   e.mine,
		getenv: func(string) (string, bool) { return "", false },
	}
	return e
}

func (e *exodusEnv) deploy() {
	root, err := e.gen.Root()
	if err != nil {
		e.t.Fatal(err)
	}
	g := e.gen.Config
	e.dev, err = contracts.DeployDevnet(e.ctx, e.seq, contracts.DevnetConfig{Sequencer: e.seq.Opts.From,
		GenesisRoot: root.BigInt(new(big.Int)), AccountDepth: uint8(g.AccountDepth),
		PositionDepth: uint8(g.PositionDepth), Slots: dummy.TestSlots, ForcedDelay: 5, DelayInBlocks: true, ForcedFee: e.fee})
	if err != nil {
		e.t.Fatal(err)
	}
	e.domain = state.Domain{ChainID: contracts.OsakaChainConfig().ChainID.Uint64(), Rollup: e.dev.Rollup}
	e.b = drill.New(e.t, e.ctx, e.sim.Client(), e.seq, e.dev, e.gen, e.domain.ChainID)
	b, err := json.Marshal(e.gen)
	if err != nil {
		e.t.Fatal(err)
	}
	e.genFile = filepath.Join(e.t.TempDir(), "genesis.json")
	if err := os.WriteFile(e.genFile, b, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *exodusEnv) ethKey(u string) string {
	return "0x" + hex.EncodeToString(crypto.FromECDSA(e.keys[u]))
}

func (e *exodusEnv) addr(u string) common.Address { return crypto.PubkeyToAddress(e.keys[u].PublicKey) }

func (e *exodusEnv) l2(u string) *state.PrivateKey {
	k, err := state.DeriveL2Key(e.keys[u], e.domain)
	if err != nil {
		e.t.Fatal(err)
	}
	return k
}

// run runs a CLI command against the chain.
func (e *exodusEnv) run(args ...string) (string, error) {
	var out bytes.Buffer
	for _, c := range e.d.commands() {
		if c.name == args[0] {
			err := c.run(e.ctx, args[1:], &out, slog.New(slog.DiscardHandler))
			return out.String(), err
		}
	}
	e.t.Fatalf("no command %s", args[0])
	return "", nil
}

// exit runs `zkperp exit` with u's key and the chain's rollup and genesis.
func (e *exodusEnv) exit(u string, extra ...string) (string, error) {
	return e.run(append([]string{"exit", "--eth-key", e.ethKey(u), "--l1", "sim://", "--rollup", e.dev.Rollup.Hex(),
		"--genesis", e.genFile}, extra...)...)
}

// deposit deposits (minting first) through the CLI and returns the account and the quantums.
func (e *exodusEnv) deposit(u, amount string) (uint32, uint64) {
	out, err := e.run("deposit", "--eth-key", e.ethKey(u), "--l1", "sim://", "--rollup", e.dev.Rollup.Hex(),
		"--amount", amount, "--mint", "--json")
	if err != nil {
		e.t.Fatalf("deposit %s: %v\n%s", u, err, out)
	}
	var r struct {
		Account  uint32
		Quantums uint64
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		e.t.Fatalf("deposit output %q: %v", out, err)
	}
	return r.Account, r.Quantums
}

func (e *exodusEnv) apply(tx state.Tx) { e.t.Helper(); e.b.Apply(tx) }

// seal commits the pending transactions as the next batch, proves it with the dummy circuit and submits it.
func (e *exodusEnv) seal(deposits uint64) { e.t.Helper(); e.b.Seal(deposits) }

func callRollup[T any](e *exodusEnv, data []byte, unpack func([]byte) (T, error)) T {
	e.t.Helper()
	return drill.Call(e.t, e.ctx, e.dev.RollupC, data, unpack)
}

func (e *exodusEnv) balance(u string) *big.Int {
	tok := bindings.NewTestToken()
	v, err := bind.Call(e.dev.TokenC, &bind.CallOpts{Context: e.ctx}, tok.PackBalanceOf(e.addr(u)), tok.UnpackBalanceOf)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// The exodus drill through the CLI: two accounts funded and proven in a batch (alice with collateral in a
// position), the sequencer stops with a deposit unserved, the delay passes, exodus is activated, and `zkperp exit`
// registers each account's claim; after the window `zkperp exit --payout` pays each owner everything, and
// `--refund` returns the unserved deposit; refusals are typed.
func TestExitCommand(t *testing.T) {
	e := newExodusEnv(t)
	alice, qa := e.deposit("alice", "2")
	bob, qb := e.deposit("bob", "3")
	e.apply(state.Deposit{Account: alice, PubKey: e.l2("alice").Public(), Amount: qa})
	e.apply(state.Deposit{Account: bob, PubKey: e.l2("bob").Public(), Amount: qb})
	m := state.PositionMargin{Account: alice, Market: 0, ToPosition: true, Amount: 500_000}
	if err := e.l2("alice").SignPositionMargin(&m); err != nil {
		t.Fatal(err)
	}
	e.apply(m)
	e.seal(2)

	// The sequencer stops: carol's deposit is never served.
	carol, qc := e.deposit("carol", "1")
	if _, err := e.exit("alice"); !errors.Is(err, ErrNotInExodus) {
		t.Fatalf("exit before exodus: %v", err)
	}
	for range 6 {
		e.sim.Commit()
	}
	if out, err := e.activate("bob"); err != nil {
		t.Fatalf("zkperp exodus activate: %v\n%s", err, out)
	}

	if _, err := e.exit("carol", "--account", jsonNum(uint64(alice))); !errors.Is(err, ErrNotOwner) {
		t.Fatalf("exit of alice's account with carol's key: %v", err)
	}
	for u, want := range map[string]uint64{"alice": qa, "bob": qb} {
		out, err := e.exit(u)
		if err != nil {
			t.Fatalf("exit %s: %v\n%s", u, err, out)
		}
		if !strings.Contains(out, fmt.Sprintf("registered a claim of %s (%d quantums)", fmtTokens(new(big.Int).SetUint64(want), 6), want)) {
			t.Fatalf("%s: want a claim of %d\n%s", u, want, out)
		}
		t.Logf("%s: %s", u, out)
	}
	if _, err := e.exit("alice"); !errors.Is(err, ErrAlreadyExited) {
		t.Fatalf("second exit: %v", err)
	}
	e.secondExitReverts(alice)
	out, err := e.exit("carol", "--json")
	var res exitResult
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.Account != carol || res.Claim != "0" {
		t.Fatalf("carol (deposit never served: refundDeposit returns it) exit: %v\n%s", err, out)
	}
	if out, err := e.exit("alice", "--payout"); !errors.Is(err, ErrClaimWindowOpen) ||
		!strings.Contains(err.Error(), "(unix ") {
		t.Fatalf("payout in the window: %v\n%s", err, out)
	}

	// The window passes: each owner gets everything (the claims are the whole pool: no insurance, no fees).
	e.passWindow()
	if _, err := e.exit("alice"); !errors.Is(err, ErrClaimWindowClosed) {
		t.Fatalf("registration after the window: %v", err)
	}
	for u, want := range map[string]uint64{"alice": qa, "bob": qb} {
		before := e.balance(u)
		out, err := e.exit(u, "--payout")
		if err != nil {
			t.Fatalf("payout %s: %v\n%s", u, err, out)
		}
		paid := new(big.Int).Sub(e.balance(u), before)
		if paid.Uint64() != want || !strings.Contains(out, "paid "+fmtTokens(paid, 6)+" ("+paid.String()+" quantums) to "+e.addr(u).Hex()) {
			t.Fatalf("%s: paid %s, want %d\n%s", u, paid, want, out)
		}
		t.Logf("%s: %s", u, out)
	}
	if _, err := e.exit("alice", "--payout"); !errors.Is(err, ErrNothingToPay) {
		t.Fatalf("second payout: %v", err)
	}
	if _, err := e.exit("carol", "--payout"); !errors.Is(err, ErrNothingToPay) {
		t.Fatalf("payout of a 0 claim: %v", err)
	}
	before := e.balance("carol")
	if out, err := e.exit("carol", "--refund"); err != nil {
		t.Fatalf("refund: %v\n%s", err, out)
	}
	if got := new(big.Int).Sub(e.balance("carol"), before); got.Uint64() != qc {
		t.Fatalf("carol refunded %s, want %d", got, qc)
	}
	if _, err := e.exit("carol", "--refund"); !errors.Is(err, ErrNothingToRefund) {
		t.Fatalf("second refund: %v", err)
	}
}

// passWindow moves the chain's clock past the exodus claim window. The simulated chain adjusts time only when its
// pool has nothing pending, and the pool drops a mined transaction on its own goroutine after the block: the
// adjustment is retried after another block.
func (e *exodusEnv) passWindow() {
	for i := 0; ; i++ {
		err := e.sim.AdjustTime(contracts.DefaultClaimWindow * time.Second)
		if err == nil {
			break
		}
		if i == 20 {
			e.t.Fatal(err)
		}
		e.sim.Commit()
		time.Sleep(10 * time.Millisecond)
	}
	e.sim.Commit()
}

// A second Rollup.exit with a valid proof reverts AlreadyExited, which the command reports as ErrAlreadyExited.
func (e *exodusEnv) secondExitReverts(acct uint32) {
	v, err := l1verify.New(l1verify.Config{Rollup: e.dev.Rollup, Genesis: e.gen}, e.sim.Client(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Run(e.ctx); err != nil {
		e.t.Fatal(err)
	}
	p, err := v.ExitProof(acct)
	if err != nil {
		e.t.Fatal(err)
	}
	_, err = e.seq.Transact(e.ctx, e.dev.RollupC, e.rollup.PackExit(p))
	if rev, ok := contracts.RollupError(err); !ok {
		e.t.Fatalf("second exit: %v", err)
	} else if _, ok := rev.(*bindings.RollupAlreadyExited); !ok {
		e.t.Fatalf("second exit reverted %T", rev)
	}
	if err := exitRevert(acct, err); !errors.Is(err, ErrAlreadyExited) {
		e.t.Fatalf("mapped: %v", err)
	}
}

func TestExitFlags(t *testing.T) {
	d := cliDeps{getenv: func(string) (string, bool) { return "", false }}
	for _, args := range [][]string{
		{"--l1", "x", "--rollup", "0x0000000000000000000000000000000000000001"},
		{"--l1", "x", "--genesis", "g.json", "--rollup", "nope"},
		{"--l1", "x", "--genesis", "g.json", "--rollup", "0x0000000000000000000000000000000000000001",
			"--account", "4294967296"},
		{"--l1", "x", "--genesis", "g.json", "--rollup", "0x0000000000000000000000000000000000000001", "extra"},
	} {
		if _, err := d.parseExit(args, &bytes.Buffer{}); err == nil {
			t.Fatalf("%q accepted", args)
		}
	}
}

func (e *exodusEnv) mine() { e.sim.Commit() }
