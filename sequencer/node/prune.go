package node

import (
	"context"
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// State pruning (docs/state.md "Pruning"). After L1 verifies batch v, the tree nodes, leaf preimages and batch heads
// that no head from batch min(v − prune_keep_batches, the batch a re-seal after v restarts at) on reaches are
// deleted, on a goroutine of their own (state.(*State).Prune runs beside the core's commits), once the floor can
// move prune_every batches. Stop cancels a running prune between two delete batches; the next one finishes it.

// defaultPruneEvery is the prune period in verified batches when prune_every is 0.
const defaultPruneEvery = 64

type pruneMetrics struct {
	floor   prometheus.Gauge
	freed   prometheus.Counter
	deleted prometheus.Counter
	seconds prometheus.Histogram
	failed  prometheus.Counter
}

func newPruneMetrics(r *prometheus.Registry) *pruneMetrics {
	return &pruneMetrics{
		floor: register(r, prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_state_prune_floor",
			Help: "the lowest batch whose state is kept (older batch heads and their tree nodes are pruned)"})),
		freed: register(r, prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_state_pruned_bytes_total",
			Help: "bytes of keys and values deleted by state prunes"})),
		deleted: register(r, prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_state_pruned_nodes_total",
			Help: "tree nodes and leaf preimages deleted by state prunes"})),
		seconds: register(r, prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_state_prune_seconds",
			Help: "duration of a state prune (mark and sweep)", Buckets: prometheus.ExponentialBuckets(0.01, 2, 16)})),
		failed: register(r, prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_state_prune_failures_total",
			Help: "state prunes that failed (retried after the next verified batch)"})),
	}
}

// pruneVerified starts a background prune when L1 verified batch v and the floor can move by prune_every.
func (n *Node) pruneVerified(v uint64) {
	keep := n.cfg.PruneKeepBatches
	if keep == 0 || v <= keep {
		return
	}
	st := n.eng.State()
	base, err := engine.ResealBase(st, v)
	if err != nil {
		n.log.Warn("state prune: the re-seal base of the verified batch", "batch", v, "err", err)
		return
	}
	from := min(v-keep, base)
	every := n.cfg.PruneEvery
	if every == 0 {
		every = defaultPruneEvery
	}
	if from < st.PruneFloor()+every {
		return
	}
	select {
	case <-n.stopped:
		return
	default:
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() { // the core stops (Stop, or a storage failure): stop pruning
			select {
			case <-n.stopped:
				cancel()
			case <-ctx.Done():
			}
		}()
		m := newPruneMetrics(n.m.Registry)
		stats, err := st.Prune(ctx, from)
		switch {
		case errors.Is(err, state.ErrPruneRunning): // the running prune keeps more; a later verified batch retries
		case err != nil:
			if ctx.Err() == nil {
				m.failed.Inc()
				n.log.Error("state prune failed; retried after the next verified batch", "keep_from", from, "err", err)
			}
		default:
			m.floor.Set(float64(stats.KeepFrom))
			m.freed.Add(float64(stats.BytesFreed))
			m.deleted.Add(float64(stats.NodesDeleted + stats.LeavesDeleted))
			m.seconds.Observe((stats.Mark + stats.Sweep).Seconds())
		}
	}()
}
