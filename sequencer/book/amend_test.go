package book

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAmend(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Buy, 1000, 5), lim(2, 1, Buy, 1000, 5), lim(5, 1, Buy, 1000, 5), lim(9, 1, Sell, 1100, 5))
	amend := func(acct uint32, id, price, size uint64) {
		t.Helper()
		if err := x.do(func() error { return x.b.Amend(x.now, acct, id, price, size) }); err != nil {
			t.Fatal(err)
		}
	}
	// size down keeps the place in the queue
	amend(1, 1, 0, 3)
	x.expect("amended 1/1 3@1000 kept")
	x.expectQueue(Buy, "1/1:3@1000", "2/1:5@1000", "5/1:5@1000")
	// size up goes to the back
	amend(1, 1, 0, 6)
	x.expect("amended 1/1 6@1000 moved")
	x.expectQueue(Buy, "2/1:5@1000", "5/1:5@1000", "1/1:6@1000")
	// a new price goes to the back of the new level, even when it comes back
	amend(2, 1, 990, 0)
	amend(2, 1, 1000, 0)
	x.expectQueue(Buy, "5/1:5@1000", "1/1:6@1000", "2/1:5@1000")
	// a new price that crosses trades at once; the rest stays on the book
	amend(5, 1, 1100, 8)
	x.expect("amended 5/1 8@1100 moved", "fill 5/1<-9/1 5@1100 fees 0/1")
	x.expectQueue(Buy, "5/1:3@1100", "1/1:6@1000", "2/1:5@1000")
	if o, _ := x.b.Lookup(5, 1); o.Filled != 5 || o.Size != 8 {
		t.Fatalf("amended order %+v", o)
	}
	// an iceberg's size down shrinks the hidden part first
	x.mustPlace(with(lim(4, 1, Sell, 1200, 10), func(o *Order) { o.DisplaySize = 4 }))
	amend(4, 1, 0, 6)
	if o, _ := x.b.Lookup(4, 1); o.Visible != 4 || o.Open() != 6 {
		t.Fatalf("iceberg %+v", o)
	}
	amend(4, 1, 0, 3)
	if o, _ := x.b.Lookup(4, 1); o.Visible != 3 || o.Open() != 3 {
		t.Fatalf("iceberg %+v", o)
	}
	if d, _ := x.b.BestAsk(); d.Size != 3 {
		t.Fatalf("level size %d", d.Size)
	}
	// same price and size: nothing changes
	amend(1, 1, 1000, 6)
	x.expect("amended 1/1 6@1000 kept")
}

func TestCancelAndCancelAll(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Buy, 1000, 5), lim(2, 1, Buy, 1000, 5), lim(1, 2, Sell, 1100, 1),
		with(lim(1, 3, Sell, 1100, 1), func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 500 }), lim(1, 4, Buy, 990, 2))
	if err := x.do(func() error { return x.b.Cancel(x.now, 2, 1) }); err != nil {
		t.Fatal(err)
	}
	x.expect("cancelled 2/1 5")
	if err := x.do(func() error { return x.b.Cancel(x.now, 2, 1) }); !errors.Is(err, ReasonUnknownOrder) {
		t.Fatalf("second cancel: %v", err)
	}
	if got := len(x.b.AccountOrders(1, nil)); got != 4 {
		t.Fatalf("account 1 has %d orders", got)
	}
	var n int
	if err := x.do(func() (err error) { n, err = x.b.CancelAll(x.now, 1); return err }); err != nil || n != 4 {
		t.Fatalf("cancel-all: %d, %v", n, err)
	}
	x.expect("cancelled 1/1 5", "cancelled 1/2 1", "cancelled 1/3 1", "cancelled 1/4 2")
	if x.b.Len() != 0 {
		t.Fatal("orders left")
	}
	if err := x.do(func() (err error) { n, err = x.b.CancelAll(x.now, 1); return err }); err != nil || n != 0 {
		t.Fatalf("cancel-all of nothing: %d, %v", n, err)
	}
	// ids are free again
	x.mustPlace(lim(1, 1, Buy, 1000, 5))
}

func TestDepthQueries(t *testing.T) {
	x := newTBook(t)
	for i := range 100 {
		x.mustPlace(lim(uint32(i%7), uint64(i), Buy, uint64(500+10*(i%40)), uint64(1+i%3)),
			lim(uint32(i%7), uint64(1000+i), Sell, uint64(1000+10*(i%40)), 2))
	}
	bids := x.b.Depth(Buy, 0, nil)
	if len(bids) != 40 || bids[0].Price != 890 || bids[39].Price != 500 {
		t.Fatalf("bids %v", bids)
	}
	var total uint64
	for i, l := range bids {
		if i > 0 && l.Price >= bids[i-1].Price {
			t.Fatal("bids not best first")
		}
		total += l.Size
	}
	if total != 199 {
		t.Fatalf("bid size %d", total)
	}
	if asks := x.b.Depth(Sell, 5, nil); len(asks) != 5 || asks[0] != (Level{Price: 1000, Size: 6, Orders: 3}) || asks[4].Price != 1040 {
		t.Fatalf("asks %v", asks)
	}
	l3 := x.b.Orders(Sell, 4, nil)
	if len(l3) != 4 || l3[0].ID != 1000 || l3[1].ID != 1040 || l3[2].ID != 1080 || l3[3].ID != 1001 {
		t.Fatalf("L3 %+v", l3)
	}
	if len(x.b.Depth(0, 0, nil)) != 0 || len(x.b.Orders(3, 0, nil)) != 0 {
		t.Fatal("invalid side answered")
	}
}

