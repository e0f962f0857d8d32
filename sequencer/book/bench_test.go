package book

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/zkperp/zkperp/internal/cputime"
)

// The benchmarks replay a pre-generated command stream: a generator runs the mix against a real book (untimed),
// choosing amend/cancel targets among the live orders it learns from the events, so the replay on a fresh book
// restored from the same starting snapshot does exactly the same work. Only the replay is timed.

type benchKind uint8

const (
	benchMove   benchKind = iota // amend to a new price (the "move" of a market maker)
	benchResize                  // amend the size
	benchNew                     // new GTC limit order
	benchCancel
	benchIOC
)

type benchOp struct {
	kind    benchKind
	market  uint16
	side    Side
	account uint32
	id      uint64
	price   uint64
	size    uint64
}

// benchShape describes the market a generator simulates.
type benchShape struct {
	orders    int    // target resting orders
	halfRange uint64 // ticks on each side of the mid
}

const (
	benchTick uint64 = 10
	benchMid         = 100_000 * benchTick
)

func benchConfig(market uint8, expected int) Config {
	return Config{Market: market, TickSize: benchTick, MakerFeePpm: 100, TakerFeePpm: 300, ExpectedOrders: expected}
}

// benchGen keeps a generator book and its live orders.
type benchGen struct {
	shape  benchShape
	b      *Book
	start  *Snapshot
	rng    *rand.Rand
	nextID uint64
	live   []liveOrder
	pos    map[OrderRef]int // index in live
	market uint16
}

type liveOrder struct {
	ref   OrderRef
	side  Side
	price uint64
	size  uint64
}

func newBenchGen(shape benchShape, market uint16, seed uint64) *benchGen {
	g := &benchGen{shape: shape, rng: rand.New(rand.NewPCG(seed, 99)), pos: map[OrderRef]int{}, market: market}
	cfg := benchConfig(uint8(market), 2*shape.orders)
	cfg.Sink = SinkFunc(g.onEvent)
	b, err := New(cfg, nil)
	if err != nil {
		panic(err)
	}
	g.b = b
	// fill the book to its target size with passive orders, then take the starting snapshot
	for len(g.live) < shape.orders {
		g.apply(g.newOrder())
	}
	g.start = b.Snapshot()
	return g
}

func (g *benchGen) onEvent(e *Event) {
	switch e.Kind {
	case EventPosted:
		g.add(liveOrder{ref: e.Order, side: e.Side, price: e.Price, size: e.Remaining})
	case EventFill:
		if e.MakerRemaining == 0 {
			g.remove(e.Maker)
		}
		if e.Remaining == 0 {
			g.remove(e.Order)
		}
	case EventCancelled, EventExpired:
		g.remove(e.Order)
	case EventAmended:
		if i, ok := g.pos[e.Order]; ok {
			g.live[i].price, g.live[i].size = e.Price, e.Size
		}
	}
}

func (g *benchGen) add(o liveOrder) {
	g.pos[o.ref] = len(g.live)
	g.live = append(g.live, o)
}

func (g *benchGen) remove(r OrderRef) {
	i, ok := g.pos[r]
	if !ok {
		return
	}
	last := len(g.live) - 1
	g.live[i] = g.live[last]
	g.pos[g.live[i].ref] = i
	g.live = g.live[:last]
	delete(g.pos, r)
}

// passivePrice draws a price on side s, denser near the top of the book.
func (g *benchGen) passivePrice(s Side) uint64 {
	u := g.rng.Float64()
	off := 1 + uint64(u*u*float64(g.shape.halfRange))
	if s == Buy {
		return benchMid - off*benchTick
	}
	return benchMid + off*benchTick
}

func (g *benchGen) side() Side { return Side(1 + g.rng.IntN(2)) }

func (g *benchGen) newOrder() benchOp {
	g.nextID++
	s := g.side()
	return benchOp{kind: benchNew, market: g.market, side: s, account: uint32(g.rng.IntN(5000)), id: g.nextID,
		price: g.passivePrice(s), size: uint64(1 + g.rng.IntN(100))}
}

