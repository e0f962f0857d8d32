package l1verify

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/hash"
)

// PositionReport is one non-empty isolated position with its valuation at the market's current mark and funding
// index (docs/protocol.md §4).
type PositionReport struct {
	Market        uint8  `json:"market"`
	Size          int64  `json:"size"`
	Collateral    uint64 `json:"collateral"`
	EntryNotional uint64 `json:"entryNotional"`
	FundingIndex  int64  `json:"fundingIndex"`
	// Market state used for the valuation.
	Mark               uint64 `json:"mark"`
	MarketFundingIndex int64  `json:"marketFundingIndex"`
	// Equity = collateral + PnL at mark − funding owed (decimal, may be negative).
	Equity           string `json:"equity"`
	MeetsInitial     bool   `json:"meetsInitial"`
	MeetsMaintenance bool   `json:"meetsMaintenance"`
	// LiquidationPrice is the first integer mark (quantums per step) at which the position falls below
	// maintenance margin, at the current funding index: a long is liquidatable at marks ≤ it, a short at marks ≥ it.
	// Absent when no mark price makes it liquidatable.
	LiquidationPrice *uint64 `json:"liquidationPrice,omitempty"`
}

// AccountReport is an account of the rebuilt state with everything an exodus exit needs.
type AccountReport struct {
	Index         uint32           `json:"index"`
	Owner         *common.Address  `json:"owner,omitempty"` // L1 owner (receives withdrawals and exits); nil: none
	PubKeyX       string           `json:"pubKeyX"`
	PubKeyY       string           `json:"pubKeyY"`
	Nonce         uint32           `json:"nonce"`
	Free          uint64           `json:"free"`
	PositionsRoot string           `json:"positionsRoot"`
	OrdersRoot    string           `json:"ordersRoot"`
	Positions     []PositionReport `json:"positions"`
	// ExitPayout is the claim Rollup.exit registers in exodus: free + Σ max(0, equity) (decimal; a bankrupt
	// position counts 0). The pro-rata payout (claim · pool / totalClaims) is in Exodus once known.
	ExitPayout string `json:"exitPayout"`
	// Exodus is the account's exodus standing on L1 (zkperp verify --account fills it; nil: not read).
	Exodus *ExodusReport `json:"exodus,omitempty"`
	// Batch and Root: the verified state the report and the proof are for (the rollup's stateRoot after Batch).
	Batch     uint64        `json:"batch"`
	Root      string        `json:"root"`
	ExitProof ExitProofJSON `json:"exitProof"`
	// ExitCalldata is the ABI-encoded Rollup.exit(ExitProof) call, ready to send to the rollup in exodus mode.
	ExitCalldata string `json:"exitCalldata"`

	proof bindings.RollupExitProof
}

// Proof returns the exit proof as the bindings struct, ready for bindings.Rollup.PackExit.
func (r *AccountReport) Proof() bindings.RollupExitProof { return r.proof }

// ExitProofJSON is bindings.RollupExitProof with every uint256 as a 0x-hex string (JSON-safe).
type ExitProofJSON struct {
	Account         uint32           `json:"account"`
	PkX             string           `json:"pkX"`
	PkY             string           `json:"pkY"`
	Nonce           uint32           `json:"nonce"`
	Free            uint64           `json:"free"`
	OrdersRoot      string           `json:"ordersRoot"`
	AccountSiblings []string         `json:"accountSiblings"`
	Positions       []string         `json:"positions"`
	Markets         []MarketLeafJSON `json:"markets"`
}

// MarketLeafJSON is one Leaves.Market (params, mstate, funds) as hex strings.
type MarketLeafJSON struct {
	Params string `json:"params"`
	Mstate string `json:"mstate"`
	Funds  string `json:"funds"`
}

// NewExitProofJSON converts the bindings struct to its JSON form.
func NewExitProofJSON(p bindings.RollupExitProof) ExitProofJSON {
	j := ExitProofJSON{Account: p.Account, PkX: hexBig(p.PkX), PkY: hexBig(p.PkY), Nonce: p.Nonce, Free: p.Free,
		OrdersRoot: hexBig(p.OrdersRoot)}
	for _, s := range p.AccountSiblings {
		j.AccountSiblings = append(j.AccountSiblings, hexBig(s))
	}
	for _, s := range p.Positions {
		j.Positions = append(j.Positions, hexBig(s))
	}
	for _, m := range p.Markets {
		j.Markets = append(j.Markets, MarketLeafJSON{hexBig(m.Params), hexBig(m.Mstate), hexBig(m.Funds)})
	}
	return j
}

func hexBig(x *big.Int) string {
	if x == nil {
		return "0x0"
	}
	return hexutil.EncodeBig(x)
}

