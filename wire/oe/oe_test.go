package oe

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/zkperp/zkperp/wire"
)

func sig(b byte) (s [SigLen]byte) {
	for i := range s {
		s[i] = b + byte(i)
	}
	return s
}

func order() Order {
	return Order{Account: 7, ID: 0x01020304, Market: 2, Side: SideBuy, Price: 1<<48 - 1, Size: 42, MaxMakerFee: 200,
		MaxTakerFee: 500, Expiry: 1_800_000_000, Sig: sig(1)}
}

// samples holds one message of every type and variant, every field set to a value that shows a misplaced byte.
func samples() []Msg {
	o := order()
	return []Msg{
		{Type: TypeChallenge, ReqID: 1, Challenge: Challenge{ReqID: 1}},
		{Type: TypeLogon, ReqID: 2, Logon: Logon{ReqID: 2, Account: 9, Challenge: [16]byte{1, 2, 3, 15: 16}, Sig: sig(3)}},
		{Type: TypeLogoff, ReqID: 3, Logoff: Logoff{ReqID: 3, Account: 1<<32 - 1}},
		{Type: TypePlace, ReqID: 4, Place: Place{ReqID: 4, Order: o, Type: 2, TIF: 3, Flags: FlagPostOnly, Trigger: 1,
			Peg: 3, STP: 2, DisplaySize: 5, TriggerPrice: 6, PegOffset: -70}},
		{Type: TypeAmend, ReqID: 5, Amend: Amend{ReqID: 5, Order: o, Version: 1<<64 - 1}},
		{Type: TypeAmend, ReqID: 6, Amend: Amend{ReqID: 6, Order: o, Version: 2, Flags: FlagPostOnly, HasSig: true, AmendSig: sig(9)}},
		{Type: TypeCancel, ReqID: 7, Cancel: Cancel{ReqID: 7, Account: 3, Market: 4, OrderID: 5}},
		{Type: TypeCancel, ReqID: 8, Cancel: Cancel{ReqID: 8, Account: 3, Market: 4, OrderID: 5, HasSig: true, Sig: sig(7)}},
		{Type: TypeCancelAll, ReqID: 9, CancelAll: CancelAll{ReqID: 9, Account: 3, Market: 1, UpTo: 99, Nonce: 1 << 40}},
		{Type: TypeCancelAll, ReqID: 10, CancelAll: CancelAll{ReqID: 10, Account: 3, Market: 1, UpTo: 99, Nonce: 7,
			HasSig: true, Sig: sig(5)}},
		{Type: TypeChallengeAck, ReqID: 11, ChallengeAck: ChallengeAck{ReqID: 11, Challenge: [16]byte{9, 15: 1}}},
		{Type: TypeAck, ReqID: 12, Ack: Ack{ReqID: 12, Code: -32602, Reason: "bad_side", Msg: "side 3"}},
		{Type: TypeAck, ReqID: 13, Ack: Ack{ReqID: 13, Seq: 77, Flags: AckRests, Events: []Event{
			{Kind: EventFill, Side: EventSideBuy, Market: 1, Account: 3, OrderID: 4, MakerAccount: 5, MakerOrderID: 6,
				Price: 7, Size: 8, Remaining: 9, MakerFee: 10, TakerFee: 11, Tx: 12},
			{Kind: EventExpired, Side: EventSideSell, Reason: "self_trade", Account: 3, OrderID: 4}}}},
	}
}

func encodeAll(ms []Msg) []byte {
	var b []byte
	for i := range ms {
		b = Append(b, &ms[i])
	}
	return b
}

func decodeAll(t *testing.T, frame []byte) []Msg {
	t.Helper()
	r := NewReader(frame)
	var out []Msg
	for {
		var m Msg
		err := r.Next(&m)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("message %d: %v", len(out), err)
		}
		out = append(out, m)
	}
}

// Every message type and variant survives encoding and decoding, all in one frame, and each has the length its
// layout documents.
func TestRoundTrip(t *testing.T) {
	in := samples()
	frame := encodeAll(in)
	out := decodeAll(t, frame)
	if len(out) != len(in) {
		t.Fatalf("decoded %d messages, want %d", len(out), len(in))
	}
	for i := range in {
		want := in[i]
		if !reflect.DeepEqual(out[i], want) {
			t.Errorf("message %d (%v):\n got %+v\nwant %+v", i, want.Type, out[i], want)
		}
	}
	lens := map[Type]int{TypeChallenge: 8, TypeLogon: 92, TypeLogoff: 12, TypePlace: 136, TypeChallengeAck: 24}
	for i := range in {
		if n, ok := lens[in[i].Type]; ok {
			if got := len(Append(nil, &in[i])) - HeaderLen; got != n {
				t.Errorf("%v body: %d bytes, want %d", in[i].Type, got, n)
			}
		}
	}
}

