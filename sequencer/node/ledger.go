package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zkperp/zkperp/internal/l1verify"
	"github.com/zkperp/zkperp/state"
)

// The conserved-ledger check (docs/node.md "The conserved ledger"): after every batch L1 verifies, the node compares
// the conserved ledger of the state at the rollup's verified root (state.(*State).StoredLedger: Σ free + Σ position
// collateral − Σ signed entry notional + Σ insurance + Σ fee pools) with what the rollup holds for it on L1
// (token.balanceOf(rollup) − totalClaimable − pendingDepositAmount), all four read at one confirmed block. A
// difference is a violation: logged as an error, counted in zkperp_ledger_violations_total{kind} and shown in
// perp_status. The check runs on its own goroutine (it never delays sealing or submission) and walks only the
// subtrees changed since the last check.

type ledgerMetrics struct {
	violations *prometheus.CounterVec
	difference prometheus.Gauge
	checked    prometheus.Gauge
	failures   prometheus.Counter
	seconds    prometheus.Histogram
}

// register registers c on r, or returns the collector already registered under its name (a registry shared by
// several nodes, e.g. across a restart in tests).
func register[C prometheus.Collector](r *prometheus.Registry, c C) C {
	if err := r.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if old, ok := are.ExistingCollector.(C); ok {
				return old
			}
		}
		panic(err)
	}
	return c
}

func newLedgerMetrics(r *prometheus.Registry) *ledgerMetrics {
	return &ledgerMetrics{
		violations: register(r, prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zkperp_ledger_violations_total",
			Help: "L1-verified batches whose conserved-ledger check did not balance, by kind (deficit: the state " +
				"owes more than the rollup holds; surplus: the rollup holds more)"}, []string{"kind"})),
		difference: register(r, prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_ledger_difference",
			Help: "last conserved-ledger check: (token balance − totalClaimable − pendingDepositAmount) − state ledger, in quantums"})),
		checked: register(r, prometheus.NewGauge(prometheus.GaugeOpts{Name: "zkperp_ledger_checked_batch",
			Help: "the verified batch the conserved ledger was last checked at"})),
		failures: register(r, prometheus.NewCounter(prometheus.CounterOpts{Name: "zkperp_ledger_check_failures_total",
			Help: "conserved-ledger checks that could not run (L1 read or state walk failed; retried at the next verified batch)"})),
		seconds: register(r, prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zkperp_ledger_check_seconds",
			Help: "duration of a conserved-ledger check (L1 reads and state walk)", Buckets: prometheus.ExponentialBuckets(1e-3, 2, 14)})),
	}
}

// ledgerCheck runs the checks. notify never blocks: checks coalesce (the next one reads L1's latest verified batch).
type ledgerCheck struct {
	n    *Node
	m    *ledgerMetrics
	wake chan struct{}

	// last computed state ledger (walks after it are incremental); only the check goroutine touches these
	lastHead state.Head
	lastL    *big.Int

	mu         sync.Mutex
	status     *LedgerStatus
	violations uint64
	// counted is 1 + the last batch whose violation was counted: a batch checked again (two notifications for it)
	// counts once
	counted uint64
}

func newLedgerCheck(n *Node) *ledgerCheck {
	return &ledgerCheck{n: n, m: newLedgerMetrics(n.m.Registry), wake: make(chan struct{}, 1)}
}

// notify asks for a check (a batch was verified on L1).
func (c *ledgerCheck) notify() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *ledgerCheck) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		}
		if err := c.check(ctx); err != nil && ctx.Err() == nil {
			c.m.failures.Inc()
			c.n.log.Warn("conserved-ledger check failed to run; retried at the next verified batch", "err", err)
			c.mu.Lock()
			if c.status == nil {
				c.status = &LedgerStatus{}
			}
			c.status.Error = err.Error()
			c.mu.Unlock()
		}
	}
}

