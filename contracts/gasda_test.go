package contracts

import (
	"errors"
	"fmt"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/zkperp/zkperp/contracts/internal/shape"
)

// shapeVerifier is a shape circuit's keys and its verifier compiled by the pinned solc.
type shapeVerifier struct {
	keys *shape.Keys
	meta *bind.MetaData
}

var (
	shapeMu    sync.Mutex
	shapeCache = map[int]*shapeVerifier{}
)

// newShapeVerifier sets up the shape circuit with `inputs` public inputs and one commitment (the batch circuit's
// verifier shape, contracts/internal/shape), exports gnark's verifier and compiles it as scripts/build.js compiles
// the verifiers (1,000,000 optimizer runs). It skips when node or solc is missing.
func newShapeVerifier(tb testing.TB, inputs int) *shapeVerifier {
	tb.Helper()
	shapeMu.Lock()
	defer shapeMu.Unlock()
	if v, ok := shapeCache[inputs]; ok {
		return v
	}
	keys, err := shape.Setup(inputs)
	if err != nil {
		tb.Fatal(err)
	}
	name := fmt.Sprintf("ShapePlonkVerifier%d", inputs)
	src, err := keys.Solidity(name)
	if err != nil {
		tb.Fatal(err)
	}
	abi, bin, _, err := shape.Compile(shape.SolcModule, name, src)
	if errors.Is(err, shape.ErrNoSolc) {
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	v := &shapeVerifier{keys: keys, meta: &bind.MetaData{ABI: abi, Bin: bin, ID: name}}
	shapeCache[inputs] = v
	return v
}

func (v *shapeVerifier) prove(tb testing.TB, inputs []*big.Int) []byte {
	tb.Helper()
	p, err := v.keys.Prove(inputs)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkL1GasDAModes measures L1 gas per batch and per fill of fill-only batches with the real batch circuit's
// verifier shape: gnark's exported PLONK verifier of a shape circuit with the batch circuit's public-input count
// and its one BSB22 commitment (the verifier's gas depends on nothing else: BenchmarkVerifierShapeGas), generated,
// compiled (pinned solc, 1,000,000 runs) and deployed at benchmark time with a Rollup in the mode, and a real proof
// of each batch.
//
//   - calldata mode, N = 4, 16, 64 slots: 7 + N public inputs, the N fills' words in calldata (`fills`).
//   - blob mode, K = 8 L1-op inputs: 12 + K = 20 public inputs whatever the batch size; the fills' words in the
//     transaction's blob (4, 16, 64 and 4096 = one full blob), the 8 L1-op words (zero: no L1 op) in calldata, the
//     point-evaluation precompile on the opening.
//
// Each batch follows one batch of the same kind (steady state: lastBatchTime already non-zero). Metrics:
// gas/batch (the submitBatch transaction's gas), gas/fill (gas/batch over the fills), blobgas/batch.
//
//	go test -run '^$' -bench L1GasDAModes -benchtime 2x ./contracts/
func BenchmarkL1GasDAModes(b *testing.B) {
	const k = 8
	cases := []struct {
		blob         bool
		slots, fills int
	}{
		{false, 4, 4}, {false, 16, 16}, {false, 64, 64},
		{true, k, 4}, {true, k, 16}, {true, k, 64}, {true, k, 4096},
	}
	for _, c := range cases {
		name := fmt.Sprintf("calldata/N=%d/fills=%d", c.slots, c.fills)
		if c.blob {
			name = fmt.Sprintf("blob/K=%d/fills=%d", c.slots, c.fills)
		}
		b.Run(name, func(b *testing.B) {
			inputs := int(publicInputs(uint32(c.slots), c.blob))
			v := newShapeVerifier(b, inputs)
			cfg := testConfig()
			cfg.slots, cfg.blobMode, cfg.verifier = c.slots, c.blob, v.meta
			e := newEnv(b, cfg)
			words := fills(c.fills)
			root := int64(100)
			submit := func() *types.Receipt {
				root++
				newRoot := big.NewInt(root)
				var (
					r   *types.Receipt
					err error
				)
				if !c.blob {
					in := e.batchInputs(newRoot, words)
					r, err = e.send("sequencer", e.dev.RollupC, e.rollup.PackSubmitBatch(newRoot, batchTimeOf(in), words,
						v.prove(b, in), nil))
				} else {
					ops := e.pad()
					bb := openBlob(b, words, words)
					in := e.blobInputs(newRoot, ops, bb)
					r, err = e.sendBlob(e.rollup.PackSubmitBatch(newRoot, batchTimeOf(in), ops, v.prove(b, in),
						bb.opening), bb.sidecar)
				}
				if err != nil {
					v, _ := RollupError(err)
					b.Fatalf("submitBatch: %v %+v", err, v)
				}
				return r
			}
			submit() // the first batch writes lastBatchTime from zero
			var gas, blobGas uint64
			b.ResetTimer()
			for range b.N {
				r := submit()
				gas += r.GasUsed
				blobGas += r.BlobGasUsed
			}
			perBatch := float64(gas) / float64(b.N)
			b.ReportMetric(perBatch, "gas/batch")
			b.ReportMetric(perBatch/float64(c.fills), "gas/fill")
			b.ReportMetric(float64(blobGas)/float64(b.N), "blobgas/batch")
			b.ReportMetric(float64(inputs), "inputs")
		})
	}
}
