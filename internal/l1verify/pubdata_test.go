package l1verify

import (
	"math/rand/v2"
	"testing"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// Arbitrary pubdata (any 32 bytes a batch could carry) is applied or rejected with an error, never a panic, and a
// rejection leaves the state as it was.
func TestArbitraryPubdataNoPanic(t *testing.T) {
	g := testGenesis()
	st, err := g.Build(kv.NewMemory(), nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := state.NewPrivateKey([32]byte{1})
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(a uint32) (state.PublicKey, bool) { return k.Public(), a > 0 && a < 4 }
	rng := rand.New(rand.NewPCG(1, 2))
	applied := 0
	for i := range 3000 {
		var b [32]byte
		switch i % 3 {
		case 0: // fully random (mostly non-canonical or excess bits)
			for j := range b {
				b[j] = byte(rng.Uint32())
			}
		default: // well-formed transactions with small random fields
			e := state.Pubdata(randomTx(rng))
			b = e.Bytes()
		}
		before := st.Head()
		if _, err := st.ApplyProven(b, lookup); err != nil {
			if st.Head() != before {
				t.Fatalf("rejected pubdata %x changed the state", b)
			}
			continue
		}
		applied++
	}
	t.Logf("%d of 3000 arbitrary pubdata elements applied", applied)
}

func randomTx(rng *rand.Rand) state.Tx {
	acc := func() uint32 { return uint32(rng.IntN(5)) }
	mkt := func() uint8 { return uint8(rng.IntN(5)) }
	amt := func() uint64 { return uint64(rng.IntN(2_000_000)) }
	switch rng.IntN(8) {
	case 0:
		return state.NoOp{}
	case 1:
		return state.Deposit{Account: acc(), Amount: amt()}
	case 2:
		return state.Withdraw{Account: acc(), Amount: amt() / 10}
	case 3:
		return state.PositionMargin{Account: acc(), Market: mkt(), ToPosition: rng.IntN(3) > 0, Amount: amt() / 10}
	case 4:
		buy := rng.IntN(2) == 0
		p := uint64(rng.IntN(300)) * 10
		m := mkt()
		return state.Fill{Maker: state.Order{Account: acc(), ID: uint32(rng.IntN(20)), Market: m, Buy: !buy, Price: p},
			Taker: state.Order{Account: acc(), ID: uint32(rng.IntN(20)), Market: m, Buy: buy, Price: p},
			Price: p, Size: uint64(rng.IntN(100))}
	case 5:
		return state.Liquidate{Account: acc(), Market: mkt()}
	case 6:
		return state.FundingTick{Market: mkt(), Rate: int64(rng.IntN(3000) - 1500)}
	default:
		return state.MarkPrice{Market: mkt(), Price: uint64(rng.IntN(3000))}
	}
}
