package batch

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/lookup/logderivlookup"

	"github.com/zkperp/zkperp/circuits/gadget"
	"github.com/zkperp/zkperp/state/hash"
)

// Tx type codes (docs/protocol.md §5).
const (
	tNoOp = iota
	tDeposit
	tWithdraw
	tMargin
	tFill
	tLiquidate
	tFunding
	tMark
	nbTypes
)

// sideNames name the two sides of a Fill in rule names.
var sideNames = [2]string{"maker", "taker"}

// Message tags of the signed messages.
const (
	msgOrder    = 1
	msgWithdraw = 2
	msgMargin   = 3
)

const (
	bitsEquity = gadget.BitsSize + gadget.BitsAmount + 4 // |equity| bound (see gadget.Perp)
	bitsFee    = 2*gadget.BitsSize + gadget.BitsFeePpm   // q·price·ppm before the division
)

type gadgets struct {
	api frontend.API
	h   *gadget.Hasher
	a   *gadget.Arith
	p   *gadget.Perp
	sig *gadget.SigVerifier
	// the signature section as three columns of one table (same index):
	// verified key X, key Y and message
	sigX, sigY, sigM logderivlookup.Table
	time             frontend.Variable // the batch time (range-checked)
	probe            *probe            // tests only (nil when compiled)
}

// emptyKeyPrefix is KeyPrefix of the key (0, 0) of an account without a key.
var emptyKeyPrefix = func() fr.Element {
	var zero fr.Element
	return hash.New().Chain(gadget.TagAccount, zero, zero)
}()

func newGadgets(api frontend.API, rules *gadget.Rules) (*gadgets, error) {
	h, err := gadget.NewHasher(api)
	if err != nil {
		return nil, err
	}
	sig, err := gadget.NewSigVerifier(api)
	if err != nil {
		return nil, err
	}
	a := gadget.NewArith(api).WithRules(rules)
	return &gadgets{api: api, h: h, a: a, p: gadget.NewPerp(a), sig: sig}, nil
}

// signatures verifies every entry of the signature section once and fills
// the lookup table of verified (key, message) pairs. An enabled entry verifies
// a signature of H(domain, Msg) and contributes Msg: a signature made for
// another deployment matches no tx. A disabled entry verifies the fixed
// dummy signature and contributes the dummy key with message 0, which no
// signed tx message equals (tags are non-zero).
func (g *gadgets) signatures(entries []SigEntry, domain frontend.Variable) error {
	g.sigX, g.sigY, g.sigM = logderivlookup.New(g.api), logderivlookup.New(g.api), logderivlookup.New(g.api)
	for i := range entries {
		e := &entries[i]
		pk, err := g.sig.VerifyEntry(e.Enabled, e.PK, e.Sig, g.h.Compress(domain, e.Msg))
		if err != nil {
			return fmt.Errorf("batch: signature entry %d: %w", i, err)
		}
		g.sigX.Insert(pk.X)
		g.sigY.Insert(pk.Y)
		g.sigM.Insert(g.api.Mul(e.Enabled, e.Msg))
	}
	return nil
}

// signed asserts through a (conditional on the tx type) that (pk, msg) is
// the verified pair of the signature entry idx. The three columns are read
// at the same index, so the key and the message come from one entry.
func (g *gadgets) signed(a *gadget.Arith, rule string, idx frontend.Variable, pk gadget.PublicKey, msg frontend.Variable) {
	a.Rule(rule+".key-x").AssertEq(g.sigX.Lookup(idx)[0], pk.X)
	a.Rule(rule+".key-y").AssertEq(g.sigY.Lookup(idx)[0], pk.Y)
	a.Rule(rule+".message").AssertEq(g.sigM.Lookup(idx)[0], msg)
}

// rootState is what flows from slot to slot.
type rootState struct {
	acc, mkt, dep frontend.Variable
}

type field = gadget.Field

