package engine

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/state"
)

func randOrder(r *rand.Rand) state.Order {
	o := state.Order{Account: r.Uint32(), ID: r.Uint32(), Market: uint8(r.Uint32()), Buy: r.IntN(2) == 1,
		Price: r.Uint64(), Size: r.Uint64(), MaxMakerFee: uint16(r.Uint32()), MaxTakerFee: uint16(r.Uint32()),
		Expiry: r.Uint32()}
	for i := range o.Sig {
		o.Sig[i] = byte(r.Uint32())
	}
	return o
}

func randSig(r *rand.Rand) (s state.Signature) {
	for i := range s {
		s[i] = byte(r.Uint32())
	}
	return s
}

// randEntryInput returns an order-entry input (the kinds the binary layout carries) with every field random.
func randEntryInput(r *rand.Rand) *Input {
	in := &Input{Time: r.Uint64(), L1Time: r.Uint64()}
	switch r.IntN(4) {
	case 0:
		in.Kind, in.Place = KindPlace, &Place{Order: randOrder(r), Deferred: r.IntN(2) == 1, Flags: OrderFlags{
			Type: book.OrderType(r.Uint32()), TIF: book.TimeInForce(r.Uint32()), PostOnly: r.IntN(2) == 1,
			ReduceOnly: r.IntN(2) == 1, DisplaySize: r.Uint64(), Trigger: book.TriggerKind(r.Uint32()),
			TriggerPrice: r.Uint64(), Peg: book.PegRef(r.Uint32()), PegOffset: int64(r.Uint64()),
			STP: book.STPMode(r.Uint32())}}
	case 1:
		in.Kind, in.Amend = KindAmend, &Amend{Order: randOrder(r), Version: r.Uint64(), Sig: randSig(r),
			Admitted: r.IntN(2) == 1, Deferred: r.IntN(2) == 1}
	case 2:
		in.Kind, in.Cancel = KindCancel, &Cancel{Account: r.Uint32(), Market: uint8(r.Uint32()), OrderID: r.Uint32(),
			Sig: randSig(r), Admitted: r.IntN(2) == 1}
	default:
		in.Kind, in.CancelAll = KindCancelAll, &CancelAll{Account: r.Uint32(), Market: uint8(r.Uint32()),
			UpTo: r.Uint32(), Nonce: r.Uint64(), Sig: randSig(r), Admitted: r.IntN(2) == 1}
	}
	return in
}

// Every order-entry input is written in the binary layout and read back equal, field for field; the same input
// written as JSON (a log from before the binary layout) reads back equal too.
func TestInputCodecRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		in := randEntryInput(r)
		b, err := in.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if b[0] != binaryTag {
			t.Fatalf("%s written as %q", in.Kind, b[:1])
		}
		got, err := DecodeInput(b)
		if err != nil {
			t.Fatalf("%s: %v", in.Kind, err)
		}
		if !reflect.DeepEqual(got, in) {
			t.Fatalf("binary round trip of %s:\n got %+v\nwant %+v", in.Kind, got, in)
		}
		j, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		old, err := DecodeInput(j)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(old, in) {
			t.Fatalf("JSON record of %s reads back as %+v", in.Kind, old)
		}
	}
}

// Inputs the binary layout does not carry are written as JSON and read back equal: other kinds, and an input with
// a payload besides its kind's.
func TestInputCodecJSONFallback(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []*Input{
		{Kind: KindDeposit, Time: 7, Deposit: &Deposit{Index: 3, Deposit: state.Deposit{Account: 5, Amount: 9}}},
		{Kind: KindMark, Time: 8, L1Time: 2, Mark: &Mark{Market: 1, Price: 100, ReadAt: 3}},
		{Kind: KindSeal, Time: 9},
		{Kind: KindTick, Time: 10},
	}
	mixed := randEntryInput(r)
	mixed.Funding = &Funding{Market: 2}
	cases = append(cases, mixed)
	for _, in := range cases {
		b, err := in.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if b[0] != '{' {
			t.Fatalf("%s written as %q, want JSON", in.Kind, b[:1])
		}
		got, err := DecodeInput(b)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, in) {
			t.Fatalf("%s: got %+v want %+v", in.Kind, got, in)
		}
	}
}

// A binary record that is not exactly its kind's layout is refused: cut short, extended, an unknown kind, an
// unknown flag bit.
func TestInputCodecRefusesMalformed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200; i++ {
		b, _ := randEntryInput(r).Encode()
		bad := [][]byte{b[:r.IntN(len(b))], append(append([]byte{}, b...), 0)}
		k := append([]byte{}, b...)
		k[1] = byte(5 + r.IntN(250))
		bad = append(bad, k)
		f := append([]byte{}, b...)
		f[len(f)-1] |= 0x80 // every kind's last byte is a flags byte (place: stp, see below)
		if b[1] != binPlace {
			bad = append(bad, f)
		}
		for _, x := range bad {
			if _, err := DecodeInput(x); !errors.Is(err, ErrBadInput) {
				t.Fatalf("malformed record %x: %v", x, err)
			}
		}
	}
	in := &Input{Kind: KindPlace, Place: &Place{}}
	b, _ := in.Encode()
	b[headerLen+orderLen+2] = 8 // place flags: bits 0-2 only
	if _, err := DecodeInput(b); !errors.Is(err, ErrBadInput) {
		t.Fatalf("place with an unknown flag: %v", err)
	}
	b, _ = in.Encode()
	b[headerLen+9] = 2 // the order's buy byte is 0 or 1
	if _, err := DecodeInput(b); !errors.Is(err, ErrBadInput) {
		t.Fatalf("order with buy 2: %v", err)
	}
}

// Any bytes decode without a panic; a binary record that decodes is re-encoded to the same bytes.
func FuzzDecodeInput(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 8; i++ {
		b, _ := randEntryInput(r).Encode()
		f.Add(b)
	}
	f.Add([]byte(`{"k":"seal","t":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := DecodeInput(b)
		if err != nil || len(b) == 0 || b[0] != binaryTag {
			return
		}
		again, err := in.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(b) {
			t.Fatalf("re-encoded %x, read %x", again, b)
		}
	})
}

func BenchmarkInputEncode(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	in := randEntryInput(r)
	for in.Kind != KindAmend { // the commonest input of a market maker
		in = randEntryInput(r)
	}
	j, _ := json.Marshal(in)
	bin, _ := in.Encode()
	b.Run("codec=json", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(in); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(j)), "bytes/record")
	})
	b.Run("codec=binary", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := in.Encode(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(bin)), "bytes/record")
	})
	b.Run("decode=json", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := DecodeInput(j); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode=binary", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := DecodeInput(bin); err != nil {
				b.Fatal(err)
			}
		}
	})
}