// next draws one operation of the mix: 82% amend (70% move, 30% resize), 9% new GTC, 6% cancel, 3% IOC.
func (g *benchGen) next() benchOp {
	r := g.rng.IntN(100)
	n := len(g.live)
	switch {
	case r >= 82 && r < 91 && n > g.shape.orders*21/20:
		r = 92 // too many orders: cancel instead
	case r >= 91 && r < 97 && n < g.shape.orders*19/20:
		r = 85 // too few: new instead
	}
	switch {
	case r < 82 && n > 0:
		o := g.live[g.rng.IntN(n)]
		op := benchOp{kind: benchMove, market: g.market, side: o.side, account: o.ref.Account, id: o.ref.ID}
		if g.rng.IntN(10) < 3 {
			op.kind, op.size = benchResize, uint64(1+g.rng.IntN(100))
			return op
		}
		// move by up to ±8 ticks, staying on its side of the mid and not crossing
		d := uint64(1 + g.rng.IntN(8))
		p := o.price
		if g.rng.IntN(2) == 0 {
			p += d * benchTick
		} else if p > d*benchTick {
			p -= d * benchTick
		}
		lo, hi := benchMid-g.shape.halfRange*benchTick, benchMid-benchTick
		if o.side == Sell {
			lo, hi = benchMid+benchTick, benchMid+g.shape.halfRange*benchTick
		}
		op.price = min(max(p, lo), hi)
		if op.price == o.price {
			op.price = g.passivePrice(o.side)
		}
		return op
	case r < 91 || n == 0:
		return g.newOrder()
	case r < 97:
		o := g.live[g.rng.IntN(n)]
		return benchOp{kind: benchCancel, market: g.market, account: o.ref.Account, id: o.ref.ID}
	default:
		g.nextID++
		s := g.side()
		p := benchMid + uint64(1+g.rng.IntN(40))*benchTick
		if s == Sell {
			p = benchMid - uint64(1+g.rng.IntN(40))*benchTick
		}
		return benchOp{kind: benchIOC, market: g.market, side: s, account: uint32(g.rng.IntN(5000)), id: g.nextID,
			price: p, size: uint64(1 + g.rng.IntN(200))}
	}
}

// apply runs op on b. It is the timed hot path of the benchmarks.
func apply(b *Book, now uint64, op *benchOp) {
	switch op.kind {
	case benchMove:
		_ = b.Amend(now, op.account, op.id, op.price, 0)
	case benchResize:
		_ = b.Amend(now, op.account, op.id, 0, op.size)
	case benchNew, benchIOC:
		tif := GTC
		if op.kind == benchIOC {
			tif = IOC
		}
		_ = b.Place(now, Order{Account: op.account, ID: op.id, Side: op.side, TIF: tif, Price: op.price,
			Size: op.size, MaxMakerFeePpm: 1000, MaxTakerFeePpm: 1000})
	case benchCancel:
		_ = b.Cancel(now, op.account, op.id)
	}
}

func (g *benchGen) apply(op benchOp) { apply(g.b, 0, &op) }

// benchStream generates n operations for one market.
func benchStream(shape benchShape, n int, seed uint64) (*Snapshot, []benchOp) {
	g := newBenchGen(shape, 0, seed)
	ops := make([]benchOp, n)
	for i := range ops {
		ops[i] = g.next()
		g.apply(ops[i])
	}
	return g.start, ops
}

// countSink is the sink of the timed runs: it only counts.
type countSink struct{ events, fills int }

func (c *countSink) OnEvent(e *Event) {
	c.events++
	if e.Kind == EventFill {
		c.fills++
	}
}

// benchStreams caches the generated streams across the repeated calls of a benchmark function.
var benchStreams = map[string]struct {
	start *Snapshot
	ops   []benchOp
}{}

