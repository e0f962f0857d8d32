// Package kv is the key-value storage under the state: a small interface with a goleveldb backend and a memory
// backend, both passing one shared test suite. Writes that must be atomic go through a Batch.
package kv

import "errors"

// ErrNotFound is returned by Get for a missing key.
var ErrNotFound = errors.New("kv: not found")

// ErrClosed is returned by every method of a closed store.
var ErrClosed = errors.New("kv: store closed")

// Reader reads single keys.
type Reader interface {
	Get(key []byte) ([]byte, error)
	Has(key []byte) (bool, error)
}

// Batch collects writes that are applied all together or not at all by Write.
type Batch interface {
	// Put and Delete copy key and value: the caller may reuse them at once.
	Put(key, value []byte)
	Delete(key []byte)
	Len() int
	// Size is the batch's size in bytes as the store encodes it (keys, values and the store's own framing).
	Size() int
	Write() error
	Reset()
}

// NoSyncWriter is a Batch that can also be written without waiting for the disk (a write a crash may lose, but
// never reorder with later writes). Stores whose batches lack it have only Write.
type NoSyncWriter interface {
	WriteNoSync() error
}

// WriteNoSync writes b without waiting for the disk where the store supports it, else with Write.
func WriteNoSync(b Batch) error {
	if w, ok := b.(NoSyncWriter); ok {
		return w.WriteNoSync()
	}
	return b.Write()
}

// Store is a key-value store with atomic batches.
type Store interface {
	Reader
	Put(key, value []byte) error
	Delete(key []byte) error
	NewBatch() Batch
	// Iterate calls fn for every key with the given prefix in ascending order until fn returns false.
	Iterate(prefix []byte, fn func(key, value []byte) bool) error
	// Snapshot returns a frozen read-only view of the store as it is now: later writes are not visible in it.
	// Release it when done.
	Snapshot() (Snapshot, error)
	Close() error
}

// Snapshot is a read-only point-in-time view of a Store (reads and iteration only).
type Snapshot interface {
	Reader
	// Iterate calls fn for every key with the given prefix in ascending order until fn returns false.
	Iterate(prefix []byte, fn func(key, value []byte) bool) error
	Release()
}
