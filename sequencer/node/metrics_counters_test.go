package node

import (
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// Inputs and txs are counted under their labels, without an allocation once a label's counter is looked up.
func TestMetricsCountersCached(t *testing.T) {
	m := NewMetrics()
	m.input(engine.KindPlace, nil)
	m.input(engine.KindPlace, errors.New("refused"))
	m.tx(state.TxFill)
	if allocs := testing.AllocsPerRun(100, func() {
		m.input(engine.KindAmend, nil)
		m.tx(state.TxFill)
	}); allocs != 0 {
		t.Fatalf("%v allocations per count", allocs)
	}
	for _, c := range []struct {
		kind, outcome string
		want          float64
	}{{"place", "ok", 1}, {"place", "refused", 1}, {"amend", "ok", 101}, {"amend", "refused", 0}} {
		if got := testutil.ToFloat64(m.inputs.WithLabelValues(c.kind, c.outcome)); got != c.want {
			t.Fatalf("inputs %s/%s = %v, want %v", c.kind, c.outcome, got, c.want)
		}
	}
	if got := testutil.ToFloat64(m.txs.WithLabelValues("fill")); got != 102 {
		t.Fatalf("fill txs = %v, want 102", got)
	}
}
