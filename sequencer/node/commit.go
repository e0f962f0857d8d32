package node

import (
	"fmt"
	"runtime"
	"time"

	"github.com/zkperp/zkperp/internal/crashpoint"
	"github.com/zkperp/zkperp/sequencer/engine"
)

// Pipelined group commit. The core writes each group's records to the WAL (wal.Write, no fsync), applies them and
// hands their replies to the syncer; the syncer makes everything written so far durable with one fsync (wal.Sync)
// and only then acknowledges the inputs and publishes their outputs (observe), in WAL order. So nothing is
// acknowledged or published before it is durable, and the core never waits for the disk: while one fsync runs, it
// applies the next groups, and the next fsync covers them all. The engine's memory may run ahead of the disk by the
// groups in flight; after a crash the WAL replay rebuilds exactly the durable part, none of it acknowledged yet.
//
// A seal commits the state (with the WAL position it covers) to the store, so it must never cover a record that is
// not durable: a group with a seal writes its records and hands the syncer a barrier (syncBarrier: one fsync for the
// groups in flight and the seal, not one for each), applies them while that fsync runs, and the seal commits the
// state only once the barrier has passed (sealer.BeforeCommit → awaitDurable); its replies wait for it too. A group
// with a control request (a re-seal) first drains the syncer (the control request may replay the WAL) and then
// does the same. A failed sync closes syncFailed: every reply
// waiting for it, and every later one, gets the error, and the core stops (a restart recovers from the WAL).

// delivery is an applied input waiting for its WAL record to be durable.
type delivery struct {
	r   *request
	out *engine.Output
}

// syncItem is a group's deliveries, or a barrier (closed once everything before it is delivered; with sync, once
// everything written to the WAL before it was handed over is also durable).
type syncItem struct {
	ds      []delivery
	barrier chan struct{}
	sync    bool
}

// syncer syncs and delivers the items of q until q is closed.
//
// A seal's store write (its PendingCommit, which must follow the fsync that covers the seal's record) runs on its
// own goroutine, so it holds back neither the next fsync nor the acknowledgements of the inputs after the seal:
// they are durable in the WAL and applied, and a crash before the write lands replays them; what the API reads of
// them (tx tracker, recent trades; Node.note) is recorded before the ack. What reads the store waits for the write:
// the seal itself is answered and published (its batches handed to the prover pipeline) only once its write has
// landed, and so are the publications of the inputs after it (Node.publish) and any barrier after it, so
// subscribers see outputs in WAL order. The core starts no other seal until the write has landed (awaitLanded).
func (n *Node) syncer(q <-chan syncItem, done chan<- struct{}) {
	defer close(done)
	var failed error
	// fail records the syncer's first storage failure: every reply waiting, and every later one, gets it, and the
	// core stops (a restart recovers from the WAL)
	fail := func(err error, what string) {
		failed = fmt.Errorf("%w: %w", ErrStorage, err)
		n.syncErr = err
		close(n.syncFailed)
		n.log.Error("core stopped: "+what+" failed; restart recovers from the WAL", "err", err)
	}
	var (
		writing bool     // a seal's store write is in flight
		held    []func() // what waits for it, in order: publications, the seal's answer, barriers
		written = make(chan error, 1)
	)
	// landed ends the store write in flight: the core may seal again, and what waited for the write goes out
	landed := func(err error) {
		writing = false
		if err != nil {
			fail(err, "state commit")
		} else {
			n.deps.Crash.Hit(crashpoint.SealCommit)
			n.landed <- struct{}{}
		}
		for _, f := range held {
			f()
		}
		held = nil
	}
	// deliver answers and publishes d now, or holds what must wait for a store write in flight
	deliver := func(d delivery) {
		if c := d.out.Commit; c != nil && failed == nil { // a seal's state, now that the fsync covers it
			d.out.Commit = nil // the output goes on to subscribers without the store batch
			writing = true
			go func() {
				start := time.Now()
				err := n.writeCommit(c)
				n.m.stateWrite.Observe(time.Since(start).Seconds())
				n.m.stateRecords.Add(float64(c.Records())) // 0 unless written
				n.m.stateBytes.Add(float64(c.Bytes()))
				written <- err
			}()
		}
		switch {
		case failed != nil:
			d.r.respond(reply{err: failed})
		case !writing:
			n.observe(d.r.in, d.out)
			d.r.respond(reply{out: d.out})
		case len(d.out.Sealed) > 0: // the seal whose write is in flight: answered once it has landed
			held = append(held, func() {
				if failed != nil {
					d.r.respond(reply{err: failed})
					return
				}
				n.observe(d.r.in, d.out)
				d.r.respond(reply{out: d.out})
			})
		default: // durable and applied: noted and acknowledged now, published after the seal before it
			n.note(d.r.in, d.out)
			d.r.respond(reply{out: d.out})
			held = append(held, func() { n.publish(d.out) })
		}
	}
	for {
		var it syncItem
		select {
		case err := <-written:
			landed(err)
			continue
		case x, ok := <-q:
			if !ok {
				if writing {
					landed(<-written)
				}
				return
			}
			it = x
		}
		items := []syncItem{it}
		open := true
		runtime.Gosched() // let the core hand over what is ready: one fsync for more groups
	more: // one fsync for everything written so far
		for {
			select {
			case x, ok := <-q:
				if !ok {
					open = false
					break more
				}
				items = append(items, x)
			default:
				break more
			}
		}
		pending := false
		for _, x := range items {
			pending = pending || len(x.ds) > 0 || x.sync
		}
		if pending && failed == nil {
			start := time.Now()
			if _, err := n.wal.Sync(); err != nil {
				fail(err, "WAL sync")
			} else {
				n.deps.Crash.Hit(crashpoint.WALAppend)
				n.m.walSync.Observe(time.Since(start).Seconds())
			}
		}
		for _, x := range items {
			for _, d := range x.ds {
				deliver(d)
			}
			if b := x.barrier; b != nil {
				if writing {
					held = append(held, func() { close(b) })
				} else {
					close(b)
				}
			}
		}
		if !open {
			if writing {
				landed(<-written)
			}
			return
		}
	}
}

