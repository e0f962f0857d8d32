package book

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// mockRisk is a deterministic RiskChecker: positions follow the fills it is told about, and it refuses account 3
// anything above 6 steps and any non-reduce-only order that could take an account beyond 60 steps.
type mockRisk struct {
	market uint8
	pos    map[uint32]int64
}

var errRefused = errors.New("mock: margin")

func newMockRisk(market uint8) *mockRisk { return &mockRisk{market: market, pos: map[uint32]int64{}} }

func (m *mockRisk) CheckOrder(c RiskCheck) error {
	if c.Market != m.market {
		return fmt.Errorf("mock: market %d", c.Market)
	}
	p := m.pos[c.Account]
	if p < 0 {
		p = -p
	}
	if c.Account == 3 && c.Size > 6 || !c.ReduceOnly && uint64(p)+c.Size > 60 {
		return errRefused
	}
	return nil
}

func (m *mockRisk) Position(account uint32, _ uint8) int64 { return m.pos[account] }

// apply updates the positions with a fill, as the sequencer's sink does.
func (m *mockRisk) apply(e *Event) {
	if e.Kind != EventFill {
		return
	}
	d := int64(e.Size)
	if e.Side == Sell {
		d = -d
	}
	m.pos[e.Order.Account] += d
	m.pos[e.Maker.Account] -= d
}

func (m *mockRisk) clone() *mockRisk {
	return &mockRisk{market: m.market, pos: maps.Clone(m.pos)}
}

// ledger follows every order through the event stream and checks conservation: an order's fills never exceed its
// size, and when it leaves, size = fills + the size removed.
type ledger struct {
	live map[OrderRef]*ledgerEntry
	seq  uint64
}

type ledgerEntry struct{ size, filled uint64 }

func newLedger() *ledger { return &ledger{live: map[OrderRef]*ledgerEntry{}} }

func (l *ledger) apply(e *Event) error {
	if e.Seq != l.seq+1 {
		return fmt.Errorf("event seq %d after %d", e.Seq, l.seq)
	}
	l.seq = e.Seq
	get := func(r OrderRef) (*ledgerEntry, error) {
		x := l.live[r]
		if x == nil {
			return nil, fmt.Errorf("event %v for unknown order %v", e.Kind, r)
		}
		return x, nil
	}
	switch e.Kind {
	case EventAccepted:
		if l.live[e.Order] != nil {
			return fmt.Errorf("accepted twice: %v", e.Order)
		}
		l.live[e.Order] = &ledgerEntry{size: e.Size}
	case EventFill:
		if e.Order.Account == e.Maker.Account {
			return fmt.Errorf("self-trade %v", e)
		}
		t, err := get(e.Order)
		if err != nil {
			return err
		}
		m, err := get(e.Maker)
		if err != nil {
			return err
		}
		t.filled += e.Size
		m.filled += e.Size
		if e.Size == 0 || t.filled+e.Remaining != t.size || m.filled+e.MakerRemaining != m.size {
			return fmt.Errorf("fill does not conserve sizes: %+v (taker %+v maker %+v)", e, *t, *m)
		}
		if e.Remaining == 0 {
			delete(l.live, e.Order)
		}
		if e.MakerRemaining == 0 {
			delete(l.live, e.Maker)
		}
	case EventCancelled, EventExpired:
		x, err := get(e.Order)
		if err != nil {
			return err
		}
		if x.filled+e.Size != x.size {
			return fmt.Errorf("%v removes %d of %+v", e.Kind, e.Size, *x)
		}
		delete(l.live, e.Order)
	case EventTriggered, EventAmended:
		x, err := get(e.Order)
		if err != nil {
			return err
		}
		x.size = e.Size
		if x.filled+e.Remaining != x.size {
			return fmt.Errorf("%v: %+v vs %+v", e.Kind, e, *x)
		}
	case EventPosted, EventRepriced, EventRefilled:
		x, err := get(e.Order)
		if err != nil {
			return err
		}
		if x.filled+e.Remaining != x.size || e.Size == 0 || e.Size > e.Remaining {
			return fmt.Errorf("%v: %+v vs %+v", e.Kind, e, *x)
		}
	}
	return nil
}

