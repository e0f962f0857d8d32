package kv

import (
	"errors"
	"fmt"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/util"
)

// LevelDB is a Store on goleveldb.
type LevelDB struct {
	db *leveldb.DB
}

// LevelDBConfig configures OpenLevelDB.
type LevelDBConfig struct {
	Path string
	// CacheMiB and WriteBufferMiB size goleveldb's block cache and memtable; zero takes goleveldb's defaults.
	CacheMiB       int
	WriteBufferMiB int
}

// OpenLevelDB opens (creating if needed) a goleveldb database at cfg.Path.
func OpenLevelDB(cfg LevelDBConfig) (*LevelDB, error) {
	if cfg.Path == "" {
		return nil, errors.New("kv: empty leveldb path")
	}
	// A bloom filter per table (10 bits a key, ~1% false positives) lets a point read skip the tables that do not
	// hold its key: tree nodes are read by hash, all over the key space.
	o := &opt.Options{Filter: filter.NewBloomFilter(10)}
	if cfg.CacheMiB > 0 {
		o.BlockCacheCapacity = cfg.CacheMiB * opt.MiB
	}
	if cfg.WriteBufferMiB > 0 {
		o.WriteBuffer = cfg.WriteBufferMiB * opt.MiB
	}
	db, err := leveldb.OpenFile(cfg.Path, o)
	if err != nil {
		return nil, fmt.Errorf("kv: open leveldb %s: %w", cfg.Path, err)
	}
	return &LevelDB{db: db}, nil
}

func mapErr(err error) error {
	switch {
	case errors.Is(err, leveldb.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, leveldb.ErrClosed):
		return ErrClosed
	}
	return err
}

// Get returns the value at key.
func (s *LevelDB) Get(key []byte) ([]byte, error) {
	v, err := s.db.Get(key, nil)
	return v, mapErr(err)
}

// Has reports whether key exists.
func (s *LevelDB) Has(key []byte) (bool, error) {
	ok, err := s.db.Has(key, nil)
	return ok, mapErr(err)
}

// Put writes key.
func (s *LevelDB) Put(key, value []byte) error { return mapErr(s.db.Put(key, value, nil)) }

// Delete removes key.
func (s *LevelDB) Delete(key []byte) error { return mapErr(s.db.Delete(key, nil)) }

// Iterate visits keys with prefix in ascending order.
func (s *LevelDB) Iterate(prefix []byte, fn func(key, value []byte) bool) error {
	it := s.db.NewIterator(util.BytesPrefix(prefix), nil)
	defer it.Release()
	for it.Next() {
		if !fn(it.Key(), it.Value()) {
			break
		}
	}
	return mapErr(it.Error())
}

// Snapshot returns a goleveldb snapshot.
func (s *LevelDB) Snapshot() (Snapshot, error) {
	sn, err := s.db.GetSnapshot()
	if err != nil {
		return nil, mapErr(err)
	}
	return &levelSnapshot{sn: sn}, nil
}

type levelSnapshot struct{ sn *leveldb.Snapshot }

func (s *levelSnapshot) Get(key []byte) ([]byte, error) {
	v, err := s.sn.Get(key, nil)
	return v, mapErr(err)
}

func (s *levelSnapshot) Has(key []byte) (bool, error) {
	ok, err := s.sn.Has(key, nil)
	return ok, mapErr(err)
}

func (s *levelSnapshot) Iterate(prefix []byte, fn func(key, value []byte) bool) error {
	it := s.sn.NewIterator(util.BytesPrefix(prefix), &opt.ReadOptions{DontFillCache: true})
	defer it.Release()
	for it.Next() {
		if !fn(it.Key(), it.Value()) {
			break
		}
	}
	return mapErr(it.Error())
}

func (s *levelSnapshot) Release() { s.sn.Release() }

// flushKey is the key Flush writes so that the memtable overlaps the range it compacts (the last of the key space).
var flushKey = []byte("\xffkv/flush")

// Flush moves what was written so far out of goleveldb's journal: the memtable is written to a level-0 table and a
// new journal started (goleveldb's CompactRange over one key the memtable holds; the tables holding that key are
// compacted too). Without it, a store that deletes as much as it writes (a pruning node) carries every write and
// delete in its journal until the memtable fills the write buffer; with it, the deletes reach the tables, whose
// compactions reclaim the space.
func (s *LevelDB) Flush() error {
	if err := s.db.Put(flushKey, nil, nil); err != nil {
		return mapErr(err)
	}
	return mapErr(s.db.CompactRange(util.Range{Start: flushKey, Limit: append(append([]byte(nil), flushKey...), 0)}))
}

// Close closes the database.
func (s *LevelDB) Close() error { return mapErr(s.db.Close()) }

// NewBatch returns a goleveldb batch, written with fsync so an acknowledged commit survives a crash.
func (s *LevelDB) NewBatch() Batch { return &levelBatch{db: s.db, b: new(leveldb.Batch)} }

type levelBatch struct {
	db *leveldb.DB
	b  *leveldb.Batch
}

func (b *levelBatch) Put(key, value []byte) { b.b.Put(key, value) }
func (b *levelBatch) Delete(key []byte)     { b.b.Delete(key) }
func (b *levelBatch) Len() int              { return b.b.Len() }
func (b *levelBatch) Size() int             { return len(b.b.Dump()) } // its record encoding, as the journal takes it
func (b *levelBatch) Reset()                { b.b.Reset() }
func (b *levelBatch) Write() error {
	return mapErr(b.db.Write(b.b, &opt.WriteOptions{Sync: true}))
}

// WriteNoSync writes the batch without waiting for fsync (NoSyncWriter): for writes that may be lost in a crash,
// such as deletes of garbage. It stays ordered with the store's other writes: a later synced write makes it durable.
func (b *levelBatch) WriteNoSync() error { return mapErr(b.db.Write(b.b, nil)) }