// check reads the L1 side at the last confirmed block and compares it with the state at L1's batch number there.
func (c *ledgerCheck) check(ctx context.Context) error {
	start := time.Now()
	n := c.n
	head, err := n.deps.L1.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("block number: %w", err)
	}
	conf := max(n.cfg.L1.Confirmations, 1)
	if head+1 < conf {
		return nil
	}
	block := head + 1 - conf
	l1, err := l1verify.ReadL1Ledger(ctx, n.deps.L1, n.cfg.L1.Rollup, block)
	if err != nil {
		return err
	}
	st := n.eng.State() // store-only reads below (batch heads, committed nodes): safe beside the writer
	h, err := st.BatchHead(l1.Batch)
	if err != nil {
		return fmt.Errorf("L1 verified batch %d: %w", l1.Batch, err)
	}
	var sl *big.Int
	if c.lastL != nil {
		// The walk from the last checked head fails once that head is pruned (prune.go): walk the whole state then.
		if d, err := st.StoredLedgerDelta(c.lastHead, h); err == nil {
			sl = d.Add(d, c.lastL)
		}
	}
	if sl == nil {
		if sl, err = st.StoredLedger(h); err != nil {
			return err
		}
	}
	c.lastHead, c.lastL = h, sl
	res := l1verify.CompareLedger(l1, sl)
	c.record(res, time.Since(start))
	return nil
}

func (c *ledgerCheck) record(res *l1verify.LedgerCheck, took time.Duration) {
	c.m.seconds.Observe(took.Seconds())
	c.m.checked.Set(float64(res.L1.Batch))
	s := &LedgerStatus{Batch: res.L1.Batch, L1Block: res.L1.Block, State: res.State.String(),
		L1Holds: res.L1.Holds().String(), Balance: res.L1.Balance.String(), Claimable: res.L1.Claimable.String(),
		Pending: res.L1.Pending.String(), Skipped: res.Skipped, CheckedAt: time.Now().UnixMilli(),
		Millis: took.Milliseconds()}
	if res.Difference != nil {
		s.Difference = res.Difference.String()
		f, _ := new(big.Float).SetInt(res.Difference).Float64()
		c.m.difference.Set(f)
	}
	c.mu.Lock()
	count := !res.OK() && c.counted != res.L1.Batch+1
	if count {
		c.violations++
		c.counted = res.L1.Batch + 1
	}
	s.Violations = c.violations
	c.status = s
	c.mu.Unlock()
	switch {
	case res.Skipped != "":
		c.n.log.Info("conserved ledger not compared", "batch", res.L1.Batch, "why", res.Skipped)
	case !res.OK():
		if count {
			c.m.violations.WithLabelValues(res.Kind()).Inc()
		}
		c.n.log.Error("CONSERVED LEDGER VIOLATION: the state at an L1-verified root does not match the rollup's "+
			"token balance (docs/node.md \"The conserved ledger\")", "kind", res.Kind(), "batch", res.L1.Batch,
			"l1_block", res.L1.Block, "state_ledger", res.State, "l1_holds", res.L1.Holds(), "balance",
			res.L1.Balance, "total_claimable", res.L1.Claimable, "pending_deposits", res.L1.Pending,
			"difference", res.Difference)
	default:
		c.n.log.Debug("conserved ledger balanced", "batch", res.L1.Batch, "l1_block", res.L1.Block, "ledger",
			res.State, "took", took)
	}
}

// LedgerStatus returns the last conserved-ledger check (nil before the first).
func (n *Node) LedgerStatus() *LedgerStatus {
	if n.ledger == nil {
		return nil
	}
	n.ledger.mu.Lock()
	defer n.ledger.mu.Unlock()
	if n.ledger.status == nil {
		return nil
	}
	s := *n.ledger.status
	return &s
}

// LedgerViolations returns the number of verified batches whose conserved-ledger check did not balance since the
// node started.
func (n *Node) LedgerViolations() uint64 {
	if n.ledger == nil {
		return 0
	}
	n.ledger.mu.Lock()
	defer n.ledger.mu.Unlock()
	return n.ledger.violations
}
