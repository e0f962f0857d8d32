package state

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// DecodePubdata parses one slot's pubdata element back into its transaction. Fields that pubdata does not carry
// (signatures, nonces, order sizes and fee bounds, deposit keys) are left zero; ApplyProven fills them.
func DecodePubdata(pd [32]byte) (Tx, error) {
	var e fr.Element
	if err := e.SetBytesCanonical(pd[:]); err != nil {
		return nil, fmt.Errorf("%w: pubdata not a field element: %v", ErrInvalidTx, err)
	}
	return decodePubdataElem(e)
}

func decodePubdataElem(e fr.Element) (Tx, error) {
	typ, err := unpack(e, []uint{3, 250})
	if err != nil {
		return nil, err
	}
	switch TxType(typ[0]) {
	case TxNoOp:
		if !e.IsZero() {
			return nil, fmt.Errorf("%w: non-zero noop pubdata", ErrInvalidTx)
		}
		return NoOp{}, nil
	case TxDeposit:
		v, err := unpack(e, []uint{3, 32, 64, 1, 1})
		if err != nil {
			return nil, err
		}
		return Deposit{Account: uint32(v[1]), Amount: v[2], ForcedExit: v[3] == 1, Refunded: v[4] == 1}, nil
	case TxWithdraw:
		v, err := unpack(e, []uint{3, 32, 64})
		if err != nil {
			return nil, err
		}
		return Withdraw{Account: uint32(v[1]), Amount: v[2]}, nil
	case TxPositionMargin:
		v, err := unpack(e, []uint{3, 32, 8, 1, 64})
		if err != nil {
			return nil, err
		}
		return PositionMargin{Account: uint32(v[1]), Market: uint8(v[2]), ToPosition: v[3] == 1, Amount: v[4]}, nil
	case TxFill:
		v, err := unpack(e, []uint{3, 32, 32, 8, 1, 48, 48, 32, 32})
		if err != nil {
			return nil, err
		}
		takerBuys := v[4] == 1
		mk := Order{Account: uint32(v[1]), ID: uint32(v[7]), Market: uint8(v[3]), Buy: !takerBuys, Price: v[5]}
		tk := Order{Account: uint32(v[2]), ID: uint32(v[8]), Market: uint8(v[3]), Buy: takerBuys, Price: v[5]}
		return Fill{Maker: mk, Taker: tk, Price: v[5], Size: v[6]}, nil
	case TxLiquidate:
		v, err := unpack(e, []uint{3, 32, 8, 1})
		if err != nil {
			return nil, err
		}
		return Liquidate{Account: uint32(v[1]), Market: uint8(v[2]), Forced: v[3] == 1}, nil
	case TxFundingTick:
		v, err := unpack(e, []uint{3, 8, 1, 32})
		if err != nil {
			return nil, err
		}
		rate := int64(v[3])
		if v[2] == 1 {
			rate = -rate
		}
		return FundingTick{Market: uint8(v[1]), Rate: rate}, nil
	case TxMarkPrice:
		v, err := unpack(e, []uint{3, 8, 48, 64})
		if err != nil {
			return nil, err
		}
		return MarkPrice{Market: uint8(v[1]), Price: v[2], Round: v[3]}, nil
	}
	return nil, fmt.Errorf("%w: type %d", ErrInvalidTx, typ[0])
}

// KeyLookup returns the L2 key an L1 deposit bound to an account (from the rollup's AccountRegistered events).
type KeyLookup func(account uint32) (PublicKey, bool)

// ApplyProven applies a transaction known only from the pubdata of a batch the L1 contract verified: an L1 verifier
// rebuilding the state. Signatures are not re-checked (the proof did) and the fields pubdata omits are completed
// from the state: nonces from the account, order sizes and fee bounds as the widest the circuit allows, deposit
// keys from lookup. A forced exit's published amount must be the account's whole free collateral. Every state rule still runs, so a verifier that disagrees with a proven batch finds out.
func (s *State) ApplyProven(pd [32]byte, lookup KeyLookup) (*Trace, error) {
	tx, err := DecodePubdata(pd)
	if err != nil {
		return nil, err
	}
	switch t := tx.(type) {
	case Deposit:
		pk, ok := lookup(t.Account)
		if !ok {
			return nil, fmt.Errorf("%w: no L1 key for account %d", ErrUnknownAccount, t.Account)
		}
		t.PubKey = pk
		if t.ForcedExit {
			a, err := s.Account(t.Account)
			if err != nil {
				return nil, err
			}
			if a.Free != t.Amount {
				return nil, fmt.Errorf("%w: forced exit publishes %d, account %d has %d free", ErrInvalidTx, t.Amount,
					t.Account, a.Free)
			}
		}
		tx = t
	case Withdraw:
		a, err := s.Account(t.Account)
		if err != nil {
			return nil, err
		}
		t.Nonce = a.Nonce
		tx = t
	case PositionMargin:
		a, err := s.Account(t.Account)
		if err != nil {
			return nil, err
		}
		t.Nonce = a.Nonce
		tx = t
	case Fill:
		for _, o := range []*Order{&t.Maker, &t.Taker} {
			o.Size, o.MaxMakerFee, o.MaxTakerFee = MaxSize, MaxFeePpm, MaxFeePpm
		}
		tx = t
	}
	s.proven = true
	defer func() { s.proven = false }()
	tr, err := s.Apply(tx)
	if err != nil {
		return nil, err
	}
	tr.Pubdata.SetBytes(pd[:])
	return tr, nil
}