func TestSnapshotRestore(t *testing.T) {
	// build a busy book with every kind of order, snapshot it, restore it and check both evolve identically
	h := newHarness(true)
	rng := rand.New(rand.NewPCG(3, 4))
	ops := decodeOps(randomBytes(rng, 4000))
	half := len(ops) / 2
	for i, op := range ops[:half] {
		if op.kind == opRestore {
			continue
		}
		if err := h.step(i, op); err != nil {
			t.Fatal(err)
		}
	}
	s := h.book.Snapshot()
	data, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var s2 Snapshot
	if err := s2.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if !snapshotsEqual(s, &s2) {
		t.Fatal("encoding round trip differs")
	}
	restored, err := Restore(h.cfg, &s2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d2, _ := restored.Snapshot().MarshalBinary(); !bytes.Equal(d2, data) {
		t.Fatal("restored book snapshots differently")
	}
	if err := checkInvariants(restored); err != nil {
		t.Fatal(err)
	}
	// the original continues against the reference; the restored copy, with its own copy of the positions, must
	// emit the very same events
	var got []Event
	risk := h.bookRisk.clone()
	restored.sink = SinkFunc(func(e *Event) {
		got = append(got, *e)
		risk.apply(e)
	})
	restored.risk = risk
	for i, op := range ops[half:] {
		if op.kind == opRestore {
			continue
		}
		got = got[:0]
		if err := h.step(i, op); err != nil {
			t.Fatal(err)
		}
		switch op.kind {
		case opPlace:
			_ = restored.Place(op.now, op.order)
		case opCancel:
			_ = restored.Cancel(op.now, op.account, op.id)
		case opCancelAll:
			_, _ = restored.CancelAll(op.now, op.account)
		case opAmend:
			_ = restored.Amend(op.now, op.account, op.id, op.price, op.size)
		case opMark:
			_ = restored.SetMark(op.now, op.mark)
		case opAdvance:
			_ = restored.Advance(op.now)
		case opFees:
			_ = restored.SetFees(op.maker, op.taker)
		}
		if !slices.Equal(got, h.got) {
			t.Fatalf("op %d: restored book diverges:%s\nvs%s", i, fmtEvents(got), fmtEvents(h.got))
		}
	}
}

func TestSnapshotRejectsCorruption(t *testing.T) {
	x := newTBook(t)
	x.mustPlace(lim(1, 1, Buy, 1000, 5), lim(2, 1, Sell, 1100, 5))
	data, _ := x.b.Snapshot().MarshalBinary()
	var s Snapshot
	for i := range data {
		d := bytes.Clone(data)
		d[i] ^= 0x40
		if err := s.UnmarshalBinary(d); !errors.Is(err, ErrBadSnapshot) {
			t.Fatalf("flipped byte %d accepted", i)
		}
	}
	if err := s.UnmarshalBinary(data[:len(data)-1]); !errors.Is(err, ErrBadSnapshot) {
		t.Fatal("truncated snapshot accepted")
	}
	// contents that decode but are inconsistent
	good := x.b.Snapshot()
	for name, edit := range map[string]func(*Snapshot){
		"market":    func(s *Snapshot) { s.Market = 9 },
		"crossed":   func(s *Snapshot) { s.Orders[0].Price = 1200 },
		"duplicate": func(s *Snapshot) { s.Orders[1].Account, s.Orders[1].ID = 1, 1 },
		"filled":    func(s *Snapshot) { s.Orders[0].Filled = 5 },
		"visible":   func(s *Snapshot) { s.Orders[0].Visible = 0 },
		"off tick":  func(s *Snapshot) { s.Orders[0].Price = 1001 },
		"seq":       func(s *Snapshot) { s.Orders[1].Seq = s.Orders[0].Seq },
		"prio":      func(s *Snapshot) { s.Orders[1].Prio = s.Orders[0].Prio },
		"immediate": func(s *Snapshot) { s.Orders[0].TIF = IOC },
		"expired":   func(s *Snapshot) { s.Orders[0].TIF, s.Orders[0].ExpiresAt = GTT, 1 },
		"pending":   func(s *Snapshot) { s.Orders[0].Pending = true },
		"enum":      func(s *Snapshot) { s.Orders[0].Side = 5 },
	} {
		s := *good
		s.Orders = append([]OrderInfo(nil), good.Orders...)
		edit(&s)
		if _, err := Restore(testConfig(), &s, nil); !errors.Is(err, ErrBadSnapshot) {
			t.Errorf("%s: restored: %v", name, err)
		}
	}
}

// FuzzSnapshotDecode checks that decoding and restoring arbitrary bytes never panics and that whatever restores
// is a consistent book. The fuzzer works on the body; the checksum is appended so that the contents get explored.
func FuzzSnapshotDecode(f *testing.F) {
	b, _ := New(testConfig(), nil)
	_ = b.Place(1, lim(1, 1, Buy, 1000, 5))
	_ = b.Place(1, with(lim(2, 1, Sell, 1100, 9), func(o *Order) { o.DisplaySize = 2 }))
	_ = b.Place(1, with(lim(3, 1, Sell, 1200, 9), func(o *Order) { o.Trigger, o.TriggerPrice = StopLoss, 900 }))
	data, _ := b.Snapshot().MarshalBinary()
	f.Add(data[:len(data)-4])
	f.Fuzz(func(t *testing.T, data []byte) {
		data = binary.BigEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
		var s Snapshot
		if s.UnmarshalBinary(data) != nil {
			return
		}
		b, err := Restore(testConfig(), &s, nil)
		if err != nil {
			return
		}
		if err := checkInvariants(b); err != nil {
			t.Fatal(err)
		}
	})
}
