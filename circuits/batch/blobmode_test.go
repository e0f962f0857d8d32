package batch

import (
	"errors"
	"math/big"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	blsfr "github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/constraint/solver"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
	"github.com/consensys/gnark/test/unsafekzg"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/circuits/gadget/blob"
	"github.com/zkperp/zkperp/contracts/blobtx"
	"github.com/zkperp/zkperp/state"
)

// blobCfg is the blob-mode circuit of the one-rule tests: 4 slots, 3 l1op
// public inputs, test depths.
var blobCfg = Config{Slots: 4, AccountDepth: testCfg.AccountDepth, PositionDepth: testCfg.PositionDepth,
	OrderDepth: testCfg.OrderDepth, SigSlots: 4, Blob: true, L1Slots: 3}

// withK returns cfg with k l1op public inputs.
func withK(cfg Config, k int) Config {
	cfg.L1Slots = k
	return cfg
}

// blobSolve solves w in a blob-mode circuit of cfg with rules (nil: all on).
func blobSolve(cfg Config, w *Circuit, rules *gadget.Rules) error {
	c, err := New(cfg)
	if err != nil {
		return err
	}
	c.rules = rules
	return test.IsSolved(c, w, ecc.BN254.ScalarField())
}

// blobBatch pads the traces, assigns them in cfg and checks the honest
// witness solves; it returns the witness and the slots' words.
func blobBatch(t *testing.T, e *env, cfg Config, traces []*state.Trace) (*Circuit, []fr.Element) {
	t.Helper()
	traces, err := Pad(e.s, cfg, traces)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Assign(cfg, 7, testDomain, traces)
	if err != nil {
		t.Fatal(err)
	}
	if err := blobSolve(cfg, w, nil); err != nil {
		t.Fatalf("honest blob batch rejected: %v", err)
	}
	words := make([]fr.Element, len(traces))
	for i, tr := range traces {
		words[i] = tr.Pubdata
	}
	return w, words
}

// checkBlobPublic checks the native public inputs of w against the words:
// the L1 ops are the words IsL1Op selects (in order, zero-padded), the blob
// holds the words then zeros, its versioned hash and opening are the ones the
// precompile accepts (go-ethereum kzg4844 computes y at z and verifies).
func checkBlobPublic(t *testing.T, cfg Config, w *Circuit, words []fr.Element, wantOps []uint64) {
	t.Helper()
	p := w.BlobPublic()
	if p == nil {
		t.Fatal("no BlobPublic")
	}
	var got []uint64
	for _, v := range p.L1Ops {
		got = append(got, v.Uint64()&typeMask)
		if v.Sign() == 0 {
			got[len(got)-1] = 0
		}
	}
	if len(got) != cfg.L1Ops() {
		t.Fatalf("%d l1ops, want %d", len(got), cfg.L1Ops())
	}
	for j := range got {
		want := uint64(0)
		if j < len(wantOps) {
			want = wantOps[j]
		}
		if got[j] != want {
			t.Fatalf("l1op types %v, want %v then zeros", got, wantOps)
		}
	}
	n := 0
	for i := range words {
		if IsL1Op(&words[i]) {
			if p.L1Ops[n].Cmp(words[i].BigInt(new(big.Int))) != 0 {
				t.Fatalf("l1op %d is not slot %d's word", n, i)
			}
			n++
		}
	}
	for i := 0; i < blob.N; i++ {
		var want [32]byte
		if i < len(words) {
			want = words[i].Bytes()
		}
		if [32]byte(p.Blob[32*i:32*i+32]) != want {
			t.Fatalf("blob element %d is not word %d", i, i)
		}
	}
	c, err := kzg4844.BlobToCommitment(p.Blob)
	if err != nil || c != p.Commitment {
		t.Fatalf("commitment: %v", err)
	}
	vh, _, _ := blob.VersionedHash(p.Blob)
	if vh != p.VersionedHash || vh[0] != 1 {
		t.Fatal("versioned hash")
	}
	proof, claim, err := kzg4844.ComputeProof(p.Blob, p.Z)
	if err != nil {
		t.Fatal(err)
	}
	if claim != p.Y {
		t.Fatal("y is not the blob's value at z")
	}
	if err := kzg4844.VerifyProof(p.Commitment, p.Z, p.Y, proof); err != nil {
		t.Fatal(err)
	}
	in := p.Inputs()
	if len(in) != nbOpening+cfg.L1Ops() {
		t.Fatalf("%d public inputs after domain", len(in))
	}
	for i, v := range append(append([]frontend.Variable{}, w.Opening...), w.L1Ops...) {
		if bigOf(v).Cmp(in[i]) != 0 {
			t.Fatalf("public input %d: witness %v, Inputs %v", i, v, in[i])
		}
	}
}

