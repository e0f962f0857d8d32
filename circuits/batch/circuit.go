// Package batch is the zkperp batch circuit: it proves old root → new root by
// applying every tx slot (one of the 8 tx types of docs/protocol.md §5,
// selected in-circuit), with the public inputs of §7. The witness is built from
// the state package's per-tx traces (see Assign).
package batch

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/consensys/gnark/frontend"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/circuits/gadget/blob"
)

// Config sizes a batch circuit. Every field changes the constraint system.
type Config struct {
	Slots         int // tx slots per batch
	AccountDepth  int // accounts tree
	PositionDepth int // positions subtree and markets tree
	OrderDepth    int // order fill slots subtree
	// SigSlots is the number of EdDSA verifications per batch: the batch can
	// hold at most SigSlots distinct signed (key, message) pairs (a Withdraw or
	// PositionMargin is one, a Fill up to two, a resting maker order filled in
	// several slots counts once). 0 means Slots. 2·Slots fits every batch.
	SigSlots int
	// Blob selects the blob DA mode (docs/circuits.md "Blob DA mode"): the
	// slots' pubdata words are private and the circuit proves that the
	// EIP-4844 blob whose versioned hash is a public input holds them; the
	// public inputs are the opening (vhHi, vhLo, z, yHi, yLo) and the words
	// of the L1Slots slots L1 acts on. Off (false), the circuit is the
	// calldata-mode circuit, constraint for constraint.
	Blob bool
	// L1Slots (blob mode only) is the number of l1op public inputs: the batch
	// can hold at most L1Slots Deposit, Withdraw, MarkPrice and forced
	// Liquidate slots (L1OpsNeeded). 0 means Slots (every batch fits).
	L1Slots int
}

// L1Ops returns the number of l1op public inputs: L1Slots (Slots when 0) in
// blob mode, 0 in calldata mode.
func (c Config) L1Ops() int {
	switch {
	case !c.Blob:
		return 0
	case c.L1Slots == 0:
		return c.Slots
	}
	return c.L1Slots
}

// Signatures returns the number of signature entries (SigSlots, or Slots when 0).
func (c Config) Signatures() int {
	if c.SigSlots == 0 {
		return c.Slots
	}
	return c.SigSlots
}

// DefaultDepths returns the protocol's default tree depths with the given number of slots.
func DefaultDepths(slots int) Config {
	return Config{Slots: slots, AccountDepth: 24, PositionDepth: 4, OrderDepth: 10}
}

// Validate checks the sizes.
func (c Config) Validate() error {
	switch {
	case c.Slots < 1:
		return errors.New("batch: need at least one slot")
	case c.AccountDepth < 1 || c.AccountDepth > 32:
		return fmt.Errorf("batch: account depth %d not in [1, 32]", c.AccountDepth)
	case c.PositionDepth < 1 || c.PositionDepth > 8:
		return fmt.Errorf("batch: position depth %d not in [1, 8]", c.PositionDepth)
	case c.OrderDepth < 1 || c.OrderDepth > 31:
		return fmt.Errorf("batch: order depth %d not in [1, 31]", c.OrderDepth)
	case c.SigSlots < 0:
		return fmt.Errorf("batch: %d signature slots", c.SigSlots)
	case c.L1Slots < 0 || c.L1Slots > c.Slots:
		return fmt.Errorf("batch: %d L1 slots not in [0, %d slots]", c.L1Slots, c.Slots)
	case c.L1Slots != 0 && !c.Blob:
		return errors.New("batch: L1Slots needs the blob mode")
	case c.Blob && c.Slots > blob.N:
		return fmt.Errorf("batch: %d slots exceed a blob's %d words", c.Slots, blob.N)
	}
	return nil
}