// matches checks that the book's live orders are exactly the ledger's, with the same sizes.
func (l *ledger) matches(s *Snapshot) error {
	if len(s.Orders) != len(l.live) {
		return fmt.Errorf("book has %d orders, events say %d", len(s.Orders), len(l.live))
	}
	for _, o := range s.Orders {
		x := l.live[OrderRef{o.Account, o.ID}]
		if x == nil || x.size != o.Size || x.filled != o.Filled {
			return fmt.Errorf("order %d/%d: book %d/%d, events %+v", o.Account, o.ID, o.Filled, o.Size, x)
		}
	}
	return nil
}

// checkInvariants checks the book's internal structure: sorted uncrossed ladders, FIFO levels with exact
// aggregates, and every index agreeing with the ladders.
func checkInvariants(b *Book) error {
	seen := 0
	ro := 0
	var pegged [3]int
	for _, d := range []*ladder{&b.bids, &b.asks, &b.above, &b.below} {
		n := 0
		var lastKey uint64
		for ci, c := range d.chunks {
			if c.n == 0 || c.n > chunkCap {
				return fmt.Errorf("chunk %d has %d levels", ci, c.n)
			}
			for j := 0; j < c.n; j++ {
				l := c.lvls[j]
				if (ci > 0 || j > 0) && c.keys[j] <= lastKey {
					return fmt.Errorf("ladder keys not increasing at chunk %d/%d", ci, j)
				}
				lastKey = c.keys[j]
				if l == nil || d.key(l.price) != c.keys[j] || l.ladder != d || l.price%b.cfg.TickSize != 0 {
					return fmt.Errorf("bad level at %d", c.keys[j])
				}
				if err := checkLevel(b, d, l, &pegged); err != nil {
					return fmt.Errorf("level %d: %w", l.price, err)
				}
				seen += int(l.orders)
				for o := l.head; o != nil; o = o.next {
					if o.reduceOnly {
						ro++
					}
				}
				n++
			}
		}
		if n != d.n {
			return fmt.Errorf("ladder counts %d levels, holds %d", d.n, n)
		}
	}
	if bid, ask := b.bids.best(), b.asks.best(); bid != nil && ask != nil && bid.price >= ask.price {
		return fmt.Errorf("crossed book: bid %d ≥ ask %d", bid.price, ask.price)
	}
	if seen != len(b.ids) {
		return fmt.Errorf("%d orders in ladders, %d in the index", seen, len(b.ids))
	}
	if ro != b.roCount {
		return fmt.Errorf("reduce-only count %d, have %d", b.roCount, ro)
	}
	for k, o := range b.ids {
		if o.lvl == nil || !o.indexed || keyOf(o.account, o.id) != k {
			return fmt.Errorf("index entry %v is not a live order", k)
		}
	}
	total := 0
	for a, l := range b.accts {
		var prev *order
		n := 0
		for o := l.head; o != nil; o = o.anext {
			if o.account != a || o.aprev != prev || prev != nil && prev.seq >= o.seq {
				return fmt.Errorf("account %d list broken", a)
			}
			prev = o
			n++
		}
		if n != l.n || n == 0 || l.tail != prev {
			return fmt.Errorf("account %d list counts %d, holds %d", a, l.n, n)
		}
		total += n
	}
	if total != len(b.ids) {
		return fmt.Errorf("account lists hold %d orders, index %d", total, len(b.ids))
	}
	for k := range b.pegs {
		n := 0
		var prev *order
		for o := b.pegs[k].head; o != nil; o = o.pnext {
			if o.peg != PegRef(k+1) || prev != nil && prev.seq >= o.seq {
				return fmt.Errorf("peg list %d broken", k)
			}
			prev = o
			n++
		}
		if n != b.pegs[k].n || n != pegged[k] {
			return fmt.Errorf("peg list %d counts %d, holds %d, book has %d", k, b.pegs[k].n, n, pegged[k])
		}
	}
	gtt := 0
	for _, o := range b.ids {
		if o.tif == GTT {
			gtt++
			if o.heapIdx < 0 || int(o.heapIdx) >= len(b.expiry) || b.expiry[o.heapIdx] != o || o.expiresAt <= b.now {
				return fmt.Errorf("GTT order %d/%d not in the expiry heap or overdue", o.account, o.id)
			}
		} else if o.heapIdx != -1 {
			return fmt.Errorf("non-GTT order in the expiry heap")
		}
	}
	if gtt != len(b.expiry) {
		return fmt.Errorf("expiry heap holds %d, %d GTT orders", len(b.expiry), gtt)
	}
	for i := 1; i < len(b.expiry); i++ {
		if expiresBefore(b.expiry[i], b.expiry[(i-1)/2]) {
			return fmt.Errorf("expiry heap order broken at %d", i)
		}
	}
	return nil
}

