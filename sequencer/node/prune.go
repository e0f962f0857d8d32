package node

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// State pruning (docs/state.md "Pruning"). After L1 verifies batch v, the tree nodes, leaf preimages and batch heads
// that no head from batch min(v − prune_keep_batches, the batch a re-seal after v restarts at) on reaches are
// deleted, on a goroutine of their own (state.(*State).Prune runs beside the core's commits), once the floor can
// move prune_every batches. Stop cancels a running prune between two delete batches; the next one finishes it.
//
// After the state prune, the stored extras of every batch below the floor (batch/N/{meta,traces,witness,proof,blob},
// sealer.go) are deleted too: nothing reads them once L1 verified the batch (the prover queue, the submitter and the
// restart recovery read only batches after the last verified one, a re-seal rebuilds only batches above the floor,
// and perp_batchStatus answers a verified batch the tracker no longer holds as verified). extrasPrunedKey remembers
// the batch below which they are gone, so each prune deletes only the new range, pruneExtrasChunk batches per write;
// Stop stops it between writes and a crash leaves the mark behind what was deleted: the next prune deletes again.

// defaultPruneEvery is the prune period in verified batches when prune_every is 0.
const defaultPruneEvery = 64

// extrasPrunedKey holds the batch below which every batch's stored extras are deleted (8 bytes, big-endian; absent:
// none deleted yet).
const extrasPrunedKey = "extras/pruned"

// pruneExtrasChunk bounds one delete write of batch extras, in batches (5 keys each).
const pruneExtrasChunk = 200

// batchExtraKeys returns the stored extra keys of batch b (sealer.go); witnessKey only in stores written before
// witnesses were built at lease time (Node.witness).
func batchExtraKeys(b uint64) []string {
	return []string{metaKey(b), tracesKey(b), witnessKey(b), proofKey(b), blobKey(b)}
}

type pruneMetrics struct {
	floor   prometheus.Gauge
	freed   prometheus.Counter
	deleted prometheus.Counter
	seconds prometheus.Histogram
	failed  prometheus.Counter
	extras  prometheus.Gauge
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
		extras: register(r, prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_batch_extras_pruned_below",
			Help: "the batch below which the batches' stored traces, witnesses, proofs and metadata are deleted"})),
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
			below, err := pruneExtras(ctx, st, stats.KeepFrom)
			if err != nil && ctx.Err() == nil {
				m.failed.Inc()
				n.log.Error("batch extras prune failed; retried after the next prune", "below", stats.KeepFrom, "err", err)
			}
			if below > 0 {
				m.extras.Set(float64(below))
			}
			// the prune's deletes leave the journal for the tables, where compactions reclaim what they free
			if err := n.db.Flush(); err != nil && ctx.Err() == nil {
				m.failed.Inc()
				n.log.Error("state store flush after a prune failed", "err", err)
			}
		}
	}()
}

// extrasPruned returns the batch below which the batches' stored extras are deleted (0: none yet).
func extrasPruned(st *state.State) (uint64, error) {
	v, err := st.Extra(extrasPrunedKey)
	switch {
	case errors.Is(err, kv.ErrNotFound):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("batch extras prune mark: %w", err)
	case len(v) != 8:
		return 0, fmt.Errorf("batch extras prune mark: %d bytes", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

// pruneExtras deletes the stored extras of the batches from the last mark up to floor-1, pruneExtrasChunk batches
// per write, each followed by the new mark; it returns the mark reached. Cancelling ctx stops it between writes.
// Deleting an absent key is a no-op, so a chunk deleted again after a crash (before its mark) is harmless.
func pruneExtras(ctx context.Context, st *state.State, floor uint64) (uint64, error) {
	from, err := extrasPruned(st)
	if err != nil {
		return 0, err
	}
	from = max(from, 1) // batch 0 is the genesis: it has no extras
	for from < floor {
		if err := ctx.Err(); err != nil {
			return from, err
		}
		to := min(floor, from+pruneExtrasChunk)
		keys := make([]string, 0, 5*(to-from))
		for b := from; b < to; b++ {
			keys = append(keys, batchExtraKeys(b)...)
		}
		if err := st.DeleteExtra(keys...); err != nil {
			return from, err
		}
		if err := st.PutExtra(extrasPrunedKey, binary.BigEndian.AppendUint64(nil, to)); err != nil {
			return from, fmt.Errorf("batch extras prune mark: %w", err)
		}
		from = to
	}
	return from, nil
}
