package book

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"slices"
)

// ErrBadSnapshot is wrapped by every error of Restore and Snapshot.UnmarshalBinary.
var ErrBadSnapshot = errors.New("book: bad snapshot")

// Snapshot is the complete state of a book: restoring it gives a book that emits exactly the events the
// original would have emitted for the same later operations. It holds no pointers into the book.
type Snapshot struct {
	Market      uint8
	Seq         uint64 // last event sequence number
	Prio        uint64 // last queue stamp
	Now         uint64
	Mark        uint64
	MakerFeePpm uint32
	TakerFeePpm uint32
	LastRef     [3]uint64   // peg reference values last used (best bid, best ask, mark)
	Orders      []OrderInfo // every live order, by Seq (arrival)
}

// Snapshot returns the book's state.
func (b *Book) Snapshot() *Snapshot {
	s := &Snapshot{
		Market: b.cfg.Market, Seq: b.seq, Prio: b.prio, Now: b.now, Mark: b.mark,
		MakerFeePpm: b.makerFee, TakerFeePpm: b.takerFee, LastRef: b.lastRef,
		Orders: make([]OrderInfo, 0, len(b.ids)),
	}
	for _, o := range b.ids {
		s.Orders = append(s.Orders, o.info())
	}
	sortBySeq(s.Orders)
	return s
}

func sortBySeq(os []OrderInfo) {
	slices.SortFunc(os, func(x, y OrderInfo) int { return cmp.Compare(x.Seq, y.Seq) })
}

// Restore builds a book from a snapshot taken from a book with the same configuration (fee rates come from the
// snapshot). It checks the snapshot's consistency and returns an error wrapping ErrBadSnapshot if it is not.
func Restore(cfg Config, s *Snapshot, log *slog.Logger) (*Book, error) {
	if cfg.ExpectedOrders < len(s.Orders) {
		cfg.ExpectedOrders = len(s.Orders)
	}
	b, err := New(cfg, log)
	if err != nil {
		return nil, err
	}
	bad := func(format string, args ...any) (*Book, error) {
		return nil, fmt.Errorf("%w: %s", ErrBadSnapshot, fmt.Sprintf(format, args...))
	}
	switch {
	case s.Market != b.cfg.Market:
		return bad("market %d, want %d", s.Market, b.cfg.Market)
	case s.MakerFeePpm > MaxFeePpm || s.TakerFeePpm > MaxFeePpm:
		return bad("fee rates %d/%d", s.MakerFeePpm, s.TakerFeePpm)
	case s.Mark > MaxPrice:
		return bad("mark %d", s.Mark)
	case b.cfg.MaxOrders > 0 && len(s.Orders) > b.cfg.MaxOrders:
		return bad("%d orders above the maximum %d", len(s.Orders), b.cfg.MaxOrders)
	}
	b.seq, b.prio, b.now, b.mark, b.lastRef = s.Seq, s.Prio, s.Now, s.Mark, s.LastRef
	b.makerFee, b.takerFee = s.MakerFeePpm, s.TakerFeePpm
	os := make([]*order, 0, len(s.Orders))
	prios := make(map[uint64]bool, len(s.Orders))
	for i := range s.Orders {
		in := &s.Orders[i]
		if err := b.checkRestored(in); err != nil {
			return bad("order %d/%d: %v", in.Account, in.ID, err)
		}
		if i > 0 && in.Seq <= s.Orders[i-1].Seq {
			return bad("orders not in arrival order at %d", i)
		}
		if in.Seq > s.Seq || in.Prio > s.Prio || prios[in.Prio] {
			return bad("order %d/%d: sequence %d or priority %d out of range or repeated", in.Account, in.ID, in.Seq, in.Prio)
		}
		prios[in.Prio] = true
		if _, dup := b.ids[keyOf(in.Account, in.ID)]; dup {
			return bad("duplicate order %d/%d", in.Account, in.ID)
		}
		o := b.pools.newOrder()
		o.side, o.typ, o.tif, o.trigger, o.peg, o.stp = in.Side, in.Type, in.TIF, in.Trigger, in.Peg, in.STP
		o.postOnly, o.reduceOnly, o.pending = in.PostOnly, in.ReduceOnly, in.Pending
		o.account, o.id, o.seq, o.prio = in.Account, in.ID, in.Seq, in.Prio
		o.price, o.limit, o.trigPrice, o.pegOffset = in.Price, in.Limit, in.TriggerPrice, in.PegOffset
		o.size, o.filled, o.visible, o.display, o.expiresAt = in.Size, in.Filled, in.Visible, in.Display, in.ExpiresAt
		o.makerMax, o.takerMax = in.MaxMakerFee, in.MaxTakerFee
		o.sig = sigOK
		if in.Unverified {
			o.sig = sigUnchecked
		}
		b.index(o) // in arrival order: account lists, peg lists and the expiry heap come out as they were
		os = append(os, o)
	}
	slices.SortFunc(os, func(x, y *order) int { return cmp.Compare(x.prio, y.prio) })
	for _, o := range os {
		if o.pending {
			b.trigLadder(o).getOrAdd(o.trigPrice).push(o)
		} else {
			b.sideLadder(o.side).getOrAdd(o.price).push(o)
		}
	}
	if bid, ask := b.bids.best(), b.asks.best(); bid != nil && ask != nil && bid.price >= ask.price {
		return bad("crossed book: bid %d ≥ ask %d", bid.price, ask.price)
	}
	b.log.Info("book restored", "orders", len(os), "seq", b.seq)
	return b, nil
}

