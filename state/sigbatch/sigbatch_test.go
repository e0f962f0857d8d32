package sigbatch

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	tw "github.com/consensys/gnark-crypto/ecc/bn254/twistededwards"
	"github.com/consensys/gnark-crypto/ecc/bn254/twistededwards/eddsa"
	gcHash "github.com/consensys/gnark-crypto/hash"
)

type signer struct{ k *eddsa.PrivateKey }

func newSigners(t testing.TB, n int) []signer {
	s := make([]signer, n)
	for i := range s {
		k, err := eddsa.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		s[i] = signer{k}
	}
	return s
}

func randMsg() []byte {
	var m fr.Element
	m.SetRandom()
	b := m.Bytes()
	return b[:]
}

func (s signer) item(t testing.TB, msg []byte) Item {
	sig, err := s.k.Sign(msg, gcHash.POSEIDON2_BN254.New())
	if err != nil {
		t.Fatal(err)
	}
	return Item{Key: s.k.PublicKey.A, Msg: msg, Sig: sig}
}

// reference is gnark-crypto's single verification.
func reference(it Item) (bool, error) {
	pub := eddsa.PublicKey{A: it.Key}
	return pub.Verify(it.Sig, it.Msg, gcHash.POSEIDON2_BN254.New())
}

func batch(t testing.TB, ss []signer, n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = ss[i%len(ss)].item(t, randMsg())
	}
	return items
}

func TestValidBatchesAccepted(t *testing.T) {
	ss := newSigners(t, 5)
	for _, n := range []int{1, 2, 3, 7, 16, 33, 100} {
		if errs := VerifyBatch(batch(t, ss, n)); errs != nil {
			t.Fatalf("n=%d: valid batch rejected: %v", n, errs)
		}
	}
	// many distinct keys (no tables for most): the Pippenger path for the keys
	if errs := VerifyBatch(batch(t, newSigners(t, 70), 70)); errs != nil {
		t.Fatalf("distinct keys: %v", errs)
	}
}

// forgeries: each kind, at each position, is rejected alone.
func TestForgedRejectedExactly(t *testing.T) {
	ss := newSigners(t, 3)
	other := newSigners(t, 1)[0]
	forge := map[string]func(it *Item){
		"wrong S": func(it *Item) {
			var s big.Int
			s.SetBytes(it.Sig[32:])
			s.Add(&s, big.NewInt(1)).Mod(&s, &order)
			s.FillBytes(it.Sig[32:])
		},
		"wrong message": func(it *Item) { it.Msg = randMsg() },
		"wrong key":     func(it *Item) { it.Key = other.k.PublicKey.A },
		"R replaced": func(it *Item) {
			o := other.item(t, it.Msg)
			copy(it.Sig[:32], o.Sig[:32])
		},
		"other's signature": func(it *Item) { it.Sig = other.item(t, it.Msg).Sig },
		"S >= l": func(it *Item) {
			var s big.Int
			s.SetBytes(it.Sig[32:])
			s.Add(&s, &order)
			if s.BitLen() <= 256 {
				s.FillBytes(it.Sig[32:])
			}
		},
		"R off curve": func(it *Item) { it.Sig[3] ^= 1 },
		"key off subgroup": func(it *Item) {
			it.Key = addTorsion(it.Key)
		},
		"R plus torsion": func(it *Item) {
			var r tw.PointAffine
			if _, err := r.SetBytes(it.Sig[:32]); err != nil {
				t.Fatal(err)
			}
			r = addTorsion(r)
			b := r.Bytes()
			copy(it.Sig[:32], b[:])
		},
		"small-order key": func(it *Item) { it.Key = torsion2() },
		"identity key":    func(it *Item) { it.Key = tw.PointAffine{}; it.Key.Y.SetOne() },
	}
	// a Verifier that has seen the signers' keys often enough to build their tables, and one that remembers nothing
	cached := New()
	for range tableAfter + 1 {
		cached.VerifyBatch(batch(t, ss, 6))
	}
	verifiers := map[string]*Verifier{"no cache": nil, "key tables": cached}
	for name, f := range forge {
		for _, n := range []int{1, 2, 5, 64} {
			for vname, v := range verifiers {
				bad := mrand.IntN(n)
				items := batch(t, ss, n)
				f(&items[bad])
				ok, rerr := reference(items[bad])
				if ok {
					t.Fatalf("%s: the reference accepts the forgery", name)
				}
				name := name + " (" + vname + ")"
				errs := v.VerifyBatch(items)
				if errs == nil {
					t.Fatalf("%s n=%d: batch accepted a forgery", name, n)
				}
				for i, err := range errs {
					if (i == bad) != (err != nil) {
						t.Fatalf("%s n=%d bad=%d: item %d: %v", name, n, bad, i, err)
					}
				}
				if rerr != nil && (errs[bad] == nil || errs[bad].Error() != rerr.Error()) {
					t.Fatalf("%s: error %v, reference %v", name, errs[bad], rerr)
				}
				if rerr == nil && !errors.Is(errs[bad], ErrMismatch) {
					t.Fatalf("%s: error %v, want mismatch", name, errs[bad])
				}
				sok, serr := v.Verify(&items[bad].Key, items[bad].Msg, items[bad].Sig)
				if sok || fmt.Sprint(serr) != fmt.Sprint(rerr) {
					t.Fatalf("%s: single (%v, %v), reference (%v, %v)", name, sok, serr, ok, rerr)
				}
			}
		}
	}
	for _, s := range ss {
		if e, _ := cached.keyOf(&s.k.PublicKey.A); e.table.Load() == nil {
			t.Fatal("the cached verifier built no key table: the table path is untested")
		}
	}
}

