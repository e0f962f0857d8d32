package state

import (
	"bytes"
	"encoding/gob"
	"errors"
	"math/rand"
	"reflect"
	"testing"
	"testing/quick"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
)

var frType = reflect.TypeFor[fr.Element]()

// canonical replaces every field element under v by a random one (half of them from a small pool, so that the
// encoding's references are exercised) and empty slices by nil (as the decoder returns them).
func canonical(v reflect.Value, r *rand.Rand, pool []fr.Element) {
	switch {
	case v.Type() == frType:
		var x fr.Element
		if r.Intn(2) == 0 {
			x = pool[r.Intn(len(pool))]
		} else {
			x.SetUint64(r.Uint64())
			x.Mul(&x, &pool[0])
		}
		v.Set(reflect.ValueOf(x))
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			canonical(v.Field(i), r, pool)
		}
	case v.Kind() == reflect.Array:
		for i := range v.Len() {
			canonical(v.Index(i), r, pool)
		}
	case v.Kind() == reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		for i := range v.Len() {
			canonical(v.Index(i), r, pool)
		}
	}
}

func randomValue[T any](t testing.TB, r *rand.Rand, pool []fr.Element) T {
	t.Helper()
	v, ok := quick.Value(reflect.TypeFor[T](), r)
	if !ok {
		t.Fatalf("cannot generate %T", *new(T))
	}
	canonical(v, r, pool)
	return v.Interface().(T)
}

// randomTrace fills every field of a trace (and of its tx) at random: a field added to a trace, a leaf or a tx
// that the codec does not carry fails the round trip.
func randomTrace(t testing.TB, r *rand.Rand, pool []fr.Element) *Trace {
	var tr Trace
	v := reflect.ValueOf(&tr).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Interface {
			continue
		}
		x, ok := quick.Value(f.Type(), r)
		if !ok {
			t.Fatalf("cannot generate Trace.%s", v.Type().Field(i).Name)
		}
		canonical(x, r, pool)
		f.Set(x)
	}
	switch TxType(r.Intn(8)) {
	case TxNoOp:
		tr.Tx = NoOp{}
	case TxDeposit:
		tr.Tx = randomValue[Deposit](t, r, pool)
	case TxWithdraw:
		tr.Tx = randomValue[Withdraw](t, r, pool)
	case TxPositionMargin:
		tr.Tx = randomValue[PositionMargin](t, r, pool)
	case TxFill:
		tr.Tx = randomValue[Fill](t, r, pool)
	case TxLiquidate:
		tr.Tx = randomValue[Liquidate](t, r, pool)
	case TxFundingTick:
		tr.Tx = randomValue[FundingTick](t, r, pool)
	case TxMarkPrice:
		tr.Tx = randomValue[MarkPrice](t, r, pool)
	}
	return &tr
}

func randomTraces(t testing.TB, seed int64, n int) []*Trace {
	r := rand.New(rand.NewSource(seed))
	pool := make([]fr.Element, 8)
	for i := range pool {
		pool[i].SetUint64(uint64(i) + 7)
	}
	trs := make([]*Trace, n)
	for i := range trs {
		trs[i] = randomTrace(t, r, pool)
		if i > 0 && r.Intn(4) == 0 { // padding: a copy of the NoOp before
			if _, ok := trs[i-1].Tx.(NoOp); ok {
				trs[i] = cloneTrace(trs[i-1])
			}
		}
	}
	return trs
}