// Circuit is the batch circuit. Public inputs, in order: oldRoot, newRoot,
// batchNumber, depositHashBefore, depositHashAfter, batchTime, domain, then
// in calldata mode pubdata_0..pubdata_{N−1}, in blob mode vhHi, vhLo, z, yHi,
// yLo, l1op_0..l1op_{K−1} (docs/protocol.md §7).
type Circuit struct {
	OldRoot       frontend.Variable `gnark:",public"`
	NewRoot       frontend.Variable `gnark:",public"`
	BatchNumber   frontend.Variable `gnark:",public"`
	DepositBefore frontend.Variable `gnark:",public"`
	DepositAfter  frontend.Variable `gnark:",public"`
	// BatchTime is the batch's "now" (unix seconds, < 2^32; L1 checks it
	// against its clock): order expiry, the funding clock, mark times.
	BatchTime frontend.Variable `gnark:",public"`
	// Domain is H(chainId, rollup address): every signature entry verifies a
	// signature of H(Domain, Msg).
	Domain frontend.Variable `gnark:",public"`
	// Pubdata (calldata mode) are the slots' pubdata words; empty in blob mode.
	Pubdata []frontend.Variable `gnark:",public"`
	// Opening (blob mode; empty in calldata mode) is [vhHi, vhLo, z, yHi, yLo]:
	// the versioned hash of the batch's blob (L1: BLOBHASH(0)) and the point
	// evaluation P_blob(z) = y (L1: precompile 0x0a), each 32-byte value as
	// big-endian 128-bit halves, z < p_BN254 whole.
	Opening []frontend.Variable `gnark:",public"`
	// L1Ops (blob mode; empty in calldata mode) are the words of the slots L1
	// acts on (IsL1Op), in slot order, then zeros: Config.L1Ops() entries.
	L1Ops []frontend.Variable `gnark:",public"`

	// AccountsRoot and MarketsRoot are the children of OldRoot.
	AccountsRoot, MarketsRoot frontend.Variable
	// Sigs is the signature section: every entry is verified once, and the
	// signed slots point into it (Slot.SigIndex).
	Sigs  []SigEntry
	Slots []Slot

	cfg Config
	// skipFinal drops the final root and deposit-hash equalities: tests use it
	// to show that a rule alone rejects a mutated last slot.
	skipFinal bool
	// skipRoot drops only the final root equality: tests use it to show that
	// the deposit-queue hash alone rejects a mutated slot.
	skipRoot bool
	// rules, when set, names the rule assertions and switches some off
	// (tests: a forged witness fails by exactly one rule).
	rules *gadget.Rules
	// blobPub is the native blob and opening Assign computed (blob mode).
	blobPub *BlobPublic
	// probe, when set, receives the computed new root and deposit hash when
	// solved by the test engine (tests: a forged hint output must not change
	// them unnoticed).
	probe *probe
}

// probe holds values computed by a test-engine solve: the end state, and
// the first account update's new leaves (tests rebase the second update of a
// forged slot on them).
type probe struct {
	newRoot, depositAfter *big.Int
	update0               map[string]*big.Int
}

// record keeps the value of v under name (test engine only).
func (p *probe) record(api frontend.API, name string, v frontend.Variable) {
	if p.update0 == nil {
		p.update0 = map[string]*big.Int{}
	}
	p.update0[name], _ = api.Compiler().ConstantValue(v)
}

// Slot is the witness of one tx slot. Its shape is the same for every tx
// type: two account updates (each: order slot, position, account leaf) applied
// in order, then one market update, as state.Trace.
type Slot struct {
	Type       frontend.Variable // 3-bit tx type
	Tx         TxFields
	DepositKey gadget.PublicKey // Deposit: the key in the L1 queue entry
	Orders     [2]OrderTerms    // Fill: maker, taker
	// SigIndex points into the signature section: [0] Withdraw,
	// PositionMargin or maker; [1] taker. Unused by unsigned slots.
	SigIndex [2]frontend.Variable
	Accounts [2]AccountWitness
	Market   MarketWitness
}

// SigEntry is one entry of the signature section: Sig is PK's signature of
// Msg when Enabled = 1; a disabled entry verifies a fixed dummy signature
// instead (its witness is irrelevant) and matches no signed tx.
type SigEntry struct {
	Enabled frontend.Variable
	PK      gadget.PublicKey
	Msg     frontend.Variable
	Sig     gadget.Signature
}

// TxFields is the union of the published tx fields (docs/protocol.md §5).
type TxFields struct {
	AccA   frontend.Variable // Deposit, Withdraw, PositionMargin, Liquidate: account; Fill: maker
	AccB   frontend.Variable // Fill: taker
	Market frontend.Variable
	Flag   frontend.Variable // Deposit: forced exit; PositionMargin: toPosition; Fill: takerBuys; Liquidate: forced close; FundingTick: rate < 0
	Amount frontend.Variable // Deposit, Withdraw, PositionMargin: amount (forced exit: free withdrawn); FundingTick: |rate|
	Price  frontend.Variable // Fill: fill price; MarkPrice: price
	Size   frontend.Variable // Fill: size
	OrderA frontend.Variable // Fill: maker order id
	OrderB frontend.Variable // Fill: taker order id
	Refund frontend.Variable // Deposit: refunded (free collateral cannot hold it); 0 for every other type
}

