package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/hash"
)

// leafFields returns the fields hashed (after the tag) for each leaf kind.

func (a Account) fields() []fr.Element {
	return []fr.Element{a.PubKey.X, a.PubKey.Y, a.NonceFree(), a.PositionsRoot, a.OrdersRoot}
}

func (m Market) fields() []fr.Element {
	p, s, f := m.Packed()
	return []fr.Element{p, s, f}
}

// Hash returns the account leaf hash.
func (a Account) Hash(h *hash.Hasher) fr.Element { return h.Chain(hash.TagAccount, a.fields()...) }

// Hash returns the position leaf hash.
func (p Position) Hash(h *hash.Hasher) fr.Element { return h.Chain(hash.TagPosition, p.Packed()) }

// Hash returns the order slot leaf hash.
func (o OrderSlot) Hash(h *hash.Hasher) fr.Element { return h.Chain(hash.TagOrder, o.Packed()) }

// Hash returns the market leaf hash.
func (m Market) Hash(h *hash.Hasher) fr.Element { return h.Chain(hash.TagMarket, m.fields()...) }

// encodeFields serializes field elements (32 bytes each, big-endian) for the leaf preimage store.
func encodeFields(fs []fr.Element) []byte {
	out := make([]byte, 0, 32*len(fs))
	for _, f := range fs {
		b := f.Bytes()
		out = append(out, b[:]...)
	}
	return out
}

func decodeFields(b []byte, n int) ([]fr.Element, error) {
	if len(b) != 32*n {
		return nil, fmt.Errorf("state: corrupt leaf record: %d bytes, want %d", len(b), 32*n)
	}
	out := make([]fr.Element, n)
	for i := range out {
		if err := out[i].SetBytesCanonical(b[32*i : 32*i+32]); err != nil {
			return nil, fmt.Errorf("state: corrupt leaf record: %w", err)
		}
	}
	return out, nil
}

func decodeAccount(b []byte) (Account, error) {
	f, err := decodeFields(b, 5)
	if err != nil {
		return Account{}, err
	}
	v, err := unpack(f[2], []uint{64, 32})
	if err != nil {
		return Account{}, err
	}
	return Account{PubKey: PublicKey{X: f[0], Y: f[1]}, Free: v[0], Nonce: uint32(v[1]), PositionsRoot: f[3], OrdersRoot: f[4]}, nil
}

func decodePosition(b []byte) (Position, error) {
	f, err := decodeFields(b, 1)
	if err != nil {
		return Position{}, err
	}
	return UnpackPosition(f[0])
}

func decodeOrder(b []byte) (OrderSlot, error) {
	f, err := decodeFields(b, 1)
	if err != nil {
		return OrderSlot{}, err
	}
	v, err := unpack(f[0], orderWidths)
	if err != nil {
		return OrderSlot{}, err
	}
	return OrderSlot{Filled: v[0], OrderID: uint32(v[1])}, nil
}

func decodeMarket(b []byte) (Market, error) {
	f, err := decodeFields(b, 3)
	if err != nil {
		return Market{}, err
	}
	p, err := unpack(f[0], paramsWidths)
	if err != nil {
		return Market{}, err
	}
	s, err := unpack(f[1], mstateWidths)
	if err != nil {
		return Market{}, err
	}
	fu, err := unpack(f[2], fundsWidths)
	if err != nil {
		return Market{}, err
	}
	m := Market{
		Params: MarketParams{Tick: p[0], IMF: uint32(p[1]), MMF: uint32(p[2]), MaxFunding: uint32(p[3]),
			MakerFee: uint16(p[4]), TakerFee: uint16(p[5]), LiqFee: uint32(p[6])},
		Mark: s[0], FundingIndex: int64(s[1]), OpenInterest: s[3], Insurance: int64(fu[0]), FeePool: fu[2],
		LastFunding: uint32(s[4]), MarkTime: uint32(s[5]),
	}
	if s[2] == 1 {
		m.FundingIndex = -m.FundingIndex
	}
	if fu[1] == 1 {
		m.Insurance = -m.Insurance
	}
	return m, nil
}
