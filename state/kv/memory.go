package kv

import (
	"bytes"
	"sort"
	"sync"
)

// Memory is an in-memory Store for tests and ephemeral nodes.
type Memory struct {
	mu     sync.RWMutex
	m      map[string][]byte
	closed bool
}

// NewMemory returns an empty memory store.
func NewMemory() *Memory { return &Memory{m: make(map[string][]byte)} }

// Get returns a copy of the value at key.
func (s *Memory) Get(key []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	v, ok := s.m[string(key)]
	if !ok {
		return nil, ErrNotFound
	}
	return bytes.Clone(v), nil
}

// Has reports whether key exists.
func (s *Memory) Has(key []byte) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false, ErrClosed
	}
	_, ok := s.m[string(key)]
	return ok, nil
}

// Put stores a copy of value at key.
func (s *Memory) Put(key, value []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.m[string(key)] = bytes.Clone(value)
	return nil
}

// Delete removes key.
func (s *Memory) Delete(key []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	delete(s.m, string(key))
	return nil
}

// Iterate visits the keys with prefix in ascending order.
func (s *Memory) Iterate(prefix []byte, fn func(key, value []byte) bool) error {
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return ErrClosed
	}
	keys := make([]string, 0)
	for k := range s.m {
		if bytes.HasPrefix([]byte(k), prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	vals := make([][]byte, len(keys))
	for i, k := range keys {
		vals[i] = bytes.Clone(s.m[k])
	}
	s.mu.RUnlock()
	for i, k := range keys {
		if !fn([]byte(k), vals[i]) {
			break
		}
	}
	return nil
}

// Snapshot returns a copy of the store's contents (a memory store is for tests and small states).
func (s *Memory) Snapshot() (Snapshot, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	m := make(map[string][]byte, len(s.m))
	for k, v := range s.m {
		m[k] = v // values are never mutated in place (Put and batches store copies)
	}
	return &memSnapshot{mem: &Memory{m: m}}, nil
}

type memSnapshot struct{ mem *Memory }

func (s *memSnapshot) Get(key []byte) ([]byte, error) { return s.mem.Get(key) }
func (s *memSnapshot) Has(key []byte) (bool, error)   { return s.mem.Has(key) }
func (s *memSnapshot) Iterate(prefix []byte, fn func(key, value []byte) bool) error {
	return s.mem.Iterate(prefix, fn)
}
func (s *memSnapshot) Release() {}

// Close marks the store closed.
func (s *Memory) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// NewBatch returns a batch applied atomically under the store's lock.
func (s *Memory) NewBatch() Batch { return &memBatch{s: s} }

type memOp struct {
	key, value []byte
	del        bool
}

type memBatch struct {
	s   *Memory
	ops []memOp
}

func (b *memBatch) Put(key, value []byte) {
	b.ops = append(b.ops, memOp{key: bytes.Clone(key), value: bytes.Clone(value)})
}
func (b *memBatch) Delete(key []byte) { b.ops = append(b.ops, memOp{key: bytes.Clone(key), del: true}) }
func (b *memBatch) Len() int          { return len(b.ops) }

func (b *memBatch) Size() int {
	n := 0
	for _, op := range b.ops {
		n += len(op.key) + len(op.value)
	}
	return n
}
func (b *memBatch) Reset() { b.ops = b.ops[:0] }

func (b *memBatch) Write() error {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	if b.s.closed {
		return ErrClosed
	}
	for _, op := range b.ops {
		if op.del {
			delete(b.s.m, string(op.key))
		} else {
			b.s.m[string(op.key)] = op.value
		}
	}
	return nil
}