// mux returns old + Σ sel_i·(val_i − old) for mutually exclusive boolean sel_i.
func (g *gadgets) mux(old frontend.Variable, cases ...frontend.Variable) frontend.Variable {
	out := old
	for i := 0; i+1 < len(cases); i += 2 {
		out = g.api.Add(out, g.api.Mul(cases[i], g.api.Sub(cases[i+1], old)))
	}
	return out
}

func (g *gadgets) muxSigned(old gadget.Signed, sels []frontend.Variable, vals []gadget.Signed) gadget.Signed {
	mag, neg := make([]frontend.Variable, 0, 2*len(sels)), make([]frontend.Variable, 0, 2*len(sels))
	for i := range sels {
		mag = append(mag, sels[i], vals[i].Mag)
		neg = append(neg, sels[i], vals[i].Neg)
	}
	return gadget.Signed{Mag: g.mux(old.Mag, mag...), Neg: g.mux(old.Neg, neg...)}
}

func (g *gadgets) muxPosition(old gadget.PositionLeaf, sels []frontend.Variable, vals []gadget.PositionLeaf) gadget.PositionLeaf {
	var size, fund []gadget.Signed
	var coll, entry []frontend.Variable
	for i, v := range vals {
		size, fund = append(size, v.Size), append(fund, v.Fund)
		coll, entry = append(coll, sels[i], v.Collateral), append(entry, sels[i], v.Entry)
	}
	return gadget.PositionLeaf{
		Size: g.muxSigned(old.Size, sels, size), Fund: g.muxSigned(old.Fund, sels, fund),
		Collateral: g.mux(old.Collateral, coll...), Entry: g.mux(old.Entry, entry...),
	}
}

// side is one side of a Fill.
type side struct {
	acc     *AccountWitness
	account frontend.Variable
	id      frontend.Variable
	buy     frontend.Variable
	price   frontend.Variable
	terms   OrderTerms
	feePpm  frontend.Variable
	maxFee  frontend.Variable
	newOrd  gadget.OrderLeaf
	newPos  gadget.PositionLeaf
	fee     frontend.Variable
}

// slotWord is what a blob-mode slot hands to the blob section: its pubdata
// word and whether L1 acts on it (IsL1Op). Both nil in calldata mode.
type slotWord struct {
	word, isL1 frontend.Variable
}

