package state

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/smt"
)

// Traces are stored with their batch (EncodeTraces) so that its witness can be built later, off the sequencer's hot
// path, and rebuilt after a crash. The encoding is binary and compact, since every seal writes it to the store:
//
//	0x00 0x01 uvarint(n) trace*n
//	trace   = 0x01                        (the same as the trace before it: a batch's NoOp padding)
//	        | 0x00 tx pubdata head head accountUpdate accountUpdate leafUpdate(market)
//	element = uvarint(0) then 32 bytes (little-endian, canonical) — a value seen for the first time —
//	        | uvarint(i) for the i-th distinct value seen before (1-based)
//
// Integers are varints; a Merkle proof is its index, its length and its siblings. Field elements repeat a lot
// (empty subtrees' roots along every sparse path, the siblings and roots that consecutive traces share), so each
// distinct one is written once. Traces written by earlier versions (gob) still decode.
const (
	codecMagic   = 0x00 // no gob stream starts with a zero byte (a zero-length message)
	codecVersion = 0x01

	traceNew  = 0x00
	traceSame = 0x01

	maxSiblings = 64
)

// ErrTraceCodec reports stored traces that do not decode.
var ErrTraceCodec = errors.New("state: bad trace encoding")

type traceEncoder struct {
	b    []byte
	seen map[fr.Element]uint32
}

func (e *traceEncoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *traceEncoder) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }

