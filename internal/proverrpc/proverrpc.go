// Package proverrpc is the wire protocol between the node and prover workers (JSON-RPC namespace "prover", served
// only on the node's JWT-authenticated operator endpoint) and the node's job queue behind it: jobs are leased to
// one worker at a time; a lease that is not renewed expires, so a job held by a dead worker is handed out again,
// and a lease that outlives its cap is revoked, so a worker that only heartbeats cannot hold a job for ever.
package proverrpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Namespace is the JSON-RPC namespace of the prover API.
const Namespace = "prover"

// Job is one batch to prove.
type Job struct {
	ID         uint64        `json:"id"` // batch number
	Digest     string        `json:"digest"`
	Witness    hexutil.Bytes `json:"witness"` // gnark full witness, binary
	LeaseUntil int64         `json:"leaseUntil"`
	Attempt    int           `json:"attempt"`
}

// Result is a worker's proof of a job.
type Result struct {
	JobID       uint64         `json:"jobId"`
	Worker      string         `json:"worker"`
	Proof       hexutil.Bytes  `json:"proof"` // raw PLONK proof (WriteRawTo)
	Public      []*hexutil.Big `json:"public"`
	ProveMillis int64          `json:"proveMillis"`
}

// PublicInts returns the public inputs as big.Ints.
func (r *Result) PublicInts() []*big.Int {
	out := make([]*big.Int, len(r.Public))
	for i, p := range r.Public {
		out[i] = (*big.Int)(p)
	}
	return out
}

// Errors returned to workers.
var (
	ErrUnknownJob    = errors.New("unknown or finished job")
	ErrWrongCircuit  = errors.New("worker circuit digest differs from the node's")
	ErrBadProof      = errors.New("proof rejected")
	ErrLeaseRevoked  = errors.New("lease revoked: the job outlived its lease cap and goes to another worker")
	ErrTooManyLeases = errors.New("worker holds its maximum number of leases")
	ErrBadWorker     = errors.New("worker name must be 1-64 printable ASCII characters")
	ErrWitness       = errors.New("node could not build the job's witness")
)

// Checker verifies a submitted proof before it is accepted (the node checks it against its verifying key).
type Checker func(jobID uint64, r *Result) error

// WitnessBuilder returns a job's witness (gnark full witness, binary). The queue calls it when it leases the job,
// outside its lock, so witnesses are built at the rate workers take jobs, not the rate batches are sealed, and
// a queue of batches waiting for provers holds only their numbers.
type WitnessBuilder func(jobID uint64) ([]byte, error)

// Defaults of QueueConfig.
const (
	DefaultMaxLease     = 10 * time.Minute
	DefaultMaxPerWorker = 2
	// WitnessRetry is how long a job whose witness could not be built is skipped by leases.
	WitnessRetry  = 10 * time.Second
	maxWorkerName = 64
)

// QueueConfig configures a Queue.
type QueueConfig struct {
	Digest string        // circuit digest workers must have
	Lease  time.Duration // lease length; a worker renews it with Heartbeat
	// MaxLease caps one worker's hold on one job, heartbeats or not: past it the lease is revoked and the job goes
	// to another worker (the revoked worker may lease it again only after another MaxLease). Set it to a generous
	// multiple of the expected prove time. 0: DefaultMaxLease (never less than Lease).
	MaxLease time.Duration
	// MaxPerWorker bounds the live leases one worker name holds at a time (0: DefaultMaxPerWorker).
	MaxPerWorker int
	Check        Checker
	Witness      WitnessBuilder
	Now          func() time.Time // clock, for tests; nil = time.Now
}

type entry struct {
	job      Job
	holder   string
	leasedAt time.Time
	until    time.Time
	done     bool
	retryAt  time.Time            // after a failed witness build, not leased before
	building bool                 // leased, its witness being built: the lease does not expire meanwhile
	barred   map[string]time.Time // workers whose lease hit the cap, until when they may not lease it again
}

// Queue holds jobs until a verified proof arrives. Safe for concurrent use.
type Queue struct {
	cfg     QueueConfig
	log     *slog.Logger
	mu      sync.Mutex
	jobs    map[uint64]*entry
	results chan *Result
}