// ExitProof returns the Rollup.exit argument for account against the rebuilt root (the rollup's stateRoot after
// the last verified batch): the account leaf fields, its siblings bottom-up, all 2^positionDepth packed positions
// and all 2^positionDepth market leaves. It is checked with VerifyExitProof before it is returned.
func (v *Verifier) ExitProof(account uint32) (bindings.RollupExitProof, error) {
	var p bindings.RollupExitProof
	cfg := v.st.Config()
	if uint64(account)>>uint(cfg.AccountDepth) != 0 {
		return p, fmt.Errorf("%w: %d beyond the account tree (depth %d)", ErrUnknownAccount, account, cfg.AccountDepth)
	}
	a, err := v.st.Account(account)
	if err != nil {
		return p, fmt.Errorf("l1verify: account %d: %w", account, err)
	}
	accTree, _, _, _ := v.st.Trees()
	_, mp, err := accTree.Get(v.st.Nodes(), v.st.Head().AccountsRoot, uint64(account))
	if err != nil {
		return p, fmt.Errorf("l1verify: account %d proof: %w", account, err)
	}
	p = bindings.RollupExitProof{Account: account, PkX: toBig(a.PubKey.X), PkY: toBig(a.PubKey.Y), Nonce: a.Nonce,
		Free: a.Free, OrdersRoot: toBig(a.OrdersRoot)}
	for _, s := range mp.Siblings {
		p.AccountSiblings = append(p.AccountSiblings, toBig(s))
	}
	n := 1 << uint(cfg.PositionDepth)
	for id := range n {
		pos, err := v.st.Position(account, uint8(id))
		if err != nil {
			return p, fmt.Errorf("l1verify: account %d position %d: %w", account, id, err)
		}
		p.Positions = append(p.Positions, toBig(pos.Packed()))
		m, err := v.st.Market(uint8(id))
		if err != nil {
			return p, fmt.Errorf("l1verify: market %d: %w", id, err)
		}
		pa, ms, fu := m.Packed()
		p.Markets = append(p.Markets, bindings.LeavesMarket{Params: toBig(pa), Mstate: toBig(ms), Funds: toBig(fu)})
	}
	if _, err := VerifyExitProof(cfg, v.st.Root(), p); err != nil {
		return p, fmt.Errorf("l1verify: built exit proof does not verify: %w", err)
	}
	return p, nil
}

// Account reports an account of the rebuilt state: leaf, positions with equity and liquidation price, and its
// exit proof. An account never registered on L1 has no owner, and Rollup.exit refuses it.
func (v *Verifier) Account(account uint32) (*AccountReport, error) {
	p, err := v.ExitProof(account)
	if err != nil {
		return nil, err
	}
	a, err := v.st.Account(account)
	if err != nil {
		return nil, fmt.Errorf("l1verify: account %d: %w", account, err)
	}
	root := v.st.Root()
	r := &AccountReport{Index: account, PubKeyX: hexElem(a.PubKey.X), PubKeyY: hexElem(a.PubKey.Y), Nonce: a.Nonce,
		Free: a.Free, PositionsRoot: hexElem(a.PositionsRoot), OrdersRoot: hexElem(a.OrdersRoot),
		Positions: []PositionReport{}, Batch: v.batch, Root: hexElem(root), ExitProof: NewExitProofJSON(p), proof: p}
	if o, ok := v.owners[account]; ok {
		r.Owner = &o
	}
	payout, err := VerifyExitProof(v.st.Config(), root, p)
	if err != nil {
		return nil, err
	}
	r.ExitPayout = payout.String()
	data, err := v.rollup.TryPackExit(p)
	if err != nil {
		return nil, fmt.Errorf("l1verify: pack exit: %w", err)
	}
	r.ExitCalldata = hexutil.Encode(data)
	for id := range 1 << uint(v.st.Config().PositionDepth) {
		pos, err := v.st.Position(account, uint8(id))
		if err != nil {
			return nil, err
		}
		if pos == (state.Position{}) {
			continue
		}
		m, err := v.st.Market(uint8(id))
		if err != nil {
			return nil, err
		}
		pr := PositionReport{Market: uint8(id), Size: pos.Size, Collateral: pos.Collateral,
			EntryNotional: pos.EntryNotional, FundingIndex: pos.FundingIndex, Mark: m.Mark,
			MarketFundingIndex: m.FundingIndex, Equity: state.Equity(pos, m).String(),
			MeetsInitial: state.MeetsInitial(pos, m), MeetsMaintenance: state.MeetsMaintenance(pos, m)}
		if lp, ok := state.LiquidationPrice(pos, m); ok {
			pr.LiquidationPrice = &lp
		}
		r.Positions = append(r.Positions, pr)
	}
	return r, nil
}

