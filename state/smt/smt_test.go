package smt

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/zkperp/zkperp/state/hash"
	"github.com/zkperp/zkperp/state/kv"
)

func elem(v uint64) fr.Element {
	var e fr.Element
	e.SetUint64(v)
	return e
}

// naiveRoot computes the root of a full tree from a map of leaves: the obviously correct model.
func naiveRoot(h *hash.Hasher, depth int, def fr.Element, leaves map[uint64]fr.Element) fr.Element {
	level := make([]fr.Element, 1<<depth)
	for i := range level {
		level[i] = def
		if v, ok := leaves[uint64(i)]; ok {
			level[i] = v
		}
	}
	for len(level) > 1 {
		next := make([]fr.Element, len(level)/2)
		for i := range next {
			next[i] = h.Compress(level[2*i], level[2*i+1])
		}
		level = next
	}
	return level[0]
}

// runModel applies ops (index, value pairs) to the tree and the naive model and compares roots, leaves and proofs.
func runModel(t *testing.T, depth int, ops []uint64) {
	h := hash.New()
	def := elem(12345)
	tr, err := New(h, depth, def)
	if err != nil {
		t.Fatal(err)
	}
	buf := NewBuffer(nil)
	root := tr.EmptyRoot()
	model := map[uint64]fr.Element{}
	mask := uint64(1)<<depth - 1
	for i := 0; i+1 < len(ops); i += 2 {
		idx, val := ops[i]&mask, elem(ops[i+1]%5) // few distinct values: resets to default happen
		if ops[i+1]%5 == 0 {
			val = def
		}
		newRoot, old, p, err := tr.Update(buf, root, idx, val)
		if err != nil {
			t.Fatal(err)
		}
		want, ok := model[idx]
		if !ok {
			want = def
		}
		if !old.Equal(&want) {
			t.Fatalf("old leaf mismatch at %d", idx)
		}
		if err := tr.Verify(root, old, p); err != nil {
			t.Fatalf("old proof: %v", err)
		}
		if err := tr.Verify(newRoot, val, p); err != nil {
			t.Fatalf("new proof: %v", err)
		}
		root = newRoot
		model[idx] = val
	}
	if want := naiveRoot(h, depth, def, model); !root.Equal(&want) {
		t.Fatal("root differs from the naive model")
	}
	for idx, want := range model {
		got, _, err := tr.Get(buf, root, idx)
		if err != nil || !got.Equal(&want) {
			t.Fatalf("get %d: %v", idx, err)
		}
	}
}

func TestTreeAgainstModel(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, depth := range []int{1, 3, 6} {
		ops := make([]uint64, 400)
		for i := range ops {
			ops[i] = r.Uint64()
		}
		runModel(t, depth, ops)
	}
}

func FuzzTreeAgainstModel(f *testing.F) {
	f.Add(uint8(4), []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, d uint8, data []byte) {
		depth := int(d%7) + 1
		ops := make([]uint64, len(data))
		for i, b := range data {
			ops[i] = uint64(b)
		}
		runModel(t, depth, ops)
	})
}

func TestTamperedProofFails(t *testing.T) {
	h := hash.New()
	tr, _ := New(h, 8, elem(0))
	buf := NewBuffer(nil)
	root := tr.EmptyRoot()
	for i := uint64(0); i < 20; i++ {
		root, _, _, _ = tr.Update(buf, root, i*7, elem(i+1))
	}
	leaf, p, err := tr.Get(buf, root, 14)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Verify(root, leaf, p); err != nil {
		t.Fatal(err)
	}
	for k := range p.Siblings {
		q := Proof{Index: p.Index, Siblings: append([]fr.Element(nil), p.Siblings...)}
		q.Siblings[k] = elem(999)
		if err := tr.Verify(root, leaf, q); !errors.Is(err, ErrProofInvalid) {
			t.Fatalf("tampered sibling %d accepted", k)
		}
	}
	bad := p
	bad.Index = 15
	if err := tr.Verify(root, leaf, bad); err == nil {
		t.Fatal("wrong index accepted")
	}
	if err := tr.Verify(root, elem(77), p); err == nil {
		t.Fatal("wrong leaf accepted")
	}
	if _, _, err := tr.Get(buf, root, 1<<8); !errors.Is(err, ErrIndexRange) {
		t.Fatalf("out of range: %v", err)
	}
	if _, err := New(h, 0, elem(0)); !errors.Is(err, ErrBadDepth) {
		t.Fatal("depth 0 accepted")
	}
}

func TestPersistAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db")
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	h := hash.New()
	tr, _ := New(h, 16, elem(0))
	buf := NewBuffer(db)
	root := tr.EmptyRoot()
	for i := uint64(0); i < 100; i++ {
		root, _, _, _ = tr.Update(buf, root, i*611, elem(i+1))
	}
	b := db.NewBatch()
	buf.Flush(b)
	if err := b.Write(); err != nil {
		t.Fatal(err)
	}
	buf.Committed(nil)
	_ = db.Close()
	db, err = kv.OpenLevelDB(kv.LevelDBConfig{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	buf = NewBuffer(db)
	for i := uint64(0); i < 100; i++ {
		got, _, err := tr.Get(buf, root, i*611)
		want := elem(i + 1)
		if err != nil || !got.Equal(&want) {
			t.Fatalf("leaf %d after reopen: %v", i, err)
		}
	}
	// A root whose nodes were never written is reported, not guessed.
	if _, _, err := tr.Get(buf, elem(4242), 3); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("unknown root: %v", err)
	}
}

func benchUpdates(b *testing.B, db kv.Store) {
	h := hash.New()
	tr, _ := New(h, 24, elem(0))
	buf := NewBuffer(db)
	root := tr.EmptyRoot()
	r := rand.New(rand.NewPCG(1, 1))
	n := 0
	for b.Loop() {
		root, _, _, _ = tr.Update(buf, root, r.Uint64()&(1<<24-1), elem(uint64(n)+1))
		n++
		if n%1000 == 0 && db != nil { // commit every 1000 updates, like a batch
			batch := db.NewBatch()
			buf.Flush(batch)
			if err := batch.Write(); err != nil {
				b.Fatal(err)
			}
			buf.Committed(nil)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "updates/s")
}

func BenchmarkUpdateDepth24Memory(b *testing.B) { benchUpdates(b, kv.NewMemory()) }

func BenchmarkUpdateDepth24LevelDB(b *testing.B) {
	db, err := kv.OpenLevelDB(kv.LevelDBConfig{Path: filepath.Join(b.TempDir(), "db")})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	benchUpdates(b, db)
}

// Walk visits exactly the stored nodes and the non-default leaves under a root, and reports a missing node.
func TestWalk(t *testing.T) {
	h := hash.New()
	tr, _ := New(h, 8, elem(0))
	db := kv.NewMemory()
	buf := NewBuffer(db)
	root := tr.EmptyRoot()
	r := rand.New(rand.NewPCG(3, 4))
	leaves := map[uint64]fr.Element{}
	for i := 0; i < 60; i++ {
		idx, v := r.Uint64()&255, elem(uint64(r.IntN(5))) // some leaves set back to the default (0)
		root, _, _, _ = tr.Update(buf, root, idx, v)
		if v.IsZero() {
			delete(leaves, idx)
		} else {
			leaves[idx] = v
		}
	}
	b := db.NewBatch()
	buf.Flush(b)
	if err := b.Write(); err != nil {
		t.Fatal(err)
	}
	nodes := map[fr.Element]bool{}
	gotLeaves := map[fr.Element]int{}
	enter := func(n fr.Element) (bool, error) {
		if nodes[n] {
			return false, nil
		}
		nodes[n] = true
		return true, nil
	}
	leaf := func(l fr.Element) error { gotLeaves[l]++; return nil }
	if err := tr.Walk(Store(db), root, enter, leaf); err != nil {
		t.Fatal(err)
	}
	want := map[fr.Element]int{}
	for _, v := range leaves {
		want[v]++
	}
	// Equal leaves under equal subtrees are visited once (shared nodes are entered once), so compare the sets.
	for v := range want {
		if gotLeaves[v] == 0 {
			t.Fatalf("leaf %s not visited", v.String())
		}
	}
	for v := range gotLeaves {
		if want[v] == 0 {
			t.Fatalf("visited leaf %s not in the tree", v.String())
		}
	}
	// Every visited node is stored, and is on the path of some set leaf (the walk finds all of them: deleting any
	// one makes the walk fail).
	var any fr.Element
	for n := range nodes {
		if ok, _ := db.Has(NodeKey(n)); !ok {
			t.Fatalf("visited node %s not stored", n.String())
		}
		if got, ok := NodeHash(NodeKey(n)); !ok || got != n {
			t.Fatal("NodeHash(NodeKey(n)) != n")
		}
		any = n
	}
	_ = db.Delete(NodeKey(any))
	clear(nodes)
	if err := tr.Walk(Store(db), root, enter, leaf); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("walk over a missing node: %v", err)
	}
}