func cachedStream(name string, shape benchShape, n int) (*Snapshot, []benchOp) {
	s, ok := benchStreams[name]
	if !ok {
		s.start, s.ops = benchStream(shape, n, 1)
		benchStreams[name] = s
	}
	return s.start, s.ops
}

func restoreBench(tb testing.TB, start *Snapshot, expected int, sink Sink) *Book {
	cfg := benchConfig(start.Market, expected)
	cfg.Sink = sink
	b, err := Restore(cfg, start, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// runMix is the body of the single-market benchmarks.
func runMix(b *testing.B, shape benchShape, streamLen int) {
	start, ops := cachedStream(b.Name(), shape, streamLen)
	sink := &countSink{}
	bk := restoreBench(b, start, 2*shape.orders, sink)
	// warm up one pass so that pools and maps have grown
	for i := range ops {
		apply(bk, 0, &ops[i])
	}
	bk = restoreBench(b, start, 2*shape.orders, sink)
	for i := range ops {
		apply(bk, 0, &ops[i])
	}
	bk = restoreBench(b, start, 2*shape.orders, sink)
	b.ReportAllocs()
	var cpu cpuMeter
	b.ResetTimer()
	cpu.start()
	j := 0
	for range b.N {
		if j == len(ops) {
			b.StopTimer()
			cpu.stop()
			bk = restoreBench(b, start, 2*shape.orders, sink)
			j = 0
			cpu.start()
			b.StartTimer()
		}
		apply(bk, 0, &ops[j])
		j++
	}
	b.StopTimer()
	cpu.stop()
	cpu.report(b)
	reportLatency(b, func() func(i int) {
		bk := restoreBench(b, start, 2*shape.orders, sink)
		return func(i int) { apply(bk, 0, &ops[i%len(ops)]) }
	}, len(ops))
	b.ReportMetric(float64(bk.Len()), "orders")
}

// cpuMeter adds up the process CPU time of the timed parts of a benchmark.
type cpuMeter struct{ t0, total time.Duration }

func (c *cpuMeter) start() { c.t0 = cputime.Process() }
func (c *cpuMeter) stop()  { c.total += cputime.Process() - c.t0 }

// report gives throughput per wall second (ops/s) and per CPU second (cpu-ops/s): on a shared machine the wall
// figure also counts the time other processes held the core.
func (c *cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	if c.total > 0 {
		b.ReportMetric(float64(b.N)/c.total.Seconds(), "cpu-ops/s")
	}
}

// reportLatency replays n operations timing each one and reports percentiles of a 4-ns-resolution histogram.
// The figures include the cost of reading the clock, reported as clock-ns.
func reportLatency(b *testing.B, mk func() func(i int), n int) {
	const res, buckets = 4, 1 << 16
	hist := make([]uint32, buckets)
	run := mk()
	for i := range n {
		t0 := time.Now()
		run(i)
		d := time.Since(t0) / res
		hist[min(int(d), buckets-1)]++
	}
	pct := func(p float64) float64 {
		want := uint64(p * float64(n))
		var acc uint64
		for i, c := range hist {
			if acc += uint64(c); acc > want {
				return float64(i * res)
			}
		}
		return float64(buckets * res)
	}
	clock := make([]time.Duration, 1001)
	for i := range clock {
		t0 := time.Now()
		clock[i] = time.Since(t0)
	}
	slices.Sort(clock)
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
	b.ReportMetric(pct(0.999), "p99.9-ns")
	b.ReportMetric(float64(clock[500]), "clock-ns")
}

// BenchmarkMix is the headline figure: ~1,000 resting orders over ~750 levels, 82% amend, 9% new GTC, 6% cancel,
// 3% IOC, one goroutine.
func BenchmarkMix(b *testing.B) {
	runMix(b, benchShape{orders: 1000, halfRange: 800}, 1<<19)
}

// BenchmarkMixDeep is the same mix on a deep book of 100,000 resting orders.
func BenchmarkMixDeep(b *testing.B) {
	runMix(b, benchShape{orders: 100_000, halfRange: 20_000}, 1<<19)
}

// BenchmarkMixMarkets spreads the mix over 64 markets of ~1,000 orders each (one book per market, as the
// sequencer keeps them), operations landing on random markets.
func BenchmarkMixMarkets(b *testing.B) {
	const markets = 64
	shape := benchShape{orders: 1000, halfRange: 800}
	type stream struct {
		starts []*Snapshot
		ops    []benchOp
	}
	gens := make([]*benchGen, markets)
	var st stream
	for m := range gens {
		gens[m] = newBenchGen(shape, uint16(m), uint64(m+1))
		st.starts = append(st.starts, gens[m].start)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	st.ops = make([]benchOp, 1<<19)
	for i := range st.ops {
		g := gens[rng.IntN(markets)]
		st.ops[i] = g.next()
		g.apply(st.ops[i])
	}
	sink := &countSink{}
	restoreAll := func() []*Book {
		bks := make([]*Book, markets)
		for m := range bks {
			bks[m] = restoreBench(b, st.starts[m], 2*shape.orders, sink)
		}
		return bks
	}
	bks := restoreAll()
	for i := range st.ops {
		apply(bks[st.ops[i].market], 0, &st.ops[i])
	}
	bks = restoreAll()
	b.ReportAllocs()
	var cpu cpuMeter
	b.ResetTimer()
	cpu.start()
	j := 0
	for range b.N {
		if j == len(st.ops) {
			b.StopTimer()
			cpu.stop()
			bks = restoreAll()
			j = 0
			cpu.start()
			b.StartTimer()
		}
		op := &st.ops[j]
		apply(bks[op.market], 0, op)
		j++
	}
	b.StopTimer()
	cpu.stop()
	cpu.report(b)
	reportLatency(b, func() func(i int) {
		bks := restoreAll()
		return func(i int) {
			op := &st.ops[i%len(st.ops)]
			apply(bks[op.market], 0, op)
		}
	}, len(st.ops))
}

// TestMixShape checks that the benchmark stream is what it claims: the book stays near its target size and
// level count, and the operation mix is as specified.
func TestMixShape(t *testing.T) {
	shape := benchShape{orders: 1000, halfRange: 800}
	g := newBenchGen(shape, 0, 1)
	var kinds [5]int
	levels, minOrders, maxOrders := 0, 1<<30, 0
	const n = 100_000
	for i := range n {
		op := g.next()
		g.apply(op)
		kinds[op.kind]++
		if i%1000 == 0 {
			levels += g.b.bids.n + g.b.asks.n
			minOrders, maxOrders = min(minOrders, g.b.Len()), max(maxOrders, g.b.Len())
		}
	}
	levels /= n / 1000
	t.Logf("mix: move %d resize %d new %d cancel %d ioc %d; levels ~%d; orders %d..%d", kinds[0], kinds[1],
		kinds[2], kinds[3], kinds[4], levels, minOrders, maxOrders)
	amend := float64(kinds[0]+kinds[1]) / n
	if amend < 0.80 || amend > 0.84 || levels < 650 || levels > 850 || minOrders < 900 || maxOrders > 1100 {
		t.Fatalf("stream off target")
	}
}

// TestHotPathAllocs checks that, once warm, the mix allocates nothing.
func TestHotPathAllocs(t *testing.T) {
	shape := benchShape{orders: 1000, halfRange: 800}
	start, ops := benchStream(shape, 60_000, 3)
	bk := restoreBench(t, start, 2*shape.orders, &countSink{})
	for i := range ops[:30_000] {
		apply(bk, 0, &ops[i])
	}
	i := 30_000
	allocs := testing.AllocsPerRun(10, func() {
		for range 2_000 {
			apply(bk, 0, &ops[i])
			i++
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per 2,000 operations", allocs)
	}
}