// NewQueue returns an empty queue; proven results arrive on Results().
func NewQueue(cfg QueueConfig, log *slog.Logger) (*Queue, error) {
	if cfg.Lease <= 0 || cfg.Digest == "" || cfg.Check == nil || cfg.Witness == nil {
		return nil, errors.New("proverrpc: queue needs a lease, a digest, a checker and a witness builder")
	}
	if cfg.MaxLease <= 0 {
		cfg.MaxLease = DefaultMaxLease
	}
	cfg.MaxLease = max(cfg.MaxLease, cfg.Lease)
	if cfg.MaxPerWorker <= 0 {
		cfg.MaxPerWorker = DefaultMaxPerWorker
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Queue{cfg: cfg, log: log, jobs: map[uint64]*entry{}, results: make(chan *Result, 64)}, nil
}

// Results delivers each job's accepted proof once.
func (q *Queue) Results() <-chan *Result { return q.results }

// Add queues a job (idempotent for an id already queued). Its witness is built when it is leased.
func (q *Queue) Add(id uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, ok := q.jobs[id]; ok {
		return
	}
	q.jobs[id] = &entry{job: Job{ID: id, Digest: q.cfg.Digest}}
}

// Pending returns the number of jobs without an accepted proof.
func (q *Queue) Pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, e := range q.jobs {
		if !e.done {
			n++
		}
	}
	return n
}

// checkWorker refuses names that would make log lines or per-worker accounting unbounded.
func checkWorker(worker string) error {
	if worker == "" || len(worker) > maxWorkerName {
		return ErrBadWorker
	}
	for i := 0; i < len(worker); i++ {
		if worker[i] < 0x21 || worker[i] > 0x7e {
			return ErrBadWorker
		}
	}
	return nil
}

// expire ends leases past their renewal deadline or their cap. The holder is barred from the job for a while
// either way (a lease period after a missed heartbeat, a cap after the cap), so letting a lease lapse just before
// its cap and taking the job back cannot hold it for ever. Called with q.mu held.
func (q *Queue) expire(now time.Time) {
	for _, e := range q.jobs {
		if e.done || e.holder == "" || e.building || !now.After(e.until) {
			continue
		}
		bar := q.cfg.Lease
		if capped := !now.Before(e.leasedAt.Add(q.cfg.MaxLease)); capped {
			bar = q.cfg.MaxLease
			q.log.Warn("prover lease revoked at its cap", "job", e.job.ID, "worker", e.holder,
				"held", now.Sub(e.leasedAt).Round(time.Second))
		} else {
			q.log.Warn("prover lease expired without a heartbeat", "job", e.job.ID, "worker", e.holder)
		}
		if e.barred == nil {
			e.barred = map[string]time.Time{}
		}
		e.barred[e.holder] = now.Add(bar)
		e.holder = ""
	}
}

// held returns the number of live leases of worker. Called with q.mu held, after expire.
func (q *Queue) held(worker string) int {
	n := 0
	for _, e := range q.jobs {
		if !e.done && e.holder == worker {
			n++
		}
	}
	return n
}

// Lease hands the lowest free job to worker, with its witness; nil when none. A job whose lease expired or hit its
// cap is free; a worker never gets back a job it lost while it is barred from it. The lease runs from when the
// witness is built. When the witness cannot be built the lease is undone, the job is skipped for WitnessRetry (the
// other jobs go on), and the error (ErrWitness) returned.
func (q *Queue) Lease(worker, digest string) (*Job, error) {
	e, j, err := q.lease(worker, digest)
	if e == nil || err != nil {
		return nil, err
	}
	w, err := q.cfg.Witness(j.ID)
	q.mu.Lock()
	defer q.mu.Unlock()
	e.building = false
	mine := q.jobs[j.ID] == e && !e.done && e.holder == worker // not dropped (a re-seal) nor proven meanwhile
	if err != nil {
		if mine { // undone, and skipped by leases for a while so that one bad job does not hold up the others
			e.holder = ""
			e.job.Attempt--
			e.retryAt = q.cfg.Now().Add(WitnessRetry)
		}
		q.log.Error("prover job without a witness", "job", j.ID, "err", err)
		return nil, fmt.Errorf("%w: job %d", ErrWitness, j.ID)
	}
	if !mine {
		return nil, nil
	}
	// the lease starts once the worker has its witness: the build does not eat into it
	now := q.cfg.Now()
	e.leasedAt, e.until = now, now.Add(q.cfg.Lease)
	e.job.LeaseUntil = e.until.UnixMilli()
	j.LeaseUntil = e.job.LeaseUntil
	j.Witness = w
	return &j, nil
}

