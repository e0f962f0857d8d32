package sigbatch_test

import (
	"fmt"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/zkperp/zkperp/state"
)

// TestStateVerifySignatures: state.VerifySignatures (and SigCache.VerifyBatch) give every input exactly
// state.VerifySignature's answer, whatever else is in the batch.
func TestStateVerifySignatures(t *testing.T) {
	d := state.Domain{ChainID: 7}
	var in []state.SigInput
	for i := 0; i < 12; i++ {
		var seed [32]byte
		seed[0] = byte(i % 3)
		k, err := state.NewPrivateKey(seed)
		if err != nil {
			t.Fatal(err)
		}
		k = k.For(d)
		var m fr.Element
		m.SetUint64(uint64(1000 + i))
		sig, err := k.SignMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, state.SigInput{Key: k.Public(), Msg: m, Sig: sig})
	}
	in[1].Msg.SetUint64(5)        // wrong message
	in[3].Sig[40] ^= 1            // wrong S
	in[5].Key = state.PublicKey{} // no key
	in[7].Key.X.SetUint64(3)      // off the curve
	in[9].Sig = in[10].Sig        // another message's signature
	in[11].Sig[0] ^= 0x10         // R changed
	for _, errs := range [][]error{state.VerifySignatures(d, in), state.NewSigCache(100).VerifyBatch(d, in)} {
		for i, x := range in {
			want := state.VerifySignature(d, x.Key, x.Msg, x.Sig)
			if fmt.Sprint(errs[i]) != fmt.Sprint(want) {
				t.Fatalf("input %d: %v, want %v", i, errs[i], want)
			}
			if (want == nil) != (i%2 == 0) {
				t.Fatalf("input %d: unexpected verdict %v", i, want)
			}
		}
	}
	// wrong domain: all rejected
	for i, err := range state.VerifySignatures(state.Domain{ChainID: 8}, in) {
		if err == nil {
			t.Fatalf("input %d accepted in another domain", i)
		}
	}
}
