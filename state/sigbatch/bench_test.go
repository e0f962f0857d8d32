package sigbatch

import (
	"fmt"
	"testing"
)

// BenchmarkVerify: gnark-crypto's Verify (current) against Verify (key seen before: with its table; and without a
// key table), then VerifyBatch at sizes 1…256, over 8 keys (a market maker's connections); µs/sig is per signature.
func BenchmarkVerify(b *testing.B) {
	ss := newSigners(b, 8)
	items := batch(b, ss, 256)
	b.Run("single/gnark", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if ok, _ := reference(items[i%len(items)]); !ok {
				b.Fatal("rejected")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/sig")
	})
	cached := New()
	cached.VerifyBatch(items) // warm the key cache: tables built
	cached.VerifyBatch(items)
	b.Run("single/new-keytable", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			it := &items[i%len(items)]
			if ok, _ := cached.Verify(&it.Key, it.Msg, it.Sig); !ok {
				b.Fatal("rejected")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/sig")
	})
	b.Run("single/new-nokeytable", func(b *testing.B) {
		fresh := batch(b, newSigners(b, 8), 256)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			it := &fresh[i%len(fresh)]
			if ok, _ := Verify(&it.Key, it.Msg, it.Sig); !ok {
				b.Fatal("rejected")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/sig")
	})
	for n := 1; n <= 256; n *= 2 {
		b.Run(fmt.Sprintf("batch/n=%d", n), func(b *testing.B) {
			sigs := 0
			for i := 0; i < b.N; i++ {
				off := (i * n) % len(items)
				if off+n > len(items) {
					off = 0
				}
				if errs := cached.VerifyBatch(items[off : off+n]); errs != nil {
					b.Fatal(errs)
				}
				sigs += n
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(sigs), "µs/sig")
		})
	}
}