func (e *traceEncoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

func (e *traceEncoder) elem(x *fr.Element) {
	if i, ok := e.seen[*x]; ok {
		e.uvarint(uint64(i))
		return
	}
	e.seen[*x] = uint32(len(e.seen) + 1)
	var w [fr.Bytes]byte
	fr.LittleEndian.PutElement(&w, *x) // canonical form
	e.b = append(append(e.b, 0), w[:]...)
}

func (e *traceEncoder) head(h *Head) {
	e.uvarint(h.Batch)
	e.elem(&h.AccountsRoot)
	e.elem(&h.MarketsRoot)
	e.elem(&h.DepositHash)
	e.uvarint(h.DepositCount)
	e.uvarint(uint64(h.Time))
}

func (e *traceEncoder) proof(p *smt.Proof) {
	e.uvarint(p.Index)
	e.uvarint(uint64(len(p.Siblings)))
	for i := range p.Siblings {
		e.elem(&p.Siblings[i])
	}
}

func (e *traceEncoder) pubKey(k *PublicKey) {
	e.elem(&k.X)
	e.elem(&k.Y)
}

func (e *traceEncoder) account(a *Account) {
	e.pubKey(&a.PubKey)
	e.uvarint(uint64(a.Nonce))
	e.uvarint(a.Free)
	e.elem(&a.PositionsRoot)
	e.elem(&a.OrdersRoot)
}

func (e *traceEncoder) position(p *Position) {
	e.varint(p.Size)
	e.uvarint(p.Collateral)
	e.uvarint(p.EntryNotional)
	e.varint(p.FundingIndex)
}

func (e *traceEncoder) orderSlot(o *OrderSlot) {
	e.uvarint(uint64(o.OrderID))
	e.uvarint(o.Filled)
}

func (e *traceEncoder) market(m *Market) {
	p := &m.Params
	e.uvarint(p.Tick)
	e.uvarint(uint64(p.IMF))
	e.uvarint(uint64(p.MMF))
	e.uvarint(uint64(p.MaxFunding))
	e.uvarint(uint64(p.MakerFee))
	e.uvarint(uint64(p.TakerFee))
	e.uvarint(uint64(p.LiqFee))
	e.uvarint(m.Mark)
	e.varint(m.FundingIndex)
	e.uvarint(m.OpenInterest)
	e.varint(m.Insurance)
	e.uvarint(m.FeePool)
	e.uvarint(uint64(m.LastFunding))
	e.uvarint(uint64(m.MarkTime))
}

func (e *traceEncoder) order(o *Order) {
	e.uvarint(uint64(o.Account))
	e.uvarint(uint64(o.ID))
	e.uvarint(uint64(o.Market))
	e.bool(o.Buy)
	e.uvarint(o.Price)
	e.uvarint(o.Size)
	e.uvarint(uint64(o.MaxMakerFee))
	e.uvarint(uint64(o.MaxTakerFee))
	e.uvarint(uint64(o.Expiry))
	e.b = append(e.b, o.Sig[:]...)
}

func (e *traceEncoder) tx(tx Tx) error {
	if tx == nil {
		return fmt.Errorf("%w: trace without a tx", ErrInvalidTx)
	}
	e.b = append(e.b, byte(tx.Type()))
	switch t := tx.(type) {
	case NoOp:
	case Deposit:
		e.uvarint(uint64(t.Account))
		e.pubKey(&t.PubKey)
		e.uvarint(t.Amount)
		e.bool(t.ForcedExit)
		e.bool(t.Refunded)
	case Withdraw:
		e.uvarint(uint64(t.Account))
		e.uvarint(t.Amount)
		e.uvarint(uint64(t.Nonce))
		e.b = append(e.b, t.Sig[:]...)
	case PositionMargin:
		e.uvarint(uint64(t.Account))
		e.uvarint(uint64(t.Market))
		e.bool(t.ToPosition)
		e.uvarint(t.Amount)
		e.uvarint(uint64(t.Nonce))
		e.b = append(e.b, t.Sig[:]...)
	case Fill:
		e.order(&t.Maker)
		e.order(&t.Taker)
		e.uvarint(t.Price)
		e.uvarint(t.Size)
	case Liquidate:
		e.uvarint(uint64(t.Account))
		e.uvarint(uint64(t.Market))
		e.bool(t.Forced)
	case FundingTick:
		e.uvarint(uint64(t.Market))
		e.varint(t.Rate)
	case MarkPrice:
		e.uvarint(uint64(t.Market))
		e.uvarint(t.Price)
		e.uvarint(t.Round)
	default:
		return fmt.Errorf("%w: cannot encode %T", ErrInvalidTx, tx)
	}
	return nil
}

func (e *traceEncoder) trace(tr *Trace) error {
	if err := e.tx(tr.Tx); err != nil {
		return err
	}
	e.elem(&tr.Pubdata)
	e.head(&tr.Before)
	e.head(&tr.After)
	for i := range tr.Accounts {
		u := &tr.Accounts[i]
		e.uvarint(u.Account.Index)
		e.account(&u.Account.Before)
		e.account(&u.Account.After)
		e.proof(&u.Account.Proof)
		e.uvarint(u.Position.Index)
		e.position(&u.Position.Before)
		e.position(&u.Position.After)
		e.proof(&u.Position.Proof)
		e.uvarint(u.Order.Index)
		e.orderSlot(&u.Order.Before)
		e.orderSlot(&u.Order.After)
		e.proof(&u.Order.Proof)
	}
	e.uvarint(tr.Market.Index)
	e.market(&tr.Market.Before)
	e.market(&tr.Market.After)
	e.proof(&tr.Market.Proof)
	return nil
}

func leafEqual[T comparable](a, b *LeafUpdate[T]) bool {
	return a.Index == b.Index && a.Before == b.Before && a.After == b.After && a.Proof.Index == b.Proof.Index &&
		slices.Equal(a.Proof.Siblings, b.Proof.Siblings)
}

// sameTrace reports whether b is a NoOp trace that copies NoOp trace a (as a batch's padding NoOps do).
func sameTrace(a, b *Trace) bool {
	if !isNoOp(a) || !isNoOp(b) || a.Pubdata != b.Pubdata || a.Before != b.Before || a.After != b.After ||
		!leafEqual(&a.Market, &b.Market) {
		return false
	}
	for i := range a.Accounts {
		x, y := &a.Accounts[i], &b.Accounts[i]
		if !leafEqual(&x.Account, &y.Account) || !leafEqual(&x.Position, &y.Position) || !leafEqual(&x.Order, &y.Order) {
			return false
		}
	}
	return true
}

// EncodeTraces serializes traces (a sealed batch's).
func EncodeTraces(trs []*Trace) ([]byte, error) {
	e := traceEncoder{b: make([]byte, 0, 1024+512*len(trs)), seen: make(map[fr.Element]uint32, 64+32*len(trs))}
	e.b = append(e.b, codecMagic, codecVersion)
	e.uvarint(uint64(len(trs)))
	for i, tr := range trs {
		if tr == nil {
			return nil, fmt.Errorf("%w: trace %d is nil", ErrInvalidTx, i)
		}
		if i > 0 && sameTrace(trs[i-1], tr) {
			e.b = append(e.b, traceSame)
			continue
		}
		e.b = append(e.b, traceNew)
		if err := e.trace(tr); err != nil {
			return nil, fmt.Errorf("state: encode trace %d: %w", i, err)
		}
	}
	return e.b, nil
}

type traceDecoder struct {
	b    []byte
	seen []fr.Element
	err  error
}

func (d *traceDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: "+format, append([]any{ErrTraceCodec}, args...)...)
	}
}

