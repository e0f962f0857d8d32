package smt

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/kv"
)

// nodePrefix keys inner nodes in the kv store: 'n' || hash (32 bytes) → left || right.
const nodePrefix = 'n'

func nodeKey(h fr.Element) []byte {
	b := h.Bytes()
	return append([]byte{nodePrefix}, b[:]...)
}

// Buffer is a NodeWriter that keeps new nodes in memory over a kv.Reader until Flush puts them in a batch.
type Buffer struct {
	db      kv.Reader
	pending map[fr.Element][2]fr.Element
	// frozen holds the nodes of a commit being written (Freeze, Thaw): read as pending ones until it has landed
	frozen map[fr.Element][2]fr.Element
	cache  map[fr.Element][2]fr.Element
}

// NewBuffer returns an empty buffer over db. db may be nil (memory only).
func NewBuffer(db kv.Reader) *Buffer {
	return &Buffer{db: db, pending: make(map[fr.Element][2]fr.Element), cache: make(map[fr.Element][2]fr.Element)}
}

// Node implements NodeStore: pending nodes first, then the read cache, then the database.
func (b *Buffer) Node(h fr.Element) (fr.Element, fr.Element, bool, error) {
	if c, ok := b.pending[h]; ok {
		return c[0], c[1], true, nil
	}
	if c, ok := b.frozen[h]; ok {
		return c[0], c[1], true, nil
	}
	if c, ok := b.cache[h]; ok {
		return c[0], c[1], true, nil
	}
	if b.db == nil {
		return fr.Element{}, fr.Element{}, false, nil
	}
	l, r, ok, err := ReadNode(b.db, h)
	if err != nil || !ok {
		return l, r, ok, err
	}
	if len(b.cache) > 1<<20 {
		clear(b.cache)
	}
	b.cache[h] = [2]fr.Element{l, r}
	return l, r, true, nil
}

// ReadNode reads the inner node h from db (ok=false when it is not stored).
func ReadNode(db kv.Reader, h fr.Element) (left, right fr.Element, ok bool, err error) {
	v, err := db.Get(nodeKey(h))
	if errors.Is(err, kv.ErrNotFound) {
		return fr.Element{}, fr.Element{}, false, nil
	}
	if err != nil {
		return fr.Element{}, fr.Element{}, false, fmt.Errorf("smt: read node: %w", err)
	}
	if len(v) != 64 {
		return fr.Element{}, fr.Element{}, false, fmt.Errorf("smt: corrupt node record of %d bytes", len(v))
	}
	if err := left.SetBytesCanonical(v[:32]); err != nil {
		return fr.Element{}, fr.Element{}, false, fmt.Errorf("smt: corrupt node: %w", err)
	}
	if err := right.SetBytesCanonical(v[32:]); err != nil {
		return fr.Element{}, fr.Element{}, false, fmt.Errorf("smt: corrupt node: %w", err)
	}
	return left, right, true, nil
}

// dbStore is a NodeStore straight over a kv.Reader, without a cache.
type dbStore struct{ db kv.Reader }

func (s dbStore) Node(h fr.Element) (fr.Element, fr.Element, bool, error) { return ReadNode(s.db, h) }

// Store returns a NodeStore reading db directly (no cache, no pending nodes): e.g. over a kv.Snapshot.
func Store(db kv.Reader) NodeStore { return dbStore{db: db} }

// NodePrefix is the key prefix of the stored inner nodes ('n' || hash → left || right).
func NodePrefix() []byte { return []byte{nodePrefix} }

// NodeKey returns the kv key of the inner node h.
func NodeKey(h fr.Element) []byte { return nodeKey(h) }

// NodeHash returns the hash a node key names (ok=false when key is not a node key).
func NodeHash(key []byte) (h fr.Element, ok bool) {
	if len(key) != 33 || key[0] != nodePrefix {
		return h, false
	}
	if err := h.SetBytesCanonical(key[1:]); err != nil {
		return h, false
	}
	return h, true
}

// PutNode records a new node.
func (b *Buffer) PutNode(h, l, r fr.Element) { b.pending[h] = [2]fr.Element{l, r} }

// Pending returns the number of nodes not yet flushed.
func (b *Buffer) Pending() int { return len(b.pending) }

// EachPending calls fn with the hash of every pending node (what the next Flush writes).
func (b *Buffer) EachPending(fn func(h fr.Element)) {
	for h := range b.pending {
		fn(h)
	}
}