// VerifyExitProof recomputes what Rollup.exit checks: all positions hash to the positions root, all markets to the
// markets root, the account leaf up its path to the accounts root, and H(accountsRoot, marketsRoot) == root. It
// returns the payout exit would make (free + Σ max(0, equity)).
func VerifyExitProof(cfg state.Config, root fr.Element, p bindings.RollupExitProof) (*big.Int, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := 1 << uint(cfg.PositionDepth)
	if len(p.AccountSiblings) != cfg.AccountDepth || len(p.Positions) != n || len(p.Markets) != n {
		return nil, fmt.Errorf("%w: %d siblings, %d positions, %d markets; want %d, %d, %d", ErrExitProof,
			len(p.AccountSiblings), len(p.Positions), len(p.Markets), cfg.AccountDepth, n, n)
	}
	if uint64(p.Account)>>uint(cfg.AccountDepth) != 0 {
		return nil, fmt.Errorf("%w: account %d beyond depth %d", ErrExitProof, p.Account, cfg.AccountDepth)
	}
	h := hash.New()
	elem := func(x *big.Int, what string) (fr.Element, error) {
		e, err := toElem(x)
		if err != nil {
			return e, fmt.Errorf("%w: %s: %w", ErrExitProof, what, err)
		}
		return e, nil
	}
	mLeaves := make([]fr.Element, n)
	markets := make([]state.Market, n)
	for i, m := range p.Markets {
		pa, err := elem(m.Params, "market params")
		if err != nil {
			return nil, err
		}
		ms, err := elem(m.Mstate, "market state")
		if err != nil {
			return nil, err
		}
		fu, err := elem(m.Funds, "market funds")
		if err != nil {
			return nil, err
		}
		mLeaves[i] = h.Chain(hash.TagMarket, pa, ms, fu)
		if markets[i], err = unpackMarketState(ms); err != nil {
			return nil, fmt.Errorf("%w: market %d: %w", ErrExitProof, i, err)
		}
	}
	pLeaves := make([]fr.Element, n)
	payout := new(big.Int).SetUint64(p.Free)
	for i, x := range p.Positions {
		e, err := elem(x, "position")
		if err != nil {
			return nil, err
		}
		pos, err := state.UnpackPosition(e)
		if err != nil {
			return nil, fmt.Errorf("%w: position %d: %w", ErrExitProof, i, err)
		}
		pLeaves[i] = pos.Hash(h)
		if eq := state.Equity(pos, markets[i]); eq.Sign() > 0 {
			payout.Add(payout, eq)
		}
	}
	var a state.Account
	var err error
	if a.PubKey.X, err = elem(p.PkX, "pkX"); err != nil {
		return nil, err
	}
	if a.PubKey.Y, err = elem(p.PkY, "pkY"); err != nil {
		return nil, err
	}
	if a.OrdersRoot, err = elem(p.OrdersRoot, "ordersRoot"); err != nil {
		return nil, err
	}
	a.Nonce, a.Free = p.Nonce, p.Free
	a.PositionsRoot = fullRoot(h, pLeaves)
	cur := a.Hash(h)
	for k, s := range p.AccountSiblings {
		sib, err := elem(s, "sibling")
		if err != nil {
			return nil, err
		}
		if p.Account>>uint(k)&1 == 0 {
			cur = h.Compress(cur, sib)
		} else {
			cur = h.Compress(sib, cur)
		}
	}
	got := h.Compress(cur, fullRoot(h, mLeaves))
	if !got.Equal(&root) {
		return nil, fmt.Errorf("%w: computes root %s, want %s", ErrExitProof, hexElem(got), hexElem(root))
	}
	return payout, nil
}

// fullRoot folds a complete level of leaves (a power of two) to its root.
func fullRoot(h *hash.Hasher, level []fr.Element) fr.Element {
	cur := append([]fr.Element(nil), level...)
	for len(cur) > 1 {
		next := cur[:len(cur)/2]
		for i := range next {
			next[i] = h.Compress(cur[2*i], cur[2*i+1])
		}
		cur = next
	}
	return cur[0]
}

// unpackMarketState decodes a market's packed state (mark 48 bits, |fund| 63, sign 1, open interest 64, last
// funding time 32, mark time 32); a position's equity needs the mark and the funding index.
func unpackMarketState(ms fr.Element) (state.Market, error) {
	x := toBig(ms)
	if x.BitLen() > 48+63+1+64+32+32 {
		return state.Market{}, fmt.Errorf("market state has excess bits")
	}
	field := func(off, width uint) uint64 {
		v := new(big.Int).Rsh(x, off)
		return v.And(v, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), width), big.NewInt(1))).Uint64()
	}
	m := state.Market{Mark: field(0, 48), FundingIndex: int64(field(48, 63)), OpenInterest: field(112, 64),
		LastFunding: uint32(field(176, 32)), MarkTime: uint32(field(208, 32))}
	if field(111, 1) == 1 {
		m.FundingIndex = -m.FundingIndex
	}
	return m, nil
}
