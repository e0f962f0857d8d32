package contracts

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// An independent Go model of docs/protocol.md §1–§2 and §6, used to build roots and exit proofs in tests.

var perm = poseidon2.NewDefaultPermutation()

func h2(l, r fr.Element) fr.Element {
	lb, rb := l.Bytes(), r.Bytes()
	out, err := perm.Compress(lb[:], rb[:])
	if err != nil {
		panic(err) // canonical inputs only: cannot happen
	}
	var e fr.Element
	e.SetBytes(out)
	return e
}

func el(v uint64) fr.Element { var e fr.Element; e.SetUint64(v); return e }

func elBig(v *big.Int) fr.Element { var e fr.Element; e.SetBigInt(v); return e }

func big_(e fr.Element) *big.Int { var b big.Int; e.BigInt(&b); return &b }

func chain(tag uint64, fs ...fr.Element) fr.Element {
	h := el(tag)
	for _, f := range fs {
		h = h2(h, f)
	}
	return h
}

// sparse is a fixed-depth sparse Merkle tree with a default leaf.
type sparse struct {
	depth  int
	levels []map[uint64]fr.Element
	empty  []fr.Element
}

func newSparse(depth int, defaultLeaf fr.Element) *sparse {
	t := &sparse{depth: depth, levels: make([]map[uint64]fr.Element, depth+1), empty: make([]fr.Element, depth+1)}
	t.empty[0] = defaultLeaf
	for i := 1; i <= depth; i++ {
		t.empty[i] = h2(t.empty[i-1], t.empty[i-1])
	}
	for i := range t.levels {
		t.levels[i] = map[uint64]fr.Element{}
	}
	return t
}

func (t *sparse) get(level int, idx uint64) fr.Element {
	if v, ok := t.levels[level][idx]; ok {
		return v
	}
	return t.empty[level]
}

func (t *sparse) set(idx uint64, leaf fr.Element) {
	t.levels[0][idx] = leaf
	for l := 0; l < t.depth; l++ {
		p := idx >> 1
		t.levels[l+1][p] = h2(t.get(l, p<<1), t.get(l, p<<1|1))
		idx = p
	}
}

func (t *sparse) root() fr.Element { return t.get(t.depth, 0) }

func (t *sparse) siblings(idx uint64) []*big.Int {
	out := make([]*big.Int, t.depth)
	for l := 0; l < t.depth; l++ {
		out[l] = big_(t.get(l, idx^1))
		idx >>= 1
	}
	return out
}

type position struct {
	size       int64 // signed steps
	collateral uint64
	entry      uint64 // magnitude
	fund       int64
}

func (p position) pack() *big.Int {
	v := new(big.Int)
	add := func(x uint64, shift uint) { v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(x), shift)) }
	mag, neg := abs(p.size)
	add(mag, 0)
	add(neg, 48)
	add(p.collateral, 49)
	add(p.entry, 113)
	fm, fn := abs(p.fund)
	add(fm, 177)
	add(fn, 240)
	return v
}

type market struct {
	params *big.Int
	mark   uint64
	fund   int64
	oi     uint64
	funds  *big.Int
}

func (m market) mstate() *big.Int {
	v := new(big.Int).SetUint64(m.mark)
	fm, fn := abs(m.fund)
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(fm), 48))
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(fn), 111))
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(m.oi), 112))
	return v
}

func (m market) binding() bindings.LeavesMarket {
	return bindings.LeavesMarket{Params: m.params, Mstate: m.mstate(), Funds: m.funds}
}

func abs(x int64) (uint64, uint64) {
	if x < 0 {
		return uint64(-x), 1
	}
	return uint64(x), 0
}

type account struct {
	pkX, pkY  *big.Int
	nonce     uint32
	free      uint64
	positions map[uint8]position
}

// model is the whole L2 state: accounts, markets, and the derived roots.
type model struct {
	accountDepth, positionDepth, orderDepth int
	accounts                                map[uint32]*account
	markets                                 map[uint8]market
}

func newModel(accountDepth, positionDepth, orderDepth int) *model {
	return &model{accountDepth: accountDepth, positionDepth: positionDepth, orderDepth: orderDepth,
		accounts: map[uint32]*account{}, markets: map[uint8]market{}}
}

func (m *model) ordersRoot() fr.Element {
	return newSparse(m.orderDepth, chain(3, el(0))).root()
}

func (m *model) positionsTree(a *account) *sparse {
	t := newSparse(m.positionDepth, chain(2, el(0)))
	for id, p := range a.positions {
		t.set(uint64(id), chain(2, elBig(p.pack())))
	}
	return t
}

func (m *model) accountLeaf(a *account) fr.Element {
	nf := new(big.Int).Lsh(big.NewInt(int64(a.nonce)), 64)
	nf.Or(nf, new(big.Int).SetUint64(a.free))
	return chain(1, elBig(a.pkX), elBig(a.pkY), elBig(nf), m.positionsTree(a).root(), m.ordersRoot())
}

func (m *model) defaultAccount() *account {
	return &account{pkX: new(big.Int), pkY: new(big.Int)}
}

func (m *model) accountsTree() *sparse {
	t := newSparse(m.accountDepth, m.accountLeaf(m.defaultAccount()))
	for i, a := range m.accounts {
		t.set(uint64(i), m.accountLeaf(a))
	}
	return t
}