func TestTraceCodecRandom(t *testing.T) {
	for seed := range int64(50) {
		trs := randomTraces(t, seed, 1+int(seed%7))
		b, err := EncodeTraces(trs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeTraces(b)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if !reflect.DeepEqual(got, trs) {
			t.Fatalf("seed %d: traces differ after the round trip", seed)
		}
	}
}

// A batch's padding NoOps are written once; the decoded copies do not share their proofs.
func TestTraceCodecPadding(t *testing.T) {
	e := newEnv(t, nil)
	e.deposit(1, 1_000_000)
	noop := e.must(NoOp{})
	trs := []*Trace{e.must(e.margin(1, 0, true, 50_000)), noop, cloneTrace(noop), cloneTrace(noop), cloneTrace(noop)}
	one, err := EncodeTraces(trs[:2])
	if err != nil {
		t.Fatal(err)
	}
	all, err := EncodeTraces(trs)
	if err != nil {
		t.Fatal(err)
	}
	if d := len(all) - len(one); d != 3 {
		t.Fatalf("three copies of the padding NoOp took %d bytes, want 3", d)
	}
	got, err := DecodeTraces(all)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, trs) {
		t.Fatal("traces differ after the round trip")
	}
	for _, tr := range got {
		if err := e.s.VerifyTrace(tr); err != nil {
			t.Fatal(err)
		}
	}
	got[2].Accounts[0].Account.Proof.Siblings[0].SetOne()
	if got[3].Accounts[0].Account.Proof.Siblings[0] != trs[3].Accounts[0].Account.Proof.Siblings[0] {
		t.Fatal("decoded padding traces share their proofs")
	}
	// A fill between two NoOps: the second is written in full.
	mixed := []*Trace{noop, trs[0], cloneTrace(noop)}
	b, err := EncodeTraces(mixed)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecodeTraces(b); err != nil || !reflect.DeepEqual(got, mixed) {
		t.Fatalf("NoOp after a tx: %v", err)
	}
}

