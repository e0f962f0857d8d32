package contracts

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/zkperp/zkperp/contracts/bindings"
)

func TestPoseidon2MatchesGnarkCrypto(t *testing.T) {
	e := newEnv(t, testConfig())
	addr, _, err := e.senders["deployer"].Deploy(e.ctx, &bindings.Poseidon2HarnessMetaData, nil)
	if err != nil {
		t.Fatal(err)
	}
	hb := bindings.NewPoseidon2Harness()
	c := hb.Instance(e.sim.Client(), addr)
	rng := rand.New(rand.NewPCG(1, 2))
	var max fr.Element
	max.SetInt64(-1)
	cases := [][2]fr.Element{{}, {el(1), el(2)}, {max, max}, {el(0), max}}
	for range 32 {
		var l, r fr.Element
		for i := range l {
			l[i], r[i] = rng.Uint64(), rng.Uint64()
		}
		l.SetBigInt(new(big.Int).SetBytes(append(l.Marshal(), 0)[:32])) // any 256-bit value reduced mod r
		r.SetBigInt(new(big.Int).SetBytes(append(r.Marshal(), 0)[:32]))
		cases = append(cases, [2]fr.Element{l, r})
	}
	for _, tc := range cases {
		want := h2(tc[0], tc[1])
		got, err := bind.Call(c, nil, hb.PackCompress(big_(tc[0]), big_(tc[1])), hb.UnpackCompress)
		if err != nil {
			t.Fatal(err)
		}
		if got.Cmp(big_(want)) != 0 {
			t.Fatalf("H(%s, %s): solidity %s, gnark-crypto %s", tc[0].String(), tc[1].String(), got, want.String())
		}
	}
	// Non-canonical inputs are reduced mod r first.
	rmod := fr.Modulus()
	got, err := bind.Call(c, nil, hb.PackCompress(new(big.Int).Add(rmod, big.NewInt(1)), big.NewInt(2)), hb.UnpackCompress)
	if err != nil || got.Cmp(big_(h2(el(1), el(2)))) != 0 {
		t.Fatalf("unreduced input: %v %v", got, err)
	}
	t.Logf("gas per Poseidon2 compress: %d", compressGas(t, e.ctx, e, addr))
}

// compressGas measures the marginal gas of one compression through the harness's chain().
func compressGas(t *testing.T, ctx context.Context, e *env, addr [20]byte) uint64 {
	hb := bindings.NewPoseidon2Harness()
	est := func(n int64) uint64 {
		a := bindAddr(addr)
		g, err := e.sim.Client().EstimateGas(ctx, ethereum.CallMsg{To: &a, Data: hb.PackChain(big.NewInt(5), big.NewInt(n))})
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	return (est(101) - est(1)) / 100
}