// checkRestored checks one order of a snapshot.
func (b *Book) checkRestored(o *OrderInfo) error {
	c := &b.cfg
	switch {
	case o.Side != Buy && o.Side != Sell, o.Type > Pegged, o.TIF > FOK, o.STP > STPExpireBoth,
		o.Trigger > TakeProfit, o.Peg > PegMark, (o.Type == Pegged) != (o.Peg != PegNone):
		return errors.New("invalid enum")
	case o.Size == 0 || o.Size > MaxSize || o.Filled >= o.Size:
		return errors.New("bad size")
	case o.Price > MaxPrice || o.Price%c.TickSize != 0 || o.Limit > MaxPrice || o.Limit%c.TickSize != 0:
		return errors.New("bad price")
	case o.Type != Pegged && (o.Limit != 0 || o.PegOffset != 0):
		return errors.New("peg fields on a non-pegged order")
	case o.PegOffset < -MaxPrice || o.PegOffset > MaxPrice || o.PegOffset%int64(c.TickSize) != 0:
		return errors.New("bad peg offset")
	case o.Display > MaxSize || o.ExpiresAt != 0 && o.ExpiresAt <= b.now || (o.TIF == GTT) != (o.ExpiresAt != 0):
		return errors.New("bad display size or expiry")
	case o.Price == 0 || overflows(o.Size, o.Price):
		return errors.New("bad notional")
	case o.ReduceOnly && o.Display != 0:
		return errors.New("reduce-only iceberg")
	case o.Unverified && (!o.PostOnly || o.Type != Limit || o.Trigger != TriggerNone || c.Signatures == nil):
		return errors.New("an unverified order that can take liquidity, or no signature checker")
	case o.Trigger != TriggerNone && (o.TriggerPrice == 0 || o.TriggerPrice > MaxPrice || o.TriggerPrice%c.TickSize != 0):
		return errors.New("bad trigger")
	}
	if o.Pending {
		if o.Trigger == TriggerNone || o.Visible != 0 || o.Filled != 0 ||
			b.mark != 0 && triggered(o.Trigger, o.Side, o.TriggerPrice, b.mark) {
			return errors.New("bad pending order")
		}
		return nil
	}
	open := o.Size - o.Filled
	switch {
	case o.TIF != GTC && o.TIF != GTT || o.Type == Market:
		return errors.New("an immediate order cannot rest")
	case o.Visible == 0 || o.Visible > open || o.Display == 0 && o.Visible != open || o.Display != 0 && o.Visible > o.Display:
		return errors.New("bad visible size")
	}
	return nil
}

const (
	snapMagic = "ZKBK"
	// snapVersion 2 added the unverified flag (flags bit 8): a binary that reads only version 1 refuses a snapshot
	// that may hold unverified orders instead of taking them as verified
	snapVersion   = 2
	snapHeaderLen = 4 + 1 + 1 + 8*4 + 4*2 + 8*3 + 4
	snapOrderLen  = 4 + 8*3 + 8 + 8*9 + 4*2
)