// slot applies one slot to st. In calldata mode pub is the slot's public
// pubdata word, asserted equal to the packing of its fields; in blob mode pub
// is nil and the packing itself is the word (returned, with the L1-op
// indicator, for the blob section).
func (g *gadgets) slot(st rootState, s *Slot, pub frontend.Variable) (rootState, slotWord, error) {
	api, a, p := g.api, g.a, g.p
	tx := &s.Tx
	acc0, acc1 := &s.Accounts[0], &s.Accounts[1]
	mk := s.Market.Leaf

	// ---- type selectors: one-hot from the 3 type bits ----
	tb := api.ToBinary(s.Type, 3)
	b01 := api.Mul(tb[0], tb[1])
	low := [4]frontend.Variable{api.Sub(api.Add(1, b01), tb[0], tb[1]), api.Sub(tb[0], b01), api.Sub(tb[1], b01), b01}
	var sel [nbTypes]frontend.Variable
	for t := 0; t < 4; t++ {
		hi := api.Mul(low[t], tb[2])
		sel[t], sel[t+4] = api.Sub(low[t], hi), hi
	}
	isDep, isW, isM, isFill, isLiq, isFund, isMark := sel[tDeposit], sel[tWithdraw], sel[tMargin], sel[tFill], sel[tLiquidate], sel[tFunding], sel[tMark]

	// ---- published fields and pubdata ----
	// Range checks that make the packings injective. The other published
	// fields are bound to range-checked values wherever their type publishes
	// them: AccA, AccB and Market to leaf indices (index bits: below 2^depth,
	// depth ≤ 32 and ≤ 8), OrderA and OrderB to the new order leaf's id
	// (32 bits), a Fill price between the buyer's and the seller's limits (48
	// bits), a mark to the new market leaf's mark (48 bits). Flag is boolean
	// for every type: api.Select asserts its condition boolean, and the fill
	// section selects on Flag and 1 − Flag unconditionally.
	a.Rule("tx.range.amount").Check(tx.Amount, gadget.BitsAmount)
	a.Rule("tx.range.size").Check(tx.Size, gadget.BitsSize)
	var pubs [nbTypes]frontend.Variable
	pubs[tDeposit] = a.Combine(field{Value: tDeposit, Bits: 3}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Amount, Bits: 64},
		field{Value: tx.Flag, Bits: 1}, field{Value: tx.Refund, Bits: 1})
	pubs[tWithdraw] = a.Combine(field{Value: tWithdraw, Bits: 3}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Amount, Bits: 64})
	pubs[tMargin] = a.Combine(field{Value: tMargin, Bits: 3}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Market, Bits: 8},
		field{Value: tx.Flag, Bits: 1}, field{Value: tx.Amount, Bits: 64})
	pubs[tFill] = a.Combine(field{Value: tFill, Bits: 3}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.AccB, Bits: 32},
		field{Value: tx.Market, Bits: 8}, field{Value: tx.Flag, Bits: 1}, field{Value: tx.Price, Bits: 48},
		field{Value: tx.Size, Bits: 48}, field{Value: tx.OrderA, Bits: 32}, field{Value: tx.OrderB, Bits: 32})
	pubs[tLiquidate] = a.Combine(field{Value: tLiquidate, Bits: 3}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Market, Bits: 8},
		field{Value: tx.Flag, Bits: 1})
	pubs[tFunding] = a.Combine(field{Value: tFunding, Bits: 3}, field{Value: tx.Market, Bits: 8}, field{Value: tx.Flag, Bits: 1},
		field{Value: tx.Amount, Bits: 32})
	pubs[tMark] = a.Combine(field{Value: tMark, Bits: 3}, field{Value: tx.Market, Bits: 8}, field{Value: tx.Price, Bits: 48},
		field{Value: tx.Amount, Bits: 64})
	var sum frontend.Variable = 0
	for t := tDeposit; t < nbTypes; t++ {
		sum = api.Add(sum, api.Mul(sel[t], pubs[t]))
	}
	var out slotWord
	if pub != nil {
		a.Rule("pubdata").AssertEq(sum, pub)
	} else {
		// blob mode: the word is the packing (0 for a NoOp, as the blob's zero
		// tail); the widest packing, a Fill's, is 3+32+32+8+1+48+48+32+32 =
		// 236 bits (wordBits), every packed field being range-checked (above)
		out.word = sum
	}

	// ---- which leaves the tx addresses ----
	usesMarket := api.Add(isM, isFill, isLiq, isFund, isMark)
	a.If(usesMarket).Rule("market.index").AssertEq(s.Market.Index, tx.Market)
	// a forced close (a Liquidate with Flag = 1) of a flat position may name a market that was never initialized:
	// it still consumes its queue entry and moves nothing (no position can be open there)
	isClose := api.Mul(isLiq, tx.Flag)
	if pub == nil {
		// the slots L1 reads (Rollup.submitBatch): every Deposit-type slot,
		// Withdraw, MarkPrice, and a Liquidate with the forced bit (Flag,
		// boolean, published at bit 43); one-hot selectors, so 0 or 1
		out.isL1 = api.Add(isDep, isW, isMark, isClose)
	}
	flat0 := api.IsZero(acc0.Pos.Size.Mag)
	a.If(api.Sub(usesMarket, api.Mul(isClose, flat0))).Rule("market.initialized").AssertNonZero(mk.Params.Tick)
	a.If(api.Add(isDep, isW, isM, isFill, isLiq)).Rule("account0.index").AssertEq(acc0.Index, tx.AccA)
	a.If(isFill).Rule("fill.taker-index").AssertEq(acc1.Index, tx.AccB)
	a.If(isLiq).Rule("liquidate.backstop-index").AssertEq(acc1.Index, 0)
	a.If(api.Add(isM, isFill, isLiq)).Rule("position0.index").AssertEq(acc0.PosIndex, tx.Market)
	a.If(api.Add(isFill, isLiq)).Rule("position1.index").AssertEq(acc1.PosIndex, tx.Market)

	F, M, ins := mk.Fund, mk.Mark, a.Value(mk.Ins)
	nonce, free := acc0.Leaf.Nonce, acc0.Leaf.Free
	pk0 := acc0.Leaf.PK
	pk0Zero := api.Mul(api.IsZero(pk0.X), api.IsZero(pk0.Y))

	// ---- Deposit (priority-queue entry: Flag = 0 deposit, 1 forced exit) ----
	// A forced exit is unsigned: it withdraws the whole free collateral
	// (published amount = free before, free after = 0) and its queue entry
	// has amount 0.
	exitAmt := api.Mul(tx.Flag, tx.Amount)
	isExit := api.Mul(isDep, tx.Flag)
	// A plain deposit that free collateral cannot hold (free + amount ≥ 2^64) is refunded: Refund = 1 credits
	// nothing and consumes the entry (L1 returns the amount). Refund ∈ {0, isPlainDeposit}: 0 in every other slot.
	isPlain := api.Sub(isDep, isExit)
	a.Rule("deposit.refund-bit").AssertEq(api.Mul(tx.Refund, api.Sub(isPlain, tx.Refund)), 0)
	a.If(tx.Refund).Rule("deposit.refund-overflow").Check(api.Sub(api.Add(free, tx.Amount), new(big.Int).Lsh(big.NewInt(1), 64)), 64)
	a.If(isExit).Rule("exit.amount-is-free").AssertEq(tx.Amount, free)
	aD := a.If(isDep)
	aD.Rule("deposit.not-backstop").AssertNonZero(tx.AccA)
	dk := s.DepositKey
	aD.Rule("deposit.key-nonzero").AssertEq(api.Mul(api.IsZero(dk.X), api.IsZero(dk.Y)), 0)
	// A keyed account keeps its key: update 0's old leaf is hashed with the
	// new key's prefix unless the account had none (below), so another key
	// fails the accounts root.
	// A forced close (a Liquidate with Flag = 1) is a queue entry too: kind 2, its market in the amount field, the
	// account's own key.
	qAmount := api.Add(api.Mul(isDep, api.Sub(tx.Amount, exitAmt)), api.Mul(isLiq, tx.Market))
	qKind := api.Add(api.Mul(isDep, tx.Flag), api.Mul(2, isLiq))
	qX, qY := api.Add(dk.X, api.Mul(isLiq, api.Sub(pk0.X, dk.X))), api.Add(dk.Y, api.Mul(isLiq, api.Sub(pk0.Y, dk.Y)))
	q := g.h.Compress(st.dep, a.Combine(field{Value: tx.AccA, Bits: 32}, field{Value: qAmount, Bits: 64},
		field{Value: qKind, Bits: 2}))
	q = g.h.Compress(g.h.Compress(q, qX), qY)
	newDep := api.Select(api.Add(isDep, isClose), q, st.dep)

	// ---- Withdraw ----
	a.If(isW).Rule("withdraw.amount-nonzero").AssertNonZero(tx.Amount)

	// ---- PositionMargin ----
	aM, pM := a.If(isM), p.If(isM)
	aM.Rule("margin.amount-nonzero").AssertNonZero(tx.Amount)
	settledM, owedM := pM.Rule("margin.settle").SettleFunding(acc0.Pos, F)
	dirAmount := api.Sub(api.Mul(2, tx.Flag, tx.Amount), tx.Amount) // +amount to the position, −amount from it
	posM := settledM
	posM.Collateral = api.Add(settledM.Collateral, dirAmount)
	enIM := api.Mul(isM, api.Sub(1, tx.Flag), api.Sub(1, api.IsZero(acc0.Pos.Size.Mag)))
	pIM := p.If(enIM)
	okM := pIM.MarginOK(pIM.Equity(posM, M, F), posM.Size.Mag, M, mk.Params.IMF)
	a.If(enIM).Rule("margin.im").AssertTrue(okM)

	// ---- signed messages ----
	msgW := a.Combine(field{Value: msgWithdraw, Bits: 4}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Amount, Bits: 64},
		field{Value: nonce, Bits: 32})
	msgM := a.Combine(field{Value: msgMargin, Bits: 4}, field{Value: tx.AccA, Bits: 32}, field{Value: tx.Market, Bits: 8},
		field{Value: tx.Flag, Bits: 1}, field{Value: tx.Amount, Bits: 64}, field{Value: nonce, Bits: 32})

	// ---- Fill ----
	aF, pF := a.If(isFill), p.If(isFill)
	sides := [2]*side{
		{acc: acc0, account: tx.AccA, id: tx.OrderA, buy: api.Sub(1, tx.Flag), price: s.Orders[0].Price, terms: s.Orders[0],
			feePpm: mk.Params.MakerFee, maxFee: s.Orders[0].MaxMakerFee},
		{acc: acc1, account: tx.AccB, id: tx.OrderB, buy: tx.Flag, price: s.Orders[1].Price, terms: s.Orders[1],
			feePpm: mk.Params.TakerFee, maxFee: s.Orders[1].MaxTakerFee},
	}
	aF.Rule("fill.size-nonzero").AssertNonZero(tx.Size)
	aF.Rule("fill.no-self-trade").AssertNonZero(api.Sub(tx.AccA, tx.AccB))
	_, offTick := aF.DivVar(tx.Price, mk.Params.Tick, gadget.BitsSize, gadget.BitsSize)
	aF.Rule("fill.tick").AssertEq(offTick, 0)
	insF := ins
	var msgO [2]frontend.Variable
	for k, sd := range sides {
		t := sd.terms
		name := func(rule string) string { return fmt.Sprintf("fill.%s.%s", sideNames[k], rule) }
		a.Rule(name("order-price-range")).Check(t.Price, gadget.BitsSize)
		a.Rule(name("order-size-range")).Check(t.Size, gadget.BitsSize)
		// the fill price is within the order's limit: a buyer pays at most it, a seller gets at least it
		aF.Rule(name("limit-price")).Check(api.Select(sd.buy, api.Sub(t.Price, tx.Price), api.Sub(tx.Price, t.Price)), gadget.BitsSize)
		a.Rule(name("max-maker-fee-range")).Check(t.MaxMakerFee, gadget.BitsFeePpm)
		a.Rule(name("max-taker-fee-range")).Check(t.MaxTakerFee, gadget.BitsFeePpm)
		a.Rule(name("expiry-range")).Check(t.Expiry, gadget.BitsExpiry)
		msgO[k] = a.Combine(field{Value: msgOrder, Bits: 4}, field{Value: sd.account, Bits: 32}, field{Value: sd.id, Bits: 32},
			field{Value: tx.Market, Bits: 8}, field{Value: sd.buy, Bits: 1}, field{Value: sd.price, Bits: 48},
			field{Value: t.Size, Bits: 48}, field{Value: t.MaxMakerFee, Bits: 16}, field{Value: t.MaxTakerFee, Bits: 16},
			field{Value: t.Expiry, Bits: 32})
		// not expired at the batch time: expiry = 0 (none) or expiry ≥ batch time (both < 2^32)
		a.If(api.Mul(isFill, api.Sub(1, api.IsZero(t.Expiry)))).Rule(name("expiry")).Check(api.Sub(t.Expiry, g.time), gadget.BitsExpiry)
		aF.Rule(name("order-id-nonzero")).AssertNonZero(sd.id)
		aF.Rule(name("order-price-nonzero")).AssertNonZero(sd.price)
		pF.Rule(name("fee-bound")).AssertFeeBound(sd.feePpm, sd.maxFee)
		// the fill slot is order id mod 2^depth
		_, slotIdx := aF.DivMod(sd.id, 1<<uint(sd.acc.OrdPath.Depth()), gadget.BitsOrderID)
		aF.Rule(name("order-slot-index")).AssertEq(slotIdx, sd.acc.OrdIndex)
		sd.newOrd = pF.Rule(name("order-slot")).FillOrderSlot(sd.acc.Ord, sd.id, t.Size, tx.Size)
		settled, owed := pF.Rule(name("settle")).SettleFunding(sd.acc.Pos, F)
		insF = api.Add(insF, owed)
		tr := pF.Rule(name("trade")).Trade(settled, sd.buy, tx.Size, tx.Price)
		fee, _ := aF.DivMod(api.Mul(tx.Size, tx.Price, sd.feePpm), gadget.PPM, bitsFee-19)
		sd.fee = fee
		sd.newPos = tr.Pos
		sd.newPos.Collateral = api.Sub(api.Add(settled.Collateral, tr.Realized), fee)
		enOpen := api.Mul(isFill, api.Sub(1, api.IsZero(tr.OpenQty)))
		pO := p.If(enOpen)
		ok := pO.MarginOK(pO.Equity(sd.newPos, M, F), sd.newPos.Size.Mag, M, mk.Params.IMF)
		a.If(enOpen).Rule(name("im")).AssertTrue(ok)
	}
	oiF := api.Add(mk.OpenInterest,
		api.Sub(p.LongSize(sides[0].newPos.Size), p.LongSize(acc0.Pos.Size)),
		api.Sub(p.LongSize(sides[1].newPos.Size), p.LongSize(acc1.Pos.Size)))
	feePoolF := api.Add(mk.FeePool, sides[0].fee, sides[1].fee)

	// ---- signatures: lookups into the signature section ----
	enSigA := api.Add(isW, isM, isFill)
	msgA := api.Add(api.Mul(isW, msgW), api.Mul(isM, msgM), api.Mul(isFill, msgO[0]))
	g.signed(a.If(enSigA), "sig.a", s.SigIndex[0], pk0, msgA)
	g.signed(a.If(isFill), "sig.b", s.SigIndex[1], acc1.Leaf.PK, msgO[1])

	// ---- Liquidate ----
	aL, pL := a.If(isLiq), p.If(isLiq)
	// Only a keyed account is liquidated: the backstop (account 0) never has
	// a key (deposit.not-backstop). A flat position needs no rule: its entry
	// is 0 (every close leaves E − E·|s|/|s| = 0) and it owes no funding, so
	// its equity is its collateral ≥ 0 and it is never below maintenance.
	aL.Rule("liquidate.keyed").AssertEq(pk0Zero, 0)
	pos := acc0.Pos
	eq := pL.Equity(pos, M, F)
	// a forced close (Flag = 1) closes the position whatever its margin
	a.If(api.Mul(isLiq, api.Sub(1, tx.Flag))).Rule("liquidate.below-mm").AssertEq(pL.MarginOK(eq, pos.Size.Mag, M, mk.Params.MMF), 0)
	// a fresh mark, unless the position is flat (a forced close of it trades nothing): batch time ≤ markTime +
	// MaxMarkAge (both < 2^32, so the difference is below 2^33 when it holds and wraps to ≈ r when it does not)
	a.If(api.Mul(isLiq, api.Sub(1, flat0))).Rule("liquidate.mark-fresh").Check(api.Sub(api.Add(mk.MarkTime, gadget.MaxMarkAge), g.time), gadget.BitsTime+1)
	owedL := pL.Owed(pos, F)
	pen0 := aL.MulPPM(api.Mul(pos.Size.Mag, M), mk.Params.LiqFee, 2*gadget.BitsSize+1)
	eqPos := api.Sub(1, aL.IsNeg(api.Sub(eq, 1), bitsEquity+1)) // equity ≥ 1
	lt := a.If(api.Mul(isLiq, eqPos)).IsLess(pen0, eq, bitsEquity)
	penalty := api.Mul(eqPos, api.Sub(1, tx.Flag), api.Select(lt, pen0, eq)) // none for a forced close
	rem := api.Sub(eq, penalty)
	remNeg := aL.IsNeg(rem, bitsEquity+1)
	collL := api.Sub(rem, api.Mul(remNeg, rem))
	insDelta := api.Add(owedL, penalty, api.Mul(remNeg, rem))
	// a liquidated position keeps its remaining equity as collateral; a forced close credits it to free
	posL0 := gadget.PositionLeaf{Size: gadget.Signed{Mag: 0, Neg: 0}, Collateral: api.Mul(api.Sub(1, tx.Flag), collL), Entry: 0, Fund: F}
	bpos := acc1.Pos
	bpos.Fund = F
	trL := pL.Rule("liquidate.backstop-trade").Trade(bpos, api.Sub(1, pos.Size.Neg), pos.Size.Mag, M)
	oiL := api.Add(mk.OpenInterest, api.Sub(0, p.LongSize(pos.Size)),
		api.Sub(p.LongSize(trL.Pos.Size), p.LongSize(acc1.Pos.Size)))

	// ---- FundingTick, MarkPrice ----
	fundT := p.If(isFund).Rule("funding.advance").AdvanceFunding(F, gadget.Signed{Mag: tx.Amount, Neg: tx.Flag}, mk.Params.MaxFunding,
		api.Sub(g.time, mk.LastFunding), M)
	a.If(isMark).Rule("mark.nonzero").AssertNonZero(tx.Price)

	// ---- new leaf values ----
	newAcc0 := acc0.Leaf
	newAcc0.PK = gadget.PublicKey{X: api.Select(isDep, dk.X, pk0.X), Y: api.Select(isDep, dk.Y, pk0.Y)}
	newAcc0.Nonce = api.Add(nonce, isW, isM)
	// Deposit: +amount; forced exit: −amount (= −free)
	newAcc0.Free = api.Add(free, api.Mul(isDep, api.Sub(tx.Amount, api.Mul(2, exitAmt))), api.Mul(-1, tx.Refund, tx.Amount), api.Mul(-1, isW, tx.Amount),
		api.Mul(-1, isM, dirAmount), api.Mul(isClose, collL))
	newPos0 := g.muxPosition(acc0.Pos, []frontend.Variable{isM, isFill, isLiq}, []gadget.PositionLeaf{posM, sides[0].newPos, posL0})
	newOrd0 := gadget.OrderLeaf{ID: g.mux(acc0.Ord.ID, isFill, sides[0].newOrd.ID), Filled: g.mux(acc0.Ord.Filled, isFill, sides[0].newOrd.Filled)}
	newPos1 := g.muxPosition(acc1.Pos, []frontend.Variable{isFill, isLiq}, []gadget.PositionLeaf{sides[1].newPos, trL.Pos})
	newOrd1 := gadget.OrderLeaf{ID: g.mux(acc1.Ord.ID, isFill, sides[1].newOrd.ID), Filled: g.mux(acc1.Ord.Filled, isFill, sides[1].newOrd.Filled)}
	newMk := mk
	newMk.Mark = g.mux(M, isMark, tx.Price)
	newMk.MarkTime = g.mux(mk.MarkTime, isMark, g.time)
	newMk.LastFunding = g.mux(mk.LastFunding, isFund, g.time)
	newMk.Fund = g.muxSigned(F, []frontend.Variable{isFund}, []gadget.Signed{fundT})
	newMk.OpenInterest = g.mux(mk.OpenInterest, isFill, oiF, isLiq, oiL)
	// the insurance fund after any type's changes (intermediate sums are exact
	// in the field: only the final value needs its range)
	insM, insL := api.Add(ins, owedM), api.Add(ins, insDelta, trL.Realized)
	newMk.Ins = a.Rule("market.insurance-range").ToSigned(g.mux(ins, isM, insM, isFill, insF, isLiq, insL), gadget.BitsIns)
	newMk.FeePool = g.mux(mk.FeePool, isFill, feePoolF)

	// ---- tree updates: account 0, account 1, then the market ----
	// Only a Deposit changes a key, and only from (0, 0) to the deposit key
	// (a keyed account must keep its key): one key prefix serves both leaves
	// of update 0, the old one being the constant empty prefix when a
	// Deposit registers a key.
	newPrefix0 := newAcc0.KeyPrefix(g.h)
	oldPrefix0 := api.Select(api.Mul(isDep, pk0Zero), emptyKeyPrefix, newPrefix0)
	accRoot := g.account(acc0, st.acc, oldPrefix0, newPrefix0, newAcc0, newPos0, newOrd0)
	newAcc1 := acc1.Leaf
	prefix1 := acc1.Leaf.KeyPrefix(g.h)
	accRoot = g.account(acc1, accRoot, prefix1, prefix1, newAcc1, newPos1, newOrd1)

	mBits := s.Market.Path.IndexBits(api, s.Market.Index)
	prefix := g.h.Compress(gadget.TagMarket, mk.PackedParams(a))
	oldLeaf := g.h.Chain(prefix, mk.PackedState(a), mk.PackedFunds(a))
	// the new leaf's times are the old leaf's or the batch time: both range-checked already
	newLeaf := g.h.Chain(prefix, newMk.PackedStateKeepTimes(a), newMk.PackedFunds(a))
	mOld, mNew := s.Market.Path.Update(api, g.h, mBits, oldLeaf, newLeaf)
	a.Rule("market.old-root").AssertEq(mOld, st.mkt)
	return rootState{acc: accRoot, mkt: mNew, dep: newDep}, out, nil
}