// A frame cut anywhere inside a message gives ErrShort once the messages before the cut are read; an empty frame
// gives ErrEmpty; both are final.
func TestTruncated(t *testing.T) {
	frame := encodeAll(samples())
	for cut := 1; cut < len(frame); cut++ {
		r := NewReader(frame[:cut])
		var m Msg
		var err error
		for err = r.Next(&m); err == nil; err = r.Next(&m) {
		}
		if err == io.EOF {
			continue // cut on a message boundary
		}
		if !errors.Is(err, ErrShort) {
			t.Fatalf("cut at %d: %v, want ErrShort", cut, err)
		}
		if again := r.Next(&m); !errors.Is(again, ErrShort) {
			t.Fatalf("cut at %d: then %v, want ErrShort again", cut, again)
		}
	}
	if err := NewReader(nil).Next(&Msg{}); !errors.Is(err, ErrEmpty) {
		t.Fatalf("empty frame: %v, want ErrEmpty", err)
	}
}

// A message of an unknown type or a wrong length is skipped with a MsgError that carries its request id; the
// messages after it are read.
func TestBadMessageInFrame(t *testing.T) {
	good := encodeAll(samples()[:1])
	unknown := appendHeader(nil, Type(0x42), 8)
	unknown = be.AppendUint64(unknown, 99)
	long := appendHeader(nil, TypeLogoff, LogoffLen+1)
	long = be.AppendUint64(long, 100)
	long = append(long, 0, 0, 0, 0, 0)
	tiny := appendHeader(nil, TypeCancel, 3)
	tiny = append(tiny, 1, 2, 3)
	frame := slicesConcat(good, unknown, long, tiny, good)
	r := NewReader(frame)
	var m Msg
	want := []struct {
		err   error
		id    uint64
		hasID bool
	}{{nil, 1, true}, {ErrUnknownType, 99, true}, {ErrLength, 100, true}, {ErrLength, 0, false}, {nil, 1, true}}
	for i, w := range want {
		err := r.Next(&m)
		if w.err == nil {
			if err != nil || m.ReqID != w.id {
				t.Fatalf("message %d: %v, id %d", i, err, m.ReqID)
			}
			continue
		}
		var me *MsgError
		if !errors.As(err, &me) || !errors.Is(err, w.err) || me.ReqID != w.id || me.HasID != w.hasID {
			t.Fatalf("message %d: %v (%+v), want %v for request %d (hasID %v)", i, err, me, w.err, w.id, w.hasID)
		}
	}
	if err := r.Next(&m); err != io.EOF {
		t.Fatalf("after the last message: %v", err)
	}
}

func slicesConcat(bs ...[]byte) []byte { return bytes.Join(bs, nil) }

// An oversized body length field (beyond the frame) is ErrShort, not an allocation or a read past the frame; an
// Ack whose counts claim more than its body holds is ErrLength.
func TestOversizedLengths(t *testing.T) {
	frame := []byte{byte(TypePlace), 0xff, 0xff, 1, 2, 3}
	if err := NewReader(frame).Next(&Msg{}); !errors.Is(err, ErrShort) {
		t.Fatalf("body length beyond the frame: %v", err)
	}
	ack := Append(nil, &Msg{Type: TypeAck, Ack: Ack{ReqID: 1, Reason: "x"}})
	ack[HeaderLen+21] = 255 // 255 events claimed, none there
	if err := NewReader(ack).Next(&Msg{}); !errors.Is(err, ErrLength) {
		t.Fatalf("ack claiming 255 events: %v", err)
	}
}

// Encoding clips what does not fit its length byte, and marks an Ack whose events were cut.
func TestAckClipping(t *testing.T) {
	long := strings.Repeat("r", 400)
	ev := make([]Event, MaxEvents+3)
	for i := range ev {
		ev[i] = Event{Kind: EventFill, Reason: long}
	}
	m := Msg{Type: TypeAck, Ack: Ack{ReqID: 5, Reason: long, Msg: long, Events: ev}}
	out := decodeAll(t, Append(nil, &m))
	a := out[0].Ack
	if len(a.Reason) != MaxReasonLen || len(a.Msg) != MaxReasonLen || len(a.Events) != MaxEvents ||
		a.Flags&AckTruncated == 0 || len(a.Events[0].Reason) != MaxEventReasonLen {
		t.Fatalf("clipped ack: reason %d, msg %d, events %d, flags %x, event reason %d", len(a.Reason), len(a.Msg),
			len(a.Events), a.Flags, len(a.Events[0].Reason))
	}
}