func (d *traceDecoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) == 0 {
		d.fail("truncated")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *traceDecoder) uvarint(max uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad or truncated integer")
		return 0
	}
	d.b = d.b[n:]
	if v > max {
		d.fail("integer %d above %d", v, max)
		return 0
	}
	return v
}

func (d *traceDecoder) u64() uint64 { return d.uvarint(math.MaxUint64) }
func (d *traceDecoder) u32() uint32 { return uint32(d.uvarint(math.MaxUint32)) }
func (d *traceDecoder) u16() uint16 { return uint16(d.uvarint(math.MaxUint16)) }
func (d *traceDecoder) u8() uint8   { return uint8(d.uvarint(math.MaxUint8)) }

func (d *traceDecoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad or truncated integer")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *traceDecoder) bool() bool {
	switch c := d.byte(); c {
	case 0:
		return false
	case 1:
		return true
	default:
		d.fail("bool %d", c)
		return false
	}
}

func (d *traceDecoder) sig(s *Signature) {
	if d.err != nil {
		return
	}
	if len(d.b) < len(s) {
		d.fail("truncated signature")
		return
	}
	copy(s[:], d.b)
	d.b = d.b[len(s):]
}

func (d *traceDecoder) elem(x *fr.Element) {
	i := d.uvarint(uint64(len(d.seen)))
	if d.err != nil {
		return
	}
	if i > 0 {
		*x = d.seen[i-1]
		return
	}
	if len(d.b) < fr.Bytes {
		d.fail("truncated field element")
		return
	}
	v, err := fr.LittleEndian.Element((*[fr.Bytes]byte)(d.b))
	if err != nil {
		d.fail("field element: %v", err)
		return
	}
	d.b = d.b[fr.Bytes:]
	d.seen = append(d.seen, v)
	*x = v
}

func (d *traceDecoder) head(h *Head) {
	h.Batch = d.u64()
	d.elem(&h.AccountsRoot)
	d.elem(&h.MarketsRoot)
	d.elem(&h.DepositHash)
	h.DepositCount = d.u64()
	h.Time = d.u32()
}

func (d *traceDecoder) proof(p *smt.Proof) {
	p.Index = d.u64()
	n := d.uvarint(maxSiblings)
	if d.err != nil || n == 0 {
		p.Siblings = nil
		return
	}
	p.Siblings = make([]fr.Element, n)
	for i := range p.Siblings {
		d.elem(&p.Siblings[i])
	}
}

func (d *traceDecoder) pubKey(k *PublicKey) {
	d.elem(&k.X)
	d.elem(&k.Y)
}

func (d *traceDecoder) account(a *Account) {
	d.pubKey(&a.PubKey)
	a.Nonce = d.u32()
	a.Free = d.u64()
	d.elem(&a.PositionsRoot)
	d.elem(&a.OrdersRoot)
}

