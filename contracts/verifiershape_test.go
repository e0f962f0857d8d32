package contracts_test

import (
	"context"
	"errors"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/circuits/batch"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/contracts/internal/shape"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/kv"
)

// BenchmarkVerifierShapeGas checks the claim BenchmarkL1GasDAModes rests on: gnark's exported PLONK verifier costs
// the same gas for every circuit with the same number of public inputs and of BSB22 commitments, whatever its size.
// It proves an all-NoOp batch of the devnet batch circuit (internal/devnet.Circuit(): the real batch circuit,
// ~257k constraints in a 2^18 domain; its setup is the `zkperp devnet` / gen-devnet-verifier cache in
// $TMPDIR/zkperp-devnet-keys, made on a miss) and a shape circuit (contracts/internal/shape) with the same number
// of public inputs and one commitment, compiles both exported verifiers with the pinned solc as build.js does
// (1,000,000 runs), and sends Verify(proof, inputs) to each with the same public inputs. Metrics: each call's gas
// (transaction total) and execution gas (less the 21,000 base and the calldata), and whether the two sources are
// identical once the VK constants are blanked (same-code = 1).
//
//	go test -run '^$' -bench VerifierShapeGas -benchtime 1x ./contracts/   (~2 min on 2 cores with the cache)
func BenchmarkVerifierShapeGas(b *testing.B) {
	ctx := context.Background()
	cfg := devnet.Circuit()
	circuit, err := batch.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	keys, err := prover.Setup(ctx, prover.SetupConfig{Dir: os.TempDir() + "/zkperp-devnet-keys", Name: "devnet-batch",
		ChainID: devnet.ChainID, SRS: prover.SRSConfig{DevToxicSeed: devnet.DevSeed}}, circuit, nil)
	if err != nil {
		b.Fatal(err)
	}
	devSrc, err := os.ReadFile(keys.VerifierPath())
	if err != nil {
		b.Fatal(err)
	}
	if committed, err := os.ReadFile("src/DevnetPlonkVerifier.sol"); err == nil {
		rendered, _ := devnet.RenderVerifier(string(devSrc))
		b.Logf("src/DevnetPlonkVerifier.sol is this setup's verifier: %v", rendered == string(committed))
	}

	// An all-NoOp batch of the devnet circuit.
	domain := state.Domain{ChainID: devnet.ChainID, Rollup: common.HexToAddress("0x000000000000000000000000000000000000da7a")}
	s, err := state.Open(state.Config{AccountDepth: cfg.AccountDepth, PositionDepth: cfg.PositionDepth,
		OrderDepth: cfg.OrderDepth, Domain: domain}, kv.NewMemory(), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.SetTime(1_700_000_000); err != nil {
		b.Fatal(err)
	}
	traces, err := batch.Pad(s, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	assignment, err := batch.Assign(cfg, 1, domain, traces)
	if err != nil {
		b.Fatal(err)
	}
	full, err := prover.NewWitness(assignment)
	if err != nil {
		b.Fatal(err)
	}
	p, err := prover.New(keys, nil)
	if err != nil {
		b.Fatal(err)
	}
	devProof, err := p.Prove(ctx, full)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("devnet circuit: %d constraints, %d public inputs, proved in %s", keys.CCS.GetNbConstraints(),
		len(devProof.Public), devProof.Elapsed)

	// The shape circuit with as many public inputs, proved for the same inputs.
	sk, err := shape.Setup(len(devProof.Public))
	if err != nil {
		b.Fatal(err)
	}
	shapeProof, err := sk.Prove(devProof.Public)
	if err != nil {
		b.Fatal(err)
	}
	shapeSrc, err := sk.Solidity("PlonkVerifier")
	if err != nil {
		b.Fatal(err)
	}
	same, differing := shape.SameCodeModuloVK(string(devSrc), shapeSrc)
	b.Logf("sources identical modulo VK constants: %v (constants that differ: %v)", same, differing)

	compile := func(src string) *bind.MetaData {
		abi, bin, version, err := shape.Compile(shape.SolcModule, "PlonkVerifier", src)
		if errors.Is(err, shape.ErrNoSolc) {
			b.Skip(err)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("solc %s: %d bytes of creation code", version, (len(bin)-2)/2)
		return &bind.MetaData{ABI: abi, Bin: bin}
	}
	devMeta, shapeMeta := compile(string(devSrc)), compile(shapeSrc)

	key, err := crypto.ToECDSA(common.LeftPadBytes([]byte{7}, 32))
	if err != nil {
		b.Fatal(err)
	}
	sim := contracts.NewSimulated(types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: new(big.Int).Lsh(big.NewInt(1), 100)}})
	b.Cleanup(func() { _ = sim.Close() })
	sender := &contracts.Sender{Backend: sim.Client(), Opts: bind.NewKeyedTransactor(key, contracts.OsakaChainConfig().ChainID),
		Mine: func() { sim.Commit() }}
	verify := func(meta *bind.MetaData, proof []byte) (total, exec uint64) {
		addr, _, err := sender.Deploy(ctx, meta, nil)
		if err != nil {
			b.Fatal(err)
		}
		v := bindings.NewDevnetPlonkVerifier()
		data := v.PackVerify(proof, devProof.Public)
		ok, err := bind.Call(v.Instance(sim.Client(), addr), &bind.CallOpts{Context: ctx}, data, v.UnpackVerify)
		if err != nil || !ok {
			b.Fatalf("Verify: %v %v", ok, err)
		}
		r, err := sender.Transact(ctx, v.Instance(sim.Client(), addr), data)
		if err != nil {
			b.Fatal(err)
		}
		cd := uint64(0)
		for _, c := range data {
			if c == 0 {
				cd += 4
			} else {
				cd += 16
			}
		}
		return r.GasUsed, r.GasUsed - 21000 - cd
	}
	var devTotal, devExec, shapeTotal, shapeExec uint64
	for range b.N {
		devTotal, devExec = verify(devMeta, devProof.Solidity)
		shapeTotal, shapeExec = verify(shapeMeta, shapeProof)
	}
	b.ReportMetric(float64(devTotal), "gas/verify-devnet")
	b.ReportMetric(float64(shapeTotal), "gas/verify-shape")
	b.ReportMetric(float64(devExec), "execgas/verify-devnet")
	b.ReportMetric(float64(shapeExec), "execgas/verify-shape")
	b.ReportMetric(float64(len(devProof.Public)), "inputs")
	sameCode := 0.0
	if same {
		sameCode = 1
	}
	b.ReportMetric(sameCode, "same-code")
}
