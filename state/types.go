package state

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/sign"
)

// Bounds of the encoded values (docs/protocol.md §2–§3). The circuit range-checks the same bounds.
const (
	BitsSize     = 48 // |position size|, order size, filled, price, tick, mark
	BitsAmount   = 64 // collateral, free, entry notional, fee pool, open interest, deposit/withdraw amounts
	BitsNonce    = 32
	BitsOrderID  = 32
	BitsFunding  = 63 // |funding index|, |insurance fund|
	BitsRatePpm  = 20 // imf, mmf, maxFunding, liqFee
	BitsFeePpm   = 16 // maker/taker fee rates
	BitsFundRate = 32 // |funding rate| in a FundingTick
	BitsTime     = 32 // unix seconds: batch time, expiry, a market's last funding and mark times
	Ppm          = 1_000_000
	// MaxMarkAge is the oldest mark (seconds since the MarkPrice that set it, in batch time) a Liquidate may use.
	MaxMarkAge = 3600
	// FundingPeriod is the period of a market's maxFunding bound: a FundingTick's |rate| is at most
	// maxFunding·(batchTime − lastFunding)/FundingPeriod.
	FundingPeriod = 3600
)

// Max values derived from the bounds.
const (
	MaxSize    = 1<<BitsSize - 1
	MaxAmount  = 1<<BitsAmount - 1
	MaxFunding = 1<<BitsFunding - 1
	MaxOrderID = 1<<BitsOrderID - 1
	MaxNonce   = 1<<BitsNonce - 1
	MaxRatePpm = 1<<BitsRatePpm - 1
	MaxFeePpm  = 1<<BitsFeePpm - 1
)

// PublicKey is an EdDSA public key on BN254's twisted Edwards curve, as affine coordinates (sign.PublicKey;
// IsZero reports the unset key of an account before its first deposit).
type PublicKey = sign.PublicKey

// Account is the account leaf.
type Account struct {
	PubKey        PublicKey
	Nonce         uint32
	Free          uint64
	PositionsRoot fr.Element
	OrdersRoot    fr.Element
}

// Position is one isolated position (account, market).
type Position struct {
	Size          int64  // signed, in steps; |Size| ≤ MaxSize
	Collateral    uint64 // quantums locked in this position
	EntryNotional uint64 // cost basis in quantums; its sign is the sign of Size
	FundingIndex  int64  // market funding index at the last settlement
}

// OrderSlot is an order fill slot: the order id that owns the slot and its filled size.
type OrderSlot struct {
	OrderID uint32
	Filled  uint64
}

// MarketParams are the fixed parameters of a market.
type MarketParams struct {
	Tick       uint64 // price tick, quantums per step
	IMF        uint32 // initial margin fraction, ppm
	MMF        uint32 // maintenance margin fraction, ppm
	MaxFunding uint32 // bound on the funding rate per hour (FundingPeriod), ppm of the mark
	MakerFee   uint16 // ppm
	TakerFee   uint16 // ppm
	LiqFee     uint32 // liquidation penalty, ppm of notional
}

// Validate checks the parameter bounds.
func (p MarketParams) Validate() error {
	switch {
	case p.Tick == 0 || p.Tick > MaxSize:
		return fmt.Errorf("%w: tick %d", ErrBadParams, p.Tick)
	case p.IMF == 0 || p.IMF > Ppm || p.MMF == 0 || p.MMF > p.IMF:
		return fmt.Errorf("%w: need 0 < mmf ≤ imf ≤ 1e6 (imf %d, mmf %d)", ErrBadParams, p.IMF, p.MMF)
	case p.MaxFunding > MaxRatePpm || p.LiqFee > MaxRatePpm:
		return fmt.Errorf("%w: rate above %d ppm", ErrBadParams, MaxRatePpm)
	case p.LiqFee > p.MMF:
		return fmt.Errorf("%w: liquidation fee above maintenance fraction", ErrBadParams)
	}
	return nil
}

// Market is the market leaf: parameters and running state.
type Market struct {
	Params       MarketParams
	Mark         uint64 // mark price, quantums per step
	FundingIndex int64
	OpenInterest uint64 // sum of long sizes
	Insurance    int64  // insurance fund (signed: funding flows through it)
	FeePool      uint64
	LastFunding  uint32 // batch time of the last FundingTick (genesis: the genesis time)
	MarkTime     uint32 // batch time of the last MarkPrice (genesis: the genesis time)
}

