package node

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// Metrics are the node's Prometheus metrics, on a registry of their own (no global state).
type Metrics struct {
	Registry       *prometheus.Registry
	inputs         *prometheus.CounterVec
	txs            *prometheus.CounterVec
	batchesSealed  prometheus.Counter
	batchTxs       prometheus.Histogram
	walSync        prometheus.Histogram
	stateWrite     prometheus.Histogram
	stateRecords   prometheus.Counter
	stateBytes     prometheus.Counter
	witnessSeconds prometheus.Histogram
	proveSeconds   prometheus.Histogram
	l1Seconds      prometheus.Histogram
	finalitySecs   prometheus.Histogram
	gasPerBatch    prometheus.Histogram
	proverQueue    prometheus.Gauge
	verifiedBatch  prometheus.Gauge
	sealedBatch    prometheus.Gauge
	exodus         prometheus.Gauge
	l1Rejections   *prometheus.CounterVec
	reseals        prometheus.Counter
	// l1QueueRefusals counts attempts to apply an L1 priority-queue entry that the engine refused (the entry is
	// retried: the queue is FIFO).
	l1QueueRefusals *prometheus.CounterVec
	// sigBatch is the number of signatures per admission batch (admission.go).
	sigBatch prometheus.Histogram
	// seal is how long the core spends on a group with a seal or a control request (waiting for the syncer, then
	// logging and applying it inline): every ack waits behind it.
	seal prometheus.Histogram
	// deferred counts the orders admitted with their signature check deferred, the deferred checks made (at a
	// quote's first trade) and those that failed (ingress.go: a logged-on account's post-only orders).
	deferred *prometheus.CounterVec
	// oeRequests counts the order-entry requests by where they were admitted: on the connection's reader (an input
	// whose admission did not wait, handoff.go) or on a goroutine of their own.
	oeRequests       *prometheus.CounterVec
	oeReader, oeGoro prometheus.Counter
	// cmu guards the counters of inputs and txs by label, looked up once each (WithLabelValues allocates, and every
	// applied input counts)
	cmu      sync.Mutex
	inputsBy map[inputLabels]prometheus.Counter
	txsBy    map[state.TxType]prometheus.Counter
}

type inputLabels struct {
	kind engine.Kind
	ok   bool
}

// input counts an applied input of the kind, refused when err is not nil.
func (m *Metrics) input(kind engine.Kind, err error) {
	l := inputLabels{kind: kind, ok: err == nil}
	m.cmu.Lock()
	c, found := m.inputsBy[l]
	if !found {
		c = m.inputs.WithLabelValues(string(kind), outcome(err))
		m.inputsBy[l] = c
	}
	m.cmu.Unlock()
	c.Inc()
}

// tx counts a state transaction of the type.
func (m *Metrics) tx(t state.TxType) {
	m.cmu.Lock()
	c, found := m.txsBy[t]
	if !found {
		c = m.txs.WithLabelValues(t.String())
		m.txsBy[t] = c
	}
	m.cmu.Unlock()
	c.Inc()
}