// lease takes the lowest free job for worker (Lease before the witness): its entry, marked building (its lease
// does not expire meanwhile), and a copy of its job.
func (q *Queue) lease(worker, digest string) (*entry, Job, error) {
	if err := checkWorker(worker); err != nil {
		return nil, Job{}, err
	}
	if digest != q.cfg.Digest {
		return nil, Job{}, fmt.Errorf("%w: node %s, worker %s", ErrWrongCircuit, q.cfg.Digest, digest)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.cfg.Now()
	q.expire(now)
	if q.held(worker) >= q.cfg.MaxPerWorker {
		return nil, Job{}, fmt.Errorf("%w (%d)", ErrTooManyLeases, q.cfg.MaxPerWorker)
	}
	ids := make([]uint64, 0, len(q.jobs))
	for id, e := range q.jobs {
		if !e.done && e.holder == "" && !now.Before(e.barred[worker]) && !now.Before(e.retryAt) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, Job{}, nil
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	e := q.jobs[ids[0]]
	e.holder, e.leasedAt, e.until, e.building = worker, now, now.Add(q.cfg.Lease), true
	e.job.Attempt++
	e.job.LeaseUntil = e.until.UnixMilli()
	return e, e.job, nil
}

// Heartbeat renews worker's lease on job id, never past the lease cap; past it the lease is revoked.
func (q *Queue) Heartbeat(worker string, id uint64) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	now := q.cfg.Now()
	q.expire(now)
	e, ok := q.jobs[id]
	if !ok || e.done {
		return ErrUnknownJob
	}
	if e.holder != worker {
		if _, revoked := e.barred[worker]; revoked {
			return ErrLeaseRevoked
		}
		return ErrUnknownJob
	}
	e.until = minTime(now.Add(q.cfg.Lease), e.leasedAt.Add(q.cfg.MaxLease))
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Submit accepts the first verified proof of a job, from whichever worker.
func (q *Queue) Submit(r *Result) error {
	q.mu.Lock()
	e, ok := q.jobs[r.JobID]
	if !ok || e.done {
		q.mu.Unlock()
		return ErrUnknownJob
	}
	q.mu.Unlock()
	if err := q.cfg.Check(r.JobID, r); err != nil {
		return fmt.Errorf("%w: %w", ErrBadProof, err)
	}
	q.mu.Lock()
	if e.done {
		q.mu.Unlock()
		return ErrUnknownJob
	}
	e.done = true
	q.mu.Unlock()
	q.results <- r
	return nil
}

// Forget drops a finished job (after its batch is final).
func (q *Queue) Forget(id uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.jobs, id)
}

// Service exposes the queue as the "prover" JSON-RPC namespace.
type Service struct{ q *Queue }

// NewService wraps q.
func NewService(q *Queue) *Service { return &Service{q: q} }

// GetJob leases a job to worker (null when none).
func (s *Service) GetJob(_ context.Context, worker, digest string) (*Job, error) {
	return s.q.Lease(worker, digest)
}

// Heartbeat renews a lease.
func (s *Service) Heartbeat(_ context.Context, worker string, id uint64) error {
	return s.q.Heartbeat(worker, id)
}

// SubmitProof hands in a proof.
func (s *Service) SubmitProof(_ context.Context, r Result) error { return s.q.Submit(&r) }

// Pending returns the number of jobs waiting for a proof.
func (s *Service) Pending(_ context.Context) int { return s.q.Pending() }
