package book

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// tbook is a Book under test with a recording sink and a mock risk checker whose positions follow the fills.
type tbook struct {
	t    *testing.T
	b    *Book
	buf  Buffer
	risk *mockRisk
	now  uint64
}

// testConfig: tick 10, fees 100/200 ppm, a risk checker.
func testConfig() Config {
	return Config{Market: 1, TickSize: 10, MakerFeePpm: 100, TakerFeePpm: 200}
}

func newTBook(t *testing.T, edit ...func(*Config)) *tbook {
	t.Helper()
	x := &tbook{t: t, risk: newMockRisk(1), now: 1000}
	cfg := testConfig()
	cfg.Risk = x.risk
	cfg.Sink = SinkFunc(func(e *Event) {
		x.buf.OnEvent(e)
		x.risk.apply(e)
	})
	for _, f := range edit {
		f(&cfg)
	}
	b, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.b = b
	return x
}

// lim is a GTC limit order with generous fee bounds.
func lim(account uint32, id uint64, s Side, price, size uint64) Order {
	return Order{Account: account, ID: id, Side: s, Price: price, Size: size, MaxMakerFeePpm: 1000, MaxTakerFeePpm: 1000}
}

func with(o Order, f func(*Order)) Order {
	f(&o)
	return o
}

// do runs op after clearing the recorded events, checks invariants and returns the error.
func (x *tbook) do(op func() error) error {
	x.t.Helper()
	x.buf.Reset()
	err := op()
	if ierr := checkInvariants(x.b); ierr != nil {
		x.t.Fatalf("invariant: %v", ierr)
	}
	return err
}

func (x *tbook) place(o Order) error {
	x.t.Helper()
	return x.do(func() error { return x.b.Place(x.now, o) })
}

func (x *tbook) mustPlace(os ...Order) {
	x.t.Helper()
	for _, o := range os {
		if err := x.place(o); err != nil {
			x.t.Fatalf("place %+v: %v", o, err)
		}
	}
}

func (x *tbook) mark(m uint64) error {
	x.t.Helper()
	return x.do(func() error { return x.b.SetMark(x.now, m) })
}

// events renders the events of the last operation compactly.
func (x *tbook) events() []string {
	var s []string
	for _, e := range x.buf.Events {
		s = append(s, evString(&e))
	}
	return s
}

func (x *tbook) expect(want ...string) {
	x.t.Helper()
	if got := x.events(); !slices.Equal(got, want) {
		x.t.Fatalf("events:\n  got  %s\n  want %s", strings.Join(got, "\n       "), strings.Join(want, "\n       "))
	}
}

func refStr(r OrderRef) string { return fmt.Sprintf("%d/%d", r.Account, r.ID) }

func evString(e *Event) string {
	o := refStr(e.Order)
	switch e.Kind {
	case EventAccepted:
		return fmt.Sprintf("accepted %s %d@%d", o, e.Size, e.Price)
	case EventRejected:
		return fmt.Sprintf("rejected %s %s", o, e.Reason.String())
	case EventFill:
		return fmt.Sprintf("fill %s<-%s %d@%d fees %d/%d", o, refStr(e.Maker), e.Size, e.Price, e.MakerFee, e.TakerFee)
	case EventPosted:
		return fmt.Sprintf("posted %s %d@%d", o, e.Size, e.Price)
	case EventCancelled:
		return fmt.Sprintf("cancelled %s %d", o, e.Size)
	case EventExpired:
		return fmt.Sprintf("expired %s %d %s", o, e.Size, e.Reason.String())
	case EventTriggered:
		return fmt.Sprintf("triggered %s %d", o, e.Size)
	case EventAmended:
		kept := "moved"
		if e.KeptPriority {
			kept = "kept"
		}
		return fmt.Sprintf("amended %s %d@%d %s", o, e.Size, e.Price, kept)
	case EventRepriced:
		return fmt.Sprintf("repriced %s %d@%d", o, e.Size, e.Price)
	case EventRefilled:
		return fmt.Sprintf("refilled %s %d@%d", o, e.Size, e.Price)
	}
	return "?"
}

// queue returns the L3 order refs of side s in priority order.
func (x *tbook) queue(s Side) []string {
	var q []string
	for _, o := range x.b.Orders(s, 0, nil) {
		q = append(q, fmt.Sprintf("%d/%d:%d@%d", o.Account, o.ID, o.Visible, o.Price))
	}
	return q
}

func (x *tbook) expectQueue(s Side, want ...string) {
	x.t.Helper()
	if got := x.queue(s); !slices.Equal(got, want) {
		x.t.Fatalf("%v queue: got %v, want %v", s, got, want)
	}
}
