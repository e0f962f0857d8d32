package kv

import (
	"errors"
	"sync/atomic"
)

// ErrInjected is the error returned by a Failing store's batch writes when armed.
var ErrInjected = errors.New("kv: injected write failure")

// Failing wraps a Store and fails batch writes while armed: a fault injector for crash-safety tests.
type Failing struct {
	Store
	armed atomic.Bool
}

// NewFailing wraps s.
func NewFailing(s Store) *Failing { return &Failing{Store: s} }

// FailWrites arms or disarms the injector.
func (f *Failing) FailWrites(on bool) { f.armed.Store(on) }

// NewBatch returns a batch that fails on Write while armed, writing nothing.
func (f *Failing) NewBatch() Batch { return &failingBatch{Batch: f.Store.NewBatch(), f: f} }

type failingBatch struct {
	Batch
	f *Failing
}

func (b *failingBatch) Write() error {
	if b.f.armed.Load() {
		return ErrInjected
	}
	return b.Batch.Write()
}