// Flush adds the pending nodes to batch. Call Committed once the batch is written, or Discard if it failed.
func (b *Buffer) Flush(batch kv.Batch) { flushNodes(b.pending, batch) }

func flushNodes(nodes map[fr.Element][2]fr.Element, batch kv.Batch) {
	var k [1 + fr.Bytes]byte // reused: a batch copies what it is given
	var v [2 * fr.Bytes]byte
	k[0] = nodePrefix
	for h, c := range nodes {
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(k[1:]), h)
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(v[:fr.Bytes]), c[0])
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(v[fr.Bytes:]), c[1])
		batch.Put(k[:], v[:])
	}
}

// FlushPendingFrom adds to batch the pending nodes reachable from root (FlushFrom).
func (b *Buffer) FlushPendingFrom(batch kv.Batch, root fr.Element, depth int, seen map[fr.Element]struct{}, leaf func(fr.Element)) {
	flushFrom(b.pending, batch, root, depth, seen, leaf)
}

// FlushFrozenFrom adds to batch the frozen nodes reachable from root (FlushFrom). It only reads them, so it may run
// on another goroutine while the buffer's owner reads nodes and adds pending ones, until Thaw.
func (b *Buffer) FlushFrozenFrom(batch kv.Batch, root fr.Element, depth int, seen map[fr.Element]struct{}, leaf func(fr.Element)) {
	flushFrom(b.frozen, batch, root, depth, seen, leaf)
}

// flushFrom adds to batch the nodes of nodes reachable from root, the root of a tree of the given depth, through
// nodes of nodes only (a node that is not there is stored already, and so is everything under it), skipping those
// in seen and adding those it adds to seen; leaf is called with the leaf hashes under the nodes reached. The
// other nodes of nodes — those of intermediate roots, replaced before the head that is committed — are never read
// again (every read starts from a committed head or the working one) and need not be stored.
func flushFrom(nodes map[fr.Element][2]fr.Element, batch kv.Batch, root fr.Element, depth int,
	seen map[fr.Element]struct{}, leaf func(fr.Element)) {
	var k [1 + fr.Bytes]byte // reused: a batch copies what it is given
	var v [2 * fr.Bytes]byte
	k[0] = nodePrefix
	var walk func(h fr.Element, level int)
	walk = func(h fr.Element, level int) {
		if level == 0 {
			leaf(h)
			return
		}
		c, ok := nodes[h]
		if !ok {
			return
		}
		if _, ok := seen[h]; ok {
			return
		}
		seen[h] = struct{}{}
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(k[1:]), h)
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(v[:fr.Bytes]), c[0])
		fr.BigEndian.PutElement((*[fr.Bytes]byte)(v[fr.Bytes:]), c[1])
		batch.Put(k[:], v[:])
		walk(c[0], level-1)
		walk(c[1], level-1)
	}
	walk(root, depth)
}

// Committed moves the flushed nodes to the read cache: those in written, or all of them when written is nil (Flush);
// the others were not stored (FlushPendingFrom) and are dropped, so the cache holds stored nodes only.
func (b *Buffer) Committed(written map[fr.Element]struct{}) {
	b.toCache(b.pending, written)
	clear(b.pending)
}

func (b *Buffer) toCache(nodes map[fr.Element][2]fr.Element, written map[fr.Element]struct{}) {
	if len(b.cache) > 1<<20 {
		clear(b.cache)
	}
	for h, c := range nodes {
		if _, ok := written[h]; ok || written == nil {
			b.cache[h] = c
		}
	}
}

// Freeze sets the pending nodes aside as the nodes of a commit being written (after Flush): they are still read,
// and new nodes go to a fresh pending set. At most one commit is frozen at a time.
func (b *Buffer) Freeze() {
	b.frozen, b.pending = b.pending, make(map[fr.Element][2]fr.Element, len(b.pending))
}

// Thaw ends a frozen commit once it has landed: its written nodes (FlushFrozenFrom's) go to the read cache, the
// others are dropped.
func (b *Buffer) Thaw(written map[fr.Element]struct{}) {
	b.toCache(b.frozen, written)
	b.frozen = nil
}

// Discard drops the pending nodes (after a failed or abandoned commit).
func (b *Buffer) Discard() { clear(b.pending) }