// torsion2 is the point of order 2, (0, -1).
func torsion2() tw.PointAffine {
	var p tw.PointAffine
	p.Y.SetOne()
	p.Y.Neg(&p.Y)
	return p
}

func addTorsion(p tw.PointAffine) tw.PointAffine {
	t2 := torsion2()
	var r tw.PointAffine
	r.Add(&p, &t2)
	return r
}

// FuzzAgainstSingle: a mutated signature, message or key gets the reference's answer, alone and in a batch.
func FuzzAgainstSingle(f *testing.F) {
	ss := newSigners(f, 2)
	base := batch(f, ss, 4)
	f.Add(uint8(0), uint8(0), uint8(0), false)
	f.Add(uint8(1), uint8(40), uint8(1), false)
	f.Add(uint8(2), uint8(5), uint8(0x80), true)
	f.Fuzz(func(t *testing.T, which, pos, mask uint8, keyFlip bool) {
		items := make([]Item, len(base))
		for i, it := range base {
			items[i] = Item{Key: it.Key, Msg: append([]byte{}, it.Msg...), Sig: append([]byte{}, it.Sig...)}
		}
		j := int(which) % len(items)
		if int(pos) < 64 {
			items[j].Sig[pos] ^= mask
		} else {
			items[j].Msg[int(pos)%len(items[j].Msg)] ^= mask
		}
		if keyFlip {
			items[j].Key = addTorsion(items[j].Key)
		}
		errs := VerifyBatch(items)
		for i, it := range items {
			ok, rerr := reference(it)
			var got error
			if errs != nil {
				got = errs[i]
			}
			if ok != (got == nil) {
				t.Fatalf("item %d: batch %v, reference (%v, %v)", i, got, ok, rerr)
			}
			sok, serr := Verify(&it.Key, it.Msg, it.Sig)
			if sok != ok || fmt.Sprint(serr) != fmt.Sprint(rerr) {
				t.Fatalf("item %d: single (%v, %v), reference (%v, %v)", i, sok, serr, ok, rerr)
			}
		}
	})
}

// TestRandomAgainstSingle: random batches with random forgeries, every answer as the reference's.
func TestRandomAgainstSingle(t *testing.T) {
	ss := newSigners(t, 4)
	for round := 0; round < 20; round++ {
		n := 1 + mrand.IntN(40)
		items := batch(t, ss, n)
		for i := range items {
			if mrand.IntN(6) == 0 {
				items[i].Sig[mrand.IntN(64)] ^= byte(1 << mrand.IntN(8))
			}
		}
		errs := VerifyBatch(items)
		for i, it := range items {
			ok, _ := reference(it)
			if ok != (errs == nil || errs[i] == nil) {
				t.Fatalf("round %d item %d: batch %v, reference %v", round, i, errs, ok)
			}
		}
	}
}

func TestMSM(t *testing.T) {
	c := tw.GetEdwardsCurve()
	for _, n := range []int{1, 3, 20, 200} {
		ps := make([]tw.PointAffine, n)
		ss := make([]scalar, n)
		var want tw.PointAffine
		want.Y.SetOne()
		for i := range ps {
			var k, s big.Int
			k.SetUint64(mrand.Uint64() | 1)
			ps[i].ScalarMultiplication(&c.Base, &k)
			b := make([]byte, 32)
			rand.Read(b)
			s.SetBytes(b).Mod(&s, &order)
			ss[i] = toScalar(&s)
			var q tw.PointAffine
			q.ScalarMultiplication(&ps[i], &s)
			want.Add(&want, &q)
		}
		var acc tw.PointExtended
		setZero(&acc)
		msm(&acc, ps, ss, scalarBits)
		var got tw.PointAffine
		got.FromExtended(&acc)
		if !got.Equal(&want) {
			t.Fatalf("n=%d: msm wrong", n)
		}
		setZero(&acc)
		straus(&acc, ps, ss, scalarBits)
		got.FromExtended(&acc)
		if !got.Equal(&want) {
			t.Fatalf("n=%d: straus wrong", n)
		}
		setZero(&acc)
		pippenger(&acc, ps, ss, scalarBits, 5)
		got.FromExtended(&acc)
		if !got.Equal(&want) {
			t.Fatalf("n=%d: pippenger wrong", n)
		}
	}
}