func checkLevel(b *Book, d *ladder, l *level, pegged *[3]int) error {
	var prev *order
	var vis uint64
	var n, np int32
	resting := d == &b.bids || d == &b.asks
	for o := l.head; o != nil; o = o.next {
		switch {
		case o.lvl != l || o.prev != prev:
			return errors.New("links broken")
		case prev != nil && prev.prio >= o.prio:
			return fmt.Errorf("FIFO broken: prio %d before %d", prev.prio, o.prio)
		case o.prio > b.prio || o.seq > b.seq:
			return errors.New("stamp from the future")
		case o.filled >= o.size:
			return fmt.Errorf("order %d/%d filled %d of %d", o.account, o.id, o.filled, o.size)
		case !o.indexed || b.ids[keyOf(o.account, o.id)] != o:
			return errors.New("order not indexed")
		case o.pending == resting:
			return errors.New("pending flag does not match the ladder")
		}
		if resting {
			if d != b.sideLadder(o.side) || o.price != l.price {
				return errors.New("order on the wrong side or price")
			}
			if o.visible == 0 || o.visible > o.open() || o.display == 0 && o.visible != o.open() ||
				o.display != 0 && o.visible > o.display {
				return fmt.Errorf("order %d/%d visible %d open %d display %d", o.account, o.id, o.visible, o.open(), o.display)
			}
			if o.tif != GTC && o.tif != GTT {
				return errors.New("an immediate order rests")
			}
		} else if d != b.trigLadder(o) || o.trigPrice != l.price || o.visible != 0 ||
			b.mark != 0 && triggered(o.trigger, o.side, o.trigPrice, b.mark) {
			return errors.New("pending order misplaced or due")
		}
		if o.peg != PegNone {
			np++
			pegged[o.peg-1]++
		}
		vis += o.visible
		n++
		prev = o
	}
	if l.tail != prev || n != l.orders || n == 0 || vis != l.visible || np != l.pegged {
		return fmt.Errorf("aggregates: orders %d/%d visible %d/%d pegged %d/%d", l.orders, n, l.visible, vis, l.pegged, np)
	}
	return nil
}

// fuzzOp is one operation of a generated scenario.
type fuzzOp struct {
	kind    uint8
	now     uint64
	order   Order
	account uint32
	id      uint64
	price   uint64
	size    uint64
	maker   uint32
	taker   uint32
	mark    uint64
}

const (
	opPlace = iota
	opCancel
	opCancelAll
	opAmend
	opMark
	opAdvance
	opFees
	opRestore
)

// fuzzReader hands out bytes, then zeros.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

// fuzzConfig is the market of the generated scenarios: tick 10, prices around 1000.
func fuzzConfig() Config {
	return Config{Market: 7, TickSize: 10, MaxSize: 1000, MakerFeePpm: 100, TakerFeePpm: 300, MaxOrders: 40}
}

