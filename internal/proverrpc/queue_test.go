package proverrpc

import (
	"bytes"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTestQueue(t *testing.T, c *clock, check Checker) *Queue {
	t.Helper()
	if check == nil {
		check = func(uint64, *Result) error { return nil }
	}
	q, err := NewQueue(QueueConfig{Digest: "d", Lease: time.Minute, MaxLease: 5 * time.Minute, MaxPerWorker: 2,
		Check: check, Witness: func(id uint64) ([]byte, error) { return []byte{byte(id)}, nil }, Now: c.Now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func lease(t *testing.T, q *Queue, worker string) *Job {
	t.Helper()
	j, err := q.Lease(worker, "d")
	if err != nil {
		t.Fatalf("lease %s: %v", worker, err)
	}
	return j
}

// A worker that only heartbeats loses its lease at the cap; the job goes to another worker, whose proof is
// accepted, and the squatter cannot take the job back.
func TestSquatterLosesLease(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	q := newTestQueue(t, c, nil)
	q.Add(1)
	if j := lease(t, q, "squatter"); j == nil || j.ID != 1 {
		t.Fatalf("squatter lease %+v", j)
	}
	for i := 0; i < 9; i++ { // 4.5 minutes of heartbeats: the lease holds
		c.add(30 * time.Second)
		if err := q.Heartbeat("squatter", 1); err != nil {
			t.Fatalf("heartbeat %d: %v", i, err)
		}
		if j := lease(t, q, "honest"); j != nil {
			t.Fatalf("job leased twice at %d", i)
		}
	}
	c.add(30 * time.Second) // 5 minutes: the cap
	c.add(time.Millisecond)
	if err := q.Heartbeat("squatter", 1); !errors.Is(err, ErrLeaseRevoked) {
		t.Fatalf("heartbeat past the cap: %v", err)
	}
	if j := lease(t, q, "squatter"); j != nil {
		t.Fatal("revoked worker leased the job again at once")
	}
	j := lease(t, q, "honest")
	if j == nil || j.ID != 1 || j.Attempt != 2 {
		t.Fatalf("honest lease %+v", j)
	}
	if err := q.Submit(&Result{JobID: 1, Worker: "honest"}); err != nil {
		t.Fatal(err)
	}
	if r := <-q.Results(); r.Worker != "honest" {
		t.Fatalf("result from %s", r.Worker)
	}
}

// Heartbeats never carry a lease past its cap, even with no other worker around; after another cap the revoked
// worker may lease the job again (a lone slow worker is not locked out for ever).
func TestLeaseCapWithoutOtherWorkers(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	q := newTestQueue(t, c, nil)
	q.Add(1)
	lease(t, q, "w")
	for i := 0; i < 10; i++ {
		c.add(31 * time.Second)
		_ = q.Heartbeat("w", 1)
	}
	if j := lease(t, q, "w"); j != nil {
		t.Fatal("leased again while barred")
	}
	c.add(5 * time.Minute)
	if j := lease(t, q, "w"); j == nil {
		t.Fatal("bar never ends")
	}
}

// A worker that lets its lease lapse just before the cap and takes the job back at once is barred for a lease
// period: another worker gets the job, so lapsing and re-leasing cannot hold it for ever.
func TestLapsingSquatterLosesJob(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	q := newTestQueue(t, c, nil)
	q.Add(1)
	if j := lease(t, q, "squatter"); j == nil {
		t.Fatal("first lease refused")
	}
	c.add(time.Minute + time.Millisecond) // no heartbeat: the lease lapses
	if j := lease(t, q, "squatter"); j != nil {
		t.Fatal("the lapsed squatter took the job back at once")
	}
	if j := lease(t, q, "honest"); j == nil || j.ID != 1 {
		t.Fatalf("honest worker got %+v", j)
	}
}

// A worker holds at most MaxPerWorker live leases; others still get jobs.
func TestPerWorkerLimit(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	q := newTestQueue(t, c, nil)
	for id := uint64(1); id <= 4; id++ {
		q.Add(id)
	}
	lease(t, q, "greedy")
	lease(t, q, "greedy")
	if _, err := q.Lease("greedy", "d"); !errors.Is(err, ErrTooManyLeases) {
		t.Fatalf("third lease: %v", err)
	}
	if j := lease(t, q, "other"); j == nil || j.ID != 3 {
		t.Fatalf("other worker %+v", j)
	}
	c.add(2 * time.Minute) // greedy's leases expire without heartbeats: the limit frees up
	if j := lease(t, q, "greedy"); j == nil {
		t.Fatal("expired leases still counted")
	}
}

func TestWorkerNames(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	q := newTestQueue(t, c, nil)
	long := make([]byte, 65)
	for i := range long {
		long[i] = 'a'
	}
	for _, name := range []string{"", "a b", "x\n", string(long), "é"} {
		if _, err := q.Lease(name, "d"); !errors.Is(err, ErrBadWorker) {
			t.Fatalf("name %q: %v", name, err)
		}
	}
	if _, err := q.Lease("devnet-worker-1", "d"); err != nil {
		t.Fatal(err)
	}
}

// A job's witness is built when it is leased, never for a job no worker takes. A build that fails undoes the lease
// (the worker gets ErrWitness, no job) and the job is skipped for WitnessRetry, so the next job goes out meanwhile;
// after that the failed job is leased again.
func TestWitnessBuiltAtLease(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	var built []uint64
	failing := true
	q, err := NewQueue(QueueConfig{Digest: "d", Lease: time.Minute, MaxPerWorker: 5,
		Check: func(uint64, *Result) error { return nil },
		Witness: func(id uint64) ([]byte, error) {
			built = append(built, id)
			if failing && id == 1 {
				return nil, errors.New("traces unreadable")
			}
			return []byte{byte(id), 0xaa}, nil
		}, Now: c.Now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for id := uint64(1); id <= 3; id++ {
		q.Add(id)
	}
	if len(built) != 0 {
		t.Fatalf("witnesses built before any lease: %v", built)
	}
	if j, err := q.Lease("w", "d"); !errors.Is(err, ErrWitness) || j != nil {
		t.Fatalf("lease with a failing build: %+v, %v", j, err)
	}
	failing = false
	if j := lease(t, q, "w"); j == nil || j.ID != 2 || !bytes.Equal(j.Witness, []byte{2, 0xaa}) {
		t.Fatalf("lease after the failed build: %+v, want job 2 (job 1 waits out its retry)", j)
	}
	c.add(WitnessRetry)
	j := lease(t, q, "w")
	if j == nil || j.ID != 1 || !bytes.Equal(j.Witness, []byte{1, 0xaa}) || j.Attempt != 1 {
		t.Fatalf("lease after the retry: %+v", j)
	}
	if !slices.Equal(built, []uint64{1, 2, 1}) {
		t.Fatalf("built %v, want the leased jobs only", built)
	}
	if q.Pending() != 3 {
		t.Fatalf("pending %d", q.Pending())
	}
}

// The lease runs from when the worker has its witness: a build that takes longer than a lease neither expires the
// lease nor lets another worker take the job meanwhile, and the worker's heartbeats hold it.
func TestLeaseStartsAfterTheWitness(t *testing.T) {
	c := &clock{now: time.Unix(1_700_000_000, 0)}
	var q *Queue
	var during *Job
	q, err := NewQueue(QueueConfig{Digest: "d", Lease: time.Minute, Check: func(uint64, *Result) error { return nil },
		Witness: func(id uint64) ([]byte, error) {
			c.add(2 * time.Minute) // a slow build (or one held up by a re-seal)
			var err error
			during, err = q.Lease("other", "d")
			return []byte{1}, err
		}, Now: c.Now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q.Add(1)
	j := lease(t, q, "w")
	if during != nil {
		t.Fatalf("another worker got job %d while its witness was built", during.ID)
	}
	if j == nil || j.LeaseUntil != c.Now().Add(time.Minute).UnixMilli() {
		t.Fatalf("lease %+v, want it to run a lease from the end of the build", j)
	}
	c.add(50 * time.Second)
	if err := q.Heartbeat("w", 1); err != nil {
		t.Fatalf("heartbeat after a build longer than the lease: %v", err)
	}
}