// MarshalBinary encodes the snapshot (big-endian, fixed-size records, CRC-32C at the end).
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	buf := make([]byte, 0, snapHeaderLen+len(s.Orders)*snapOrderLen+4)
	buf = append(buf, snapMagic...)
	buf = append(buf, snapVersion, s.Market)
	for _, v := range []uint64{s.Seq, s.Prio, s.Now, s.Mark} {
		buf = binary.BigEndian.AppendUint64(buf, v)
	}
	buf = binary.BigEndian.AppendUint32(buf, s.MakerFeePpm)
	buf = binary.BigEndian.AppendUint32(buf, s.TakerFeePpm)
	for _, v := range s.LastRef {
		buf = binary.BigEndian.AppendUint64(buf, v)
	}
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(s.Orders)))
	for i := range s.Orders {
		o := &s.Orders[i]
		buf = binary.BigEndian.AppendUint32(buf, o.Account)
		buf = binary.BigEndian.AppendUint64(buf, o.ID)
		buf = binary.BigEndian.AppendUint64(buf, o.Seq)
		buf = binary.BigEndian.AppendUint64(buf, o.Prio)
		var flags byte
		if o.Pending {
			flags |= 1
		}
		if o.PostOnly {
			flags |= 2
		}
		if o.ReduceOnly {
			flags |= 4
		}
		if o.Unverified {
			flags |= 8
		}
		buf = append(buf, flags, byte(o.Side), byte(o.Type), byte(o.TIF), byte(o.Trigger), byte(o.Peg), byte(o.STP), 0)
		for _, v := range []uint64{o.Price, o.Limit, o.TriggerPrice, uint64(o.PegOffset), o.Size, o.Filled, o.Visible, o.Display, o.ExpiresAt} {
			buf = binary.BigEndian.AppendUint64(buf, v)
		}
		buf = binary.BigEndian.AppendUint32(buf, o.MaxMakerFee)
		buf = binary.BigEndian.AppendUint32(buf, o.MaxTakerFee)
	}
	return binary.BigEndian.AppendUint32(buf, crc32.Checksum(buf, castagnoli)), nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// UnmarshalBinary decodes a snapshot written by MarshalBinary. It checks the framing and checksum only; Restore
// checks the contents.
func (s *Snapshot) UnmarshalBinary(data []byte) error {
	bad := func(what string) error { return fmt.Errorf("%w: %s", ErrBadSnapshot, what) }
	if len(data) < snapHeaderLen+4 || string(data[:4]) != snapMagic {
		return bad("not a book snapshot")
	}
	if data[4] != snapVersion && data[4] != 1 {
		return bad(fmt.Sprintf("version %d", data[4]))
	}
	body, sum := data[:len(data)-4], binary.BigEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return bad("checksum mismatch")
	}
	r := reader{b: body[5:]}
	*s = Snapshot{Market: body[5]}
	r.b = r.b[1:]
	s.Seq, s.Prio, s.Now, s.Mark = r.u64(), r.u64(), r.u64(), r.u64()
	s.MakerFeePpm, s.TakerFeePpm = r.u32(), r.u32()
	for i := range s.LastRef {
		s.LastRef[i] = r.u64()
	}
	n := int(r.u32())
	if len(r.b) != n*snapOrderLen {
		return bad("length does not match the order count")
	}
	s.Orders = make([]OrderInfo, n)
	for i := range s.Orders {
		o := &s.Orders[i]
		o.Account, o.ID, o.Seq, o.Prio = r.u32(), r.u64(), r.u64(), r.u64()
		f := r.take(8)
		o.Pending, o.PostOnly, o.ReduceOnly, o.Unverified = f[0]&1 != 0, f[0]&2 != 0, f[0]&4 != 0, f[0]&8 != 0
		o.Side, o.Type, o.TIF, o.Trigger = Side(f[1]), OrderType(f[2]), TimeInForce(f[3]), TriggerKind(f[4])
		o.Peg, o.STP = PegRef(f[5]), STPMode(f[6])
		o.Price, o.Limit, o.TriggerPrice, o.PegOffset = r.u64(), r.u64(), r.u64(), int64(r.u64())
		o.Size, o.Filled, o.Visible, o.Display, o.ExpiresAt = r.u64(), r.u64(), r.u64(), r.u64(), r.u64()
		o.MaxMakerFee, o.MaxTakerFee = r.u32(), r.u32()
	}
	return nil
}

// reader consumes a byte slice whose length the caller has checked.
type reader struct{ b []byte }

func (r *reader) take(n int) []byte {
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u64() uint64 { return binary.BigEndian.Uint64(r.take(8)) }
func (r *reader) u32() uint32 { return binary.BigEndian.Uint32(r.take(4)) }
