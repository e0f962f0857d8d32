package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
)

// WAL record encoding. The order-entry inputs (place, amend, cancel, cancel-all: nearly every record under load)
// are written in a fixed binary layout, every other input as JSON. A binary record starts with binaryTag, which no
// JSON record does (they start with '{'), so logs written before the binary layout existed replay unchanged.
//
// Binary layout (big-endian): tag (1) | kind (1) | time (8) | l1 time (8) | payload, where the payload is
//
//	place:      order | type | tif | flags (1: post-only, 2: reduce-only, 4: deferred) | display (8) | trigger |
//	            trigger price (8) | peg | peg offset (8, two's complement) | stp
//	amend:      order | version (8) | signature (64) | flags (1: admitted, 2: deferred)
//	cancel:     account (4) | market | order id (4) | signature (64) | flags (1: admitted)
//	cancel-all: account (4) | market | up to (4) | nonce (8) | signature (64) | flags (1: admitted)
//	order:      account (4) | id (4) | market | buy (0/1) | price (8) | size (8) | max maker fee (2) |
//	            max taker fee (2) | expiry (4) | signature (64)
//
// and a record is exactly as long as its kind's layout. Decoding refuses anything else (ErrBadInput).
const binaryTag = 0xb1

const (
	binPlace byte = iota + 1
	binAmend
	binCancel
	binCancelAll
)

const (
	headerLen    = 1 + 1 + 8 + 8
	orderLen     = 4 + 4 + 1 + 1 + 8 + 8 + 2 + 2 + 4 + 64
	placeLen     = orderLen + 1 + 1 + 1 + 8 + 1 + 8 + 1 + 8 + 1
	amendLen     = orderLen + 8 + 64 + 1
	cancelLen    = 4 + 1 + 4 + 64 + 1
	cancelAllLen = 4 + 1 + 4 + 8 + 64 + 1
)

// Encode serializes an input for the WAL (binary for order entry, JSON otherwise; DecodeInput reads both).
func (in *Input) Encode() ([]byte, error) {
	if b := in.appendBinary(); b != nil {
		return b, nil
	}
	return json.Marshal(in)
}

// onlyPayload reports whether the input carries no payload but the one of its kind (what the binary layout keeps).
func (in *Input) onlyPayload() bool {
	n := 0
	for _, set := range []bool{in.Place != nil, in.Cancel != nil, in.CancelAll != nil, in.Amend != nil,
		in.Deposit != nil, in.ForcedClose != nil, in.Withdraw != nil, in.Margin != nil, in.Mark != nil,
		in.Funding != nil} {
		if set {
			n++
		}
	}
	return n == 1
}

// appendBinary returns the binary record, or nil for an input the binary layout does not carry.
func (in *Input) appendBinary() []byte {
	if !in.onlyPayload() {
		return nil
	}
	var kind byte
	switch {
	case in.Kind == KindPlace && in.Place != nil:
		kind = binPlace
	case in.Kind == KindAmend && in.Amend != nil:
		kind = binAmend
	case in.Kind == KindCancel && in.Cancel != nil:
		kind = binCancel
	case in.Kind == KindCancelAll && in.CancelAll != nil:
		kind = binCancelAll
	default:
		return nil
	}
	b := make([]byte, 0, headerLen+layoutLen(kind))
	b = append(b, binaryTag, kind)
	b = binary.BigEndian.AppendUint64(b, in.Time)
	b = binary.BigEndian.AppendUint64(b, in.L1Time)
	switch kind {
	case binPlace:
		p := in.Place
		f := p.Flags
		b = appendOrder(b, &p.Order)
		b = append(b, byte(f.Type), byte(f.TIF), bits(f.PostOnly, f.ReduceOnly, p.Deferred))
		b = binary.BigEndian.AppendUint64(b, f.DisplaySize)
		b = append(b, byte(f.Trigger))
		b = binary.BigEndian.AppendUint64(b, f.TriggerPrice)
		b = append(b, byte(f.Peg))
		b = binary.BigEndian.AppendUint64(b, uint64(f.PegOffset))
		b = append(b, byte(f.STP))
	case binAmend:
		a := in.Amend
		b = appendOrder(b, &a.Order)
		b = binary.BigEndian.AppendUint64(b, a.Version)
		b = append(b, a.Sig[:]...)
		b = append(b, bits(a.Admitted, a.Deferred))
	case binCancel:
		c := in.Cancel
		b = binary.BigEndian.AppendUint32(b, c.Account)
		b = append(b, c.Market)
		b = binary.BigEndian.AppendUint32(b, c.OrderID)
		b = append(b, c.Sig[:]...)
		b = append(b, bits(c.Admitted))
	case binCancelAll:
		c := in.CancelAll
		b = binary.BigEndian.AppendUint32(b, c.Account)
		b = append(b, c.Market)
		b = binary.BigEndian.AppendUint32(b, c.UpTo)
		b = binary.BigEndian.AppendUint64(b, c.Nonce)
		b = append(b, c.Sig[:]...)
		b = append(b, bits(c.Admitted))
	}
	return b
}