func (d *traceDecoder) position(p *Position) {
	p.Size = d.varint()
	p.Collateral = d.u64()
	p.EntryNotional = d.u64()
	p.FundingIndex = d.varint()
}

func (d *traceDecoder) orderSlot(o *OrderSlot) {
	o.OrderID = d.u32()
	o.Filled = d.u64()
}

func (d *traceDecoder) market(m *Market) {
	p := &m.Params
	p.Tick = d.u64()
	p.IMF = d.u32()
	p.MMF = d.u32()
	p.MaxFunding = d.u32()
	p.MakerFee = d.u16()
	p.TakerFee = d.u16()
	p.LiqFee = d.u32()
	m.Mark = d.u64()
	m.FundingIndex = d.varint()
	m.OpenInterest = d.u64()
	m.Insurance = d.varint()
	m.FeePool = d.u64()
	m.LastFunding = d.u32()
	m.MarkTime = d.u32()
}

func (d *traceDecoder) order(o *Order) {
	o.Account = d.u32()
	o.ID = d.u32()
	o.Market = d.u8()
	o.Buy = d.bool()
	o.Price = d.u64()
	o.Size = d.u64()
	o.MaxMakerFee = d.u16()
	o.MaxTakerFee = d.u16()
	o.Expiry = d.u32()
	d.sig(&o.Sig)
}

func (d *traceDecoder) tx() Tx {
	switch typ := TxType(d.byte()); typ {
	case TxNoOp:
		return NoOp{}
	case TxDeposit:
		var t Deposit
		t.Account = d.u32()
		d.pubKey(&t.PubKey)
		t.Amount = d.u64()
		t.ForcedExit = d.bool()
		t.Refunded = d.bool()
		return t
	case TxWithdraw:
		var t Withdraw
		t.Account = d.u32()
		t.Amount = d.u64()
		t.Nonce = d.u32()
		d.sig(&t.Sig)
		return t
	case TxPositionMargin:
		var t PositionMargin
		t.Account = d.u32()
		t.Market = d.u8()
		t.ToPosition = d.bool()
		t.Amount = d.u64()
		t.Nonce = d.u32()
		d.sig(&t.Sig)
		return t
	case TxFill:
		var t Fill
		d.order(&t.Maker)
		d.order(&t.Taker)
		t.Price = d.u64()
		t.Size = d.u64()
		return t
	case TxLiquidate:
		var t Liquidate
		t.Account = d.u32()
		t.Market = d.u8()
		t.Forced = d.bool()
		return t
	case TxFundingTick:
		var t FundingTick
		t.Market = d.u8()
		t.Rate = d.varint()
		return t
	case TxMarkPrice:
		var t MarkPrice
		t.Market = d.u8()
		t.Price = d.u64()
		t.Round = d.u64()
		return t
	default:
		d.fail("tx type %d", typ)
		return nil
	}
}

func (d *traceDecoder) trace(tr *Trace) {
	tr.Tx = d.tx()
	d.elem(&tr.Pubdata)
	d.head(&tr.Before)
	d.head(&tr.After)
	for i := range tr.Accounts {
		u := &tr.Accounts[i]
		u.Account.Index = d.u64()
		d.account(&u.Account.Before)
		d.account(&u.Account.After)
		d.proof(&u.Account.Proof)
		u.Position.Index = d.u64()
		d.position(&u.Position.Before)
		d.position(&u.Position.After)
		d.proof(&u.Position.Proof)
		u.Order.Index = d.u64()
		d.orderSlot(&u.Order.Before)
		d.orderSlot(&u.Order.After)
		d.proof(&u.Order.Proof)
	}
	tr.Market.Index = d.u64()
	d.market(&tr.Market.Before)
	d.market(&tr.Market.After)
	d.proof(&tr.Market.Proof)
}

func isNoOp(tr *Trace) bool {
	_, ok := tr.Tx.(NoOp)
	return ok
}