// The scenario batch (every tx type: deposits, margin, a fill, funding, a
// mark, a liquidation, a withdrawal, a forced close, a forced exit, NoOp
// padding) is accepted in blob mode with exactly as many l1op inputs as its
// L1 ops, and with two more (zero padding).
func TestBlobScenario(t *testing.T) {
	for _, k := range []int{6, 8} {
		cfg := testCfg
		cfg.Blob, cfg.L1Slots = true, k
		e := newEnv(t, cfg)
		tr := e.scenario()
		if n := L1OpsNeeded(tr); n != 6 {
			t.Fatalf("L1OpsNeeded %d, want 6", n)
		}
		w, words := blobBatch(t, e, cfg, tr)
		// deposit, deposit, mark, withdraw, forced close, forced exit; not the
		// margins, the fill, the tick, the liquidation, the padding
		checkBlobPublic(t, cfg, w, words, []uint64{tDeposit, tDeposit, tMark, tWithdraw, tLiquidate, tDeposit})
	}
}

// blobMixEnv funds accounts 1..3 (setupEnv) and fills account 4's free
// collateral to 2^64 − 10 (a further deposit of 11 is refunded).
func blobMixEnv(t *testing.T) *env {
	e := setupEnv(t)
	e.apply(e.deposit(4, state.MaxAmount-10))
	return e
}

// A mix of fills, a refunded and a plain deposit, a withdrawal and a mark:
// accepted, the refund listed as an L1 op.
func TestBlobMixed(t *testing.T) {
	e := blobMixEnv(t)
	tr := []*state.Trace{e.apply(e.deposit(4, 11)), e.apply(flFill(e)), e.apply(e.withdraw(3, 10, 1)),
		e.apply(state.MarkPrice{Market: 1, Price: 990, Round: 3})}
	if tr[0].Tx.(state.Deposit).Refunded != true {
		t.Fatal("the deposit was not refunded")
	}
	w, words := blobBatch(t, e, blobCfg, tr)
	checkBlobPublic(t, blobCfg, w, words, []uint64{tDeposit, tWithdraw, tMark})
}

// A batch of only NoOps: every word and l1op is 0, the blob is all zeros.
func TestBlobEmpty(t *testing.T) {
	e := newEnv(t, blobCfg)
	w, words := blobBatch(t, e, blobCfg, nil)
	checkBlobPublic(t, blobCfg, w, words, nil)
	if *w.BlobPublic().Blob != (kzg4844.Blob{}) {
		t.Fatal("blob of NoOps not zero")
	}
}

func TestIsL1Op(t *testing.T) {
	e := setupEnv(t)
	mk, tk := e.order(1, 1, 0, false, 1000, 1000), e.order(2, 5, 0, true, 1010, 100)
	for _, c := range []struct {
		tx   state.Tx
		want bool
	}{
		{state.NoOp{}, false},
		{state.Deposit{Account: 1, Amount: 5}, true},
		{state.Deposit{Account: 1, Amount: 5, ForcedExit: true}, true},
		{state.Deposit{Account: 1, Amount: 5, Refunded: true}, true},
		{state.Withdraw{Account: 1, Amount: 5}, true},
		{state.PositionMargin{Account: 1, Amount: 5}, false},
		{state.Fill{Maker: mk, Taker: tk, Price: 1000, Size: 100}, false},
		{state.Liquidate{Account: 1, Market: 1}, false},
		{state.Liquidate{Account: 1, Market: 1, Forced: true}, true},
		{state.FundingTick{Market: 1, Rate: -5}, false},
		{state.MarkPrice{Market: 1, Price: 9, Round: 1 << 40}, true},
	} {
		pd := state.Pubdata(c.tx)
		if IsL1Op(&pd) != c.want {
			t.Errorf("IsL1Op(%T %+v) = %v", c.tx, c.tx, !c.want)
		}
	}
}