// account applies one account update (order slot, position, then account leaf)
// to the accounts root and returns the new root. oldPrefix and newPrefix are
// the key prefixes (AccountLeaf.KeyPrefix) of the old and new leaf.
func (g *gadgets) account(w *AccountWitness, root, oldPrefix, newPrefix frontend.Variable,
	newAcc gadget.AccountLeaf, newPos gadget.PositionLeaf, newOrd gadget.OrderLeaf) frontend.Variable {
	api, a, h := g.api, g.a, g.h
	oBits := w.OrdPath.IndexBits(api, w.OrdIndex)
	newOrdLeaf := newOrd.Hash(a, h)
	oOld, oNew := w.OrdPath.Update(api, h, oBits, w.Ord.Hash(a, h), newOrdLeaf)
	a.Rule("orders.old-root").AssertEq(oOld, w.Leaf.OrdersRoot)
	pBits := w.PosPath.IndexBits(api, w.PosIndex)
	newPosLeaf := newPos.Hash(a, h)
	pOld, pNew := w.PosPath.Update(api, h, pBits, w.Pos.Hash(a, h), newPosLeaf)
	a.Rule("positions.old-root").AssertEq(pOld, w.Leaf.PositionsRoot)
	newAcc.PositionsRoot, newAcc.OrdersRoot = pNew, oNew
	aBits := w.Path.IndexBits(api, w.Index)
	newLeaf := newAcc.HashWithPrefix(a, h, newPrefix)
	if p := g.probe; p != nil && p.update0 == nil {
		g.probeUpdate(newAcc, newPos, newOrd, map[string]frontend.Variable{"leaf": newLeaf, "posLeaf": newPosLeaf, "ordLeaf": newOrdLeaf})
	}
	aOld, aNew := w.Path.Update(api, h, aBits, w.Leaf.HashWithPrefix(a, h, oldPrefix), newLeaf)
	a.Rule("accounts.old-root").AssertEq(aOld, root)
	return aNew
}

// probeUpdate records the first account update's new values (tests only).
func (g *gadgets) probeUpdate(acc gadget.AccountLeaf, pos gadget.PositionLeaf, ord gadget.OrderLeaf, leaves map[string]frontend.Variable) {
	for name, v := range map[string]frontend.Variable{
		"pkX": acc.PK.X, "pkY": acc.PK.Y, "nonce": acc.Nonce, "free": acc.Free, "posRoot": acc.PositionsRoot, "ordRoot": acc.OrdersRoot,
		"sizeMag": pos.Size.Mag, "sizeNeg": pos.Size.Neg, "coll": pos.Collateral, "entry": pos.Entry, "fundMag": pos.Fund.Mag,
		"fundNeg": pos.Fund.Neg, "ordID": ord.ID, "ordFilled": ord.Filled,
	} {
		g.probe.record(g.api, name, v)
	}
	for name, v := range leaves {
		g.probe.record(g.api, name, v)
	}
}
