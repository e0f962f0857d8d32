package state

import (
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/sign"
)

// TxType is the 3-bit type code in pubdata (docs/protocol.md §5).
type TxType uint8

// Transaction types.
const (
	TxNoOp TxType = iota
	TxDeposit
	TxWithdraw
	TxPositionMargin
	TxFill
	TxLiquidate
	TxFundingTick
	TxMarkPrice
)

var txNames = [...]string{"noop", "deposit", "withdraw", "position_margin", "fill", "liquidate", "funding_tick", "mark_price"}

func (t TxType) String() string {
	if int(t) < len(txNames) {
		return txNames[t]
	}
	return "unknown"
}

// Signature is an EdDSA signature (R compressed || S), 64 bytes (sign.Signature).
type Signature = sign.Signature

// Tx is any transaction.
type Tx interface {
	Type() TxType
}

// Deposit is an entry of the L1 priority queue (docs/protocol.md §6), processed unsigned.
//
// A plain deposit (ForcedExit false) credits Amount to the account's free collateral; the first deposit of an
// account sets its key.
//
// A forced exit (ForcedExit true, queued by the account's L1 owner with requestForcedWithdrawal) withdraws the
// account's entire free collateral to its L1 owner, like a Withdraw but without an L2 signature. Its queue entry has
// amount 0; its pubdata carries the amount withdrawn. As an input, Amount is 0 (the queue entry) or the exact free
// collateral (a replayed pubdata); the trace's Deposit carries the amount withdrawn. PubKey is the account's key
// (L1 registered it with the first deposit).
//
// A plain deposit that the account's free collateral cannot hold (free + amount ≥ 2^64, reachable only through
// profits: L1 caps an account's deposits at 2^63) is refunded instead of blocking the queue: Apply turns it into
// Refunded = true, which credits nothing and consumes the entry; L1 returns the amount to the owner (claimable).
type Deposit struct {
	Account    uint32
	PubKey     PublicKey
	Amount     uint64
	ForcedExit bool `json:",omitempty"`
	Refunded   bool `json:",omitempty"`
}

// QueueAmount is the amount of the deposit's L1 queue entry: Amount for a deposit, 0 for a forced exit.
func (d Deposit) QueueAmount() uint64 {
	if d.ForcedExit {
		return 0
	}
	return d.Amount
}

// Withdraw moves free collateral to the account's L1 owner. Signed: its message is sign.Withdraw's.
type Withdraw sign.Withdraw

// PositionMargin moves collateral between free and one isolated position. Signed: its message is
// sign.PositionMargin's.
type PositionMargin sign.PositionMargin

// Order is a signed order as the circuit sees it (sign.Order, which holds its message). Book-only flags (IOC,
// post-only, ...) are not part of it.
type Order = sign.Order

// Fill matches a resting maker order with a taker order. Price is the maker's resting price: equal to its signed
// limit for a plain limit order, and at least as good as it for a pegged order (whose signed price is its cap).
// Both orders' limits must be respected: a buyer pays at most its limit, a seller gets at least its limit.
type Fill struct {
	Maker, Taker Order
	Price        uint64
	Size         uint64
}

// Liquidate moves an under-maintenance position to the backstop account 0 at the mark price.
//
// A forced close (Forced true) is an L1 priority-queue entry (kind QueueForcedClose, queued by the account's L1
// owner with requestForcedClose): it closes the account's position in Market at the mark against the backstop
// whatever its margin (a flat position too), charges no penalty, and credits the remaining equity max(equity, 0) to
// the account's free collateral; the position ends flat with no collateral.
type Liquidate struct {
	Account uint32
	Market  uint8
	Forced  bool `json:",omitempty"`
}

// Priority-queue entry kinds (docs/protocol.md §6): the kind field of the queue hash step.
const (
	QueueDeposit     = 0
	QueueForcedExit  = 1
	QueueForcedClose = 2
)

// FundingTick advances a market's funding index by rate·mark/1e6 (rate in ppm, signed). |Rate|·FundingPeriod must
// not exceed maxFunding·(batch time − the market's last funding time).
type FundingTick struct {
	Market uint8
	Rate   int64
}

// MarkPrice sets a market's mark price and mark time (the batch time). L1 checks Price against the oracle's round
// Round: the latest round at the batch time, not stale, never before the market's previous mark round
// (docs/protocol.md §7).
type MarkPrice struct {
	Market uint8
	Price  uint64
	Round  uint64
}

// NoOp pads a batch.
type NoOp struct{}

func (Deposit) Type() TxType        { return TxDeposit }
func (Withdraw) Type() TxType       { return TxWithdraw }
func (PositionMargin) Type() TxType { return TxPositionMargin }
func (Fill) Type() TxType           { return TxFill }
func (Liquidate) Type() TxType      { return TxLiquidate }
func (FundingTick) Type() TxType    { return TxFundingTick }
func (MarkPrice) Type() TxType      { return TxMarkPrice }
func (NoOp) Type() TxType           { return TxNoOp }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Message returns the signed field element of a withdrawal (sign.Withdraw.Message).
func (w *Withdraw) Message() fr.Element { return (*sign.Withdraw)(w).Message() }

// SetSig sets the withdrawal's signature (sign.Signable).
func (w *Withdraw) SetSig(s Signature) { w.Sig = s }

// Message returns the signed field element of a margin transfer (sign.PositionMargin.Message).
func (m *PositionMargin) Message() fr.Element { return (*sign.PositionMargin)(m).Message() }

// SetSig sets the margin transfer's signature (sign.Signable).
func (m *PositionMargin) SetSig(s Signature) { m.Sig = s }

// Pubdata returns the one field element a tx publishes (docs/protocol.md §5).
func Pubdata(tx Tx) fr.Element {
	switch t := tx.(type) {
	case Deposit:
		return pack([]uint64{uint64(TxDeposit), uint64(t.Account), t.Amount, b2u(t.ForcedExit), b2u(t.Refunded)},
			[]uint{3, 32, 64, 1, 1})
	case Withdraw:
		return pack([]uint64{uint64(TxWithdraw), uint64(t.Account), t.Amount}, []uint{3, 32, 64})
	case PositionMargin:
		return pack([]uint64{uint64(TxPositionMargin), uint64(t.Account), uint64(t.Market), b2u(t.ToPosition), t.Amount},
			[]uint{3, 32, 8, 1, 64})
	case Fill:
		return pack([]uint64{uint64(TxFill), uint64(t.Maker.Account), uint64(t.Taker.Account), uint64(t.Maker.Market),
			b2u(t.Taker.Buy), t.Price, t.Size, uint64(t.Maker.ID), uint64(t.Taker.ID)},
			[]uint{3, 32, 32, 8, 1, 48, 48, 32, 32})
	case Liquidate:
		return pack([]uint64{uint64(TxLiquidate), uint64(t.Account), uint64(t.Market), b2u(t.Forced)}, []uint{3, 32, 8, 1})
	case FundingTick:
		m, n := signMag(t.Rate)
		return pack([]uint64{uint64(TxFundingTick), uint64(t.Market), n, m}, []uint{3, 8, 1, 32})
	case MarkPrice:
		return pack([]uint64{uint64(TxMarkPrice), uint64(t.Market), t.Price, t.Round}, []uint{3, 8, 48, 64})
	}
	return fr.Element{}
}
