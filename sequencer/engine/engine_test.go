package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

var cfgState = state.Config{AccountDepth: 5, PositionDepth: 2, OrderDepth: 4}

var params = state.MarketParams{Tick: 10, IMF: 100_000, MMF: 50_000, MaxFunding: 1_000, MakerFee: 200, TakerFee: 500, LiqFee: 10_000}

type nopSealer struct{ sealed []Sealed }

func (s *nopSealer) SealExtra(b []Sealed) (func() (map[string][]byte, error), error) {
	s.sealed = append(s.sealed, b...)
	return func() (map[string][]byte, error) {
		return map[string][]byte{fmt.Sprint("batch/", b[0].Number): []byte("w")}, nil
	}, nil
}

type harness struct {
	t      *testing.T
	db     kv.Store
	e      *Engine
	sealer *nopSealer
	log    []*Input // the WAL
	keys   map[uint32]*state.PrivateKey
	ids    map[uint32]uint32
	now    uint64
}

func genesis(t *testing.T, db kv.Store) {
	st, err := state.Open(cfgState, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id := uint8(0); id < 2; id++ {
		if err := st.InitMarket(id, params, 1000); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CommitGenesis(); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, db kv.Store) (*Engine, *nopSealer) {
	st, err := state.Open(cfgState, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	sigs := state.NewSigCache(1 << 12)
	st.SetSigCache(sigs)
	s := &nopSealer{}
	e, err := New(Config{Markets: []MarketConfig{{ID: 0}, {ID: 1}}, Slots: 4, Sigs: sigs}, st, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e, s
}

func newHarness(t *testing.T) *harness {
	db := kv.NewMemory()
	genesis(t, db)
	e, s := open(t, db)
	return &harness{t: t, db: db, e: e, sealer: s, keys: map[uint32]*state.PrivateKey{}, ids: map[uint32]uint32{}, now: 1000}
}

func (h *harness) key(a uint32) *state.PrivateKey {
	if k, ok := h.keys[a]; ok {
		return k
	}
	var seed [32]byte
	seed[0] = byte(a)
	k, _ := state.NewPrivateKey(seed)
	h.keys[a] = k
	return k
}

// do logs and applies an input.
func (h *harness) do(in *Input) *Output {
	h.t.Helper()
	h.now++
	in.Time = h.now
	raw, err := in.Encode()
	if err != nil {
		h.t.Fatal(err)
	}
	dec, err := DecodeInput(raw) // exactly what a replay would see
	if err != nil {
		h.t.Fatal(err)
	}
	h.log = append(h.log, dec)
	out, err := h.e.Apply(uint64(len(h.log)-1), dec)
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

func (h *harness) deposit(a uint32, amount uint64) {
	idx := h.e.State().Head().DepositCount
	if out := h.do(&Input{Kind: KindDeposit, Deposit: &Deposit{Index: idx, Deposit: state.Deposit{Account: a, PubKey: h.key(a).Public(), Amount: amount}}}); out.Err != nil {
		h.t.Fatal(out.Err)
	}
}

func (h *harness) margin(a uint32, m uint8, amount uint64) {
	acc, _ := h.e.State().Account(a)
	pm := state.PositionMargin{Account: a, Market: m, ToPosition: true, Amount: amount, Nonce: acc.Nonce}
	_ = h.key(a).SignPositionMargin(&pm)
	if out := h.do(&Input{Kind: KindMargin, Margin: &pm}); out.Err != nil {
		h.t.Fatal(out.Err)
	}
}

func (h *harness) place(a uint32, m uint8, buy bool, price, size uint64, f OrderFlags) (*Output, uint32) {
	h.ids[a]++
	o := state.Order{Account: a, ID: h.ids[a], Market: m, Buy: buy, Price: price, Size: size, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = h.key(a).SignOrder(&o)
	return h.do(&Input{Kind: KindPlace, Place: &Place{Order: o, Flags: f}}), o.ID
}

func fills(out *Output) int {
	n := 0
	for _, tx := range out.Txs {
		if tx.Type == state.TxFill && tx.Err == nil {
			n++
		}
	}
	return n
}

func TestPlaceMatchSeal(t *testing.T) {
	h := newHarness(t)
	for a := uint32(1); a <= 3; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	out, _ := h.place(1, 0, false, 1000, 10, OrderFlags{})
	if out.Err != nil || fills(out) != 0 {
		t.Fatalf("maker: %v", out.Err)
	}
	h.place(2, 0, false, 1010, 10, OrderFlags{})
	out, _ = h.place(3, 0, true, 1010, 15, OrderFlags{TIF: book.IOC})
	if out.Err != nil || fills(out) != 2 {
		t.Fatalf("taker: err %v fills %d events %+v", out.Err, fills(out), out.Events)
	}
	p, _ := h.e.State().Position(3, 0)
	if p.Size != 15 || p.EntryNotional != 10*1000+5*1010 {
		t.Fatalf("taker position %+v", p)
	}
	// Post-only that would cross is rejected, changing nothing.
	root := h.e.State().Root()
	out, _ = h.place(1, 0, true, 1010, 1, OrderFlags{PostOnly: true})
	if !errors.Is(out.Err, book.ReasonPostOnlyWouldCross) || h.e.State().Root() != root {
		t.Fatalf("post-only: %v", out.Err)
	}
	// A forged order is refused before the book.
	o := state.Order{Account: 1, ID: 99, Market: 0, Buy: true, Price: 900, Size: 1, MaxMakerFee: 1000, MaxTakerFee: 1000}
	_ = h.key(2).SignOrder(&o)
	if out := h.do(&Input{Kind: KindPlace, Place: &Place{Order: o}}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("forged: %v", out.Err)
	}
	// Over-margin order refused by the risk hook.
	out, _ = h.place(3, 0, true, 1000, 100_000, OrderFlags{})
	if !errors.Is(out.Err, book.ReasonRisk) {
		t.Fatalf("risk: %v", out.Err)
	}
	n := h.e.PendingTxs()
	out = h.do(&Input{Kind: KindSeal})
	if len(out.Sealed) != (n+3)/4 || h.e.PendingTxs() != 0 {
		t.Fatalf("sealed %d batches of %d txs", len(out.Sealed), n)
	}
	last := out.Sealed[len(out.Sealed)-1]
	if h.e.State().CommittedHead().Batch != last.Number || h.e.State().RootOf(last.After) != h.e.State().Root() {
		t.Fatal("committed head is not the last sealed batch")
	}
	for _, s := range out.Sealed {
		if len(s.Traces) != 4 {
			t.Fatal("batch not padded to the slot count")
		}
	}
}

func TestCancelNeedsSignature(t *testing.T) {
	h := newHarness(t)
	h.deposit(1, 1_000_000)
	h.deposit(2, 1_000_000)
	h.margin(1, 0, 50_000)
	_, id := h.place(1, 0, true, 900, 5, OrderFlags{})
	c := Cancel{Account: 1, Market: 0, OrderID: id}
	sig, _ := h.key(2).SignMessage(c.Message())
	c.Sig = sig
	if out := h.do(&Input{Kind: KindCancel, Cancel: &c}); !errors.Is(out.Err, state.ErrBadSignature) {
		t.Fatalf("cancel by another key: %v", out.Err)
	}
	c.Sig, _ = h.key(1).SignMessage(c.Message())
	if out := h.do(&Input{Kind: KindCancel, Cancel: &c}); out.Err != nil {
		t.Fatal(out.Err)
	}
	if _, live := h.e.SignedOrder(1, id); live {
		t.Fatal("cancelled order still live")
	}
	// The cancelled order's signed request cannot be placed again: ids only increase per account.
	var placed *Input
	for _, in := range h.log {
		if in.Kind == KindPlace && in.Place.Order.ID == id {
			placed = in
		}
	}
	if out := h.do(&Input{Kind: KindPlace, Place: placed.Place}); !errors.Is(out.Err, ErrStaleOrderID) {
		t.Fatalf("replayed cancelled order: %v", out.Err)
	}
}

func TestLiquidationOnMark(t *testing.T) {
	h := newHarness(t)
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 1_100)
	}
	h.place(1, 0, false, 1000, 10, OrderFlags{})
	if out, _ := h.place(2, 0, true, 1000, 10, OrderFlags{}); fills(out) != 1 {
		t.Fatal("no fill")
	}
	out := h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: 900}})
	liq := 0
	for _, tx := range out.Txs {
		if tx.Type == state.TxLiquidate {
			liq++
		}
	}
	if liq != 1 {
		t.Fatalf("liquidations %d, txs %+v", liq, out.Txs)
	}
	if p, _ := h.e.State().Position(2, 0); p.Size != 0 {
		t.Fatalf("long not liquidated: %+v", p)
	}
}

// Crash anywhere, restart from the stored checkpoint, replay the WAL: same roots, same books, nothing lost.
func TestRecoveryReplaysToSameState(t *testing.T) {
	for _, crashAt := range []int{5, 12, 19, 27} {
		t.Run(fmt.Sprint(crashAt), func(t *testing.T) {
			ref := newHarness(t)
			script(ref, 40)
			want := ref.e.State().Root()

			h := newHarness(t)
			script(h, crashAt)
			// Crash: the process dies; only the kv store and the WAL survive.
			e2, _ := open(t, h.db)
			for seq := e2.NextSeq(); seq < uint64(len(h.log)); seq++ {
				if _, err := e2.Apply(seq, h.log[seq]); err != nil {
					t.Fatal(err)
				}
			}
			h.e = e2
			// Continue with the rest of the same script.
			script(h, 40)
			if h.e.State().Root() != want {
				t.Fatal("root after crash and replay differs")
			}
			b1, _ := ref.e.Book(0)
			b2, _ := h.e.Book(0)
			if fmt.Sprint(b1.Snapshot()) != fmt.Sprint(b2.Snapshot()) {
				t.Fatal("books differ after recovery")
			}
		})
	}
}

// script drives a deterministic session up to step n (continuing from len(h.log) if called again).
func script(h *harness, n int) {
	r := rand.New(rand.NewPCG(3, 4))
	var steps []func()
	for a := uint32(1); a <= 4; a++ {
		steps = append(steps, func() { h.deposit(a, 1_000_000) }, func() { h.margin(a, 0, 60_000) })
	}
	for i := 0; i < 40; i++ {
		a := uint32(1 + r.IntN(4))
		buy := r.IntN(2) == 0
		price := uint64(950 + 10*r.IntN(10))
		size := uint64(1 + r.IntN(8))
		switch {
		case i%9 == 8:
			steps = append(steps, func() { h.do(&Input{Kind: KindSeal}) })
		case i%13 == 12:
			steps = append(steps, func() { h.do(&Input{Kind: KindMark, Mark: &Mark{Market: 0, Price: price}}) })
		default:
			steps = append(steps, func() { h.place(a, 0, buy, price, size, OrderFlags{}) })
		}
	}
	for len(h.log) < n && len(h.log) < len(steps) {
		steps[len(h.log)]()
	}
}

// Batches are cut where Config.Fits says (e.g. the circuit's signature section), each padded at its own end.
func TestSealRespectsFits(t *testing.T) {
	db := kv.NewMemory()
	genesis(t, db)
	st, _ := state.Open(cfgState, db, nil)
	fits := func(trs []*state.Trace) bool {
		n := 0
		for _, tr := range trs {
			if tr.Tx.Type() == state.TxFill {
				n++
			}
		}
		return n <= 1
	}
	s := &nopSealer{}
	e, err := New(Config{Markets: []MarketConfig{{ID: 0}, {ID: 1}}, Slots: 4, Fits: fits}, st, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, e: e, sealer: s, keys: map[uint32]*state.PrivateKey{}, ids: map[uint32]uint32{}, now: 1000}
	for a := uint32(1); a <= 2; a++ {
		h.deposit(a, 1_000_000)
		h.margin(a, 0, 50_000)
	}
	h.place(1, 0, false, 1000, 10, OrderFlags{})
	h.place(1, 0, false, 1010, 10, OrderFlags{})
	if out, _ := h.place(2, 0, true, 1010, 15, OrderFlags{}); fills(out) != 2 {
		t.Fatal("want two fills")
	}
	out := h.do(&Input{Kind: KindSeal})
	// 4 setup txs, then fill, fill: [d d m m] [f] [f] with one fill per batch.
	if len(out.Sealed) != 3 {
		t.Fatalf("sealed %d batches", len(out.Sealed))
	}
	for i, b := range out.Sealed {
		if !fits(b.Traces) || len(b.Traces) != 4 {
			t.Fatalf("batch %d does not fit", i)
		}
		for k := 1; k < len(b.Traces); k++ {
			if b.Traces[k].Before != b.Traces[k-1].After {
				t.Fatalf("batch %d trace %d does not chain", i, k)
			}
		}
		if i > 0 && out.Sealed[i-1].After.AccountsRoot != b.Before.AccountsRoot {
			t.Fatalf("batch %d does not start where %d ends", i, i-1)
		}
	}
}

type noExtraSealer struct{}

func (noExtraSealer) SealExtra([]Sealed) (func() (map[string][]byte, error), error) {
	return func() (map[string][]byte, error) { return nil, nil }, nil
}

// A sealer whose encoder has no extras (a nil map) still gets the checkpoint stored with the seal.
func TestSealWithoutExtras(t *testing.T) {
	db := kv.NewMemory()
	genesis(t, db)
	st, err := state.Open(cfgState, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Markets: []MarketConfig{{ID: 0}, {ID: 1}}, Slots: 4}, st, noExtraSealer{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, db: db, e: e, keys: map[uint32]*state.PrivateKey{}, ids: map[uint32]uint32{}, now: 1000}
	h.deposit(1, 1000)
	h.do(&Input{Kind: KindSeal})
	if _, err := st.Extra(checkpointKey); err != nil {
		t.Fatalf("checkpoint after a seal without extras: %v", err)
	}
}