// OrderTerms are the signed order fields not published in pubdata.
type OrderTerms struct {
	Price, Size, MaxMakerFee, MaxTakerFee, Expiry frontend.Variable
}

// AccountWitness is one account update: the leaves before and their paths.
type AccountWitness struct {
	Index    frontend.Variable
	Leaf     gadget.AccountLeaf
	Path     gadget.MerklePath
	PosIndex frontend.Variable
	Pos      gadget.PositionLeaf
	PosPath  gadget.MerklePath
	OrdIndex frontend.Variable
	Ord      gadget.OrderLeaf
	OrdPath  gadget.MerklePath
}

// MarketWitness is the market update: the leaf before and its path.
type MarketWitness struct {
	Index frontend.Variable
	Leaf  gadget.MarketLeaf
	Path  gadget.MerklePath
}

// New returns a circuit sized by cfg, for compiling or assigning.
func New(cfg Config) (*Circuit, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c := &Circuit{cfg: cfg, Slots: make([]Slot, cfg.Slots), Sigs: make([]SigEntry, cfg.Signatures())}
	if cfg.Blob {
		c.Opening, c.L1Ops = make([]frontend.Variable, nbOpening), make([]frontend.Variable, cfg.L1Ops())
	} else {
		c.Pubdata = make([]frontend.Variable, cfg.Slots)
	}
	for i := range c.Slots {
		s := &c.Slots[i]
		for k := range s.Accounts {
			s.Accounts[k].Path = gadget.NewMerklePath(cfg.AccountDepth)
			s.Accounts[k].PosPath = gadget.NewMerklePath(cfg.PositionDepth)
			s.Accounts[k].OrdPath = gadget.NewMerklePath(cfg.OrderDepth)
		}
		s.Market.Path = gadget.NewMerklePath(cfg.PositionDepth)
	}
	return c, nil
}

// Config returns the sizes the circuit was built with.
func (c *Circuit) Config() Config { return c.cfg }

// Define implements frontend.Circuit.
func (c *Circuit) Define(api frontend.API) error {
	blobMode := c.cfg.Blob
	if len(c.Slots) == 0 || len(c.Sigs) == 0 || (!blobMode && len(c.Pubdata) != len(c.Slots)) ||
		(blobMode && (len(c.Pubdata) != 0 || len(c.Opening) != nbOpening || len(c.L1Ops) != c.cfg.L1Ops())) {
		return errors.New("batch: circuit not sized (use New)")
	}
	g, err := newGadgets(api, c.rules)
	if err != nil {
		return err
	}
	g.probe = c.probe
	g.time = c.BatchTime
	g.a.Rule("batch.number-range").Check(c.BatchNumber, 64)
	g.a.Rule("batch.time-range").Check(c.BatchTime, gadget.BitsTime)
	g.a.Rule("batch.old-root").AssertEq(g.h.Compress(c.AccountsRoot, c.MarketsRoot), c.OldRoot)
	if err := g.signatures(c.Sigs, c.Domain); err != nil {
		return err
	}
	st := rootState{acc: c.AccountsRoot, mkt: c.MarketsRoot, dep: c.DepositBefore}
	var words, isL1 []frontend.Variable // blob mode
	for i := range c.Slots {
		var pub frontend.Variable // nil in blob mode: slot returns the word
		if !blobMode {
			pub = c.Pubdata[i]
		}
		var out slotWord
		if st, out, err = g.slot(st, &c.Slots[i], pub); err != nil {
			return fmt.Errorf("batch: slot %d: %w", i, err)
		}
		words, isL1 = append(words, out.word), append(isL1, out.isL1)
	}
	if blobMode {
		if err := g.blobMode(c.Opening, c.L1Ops, words, isL1); err != nil {
			return err
		}
	}
	newRoot := g.h.Compress(st.acc, st.mkt)
	if c.probe != nil {
		c.probe.newRoot, _ = api.Compiler().ConstantValue(newRoot)
		c.probe.depositAfter, _ = api.Compiler().ConstantValue(st.dep)
	}
	if !c.skipFinal {
		if !c.skipRoot {
			g.a.Rule("batch.new-root").AssertEq(newRoot, c.NewRoot)
		}
		g.a.Rule("batch.deposit-after").AssertEq(st.dep, c.DepositAfter)
	}
	return nil
}