// decodeOps turns fuzz bytes into operations over a small world (4 accounts, 6 ids each, 21 price levels around
// 1000) so that orders collide, cross, self-trade and reference each other often.
func decodeOps(data []byte) []fuzzOp {
	r := &fuzzReader{b: data}
	var ops []fuzzOp
	now := uint64(100)
	price := func() uint64 {
		v := r.next()
		p := uint64(950 + 10*(int(v%11)))
		if v >= 250 {
			p += 3 // off tick
		}
		return p
	}
	for len(r.b) > 0 && len(ops) < 300 {
		k, t := r.next(), r.next()
		now += uint64(t % 4)
		op := fuzzOp{now: now}
		if t == 255 {
			op.now = now - 4 // time going backwards
		}
		switch {
		case k < 110:
			op.kind = opPlace
			f, g := r.next(), r.next()
			o := Order{Account: uint32(r.next() % 4), ID: uint64(r.next() % 8), Side: Side(1 + f&1),
				Price: price(), Size: uint64(1 + r.next()%8), STP: STPMode(g % 3),
				MaxMakerFeePpm: 200, MaxTakerFeePpm: 500}
			switch (f >> 1) & 7 {
			case 4, 5:
				o.TIF = GTT
			case 6:
				o.TIF = IOC
			case 7:
				o.TIF = FOK
			}
			resting := o.TIF == GTC || o.TIF == GTT
			o.ReduceOnly = (f>>4)&7 == 0
			o.PostOnly = resting && (g>>2)&3 == 0
			if resting && !o.ReduceOnly && f>>7 == 1 && g&16 == 0 {
				o.DisplaySize = uint64(1 + r.next()%3)
				o.Size += o.DisplaySize
			}
			switch {
			case k < 60: // limit
			case k < 72:
				o.Type = Market
				o.PostOnly, o.DisplaySize = false, 0
				if o.TIF == GTT {
					o.TIF = GTC // normalised to IOC
				}
				if g&32 != 0 && g&64 != 0 {
					o.Price = 0 // no bound: rejected
				}
			case k < 92:
				o.Type = Pegged
				o.Peg = PegRef(1 + (g>>5)%3)
				o.PegOffset = (int64(r.next()%9) - 4) * 10
				if g&128 == 0 {
					o.Price = 0
				}
				o.PostOnly = false
				if !resting {
					o.TIF = GTC
				}
			default:
				o.Trigger = TriggerKind(1 + (g>>5)%2)
				o.TriggerPrice = price()
				if g&128 != 0 {
					o.Type = Market
					o.PostOnly, o.DisplaySize = false, 0
					if resting {
						o.TIF = IOC
					}
				}
			}
			if o.TIF == GTT {
				o.ExpiresAt = now + uint64(r.next()%16)
			}
			if v := r.next(); v >= 236 { // a rare bad field
				switch v % 12 {
				case 0:
					o.Side = 0
				case 1:
					o.Size = 0
				case 2:
					o.MaxTakerFeePpm = 10
				case 3:
					o.TIF = 9
				case 4:
					o.Size = 2000
				case 5:
					o.Price = 1 << 50
				case 6:
					o.PegOffset = 5
				case 7:
					o.ExpiresAt = 1
				case 8:
					o.PostOnly, o.TIF = true, IOC
				case 9:
					o.DisplaySize = o.Size
				case 10:
					o.TriggerPrice = 1
				case 11:
					o.STP = 7
				}
			}
			op.order = o
		case k < 140:
			op.kind = opCancel
			op.account, op.id = uint32(r.next()%4), uint64(r.next()%8)
		case k < 145:
			op.kind = opCancelAll
			op.account = uint32(r.next() % 4)
		case k < 205:
			op.kind = opAmend
			op.account, op.id = uint32(r.next()%4), uint64(r.next()%8)
			if v := r.next(); v%3 != 0 {
				op.price = price()
			}
			if v := r.next(); v%3 != 0 {
				op.size = uint64(v%9) + 1
			}
		case k < 230:
			op.kind = opMark
			op.mark = uint64(900 + int(r.next())%200)
		case k < 242:
			op.kind = opAdvance
			op.now += uint64(r.next() % 4)
			now = max(now, op.now)
		case k < 248:
			op.kind = opFees
			op.maker, op.taker = uint32(r.next()%220), uint32(r.next())*2
			if op.maker == 219 {
				op.maker = MaxFeePpm + 1
			}
		default:
			op.kind = opRestore
		}
		ops = append(ops, op)
	}
	return ops
}

// harness runs the same operations on a Book and a refBook and compares everything.
type harness struct {
	cfg        Config
	book       *Book
	ref        *refBook
	bookRisk   *mockRisk
	refRisk    *mockRisk
	got, want  []Event
	ledger     *ledger
	everyCheck bool // compare full snapshots after every operation
}

func newHarness(withRisk bool) *harness {
	h := &harness{cfg: fuzzConfig(), ledger: newLedger(), everyCheck: true}
	if withRisk {
		h.bookRisk, h.refRisk = newMockRisk(h.cfg.Market), newMockRisk(h.cfg.Market)
		h.cfg.Risk = h.bookRisk
	}
	h.cfg.Sink = SinkFunc(func(e *Event) {
		h.got = append(h.got, *e)
		if h.bookRisk != nil {
			h.bookRisk.apply(e)
		}
	})
	b, err := New(h.cfg, nil)
	if err != nil {
		panic(err)
	}
	h.book = b
	h.ref = newRefBook(h.cfg, h.refRisk, func(e Event) {
		h.want = append(h.want, e)
		if h.refRisk != nil {
			h.refRisk.apply(&e)
		}
	})
	if !withRisk {
		h.ref.risk = nil
	}
	return h
}