// encodeGobTraces is the encoding of earlier versions.
func encodeGobTraces(t testing.TB, trs []*Trace) []byte {
	recs := make([]gobTrace, len(trs))
	for i, tr := range trs {
		r := gobTrace{Trace: *tr}
		r.Tx = nil
		switch x := tr.Tx.(type) {
		case Deposit:
			r.Deposit = &x
		case Withdraw:
			r.Withdraw = &x
		case PositionMargin:
			r.PositionMargin = &x
		case Fill:
			r.Fill = &x
		case Liquidate:
			r.Liquidate = &x
		case FundingTick:
			r.FundingTick = &x
		case MarkPrice:
			r.MarkPrice = &x
		}
		recs[i] = r
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Traces stored by earlier versions (gob) still decode.
func TestTraceCodecGob(t *testing.T) {
	trs := randomTraces(t, 99, 12)
	got, err := DecodeTraces(encodeGobTraces(t, trs))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, trs) {
		t.Fatal("gob traces differ after decoding")
	}
}

// Damaged encodings are refused with ErrTraceCodec: every truncation, a bad version, trailing bytes, a reference
// to an element not seen yet, a non-canonical element, an out-of-range integer.
func TestTraceCodecDamaged(t *testing.T) {
	trs := randomTraces(t, 5, 4)
	b, err := EncodeTraces(trs)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		if _, err := DecodeTraces(b[:n]); !errors.Is(err, ErrTraceCodec) {
			t.Fatalf("truncated to %d of %d bytes: %v", n, len(b), err)
		}
	}
	bad := func(name string, b []byte) {
		t.Helper()
		if _, err := DecodeTraces(b); !errors.Is(err, ErrTraceCodec) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	bad("version", append([]byte{codecMagic, 9}, b[2:]...))
	bad("trailing", append(bytes.Clone(b), 0))
	// One NoOp trace: magic, version, n=1, new, type, then its pubdata (the first element: a literal).
	one, err := EncodeTraces([]*Trace{{Tx: NoOp{}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeTraces(one); err != nil {
		t.Fatal(err)
	}
	const pub = 5
	if one[pub] != 0 {
		t.Fatalf("layout: byte %d is %d, want a literal", pub, one[pub])
	}
	ref := bytes.Clone(one)
	ref[pub] = 1 // refers to an element not seen yet
	bad("reference", ref)
	nc := bytes.Clone(one)
	for i := range fr.Bytes {
		nc[pub+1+i] = 0xff // ≥ the modulus
	}
	bad("non-canonical", nc)
	bad("kind", append([]byte{codecMagic, codecVersion, 1, 7}, one[4:]...))
	bad("tx type", append([]byte{codecMagic, codecVersion, 1, traceNew, 9}, one[5:]...))
	bad("same first", []byte{codecMagic, codecVersion, 1, traceSame})
	// A copy of a trace that is not a NoOp (the encoder copies only padding).
	liqOne, err := EncodeTraces([]*Trace{{Tx: Liquidate{Account: 3, Market: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	twice := bytes.Clone(liqOne)
	twice[2] = 2
	bad("same after a tx", append(twice, traceSame))
	// A Liquidate's market is a byte: 256 does not fit.
	liq, err := EncodeTraces([]*Trace{{Tx: Liquidate{Account: 3, Market: 255}}})
	if err != nil {
		t.Fatal(err)
	}
	if liq[6] != 255 || liq[7] != 1 {
		t.Fatalf("layout: % x", liq[:8])
	}
	over := append(append([]byte{}, liq[:6]...), 0x80, 0x02) // uvarint 256
	bad("market 256", append(over, liq[8:]...))
	bad("gob", []byte{1, 2, 3})
}

func FuzzDecodeTraces(f *testing.F) {
	for seed := range int64(4) {
		trs := randomTraces(f, seed, 3)
		b, err := EncodeTraces(trs)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != codecMagic {
			return // gob: the earlier versions' encoding, not this codec's
		}
		trs, err := DecodeTraces(b)
		if err != nil {
			if !errors.Is(err, ErrTraceCodec) {
				t.Fatalf("error not typed: %v", err)
			}
			return
		}
		re, err := EncodeTraces(trs)
		if err != nil {
			return // a decoded gob trace may hold what no tx encodes
		}
		again, err := DecodeTraces(re)
		if err != nil || !reflect.DeepEqual(again, trs) {
			t.Fatalf("re-encoded traces differ: %v", err)
		}
	})
}

// BenchmarkTraceCodec encodes one batch as a seal stores it: 8 slots, 3 fills between accounts of 64 (default
// depths), padded with 5 NoOps; against the gob encoding of earlier versions. B/batch is what the store writes.
func BenchmarkTraceCodec(b *testing.B) {
	s, err := Open(DefaultConfig(), kv.NewMemory(), nil)
	if err != nil {
		b.Fatal(err)
	}
	e := &env{t: b, s: s, keys: map[uint32]*PrivateKey{}}
	e.deposited, e.withdrawn = bi(0), bi(0)
	if err := s.InitMarket(0, testParams, 1000); err != nil {
		b.Fatal(err)
	}
	for a := uint32(1); a <= 64; a++ {
		e.deposit(a, 1<<40)
		e.must(e.margin(a, 0, true, 1<<39))
	}
	if err := e.s.Commit(e.s.CommittedHead().Batch + 1); err != nil {
		b.Fatal(err)
	}
	var trs []*Trace
	for i := range uint32(3) {
		mk, tk := e.order(1+7*i, 100+i, 0, i%2 == 0, 1000, 5), e.order(30+5*i, 100+i, 0, i%2 != 0, 1000, 5)
		trs = append(trs, e.must(Fill{Maker: mk, Taker: tk, Price: 1000, Size: 5}))
	}
	for len(trs) < 8 {
		trs = append(trs, e.must(NoOp{}))
	}
	run := func(b *testing.B, enc func() []byte) {
		var n int
		for b.Loop() {
			n = len(enc())
		}
		b.ReportMetric(float64(n), "B/batch")
	}
	b.Run("codec=binary", func(b *testing.B) {
		run(b, func() []byte {
			raw, err := EncodeTraces(trs)
			if err != nil {
				b.Fatal(err)
			}
			return raw
		})
	})
	b.Run("codec=gob", func(b *testing.B) { run(b, func() []byte { return encodeGobTraces(b, trs) }) })
}

func TestOrdersCodec(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := range 20 {
		orders := make([]Order, n)
		for i := range orders {
			orders[i] = randomValue[Order](t, r, nil)
		}
		b := AppendOrders([]byte{0xaa}, orders)
		if b[0] != 0xaa {
			t.Fatal("prefix overwritten")
		}
		got, err := DecodeOrders(b[1:])
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n || (n > 0 && !reflect.DeepEqual(got, orders)) {
			t.Fatalf("%d orders differ after the round trip", n)
		}
		for k := range len(b) - 1 {
			if _, err := DecodeOrders(b[1 : 1+k]); !errors.Is(err, ErrTraceCodec) {
				t.Fatalf("%d orders truncated to %d bytes: %v", n, k, err)
			}
		}
		if _, err := DecodeOrders(append(b[1:], 0)); !errors.Is(err, ErrTraceCodec) {
			t.Fatalf("trailing byte: %v", err)
		}
	}
}