// Parsed applies the JSON API's checks to the integer fields.
func TestParsed(t *testing.T) {
	ok := Place{Order: order(), Type: uint8(wire.TypeMarket)}
	p, err := ok.Parsed()
	if err != nil || p.TIF != wire.TIFIOC || !p.Order.Buy || p.Order.Price != 1<<48-1 {
		t.Fatalf("market order: %+v %v", p, err)
	}
	for _, c := range []struct {
		edit   func(*Place)
		reason string
	}{
		{func(p *Place) { p.Order.Side = 2 }, "bad_side"},
		{func(p *Place) { p.Order.Price = 1 << 48 }, "out_of_range"},
		{func(p *Place) { p.Order.Size = 1 << 48 }, "out_of_range"},
		{func(p *Place) { p.Type = 3 }, "bad_type"},
		{func(p *Place) { p.TIF = 5 }, "bad_tif"},
		{func(p *Place) { p.Trigger = 3 }, "bad_trigger"},
		{func(p *Place) { p.Peg = 4 }, "bad_peg"},
		{func(p *Place) { p.STP = 3 }, "bad_stp"},
		{func(p *Place) { p.Flags = 4 }, "bad_flags"},
		{func(p *Place) { p.PegOffset = -(1 << 48) }, "out_of_range"},
	} {
		bad := ok
		c.edit(&bad)
		_, err := bad.Parsed()
		var ae *wire.APIError
		if !errors.As(err, &ae) || ae.Reason != c.reason || ae.Code != wire.CodeInvalidParams {
			t.Errorf("want %s: got %v", c.reason, err)
		}
	}
	back := PlaceOf(9, p)
	if back.Order != ok.Order || back.TIF != uint8(wire.TIFIOC) {
		t.Fatalf("PlaceOf: %+v", back)
	}
}

// FuzzDecode: no input panics the Reader or makes it loop; every message it decodes re-encodes to exactly the
// bytes it came from (the layouts are canonical).
func FuzzDecode(f *testing.F) {
	all := samples()
	f.Add(encodeAll(all))
	for i := range all {
		f.Add(Append(nil, &all[i]))
	}
	f.Add([]byte{})
	f.Add([]byte{byte(TypeAck), 0, 24})
	f.Add([]byte{byte(TypePlace), 0xff, 0xff})
	f.Fuzz(func(t *testing.T, frame []byte) {
		r := NewReader(frame)
		var m Msg
		rest := frame
		for i := 0; ; i++ {
			if i > len(frame) {
				t.Fatalf("more messages than bytes")
			}
			err := r.Next(&m)
			if err == io.EOF || errors.Is(err, ErrShort) || errors.Is(err, ErrEmpty) {
				return
			}
			n := HeaderLen + (int(rest[1])<<8 | int(rest[2]))
			raw := rest[:n]
			rest = rest[n:]
			var me *MsgError
			if errors.As(err, &me) {
				continue
			}
			if err != nil {
				t.Fatalf("untyped error %v", err)
			}
			if again := Append(nil, &m); !bytes.Equal(again, raw) {
				t.Fatalf("%v re-encodes differently:\n got %x\nfrom %x", m.Type, again, raw)
			}
		}
	})
}

// BenchmarkDecodePlace: the node's decoding of one Place in a frame of 16.
func BenchmarkDecodePlace(b *testing.B) {
	p := Place{ReqID: 1, Order: order()}
	var frame []byte
	for range 16 {
		frame = AppendPlace(frame, &p)
	}
	var m Msg
	r := NewReader(nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += 16 {
		r.Reset(frame)
		for r.Next(&m) == nil {
		}
	}
}

// BenchmarkAppendAck: the node's encoding of one ack with two events (a fill and its rest posted).
func BenchmarkAppendAck(b *testing.B) {
	a := Ack{ReqID: 1, Seq: 2, Flags: AckRests, Events: []Event{{Kind: EventFill, Price: 1, Size: 2},
		{Kind: EventPosted, Price: 1, Size: 2}}}
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendAck(buf[:0], &a)
	}
}
