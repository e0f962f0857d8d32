package l1verify

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/contracts/bindings"
)

// ExodusReport is an account's standing in the rollup's exodus, read from L1 (the latest block): whether its claim
// is registered, the claim, and its pro-rata payout claim · pool / totalClaims (docs/verifier.md "Exodus").
type ExodusReport struct {
	Active bool `json:"active"`
	// ClaimWindowEnd (unix seconds): exits and the fee claim are registered until then, paid after it.
	ClaimWindowEnd uint64 `json:"claimWindowEnd,omitempty"`
	// WindowOpen: the latest L1 block is inside the claim window (registration possible, payout not yet).
	WindowOpen bool `json:"windowOpen"`
	// Registered: Rollup.exit registered the account's claim (once per account).
	Registered bool `json:"registered"`
	// Claim is the registered claim still unpaid (Rollup.exitClaim; 0 once paid or never registered), in quantums.
	Claim string `json:"claim"`
	// TotalClaims is Σ registered claims (accounts' and the sequencer's fee claim) so far; final once the window
	// has closed.
	TotalClaims string `json:"totalClaims"`
	// Pool is what the claims share: fixed at the first payout (PoolFixed); before it, what it would be now
	// (token balance − credited withdrawals − unconsumed deposits).
	Pool      string `json:"pool"`
	PoolFixed bool   `json:"poolFixed"`
	// Payout is Claim · Pool / TotalClaims (floor) when the claim is registered and unpaid; Final once the window
	// has closed (TotalClaims can no longer grow: the figure is what payout transfers, given the pool).
	Payout string `json:"payout,omitempty"`
	Final  bool   `json:"final"`
}

// Exodus reads the account's exodus standing from the rollup at the latest L1 block.
func (v *Verifier) Exodus(ctx context.Context, account uint32) (*ExodusReport, error) {
	return ReadExodus(ctx, v.client, v.cfg.Rollup, account)
}

// ReadExodus reads account's exodus standing from the rollup at the latest block of c.
func ReadExodus(ctx context.Context, c Client, rollup common.Address, account uint32) (*ExodusReport, error) {
	r := bindings.NewRollup()
	call := func(data []byte) ([]byte, error) {
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &rollup, Data: data}, nil)
		if err != nil {
			return nil, fmt.Errorf("l1verify: exodus: call rollup: %w", err)
		}
		return out, nil
	}
	rep := &ExodusReport{Claim: "0", TotalClaims: "0", Pool: "0"}
	out, err := call(r.PackExodus())
	if err != nil {
		return nil, err
	}
	if rep.Active, err = r.UnpackExodus(out); err != nil || !rep.Active {
		return rep, err
	}
	u64 := func(data []byte, unpack func([]byte) (uint64, error)) (uint64, error) {
		out, err := call(data)
		if err != nil {
			return 0, err
		}
		return unpack(out)
	}
	num := func(data []byte, unpack func([]byte) (*big.Int, error)) (*big.Int, error) {
		out, err := call(data)
		if err != nil {
			return nil, err
		}
		return unpack(out)
	}
	flag := func(data []byte, unpack func([]byte) (bool, error)) (bool, error) {
		out, err := call(data)
		if err != nil {
			return false, err
		}
		return unpack(out)
	}
	if rep.ClaimWindowEnd, err = u64(r.PackClaimWindowEnd(), r.UnpackClaimWindowEnd); err != nil {
		return nil, err
	}
	now, err := headTime(ctx, c)
	if err != nil {
		return nil, err
	}
	rep.WindowOpen = now <= rep.ClaimWindowEnd
	rep.Final = !rep.WindowOpen
	if rep.Registered, err = flag(r.PackExited(account), r.UnpackExited); err != nil {
		return nil, err
	}
	claim, err := num(r.PackExitClaim(account), r.UnpackExitClaim)
	if err != nil {
		return nil, err
	}
	total, err := num(r.PackTotalClaims(), r.UnpackTotalClaims)
	if err != nil {
		return nil, err
	}
	if rep.PoolFixed, err = flag(r.PackPoolFixed(), r.UnpackPoolFixed); err != nil {
		return nil, err
	}
	var pool *big.Int
	if rep.PoolFixed {
		if pool, err = num(r.PackExodusPool(), r.UnpackExodusPool); err != nil {
			return nil, err
		}
	} else if pool, err = PoolNow(ctx, c, rollup); err != nil {
		return nil, err
	}
	rep.Claim, rep.TotalClaims, rep.Pool = claim.String(), total.String(), pool.String()
	if claim.Sign() > 0 && total.Sign() > 0 {
		rep.Payout = new(big.Int).Div(new(big.Int).Mul(claim, pool), total).String()
	}
	return rep, nil
}

// PoolNow is the exodus pool as Rollup.payout would fix it now: token balance − totalClaimable −
// pendingDepositAmount (0 if negative).
func PoolNow(ctx context.Context, c Client, rollup common.Address) (*big.Int, error) {
	r := bindings.NewRollup()
	get := func(to common.Address, data []byte) ([]byte, error) {
		out, err := c.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
		if err != nil {
			return nil, fmt.Errorf("l1verify: exodus pool: %w", err)
		}
		return out, nil
	}
	out, err := get(rollup, r.PackToken())
	if err != nil {
		return nil, err
	}
	tokAddr, err := r.UnpackToken(out)
	if err != nil {
		return nil, err
	}
	tok := bindings.NewTestToken()
	if out, err = get(tokAddr, tok.PackBalanceOf(rollup)); err != nil {
		return nil, err
	}
	bal, err := tok.UnpackBalanceOf(out)
	if err != nil {
		return nil, err
	}
	if out, err = get(rollup, r.PackTotalClaimable()); err != nil {
		return nil, err
	}
	tc, err := r.UnpackTotalClaimable(out)
	if err != nil {
		return nil, err
	}
	if out, err = get(rollup, r.PackPendingDepositAmount()); err != nil {
		return nil, err
	}
	pd, err := r.UnpackPendingDepositAmount(out)
	if err != nil {
		return nil, err
	}
	pool := new(big.Int).Sub(bal, tc)
	pool.Sub(pool, pd)
	if pool.Sign() < 0 {
		pool.SetInt64(0)
	}
	return pool, nil
}

// headTime is the latest block's time (the rollup's clock for the claim window).
func headTime(ctx context.Context, c Client) (uint64, error) {
	hc, ok := c.(interface {
		HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	})
	if !ok {
		return 0, fmt.Errorf("l1verify: exodus: %T cannot read block headers", c)
	}
	h, err := hc.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("l1verify: exodus: latest header: %w", err)
	}
	return h.Time, nil
}

// FeeClaim returns Rollup.registerFeeClaim's arguments against the rebuilt root: the accounts root and all
// 2^positionDepth market leaves, with the claim Σ feePool they register.
func (v *Verifier) FeeClaim() (*big.Int, []bindings.LeavesMarket, *big.Int, error) {
	n := 1 << uint(v.st.Config().PositionDepth)
	markets := make([]bindings.LeavesMarket, 0, n)
	fees := new(big.Int)
	for id := range n {
		m, err := v.st.Market(uint8(id))
		if err != nil {
			return nil, nil, nil, fmt.Errorf("l1verify: market %d: %w", id, err)
		}
		pa, ms, fu := m.Packed()
		markets = append(markets, bindings.LeavesMarket{Params: toBig(pa), Mstate: toBig(ms), Funds: toBig(fu)})
		fees.Add(fees, new(big.Int).Rsh(toBig(fu), 65))
	}
	return toBig(v.st.Head().AccountsRoot), markets, fees, nil
}