// Assign refuses a batch with more L1 ops than l1op inputs; the config
// checks its blob fields.
func TestBlobConfig(t *testing.T) {
	e := blobMixEnv(t)
	tr := []*state.Trace{e.apply(e.deposit(4, 11)), e.apply(e.withdraw(3, 10, 1)), e.apply(state.MarkPrice{Market: 1, Price: 990, Round: 3})}
	traces, err := Pad(e.s, blobCfg, tr)
	if err != nil {
		t.Fatal(err)
	}
	if n := L1OpsNeeded(traces); n != 3 {
		t.Fatalf("L1OpsNeeded %d", n)
	}
	if _, err := Assign(withK(blobCfg, 2), 7, testDomain, traces); !errors.Is(err, ErrTooManyL1Ops) {
		t.Fatalf("3 L1 ops in 2 inputs: %v", err)
	}
	if w, err := Assign(blobCfg, 7, testDomain, traces); err != nil || w.BlobPublic() == nil {
		t.Fatal(err)
	}
	if w, err := Assign(Config{Slots: 4, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3}, 7, testDomain, traces); err != nil ||
		w.BlobPublic() != nil || len(w.Opening)+len(w.L1Ops) != 0 {
		t.Fatalf("calldata mode: %v", err)
	}
	base := Config{Slots: 4, AccountDepth: 4, PositionDepth: 2, OrderDepth: 3}
	for _, c := range []struct {
		blob   bool
		l1, ok int // l1: L1Slots; ok: L1Ops() or −1 for invalid
	}{{false, 0, 0}, {true, 0, 4}, {true, 1, 1}, {true, 4, 4}, {true, 5, -1}, {true, -1, -1}, {false, 2, -1}} {
		cfg := base
		cfg.Blob, cfg.L1Slots = c.blob, c.l1
		err := cfg.Validate()
		if (err == nil) != (c.ok >= 0) || (err == nil && cfg.L1Ops() != c.ok) {
			t.Errorf("blob %v L1Slots %d: L1Ops %d, %v", c.blob, c.l1, cfg.L1Ops(), err)
		}
	}
	huge := base
	huge.Slots, huge.Blob = blob.N+1, true
	if huge.Validate() == nil {
		t.Error("more slots than blob elements accepted")
	}
}

// The blob-mode public inputs are 7 + 5 + K whatever the number of slots.
func TestBlobPublicInputs(t *testing.T) {
	for _, slots := range []int{1, 3} {
		cfg := Config{Slots: slots, AccountDepth: 2, PositionDepth: 1, OrderDepth: 1, Blob: true, L1Slots: 1}
		if n := compile(t, cfg).GetNbPublicVariables(); n != 7+nbOpening+1 {
			t.Errorf("%d slots: %d public inputs, want %d", slots, n, 7+nbOpening+1)
		}
	}
}

// blobRuleCase is a one-rule negative test of the blob mode: an honest batch
// whose blob-mode public inputs are forged by one rule's breach.
type blobRuleCase struct {
	name string
	rule string
	// build returns the circuit config and the forged witness
	build func(t *testing.T) (Config, *Circuit)
}

// blobBase is the one-rule tests' batch (blobCfg): a deposit, a fill, a
// withdrawal and a NoOp: two L1 ops in three inputs.
func blobBase(t *testing.T) (*Circuit, []fr.Element) {
	e := setupEnv(t)
	tr := []*state.Trace{e.apply(e.deposit(4, 500)), e.apply(flFill(e)), e.apply(e.withdraw(3, 10, 1))}
	return blobBatch(t, e, blobCfg, tr)
}

// setOps sets w's l1op inputs.
func setOps(w *Circuit, ops ...fr.Element) {
	for j := range w.L1Ops {
		w.L1Ops[j] = 0
		if j < len(ops) {
			w.L1Ops[j] = ops[j]
		}
	}
}