// step applies one operation to both books and compares the results.
func (h *harness) step(i int, op fuzzOp) error {
	h.got, h.want = h.got[:0], h.want[:0]
	var errGot, errWant error
	var nGot, nWant int
	switch op.kind {
	case opPlace:
		errGot, errWant = h.book.Place(op.now, op.order), h.ref.Place(op.now, op.order)
	case opCancel:
		errGot, errWant = h.book.Cancel(op.now, op.account, op.id), h.ref.Cancel(op.now, op.account, op.id)
	case opCancelAll:
		nGot, errGot = h.book.CancelAll(op.now, op.account)
		nWant, errWant = h.ref.CancelAll(op.now, op.account)
	case opAmend:
		errGot = h.book.Amend(op.now, op.account, op.id, op.price, op.size)
		errWant = h.ref.Amend(op.now, op.account, op.id, op.price, op.size)
	case opMark:
		errGot, errWant = h.book.SetMark(op.now, op.mark), h.ref.SetMark(op.now, op.mark)
	case opAdvance:
		errGot, errWant = h.book.Advance(op.now), h.ref.Advance(op.now)
	case opFees:
		errGot, errWant = h.book.SetFees(op.maker, op.taker), h.ref.SetFees(op.maker, op.taker)
	case opRestore:
		data, err := h.book.Snapshot().MarshalBinary()
		if err != nil {
			return err
		}
		var s Snapshot
		if err := s.UnmarshalBinary(data); err != nil {
			return err
		}
		b, err := Restore(h.cfg, &s, nil)
		if err != nil {
			return fmt.Errorf("op %d: restore: %w", i, err)
		}
		h.book = b
	}
	if ReasonOf(errGot) != ReasonOf(errWant) || nGot != nWant {
		return fmt.Errorf("op %d %+v: book returned (%d, %v), reference (%d, %v)", i, op, nGot, errGot, nWant, errWant)
	}
	if !slices.Equal(h.got, h.want) {
		return fmt.Errorf("op %d %+v: events differ\nbook: %s\nref:  %s", i, op, fmtEvents(h.got), fmtEvents(h.want))
	}
	for j := range h.got {
		if err := h.ledger.apply(&h.got[j]); err != nil {
			return fmt.Errorf("op %d: %w", i, err)
		}
	}
	if err := checkInvariants(h.book); err != nil {
		return fmt.Errorf("op %d %+v: invariant: %w\nevents: %s", i, op, err, fmtEvents(h.got))
	}
	if h.everyCheck {
		return h.compareState(i)
	}
	return nil
}

func (h *harness) compareState(i int) error {
	got, want := h.book.Snapshot(), h.ref.Snapshot()
	if err := h.ledger.matches(got); err != nil {
		return fmt.Errorf("op %d: ledger: %w", i, err)
	}
	if !snapshotsEqual(got, want) {
		return fmt.Errorf("op %d: state differs\nbook: %+v\nref:  %+v", i, *got, *want)
	}
	if h.bookRisk != nil && !maps.Equal(h.bookRisk.pos, h.refRisk.pos) {
		return fmt.Errorf("op %d: positions differ: %v vs %v", i, h.bookRisk.pos, h.refRisk.pos)
	}
	return nil
}

func snapshotsEqual(a, b *Snapshot) bool {
	return a.Market == b.Market && a.Seq == b.Seq && a.Prio == b.Prio && a.Now == b.Now && a.Mark == b.Mark &&
		a.MakerFeePpm == b.MakerFeePpm && a.TakerFeePpm == b.TakerFeePpm && a.LastRef == b.LastRef &&
		slices.Equal(a.Orders, b.Orders)
}

func fmtEvents(es []Event) string {
	s := ""
	for _, e := range es {
		s += fmt.Sprintf("\n  %d %v/%v %v %v side=%v maker=%v p=%d q=%d rem=%d mrem=%d fees=%d/%d kept=%v",
			e.Seq, e.Op, e.Kind, e.Reason, e.Order, e.Side, e.Maker, e.Price, e.Size, e.Remaining,
			e.MakerRemaining, e.MakerFee, e.TakerFee, e.KeptPriority)
	}
	return s
}

// runScenario drives both books through the operations decoded from data.
func runScenario(data []byte, withRisk bool) error {
	h := newHarness(withRisk)
	for i, op := range decodeOps(data) {
		if err := h.step(i, op); err != nil {
			return err
		}
	}
	return h.compareState(-1)
}
