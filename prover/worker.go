package prover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/zkperp/zkperp/internal/proverrpc"
)

// Caller is the JSON-RPC client a worker talks through (go-ethereum's *rpc.Client).
type Caller interface {
	CallContext(ctx context.Context, result any, method string, args ...any) error
}

// WorkerConfig configures a Worker.
type WorkerConfig struct {
	Name       string        // worker id reported to the node
	Poll       time.Duration // wait between polls when there is no job
	Heartbeat  time.Duration // lease renewal period while proving (less than the node's lease)
	MaxBackoff time.Duration
}

// Worker pulls jobs from a node, proves them and submits the proofs, retrying on failure.
type Worker struct {
	cfg    WorkerConfig
	node   Caller
	prover *Prover
	log    *slog.Logger
}

// NewWorker returns a worker for node using prover.
func NewWorker(cfg WorkerConfig, node Caller, p *Prover, log *slog.Logger) (*Worker, error) {
	if cfg.Name == "" || node == nil || p == nil {
		return nil, errors.New("prover: worker needs a name, a node and a prover")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 500 * time.Millisecond
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 5 * time.Second
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{cfg: cfg, node: node, prover: p, log: log.With("worker", cfg.Name)}, nil
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) error {
	backoff := w.cfg.Poll
	for {
		worked, err := w.Once(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := w.cfg.Poll
		switch {
		case err != nil:
			w.log.Warn("prover job failed, retrying", "err", err, "backoff", backoff)
			wait, backoff = backoff, min(2*backoff, w.cfg.MaxBackoff)
		case worked:
			wait, backoff = 0, w.cfg.Poll
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// Once leases and proves at most one job; it reports whether there was one.
func (w *Worker) Once(ctx context.Context) (bool, error) {
	var job *proverrpc.Job
	if err := w.node.CallContext(ctx, &job, proverrpc.Namespace+"_getJob", w.cfg.Name, w.prover.Digest()); err != nil {
		return false, fmt.Errorf("get job: %w", err)
	}
	if job == nil {
		return false, nil
	}
	w.log.Info("proving batch", "batch", job.ID, "attempt", job.Attempt)
	full, err := w.prover.DecodeWitness(job.Witness)
	if err != nil {
		return true, err
	}
	hbCtx, stopHB := context.WithCancel(ctx)
	defer stopHB()
	go w.heartbeat(hbCtx, job.ID)
	proof, err := w.prover.Prove(ctx, full)
	if err != nil {
		return true, err
	}
	stopHB()
	res := proverrpc.Result{JobID: job.ID, Worker: w.cfg.Name, Proof: proof.Raw, ProveMillis: proof.Elapsed.Milliseconds()}
	for _, p := range proof.Public {
		res.Public = append(res.Public, (*hexutil.Big)(p))
	}
	if err := w.node.CallContext(ctx, nil, proverrpc.Namespace+"_submitProof", res); err != nil {
		return true, fmt.Errorf("submit proof of batch %d: %w", job.ID, err)
	}
	w.log.Info("proof submitted", "batch", job.ID, "prove", proof.Elapsed.Round(time.Millisecond))
	return true, nil
}

func (w *Worker) heartbeat(ctx context.Context, id uint64) {
	t := time.NewTicker(w.cfg.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := w.node.CallContext(ctx, nil, proverrpc.Namespace+"_heartbeat", w.cfg.Name, id); err != nil {
				w.log.Warn("lease renewal failed", "batch", id, "err", err)
			}
		}
	}
}