// drainSyncer waits until the syncer has delivered everything handed to it; it fails when a sync failed.
func (n *Node) drainSyncer() error {
	b := make(chan struct{})
	n.syncq <- syncItem{barrier: b}
	<-b
	return n.syncState()
}

// syncState is the syncer's failure, if it failed.
func (n *Node) syncState() error {
	select {
	case <-n.syncFailed:
		return n.syncErr
	default:
		return nil
	}
}

// syncBarrier hands the syncer a barrier that closes once everything written to the WAL so far is durable and
// everything before it is delivered, and returns it without waiting (awaitDurable waits).
func (n *Node) syncBarrier() chan struct{} {
	b := make(chan struct{})
	n.syncq <- syncItem{barrier: b, sync: true}
	return b
}

// landIfDone ends a seal's commit whose store write has landed (State.Landed), without waiting. Core goroutine.
func (n *Node) landIfDone() {
	if !n.commitInFlight {
		return
	}
	select {
	case <-n.landed:
		n.eng.State().Landed()
		n.commitInFlight = false
	default:
	}
}

// awaitLanded waits until a seal's store write in flight has landed (there is one at a time); it fails when the
// syncer failed. Core goroutine.
func (n *Node) awaitLanded() error {
	if !n.commitInFlight {
		return nil
	}
	select {
	case <-n.landed:
		n.eng.State().Landed()
		n.commitInFlight = false
		return nil
	case <-n.syncFailed:
		return n.syncErr
	}
}

// awaitDurable waits for the barrier of the inline group being processed (syncBarrier), once; it fails when a sync
// failed. Core goroutine.
func (n *Node) awaitDurable() error {
	if n.durable == nil {
		return n.syncState()
	}
	<-n.durable
	n.durable = nil
	return n.syncState()
}

// sealedBatch is the last batch whose state has landed in the store: the committed head less a commit still in
// flight (core goroutine: in a query).
func (n *Node) sealedBatch(e *engine.Engine) uint64 {
	if n.commitInFlight {
		return n.inflightFirst - 1
	}
	return e.State().CommittedHead().Batch
}