func (m *model) marketLeaf(mk market) fr.Element {
	return chain(4, elBig(mk.params), elBig(mk.mstate()), elBig(mk.funds))
}

func zeroMarket() market { return market{params: new(big.Int), funds: new(big.Int)} }

func (m *model) marketsTree() *sparse {
	t := newSparse(m.positionDepth, m.marketLeaf(zeroMarket()))
	for id, mk := range m.markets {
		t.set(uint64(id), m.marketLeaf(mk))
	}
	return t
}

func (m *model) root() *big.Int {
	return big_(h2(m.accountsTree().root(), m.marketsTree().root()))
}

// exitProof builds the calldata of Rollup.exit for account i.
func (m *model) exitProof(i uint32) bindings.RollupExitProof {
	a := m.accounts[i]
	n := 1 << m.positionDepth
	p := bindings.RollupExitProof{
		Account: i, PkX: a.pkX, PkY: a.pkY, Nonce: a.nonce, Free: a.free,
		OrdersRoot:      big_(m.ordersRoot()),
		AccountSiblings: m.accountsTree().siblings(uint64(i)),
	}
	for id := range n {
		p.Positions = append(p.Positions, a.positions[uint8(id)].pack())
		mk, ok := m.markets[uint8(id)]
		if !ok {
			mk = zeroMarket()
		}
		p.Markets = append(p.Markets, mk.binding())
	}
	return p
}

// depositStep is q' = H(H(H(q, account + 2^32·amount), pkX), pkY) (a deposit: kind 0).
func depositStep(q *big.Int, acct uint32, amount uint64, pkX, pkY *big.Int) *big.Int {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(amount), 32)
	v.Or(v, big.NewInt(int64(acct)))
	return queueStep(q, v, pkX, pkY)
}

// forcedExitStep is q' = H(H(H(q, account + 2^96), pkX), pkY) (a forced exit: amount 0, kind 1).
func forcedExitStep(q *big.Int, acct uint32, pkX, pkY *big.Int) *big.Int {
	v := new(big.Int).Lsh(big.NewInt(1), 96)
	v.Or(v, big.NewInt(int64(acct)))
	return queueStep(q, v, pkX, pkY)
}

// forcedCloseStep is q' = H(H(H(q, account + 2^32·market + 2^96·2), pkX), pkY) (a forced close: kind 2).
func forcedCloseStep(q *big.Int, acct uint32, mkt uint8, pkX, pkY *big.Int) *big.Int {
	v := new(big.Int).Lsh(big.NewInt(2), 96)
	v.Or(v, new(big.Int).Lsh(big.NewInt(int64(mkt)), 32))
	v.Or(v, big.NewInt(int64(acct)))
	return queueStep(q, v, pkX, pkY)
}

func queueStep(q, v, pkX, pkY *big.Int) *big.Int {
	h := h2(elBig(q), elBig(v))
	h = h2(h, elBig(pkX))
	return big_(h2(h, elBig(pkY)))
}

// Pubdata encoders (docs/protocol.md §5).
func pdDeposit(acct uint32, amount uint64) *big.Int {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(amount), 32)
	v.Or(v, big.NewInt(int64(acct)))
	return v.Or(v.Lsh(v, 3), big.NewInt(1))
}

// pdRefundedDeposit is the pubdata of a deposit the state refused (free collateral full): type 1, refund bit 100.
func pdRefundedDeposit(acct uint32, amount uint64) *big.Int {
	v := pdDeposit(acct, amount)
	return v.SetBit(v, 100, 1)
}

// pdForcedExit is the pubdata of a forced exit that withdrew `amount` (type 1, kind bit 99).
func pdForcedExit(acct uint32, amount uint64) *big.Int {
	v := pdDeposit(acct, amount)
	return v.SetBit(v, 99, 1)
}

// pdLiquidate is the pubdata of a Liquidate: 5 + 2^3·account + 2^35·market + 2^43·forced.
func pdLiquidate(acct uint32, mkt uint8, forced bool) *big.Int {
	v := new(big.Int).Lsh(big.NewInt(int64(mkt)), 32)
	v.Or(v, big.NewInt(int64(acct)))
	v.Lsh(v, 3).Or(v, big.NewInt(5))
	if forced {
		v.SetBit(v, 43, 1)
	}
	return v
}

func pdWithdraw(acct uint32, amount uint64) *big.Int {
	v := pdDeposit(acct, amount)
	return v.Add(v, big.NewInt(1)) // type 2
}

// pdMark is the pubdata of a MarkPrice: 7 + 2^3·market + 2^11·price + 2^59·roundId.
func pdMark(mkt uint8, price, round uint64) *big.Int {
	v := new(big.Int).Lsh(new(big.Int).SetUint64(round), 48)
	v.Or(v, new(big.Int).SetUint64(price))
	v.Lsh(v, 8).Or(v, big.NewInt(int64(mkt)))
	return v.Or(v.Lsh(v, 3), big.NewInt(7))
}

func pdFill(i int) *big.Int {
	// an arbitrary Fill element (type 4); the contract only reads the type
	v := new(big.Int).Lsh(big.NewInt(int64(i)+1), 3)
	return v.Or(v, big.NewInt(4))
}

func bindAddr(a [20]byte) common.Address { return common.Address(a) }