func bits(flags ...bool) byte {
	var v byte
	for i, f := range flags {
		if f {
			v |= 1 << i
		}
	}
	return v
}

func appendOrder(b []byte, o *state.Order) []byte {
	b = binary.BigEndian.AppendUint32(b, o.Account)
	b = binary.BigEndian.AppendUint32(b, o.ID)
	b = append(b, o.Market, bits(o.Buy))
	b = binary.BigEndian.AppendUint64(b, o.Price)
	b = binary.BigEndian.AppendUint64(b, o.Size)
	b = binary.BigEndian.AppendUint16(b, o.MaxMakerFee)
	b = binary.BigEndian.AppendUint16(b, o.MaxTakerFee)
	b = binary.BigEndian.AppendUint32(b, o.Expiry)
	return append(b, o.Sig[:]...)
}

// reader reads the binary layout; the caller checks the record's length first, so reads never run past it.
type reader struct {
	b   []byte
	err error
}

func (r *reader) u8() byte               { v := r.b[0]; r.b = r.b[1:]; return v }
func (r *reader) u16() uint16            { v := binary.BigEndian.Uint16(r.b); r.b = r.b[2:]; return v }
func (r *reader) u32() uint32            { v := binary.BigEndian.Uint32(r.b); r.b = r.b[4:]; return v }
func (r *reader) u64() uint64            { v := binary.BigEndian.Uint64(r.b); r.b = r.b[8:]; return v }
func (r *reader) sig(s *state.Signature) { copy(s[:], r.b[:64]); r.b = r.b[64:] }

// flags reads a flags byte with n (≤ 3) defined bits; any other bit set is an error.
func (r *reader) flags(n int) (out [3]bool) {
	v := r.u8()
	if v>>n != 0 && r.err == nil {
		r.err = fmt.Errorf("%w: flags %#x", ErrBadInput, v)
	}
	for i := range n {
		out[i] = v>>i&1 == 1
	}
	return out
}

func (r *reader) order(o *state.Order) {
	o.Account, o.ID, o.Market = r.u32(), r.u32(), r.u8()
	o.Buy = r.flags(1)[0]
	o.Price, o.Size = r.u64(), r.u64()
	o.MaxMakerFee, o.MaxTakerFee = r.u16(), r.u16()
	o.Expiry = r.u32()
	r.sig(&o.Sig)
}

// layoutLen is the payload length of a binary kind (0: no such kind).
func layoutLen(kind byte) int {
	switch kind {
	case binPlace:
		return placeLen
	case binAmend:
		return amendLen
	case binCancel:
		return cancelLen
	case binCancelAll:
		return cancelAllLen
	}
	return 0
}

// decodeBinary parses a binary record (b[0] == binaryTag).
func decodeBinary(b []byte) (*Input, error) {
	if len(b) < headerLen {
		return nil, fmt.Errorf("%w: binary record of %d bytes", ErrBadInput, len(b))
	}
	size := layoutLen(b[1])
	if size == 0 {
		return nil, fmt.Errorf("%w: binary record of kind %d", ErrBadInput, b[1])
	}
	if len(b) != headerLen+size {
		return nil, fmt.Errorf("%w: binary record of kind %d is %d bytes, want %d", ErrBadInput, b[1], len(b),
			headerLen+size)
	}
	r := &reader{b: b[2:]}
	in := &Input{Time: r.u64(), L1Time: r.u64()}
	switch b[1] {
	case binPlace:
		p := &Place{}
		r.order(&p.Order)
		f := &p.Flags
		f.Type, f.TIF = book.OrderType(r.u8()), book.TimeInForce(r.u8())
		fl := r.flags(3)
		f.PostOnly, f.ReduceOnly, p.Deferred = fl[0], fl[1], fl[2]
		f.DisplaySize = r.u64()
		f.Trigger = book.TriggerKind(r.u8())
		f.TriggerPrice = r.u64()
		f.Peg = book.PegRef(r.u8())
		f.PegOffset = int64(r.u64())
		f.STP = book.STPMode(r.u8())
		in.Kind, in.Place = KindPlace, p
	case binAmend:
		a := &Amend{}
		r.order(&a.Order)
		a.Version = r.u64()
		r.sig(&a.Sig)
		fl := r.flags(2)
		a.Admitted, a.Deferred = fl[0], fl[1]
		in.Kind, in.Amend = KindAmend, a
	case binCancel:
		c := &Cancel{Account: r.u32(), Market: r.u8(), OrderID: r.u32()}
		r.sig(&c.Sig)
		c.Admitted = r.flags(1)[0]
		in.Kind, in.Cancel = KindCancel, c
	case binCancelAll:
		c := &CancelAll{Account: r.u32(), Market: r.u8(), UpTo: r.u32(), Nonce: r.u64()}
		r.sig(&c.Sig)
		c.Admitted = r.flags(1)[0]
		in.Kind, in.CancelAll = KindCancelAll, c
	}
	if r.err != nil {
		return nil, r.err
	}
	return in, nil
}