// Active reports whether the market was initialized.
func (m Market) Active() bool { return m.Params.Tick != 0 }

// ---- packing (docs/protocol.md §2) ----

func u(v uint64) *big.Int { return new(big.Int).SetUint64(v) }

func signMag(v int64) (mag uint64, neg uint64) {
	if v < 0 {
		return uint64(-v), 1
	}
	return uint64(v), 0
}

// pack returns Σ parts[i]·2^offset_i as a field element; widths give the bit width of each part (sign.Pack: the
// signed messages and the leaves pack alike).
func pack(parts []uint64, widths []uint) fr.Element { return sign.Pack(parts, widths) }

// unpack splits e into parts of the given widths (a part wider than 64 bits gives its low 64 bits); it fails if e
// has bits beyond the sum of widths.
func unpack(e fr.Element, widths []uint) ([]uint64, error) {
	b := e.Bytes()  // canonical, big-endian
	var w [5]uint64 // little-endian words; w[4] stays 0
	for i := range 4 {
		w[i] = binary.BigEndian.Uint64(b[24-8*i:])
	}
	out := make([]uint64, len(widths))
	off := uint(0)
	for i, width := range widths {
		if off < 256 {
			q, r := off/64, off%64
			v := w[q] >> r
			if r > 0 {
				v |= w[q+1] << (64 - r)
			}
			if width < 64 {
				v &= 1<<width - 1
			}
			out[i] = v
		}
		off += width
	}
	if off < 256 {
		q, r := off/64, off%64
		excess := w[q] >> r
		for _, x := range w[q+1 : 4] {
			excess |= x
		}
		if excess != 0 {
			return nil, fmt.Errorf("%w: packed value has excess bits", ErrOverflow)
		}
	}
	return out, nil
}

var (
	positionWidths = []uint{48, 1, 64, 64, 63, 1}
	orderWidths    = []uint{48, 32}
	paramsWidths   = []uint{48, 20, 20, 20, 16, 16, 20}
	mstateWidths   = []uint{48, 63, 1, 64, 32, 32}
	fundsWidths    = []uint{64, 1, 64}
)

// Packed returns the position's single packed field.
func (p Position) Packed() fr.Element {
	sm, sn := signMag(p.Size)
	fm, fn := signMag(p.FundingIndex)
	return pack([]uint64{sm, sn, p.Collateral, p.EntryNotional, fm, fn}, positionWidths)
}

// UnpackPosition decodes a packed position.
func UnpackPosition(e fr.Element) (Position, error) {
	v, err := unpack(e, positionWidths)
	if err != nil {
		return Position{}, err
	}
	p := Position{Size: int64(v[0]), Collateral: v[2], EntryNotional: v[3], FundingIndex: int64(v[4])}
	if v[1] == 1 {
		p.Size = -p.Size
	}
	if v[5] == 1 {
		p.FundingIndex = -p.FundingIndex
	}
	return p, nil
}

// Packed returns the order slot's packed field.
func (o OrderSlot) Packed() fr.Element {
	return pack([]uint64{o.Filled, uint64(o.OrderID)}, orderWidths)
}

// Packed returns the three packed fields of a market leaf: params, state, funds.
func (m Market) Packed() (params, mstate, funds fr.Element) {
	p := m.Params
	params = pack([]uint64{p.Tick, uint64(p.IMF), uint64(p.MMF), uint64(p.MaxFunding), uint64(p.MakerFee),
		uint64(p.TakerFee), uint64(p.LiqFee)}, paramsWidths)
	fm, fn := signMag(m.FundingIndex)
	mstate = pack([]uint64{m.Mark, fm, fn, m.OpenInterest, uint64(m.LastFunding), uint64(m.MarkTime)}, mstateWidths)
	im, in := signMag(m.Insurance)
	funds = pack([]uint64{im, in, m.FeePool}, fundsWidths)
	return
}

// NonceFree returns the account's packed nonce·2^64 + free.
func (a Account) NonceFree() fr.Element {
	return pack([]uint64{a.Free, uint64(a.Nonce)}, []uint{64, 32})
}