// cloneTrace copies tr with its own proofs' siblings.
func cloneTrace(tr *Trace) *Trace {
	c := *tr
	for i := range c.Accounts {
		u := &c.Accounts[i]
		u.Account.Proof.Siblings = slices.Clone(u.Account.Proof.Siblings)
		u.Position.Proof.Siblings = slices.Clone(u.Position.Proof.Siblings)
		u.Order.Proof.Siblings = slices.Clone(u.Order.Proof.Siblings)
	}
	c.Market.Proof.Siblings = slices.Clone(c.Market.Proof.Siblings)
	return &c
}

// DecodeTraces is the inverse of EncodeTraces (and decodes the gob encoding of earlier versions).
func DecodeTraces(b []byte) ([]*Trace, error) {
	if len(b) == 0 || b[0] != codecMagic {
		return decodeGobTraces(b)
	}
	if len(b) < 2 || b[1] != codecVersion {
		return nil, fmt.Errorf("%w: unknown version", ErrTraceCodec)
	}
	d := traceDecoder{b: b[2:]}
	n := d.uvarint(uint64(len(b))) // every trace takes at least a byte
	out := make([]*Trace, 0, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		switch k := d.byte(); {
		case d.err != nil:
		case k == traceSame && i > 0 && isNoOp(out[i-1]):
			out = append(out, cloneTrace(out[i-1]))
		case k == traceNew:
			tr := new(Trace)
			d.trace(tr)
			out = append(out, tr)
		default:
			d.fail("trace %d: kind %d", i, k)
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the traces", len(d.b))
	}
	if d.err != nil {
		return nil, fmt.Errorf("state: decode traces: %w", d.err)
	}
	return out, nil
}

// gobTrace is a Trace with its tx in a concrete field per type: the encoding of earlier versions.
type gobTrace struct {
	Trace
	Deposit        *Deposit
	Withdraw       *Withdraw
	PositionMargin *PositionMargin
	Fill           *Fill
	Liquidate      *Liquidate
	FundingTick    *FundingTick
	MarkPrice      *MarkPrice
}

func decodeGobTraces(b []byte) ([]*Trace, error) {
	var recs []gobTrace
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&recs); err != nil {
		return nil, fmt.Errorf("state: decode traces: %w: %w", ErrTraceCodec, err)
	}
	out := make([]*Trace, len(recs))
	for i := range recs {
		r := &recs[i]
		tr := r.Trace
		switch {
		case r.Deposit != nil:
			tr.Tx = *r.Deposit
		case r.Withdraw != nil:
			tr.Tx = *r.Withdraw
		case r.PositionMargin != nil:
			tr.Tx = *r.PositionMargin
		case r.Fill != nil:
			tr.Tx = *r.Fill
		case r.Liquidate != nil:
			tr.Tx = *r.Liquidate
		case r.FundingTick != nil:
			tr.Tx = *r.FundingTick
		case r.MarkPrice != nil:
			tr.Tx = *r.MarkPrice
		default:
			tr.Tx = NoOp{}
		}
		out[i] = &tr
	}
	return out, nil
}

// AppendOrders appends the compact binary encoding of signed orders to b (as traces carry them: varints and the
// signature's 64 bytes; a sequencer checkpoint stores its resting orders so).
func AppendOrders(b []byte, orders []Order) []byte {
	e := traceEncoder{b: b}
	e.uvarint(uint64(len(orders)))
	for i := range orders {
		e.order(&orders[i])
	}
	return e.b
}

// DecodeOrders is the inverse of AppendOrders: it decodes all of b.
func DecodeOrders(b []byte) ([]Order, error) {
	d := traceDecoder{b: b}
	n := d.uvarint(uint64(len(b) / (1 + len(Signature{}))))
	out := make([]Order, n)
	for i := range out {
		d.order(&out[i])
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the orders", len(d.b))
	}
	if d.err != nil {
		return nil, fmt.Errorf("state: decode orders: %w", d.err)
	}
	return out, nil
}