// NewMetrics registers the metrics on a new registry.
func NewMetrics() *Metrics {
	r := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { r.MustRegister(c) }
	m := &Metrics{Registry: r, inputsBy: map[inputLabels]prometheus.Counter{}, txsBy: map[state.TxType]prometheus.Counter{},
		inputs:          prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_inputs_total", Help: "inputs applied, by kind and outcome"}, []string{"kind", "outcome"}),
		txs:             prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_txs_total", Help: "state transactions, by type"}, []string{"type"}),
		batchesSealed:   prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_batches_sealed_total", Help: "batches sealed"}),
		batchTxs:        prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_batch_txs", Help: "non-padding txs per batch", Buckets: prometheus.LinearBuckets(0, 8, 9)}),
		walSync:         prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_wal_sync_seconds", Help: "WAL group append+fsync", Buckets: prometheus.ExponentialBuckets(1e-5, 2, 16)}),
		stateWrite:      prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_state_write_seconds", Help: "a seal's state commit encoded and written to the store (with fsync), beside the syncer", Buckets: prometheus.ExponentialBuckets(1e-5, 2, 16)}),
		stateBytes:      prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_state_bytes_written_total", Help: "bytes of the records counted by zkperp_state_records_written_total, as the store encodes them"}),
		stateRecords:    prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_state_records_written_total", Help: "records (tree nodes, leaf preimages, batch heads, traces, checkpoints) written to the store by seals' pipelined state commits (not those of seals run inline with a control request)"}),
		witnessSeconds:  prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_witness_seconds", Help: "witness build time per batch"}),
		proveSeconds:    prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_prove_seconds", Help: "seal to proof", Buckets: prometheus.ExponentialBuckets(1, 2, 10)}),
		l1Seconds:       prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_l1_submit_seconds", Help: "proof to L1 receipt", Buckets: prometheus.ExponentialBuckets(0.1, 2, 12)}),
		finalitySecs:    prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_trade_finality_seconds", Help: "trade to L1 verification", Buckets: prometheus.ExponentialBuckets(1, 2, 10)}),
		gasPerBatch:     prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_l1_gas_per_batch", Help: "gas used by submitBatch", Buckets: prometheus.ExponentialBuckets(1e5, 1.5, 10)}),
		proverQueue:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_prover_queue", Help: "batches waiting for a proof"}),
		verifiedBatch:   prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_verified_batch", Help: "last batch verified on L1"}),
		sealedBatch:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_sealed_batch", Help: "last sealed batch"}),
		exodus:          prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_exodus", Help: "1 once the rollup is in exodus on L1 (no more batches)"}),
		reseals:         prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_reseals_total", Help: "re-seals of the batches after the last L1-verified one (after a permanent L1 rejection)"}),
		l1Rejections:    prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_l1_rejections_total", Help: "batches L1 refused for a reason resubmitting cannot fix, by the contract's error"}, []string{"reason"}),
		l1QueueRefusals: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_l1_queue_refusals_total", Help: "attempts to apply an L1 priority-queue entry (deposit, forced exit, forced close) that were refused; the entry is retried, never skipped"}, []string{"kind", "reason"}),
		seal:            prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_core_seal_seconds", Help: "core time of a group with a seal or control request (drain the syncer, log and apply inline)", Buckets: prometheus.ExponentialBuckets(1e-4, 2, 14)}),
		deferred:        prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_deferred_signatures_total", Help: "post-only orders of logged-on accounts admitted with their signature check deferred to their first trade (outcome admitted), deferred checks made on the core (checked), and quotes removed because a deferred check of their account failed (bad)"}, []string{"outcome"}),
		oeRequests:      prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_oe_requests_total", Help: "order-entry requests by where they were admitted: on the connection's reader without a wait (path reader: inputs that need no signature check at admission) or on a goroutine of their own (path goroutine)"}, []string{"path"}),
		sigBatch:        prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_admission_sig_batch", Help: "signatures verified together in one admission batch", Buckets: prometheus.ExponentialBuckets(1, 2, 9)}),
	}
	m.oeReader, m.oeGoro = m.oeRequests.WithLabelValues("reader"), m.oeRequests.WithLabelValues("goroutine")
	for _, c := range []prometheus.Collector{m.oeRequests, m.deferred, m.seal, m.sigBatch, m.inputs, m.txs, m.batchesSealed, m.batchTxs, m.walSync, m.stateWrite, m.stateRecords, m.stateBytes, m.witnessSeconds,
		m.proveSeconds, m.l1Seconds, m.finalitySecs, m.gasPerBatch, m.proverQueue, m.verifiedBatch, m.sealedBatch, m.exodus, m.l1Rejections, m.reseals, m.l1QueueRefusals} {
		f(c)
	}
	return m
}