// setOpening sets w's opening inputs to vh, z and y.
func setOpening(w *Circuit, vh [32]byte, z fr.Element, y blsfr.Element) {
	hi, lo := blob.Halves(vh)
	yHi, yLo := blob.Halves(y.Bytes())
	w.Opening[openVhHi], w.Opening[openVhLo], w.Opening[openZ], w.Opening[openYHi], w.Opening[openYLo] = hi, lo, z, yHi, yLo
}

// otherBlob returns the versioned hash of the blob holding words.
func otherBlob(t *testing.T, words []fr.Element) [32]byte {
	t.Helper()
	b, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	vh, _, err := blob.VersionedHash(b)
	if err != nil {
		t.Fatal(err)
	}
	return vh
}

// blobFromOther forges the opening of a blob holding other instead of the
// batch's words: L1 sets vh to that blob's hash and the precompile accepts
// its value y at z, which the prover draws from vh and the batch's words.
func blobFromOther(t *testing.T, w *Circuit, words, other []fr.Element) {
	t.Helper()
	vh := otherBlob(t, other)
	z := blob.Challenge(vh, words)
	y, err := blob.Evaluate(other, z)
	if err != nil {
		t.Fatal(err)
	}
	setOpening(w, vh, z, y)
}

var blobCases = []blobRuleCase{
	{name: "l1 op omitted", rule: "blob.l1ops", build: func(t *testing.T) (Config, *Circuit) {
		// the deposit left out: L1 would not advance its queue cursor
		w, words := blobBase(t)
		setOps(w, words[2])
		return blobCfg, w
	}},
	{name: "fake l1 op", rule: "blob.l1ops", build: func(t *testing.T) (Config, *Circuit) {
		// a withdrawal of account 3 that no slot made, after the real ones
		w, words := blobBase(t)
		fake := state.Pubdata(state.Withdraw{Account: 3, Amount: 1_000})
		setOps(w, words[0], words[2], fake)
		return blobCfg, w
	}},
	{name: "fill listed as l1 op", rule: "blob.l1ops", build: func(t *testing.T) (Config, *Circuit) {
		// a slot of the batch that L1 does not act on
		w, words := blobBase(t)
		setOps(w, words[0], words[1], words[2])
		return blobCfg, w
	}},
	{name: "l1 ops swapped", rule: "blob.l1ops", build: func(t *testing.T) (Config, *Circuit) {
		w, words := blobBase(t)
		setOps(w, words[2], words[0])
		return blobCfg, w
	}},
	{name: "nonzero padding after the count", rule: "blob.l1ops", build: func(t *testing.T) (Config, *Circuit) {
		w, words := blobBase(t)
		var one fr.Element
		one.SetOne()
		setOps(w, words[0], words[2], one)
		return blobCfg, w
	}},
	{name: "more l1 ops than inputs", rule: "blob.l1ops-fit", build: func(t *testing.T) (Config, *Circuit) {
		// a deposit, a withdrawal, a fill and a mark: 3 L1 ops, the circuit
		// has 2 inputs, and the prover lists the first two
		e := setupEnv(t)
		tr := []*state.Trace{e.apply(e.deposit(4, 500)), e.apply(e.withdraw(3, 10, 1)), e.apply(flFill(e)),
			e.apply(state.MarkPrice{Market: 1, Price: 990, Round: 3})}
		w, _ := blobBatch(t, e, blobCfg, tr)
		w.L1Ops = w.L1Ops[:2]
		return withK(blobCfg, 2), w
	}},
	{name: "blob word differs from the slot's pubdata", rule: "blob.y", build: func(t *testing.T) (Config, *Circuit) {
		// the blob publishes the fill at another price
		w, words := blobBase(t)
		other := append([]fr.Element(nil), words...)
		var d fr.Element
		d.SetBigInt(new(big.Int).Lsh(big.NewInt(1), 3+32+32+8+1))
		other[1].Add(&other[1], &d)
		blobFromOther(t, w, words, other)
		return blobCfg, w
	}},
	{name: "blob has a word after the slots", rule: "blob.y", build: func(t *testing.T) (Config, *Circuit) {
		// the NoOp padding slot and the tail must be zero in the blob
		w, words := blobBase(t)
		other := append(append([]fr.Element(nil), words...), state.Pubdata(state.Withdraw{Account: 3, Amount: 1}))
		blobFromOther(t, w, words, other)
		return blobCfg, w
	}},
	{name: "y low half + 1", rule: "blob.y", build: func(t *testing.T) (Config, *Circuit) {
		w, _ := blobBase(t)
		w.Opening[openYLo] = new(big.Int).Add(bigOf(w.Opening[openYLo]), big.NewInt(1))
		return blobCfg, w
	}},
	{name: "y high half + 1", rule: "blob.y", build: func(t *testing.T) (Config, *Circuit) {
		w, _ := blobBase(t)
		w.Opening[openYHi] = new(big.Int).Add(bigOf(w.Opening[openYHi]), big.NewInt(1))
		return blobCfg, w
	}},
	{name: "z + 1 with y at it", rule: "blob.challenge", build: func(t *testing.T) (Config, *Circuit) {
		// the opening holds at another point than H(vh, words)
		w, words := blobBase(t)
		p := w.BlobPublic()
		var z, one fr.Element
		z.SetBytes(p.Z[:])
		one.SetOne()
		z.Add(&z, &one)
		y, err := blob.Evaluate(words, z)
		if err != nil {
			t.Fatal(err)
		}
		setOpening(w, p.VersionedHash, z, y)
		return blobCfg, w
	}},
	{name: "versioned hash high half", rule: "blob.challenge", build: func(t *testing.T) (Config, *Circuit) {
		w, _ := blobBase(t)
		w.Opening[openVhHi] = new(big.Int).Add(bigOf(w.Opening[openVhHi]), big.NewInt(1))
		return blobCfg, w
	}},
	{name: "versioned hash low half", rule: "blob.challenge", build: func(t *testing.T) (Config, *Circuit) {
		w, _ := blobBase(t)
		w.Opening[openVhLo] = new(big.Int).Add(bigOf(w.Opening[openVhLo]), big.NewInt(1))
		return blobCfg, w
	}},
}

// TestBlobOneRule: each forgery of the blob-mode public inputs is rejected
// with every rule on and accepted with exactly its rule off (the final root
// and deposit-hash checks stay on: the batch itself is honest).
func TestBlobOneRule(t *testing.T) {
	for _, c := range blobCases {
		t.Run(c.name, func(t *testing.T) {
			cfg, w := c.build(t)
			if err := blobSolve(cfg, w, gadget.NewRules()); err == nil {
				t.Fatal("forgery accepted with every rule on")
			} else {
				t.Logf("rejected: %.200v", err)
			}
			if err := blobSolve(cfg, w, gadget.NewRules(c.rule)); err != nil {
				t.Fatalf("forgery rejected with %s off: it breaks another rule too: %.300v", c.rule, err)
			}
		})
	}
}

// TestBlobRuleCoverage: every rule the blob mode adds has a blob one-rule
// case, and every case names a rule of the blob-mode circuit.
func TestBlobRuleCoverage(t *testing.T) {
	w, _ := blobBase(t)
	rules := gadget.NewRules()
	if err := blobSolve(blobCfg, w, rules); err != nil {
		t.Fatal(err)
	}
	seen := rules.Seen()
	calldata := gadget.NewRules()
	c, _ := New(oneSlot)
	c.rules = calldata
	if err := test.IsSolved(c, withdrawWitness(t), ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, bc := range blobCases {
		covered[bc.rule] = true
		if _, ok := seen[bc.rule]; !ok {
			t.Errorf("case %q names rule %q that the blob-mode circuit does not have", bc.name, bc.rule)
		}
	}
	var missing []string
	for r := range seen {
		if _, ok := calldata.Seen()[r]; !ok && !covered[r] {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("blob-mode rules without a blob one-rule case: %v", missing)
	}
	if _, ok := seen["pubdata"]; ok {
		t.Error("blob mode asserts a pubdata input")
	}
}

// The compiled blob-mode system (2 slots, 1 l1op input) is solved by the
// honest witness, whose public vector is [oldRoot, newRoot, batchNumber,
// depositBefore, depositAfter, batchTime, domain, vhHi, vhLo, z, yHi, yLo,
// l1op_0], and refuses the batch without its L1 op.
func TestBlobCompiledSolve(t *testing.T) {
	cfg := Config{Slots: 2, AccountDepth: testCfg.AccountDepth, PositionDepth: testCfg.PositionDepth, OrderDepth: testCfg.OrderDepth,
		Blob: true, L1Slots: 1}
	e := setupEnv(t)
	w, _ := blobBatch(t, e, cfg, []*state.Trace{e.apply(e.withdraw(3, 10, 1))})
	ccs := compile(t, cfg)
	full, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	if err := ccs.IsSolved(full); err != nil {
		t.Fatal(err)
	}
	pub, err := full.Public()
	if err != nil {
		t.Fatal(err)
	}
	vec := pub.Vector().(fr.Vector)
	want := []frontend.Variable{w.OldRoot, w.NewRoot, w.BatchNumber, w.DepositBefore, w.DepositAfter, w.BatchTime, w.Domain}
	for _, v := range w.BlobPublic().Inputs() {
		want = append(want, v)
	}
	if len(vec) != len(want) {
		t.Fatalf("%d public inputs, want %d", len(vec), len(want))
	}
	for i := range want {
		if vec[i].BigInt(new(big.Int)).Cmp(bigOf(want[i])) != 0 {
			t.Fatalf("public input %d: %v, want %v", i, vec[i].String(), want[i])
		}
	}
	setOps(w)
	forged, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	if ccs.IsSolved(forged) == nil {
		t.Fatal("batch without its L1 op solved")
	}
}

// TestPlonkProveVerifyBlob runs one real PLONK proof (unsafe KZG setup) of a
// one-slot blob-mode batch (a withdrawal, K = 1) and checks that it fails
// against another versioned hash, z, y or l1op.
func TestPlonkProveVerifyBlob(t *testing.T) {
	if testing.Short() {
		t.Skip("real PLONK proof")
	}
	cfg := Config{Slots: 1, AccountDepth: testCfg.AccountDepth, PositionDepth: testCfg.PositionDepth, OrderDepth: testCfg.OrderDepth,
		Blob: true, L1Slots: 1}
	e := setupEnv(t)
	w, _ := blobBatch(t, e, cfg, []*state.Trace{e.apply(e.withdraw(3, 10, 1))})
	ccs := compile(t, cfg)
	srs, srsL, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed(testToxicSeed))
	if err != nil {
		t.Fatal(err)
	}
	pk, vk, err := plonk.Setup(ccs, srs, srsL)
	if err != nil {
		t.Fatal(err)
	}
	full, err := frontend.NewWitness(w, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	proof, err := plonk.Prove(ccs, pk, full)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d constraints, prove %v", ccs.GetNbConstraints(), time.Since(t0))
	pub, err := full.Public()
	if err != nil {
		t.Fatal(err)
	}
	if err := plonk.Verify(proof, vk, pub); err != nil {
		t.Fatal(err)
	}
	for _, v := range []*frontend.Variable{&w.Opening[openVhHi], &w.Opening[openVhLo], &w.Opening[openZ], &w.Opening[openYHi],
		&w.Opening[openYLo], &w.L1Ops[0]} {
		old := *v
		*v = new(big.Int).Add(bigOf(old), big.NewInt(1))
		other, err := frontend.NewWitness(w, ecc.BN254.ScalarField(), frontend.PublicOnly())
		if err != nil {
			t.Fatal(err)
		}
		if plonk.Verify(proof, vk, other) == nil {
			t.Fatal("proof verified against another blob-mode public input")
		}
		*v = old
	}
}

// TestHintSubstitutionBlob forges, one at a time, every output of every call
// of the blob gadget's hints in a blob-mode batch (each word's and z's limbs,
// the block sums, the vanishing inverse), +1 and −1: each forgery is rejected
// (circuits/gadget/blob's forged tests show which binding rejects each). Like
// TestHintSubstitution, the mutation tool skips it (its name matches the
// default -skip): 14 s, and the one-rule tests already kill every blob-mode
// mutant.
func TestHintSubstitutionBlob(t *testing.T) {
	w, _ := blobBase(t)
	type site struct{ hint, call, out int }
	// wrap answers every blob hint honestly, then calls edit with the hint's
	// index, its call number and its outputs
	wrap := func(edit func(hint, call int, out []*big.Int)) []test.TestEngineOption {
		var opts []test.TestEngineOption
		for hi, h := range blob.GetHints() {
			calls := 0
			opts = append(opts, test.WithReplacementHint(solver.GetHintID(h), func(mod *big.Int, in, out []*big.Int) error {
				if err := h(mod, in, out); err != nil {
					return err
				}
				edit(hi, calls, out)
				calls++
				for _, o := range out {
					o.Mod(o, mod)
				}
				return nil
			}))
		}
		return opts
	}
	solve := func(opts []test.TestEngineOption) error {
		c, _ := New(blobCfg)
		return test.IsSolved(c, w, ecc.BN254.ScalarField(), opts...)
	}
	var sites []site
	if err := solve(wrap(func(hint, call int, out []*big.Int) {
		for o := range out {
			sites = append(sites, site{hint, call, o})
		}
	})); err != nil {
		t.Fatal(err)
	}
	perHint := map[int]int{}
	for _, s := range sites {
		perHint[s.hint]++
		for _, d := range []int64{1, -1} {
			err := solve(wrap(func(hint, call int, out []*big.Int) {
				if hint == s.hint && call == s.call {
					out[s.out].Add(out[s.out], big.NewInt(d))
				}
			}))
			if err == nil {
				t.Errorf("hint %d call %d output %d %+d accepted", s.hint, s.call, s.out, d)
			}
		}
	}
	t.Logf("%d forged outputs per sign (limbs, block sums, vanishing inverse: %v)", len(sites), perHint)
	if len(perHint) != len(blob.GetHints()) {
		t.Fatalf("hints called: %v", perHint)
	}
}

// blobHint returns the blob gadget's hint named by suffix.
func blobHint(t *testing.T, suffix string) solver.Hint {
	t.Helper()
	for _, h := range blob.GetHints() {
		if strings.HasSuffix(solver.GetHintName(h), suffix) {
			return h
		}
	}
	t.Fatalf("no blob hint %s", suffix)
	return nil
}

// TestBlobForgedWordLimbs: the prover answers the limbs of the Fill's word d
// with those of d' = d + 2^80 (a price 2^5 higher; every limb in range) and
// the block sums for d', publishes the blob holding d' (so the precompile
// accepts y = P_blob(z), z drawn from that blob's hash and the slots' words):
// the evaluation then matches y, and only the limbs' recomposition (Σ
// limb_j·2^64j = d, circuits/gadget/blob) rejects it. Without the forged
// limbs the same public inputs fail blob.y.
func TestBlobForgedWordLimbs(t *testing.T) {
	w, words := blobBase(t)
	d := words[1].BigInt(new(big.Int))
	forged := new(big.Int).Add(d, new(big.Int).Lsh(big.NewInt(1), 80))
	other := append([]fr.Element(nil), words...)
	other[1].SetBigInt(forged)
	blobFromOther(t, w, words, other)
	if err := blobSolve(blobCfg, w, gadget.NewRules()); err == nil {
		t.Fatal("a blob with another word accepted")
	}
	if err := blobSolve(blobCfg, w, gadget.NewRules("blob.y")); err != nil {
		t.Fatalf("rejected with blob.y off: %v", err)
	}
	limbs, block := blobHint(t, ".limbsHint"), blobHint(t, ".blockHint")
	opts := []test.TestEngineOption{
		test.WithReplacementHint(solver.GetHintID(limbs), func(mod *big.Int, in, out []*big.Int) error {
			if len(in) == 1 && in[0].Cmp(d) == 0 {
				return limbs(mod, []*big.Int{forged}, out)
			}
			return limbs(mod, in, out)
		}),
		test.WithReplacementHint(solver.GetHintID(block), func(mod *big.Int, in, out []*big.Int) error {
			in2 := append([]*big.Int(nil), in...)
			in2[2+1] = forged // inputs: block size, z, the words
			return block(mod, in2, out)
		}),
	}
	c, _ := New(blobCfg)
	err := test.IsSolved(c, w, ecc.BN254.ScalarField(), opts...)
	if err == nil {
		t.Fatal("forged word limbs accepted")
	}
	if !strings.Contains(err.Error(), "limbs") {
		t.Fatalf("rejected elsewhere than by the limbs' binding: %.400v", err)
	}
	t.Logf("rejected: %.200v", err)
}
