// Package shape is a DEV-ONLY "shape" circuit for measuring L1 verifier gas: a circuit with a chosen number of
// public inputs and one BSB22 commitment (api.(frontend.Committer).Commit), as the batch circuit has, and almost no
// constraints. gnark's exported PLONK verifier does the same work for every circuit with the same number of public
// inputs and commitments (the circuit's size only changes VK constants: the domain size, ω, the selector
// commitments), so the shape verifier's gas is the real batch verifier's (BenchmarkVerifierShapeGas in contracts
// compares it with DevnetPlonkVerifier). Its setup uses a publicly known toxic value: never deploy it.
package shape

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"
)

// Circuit has `len(Public)` public inputs bound to the private Acc = Σ (i+1)·Public_i, and one commitment over Acc
// and the inputs (the batch circuit's count: its range checks and emulated arithmetic share one BSB22 commitment).
type Circuit struct {
	Public []frontend.Variable `gnark:",public"`
	Acc    frontend.Variable
}

// Define binds every public input to Acc and commits to them.
func (c *Circuit) Define(api frontend.API) error {
	sum := frontend.Variable(0)
	for i, v := range c.Public {
		sum = api.Add(sum, api.Mul(v, i+1))
	}
	api.AssertIsEqual(c.Acc, sum)
	committer, ok := api.(frontend.Committer)
	if !ok {
		return errors.New("shape: the builder has no commitments")
	}
	cm, err := committer.Commit(append([]frontend.Variable{c.Acc}, c.Public...)...)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(cm, 0)
	return nil
}

// Keys are the compiled shape circuit and its UNSAFE PLONK keys.
type Keys struct {
	Inputs int
	CCS    constraint.ConstraintSystem
	PK     plonk.ProvingKey
	VK     plonk.VerifyingKey
}

// Setup compiles the shape circuit with `inputs` public inputs and runs the PLONK setup over an UNSAFE KZG SRS.
func Setup(inputs int) (*Keys, error) {
	if inputs < 1 {
		return nil, fmt.Errorf("shape: %d public inputs", inputs)
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, &Circuit{Public: make([]frontend.Variable, inputs)})
	if err != nil {
		return nil, fmt.Errorf("shape: compile: %w", err)
	}
	srs, lagrange, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicValue(big.NewInt(0x5348415045))) // "SHAPE"
	if err != nil {
		return nil, fmt.Errorf("shape: UNSAFE srs: %w", err)
	}
	pk, vk, err := plonk.Setup(ccs, srs, lagrange)
	if err != nil {
		return nil, fmt.Errorf("shape: setup: %w", err)
	}
	return &Keys{Inputs: inputs, CCS: ccs, PK: pk, VK: vk}, nil
}

// Prove proves the statement for the public inputs (each < r, in order), checks the proof natively and returns it
// serialized for the Solidity verifier.
func (k *Keys) Prove(inputs []*big.Int) ([]byte, error) {
	if len(inputs) != k.Inputs {
		return nil, fmt.Errorf("shape: %d public inputs, want %d", len(inputs), k.Inputs)
	}
	acc, c := new(big.Int), &Circuit{Public: make([]frontend.Variable, k.Inputs)}
	for i, v := range inputs {
		if v == nil || v.Sign() < 0 || v.Cmp(fr.Modulus()) >= 0 {
			return nil, fmt.Errorf("shape: public input %d is not a canonical field element", i)
		}
		acc.Add(acc, new(big.Int).Mul(v, big.NewInt(int64(i+1))))
		c.Public[i] = v
	}
	c.Acc = acc.Mod(acc, fr.Modulus())
	full, err := frontend.NewWitness(c, ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	proof, err := plonk.Prove(k.CCS, k.PK, full, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
	if err != nil {
		return nil, fmt.Errorf("shape: prove: %w", err)
	}
	public, err := full.Public()
	if err != nil {
		return nil, err
	}
	if err := plonk.Verify(proof, k.VK, public, solidity.WithVerifierTargetSolidityVerifier(backend.PLONK)); err != nil {
		return nil, fmt.Errorf("shape: native verify: %w", err)
	}
	sp, ok := proof.(interface{ MarshalSolidity() []byte })
	if !ok {
		return nil, fmt.Errorf("shape: proof type %T has no MarshalSolidity", proof)
	}
	return sp.MarshalSolidity(), nil
}

// Solidity returns gnark's exported verifier with the contract renamed to `name`.
func (k *Keys) Solidity(name string) (string, error) {
	var b bytes.Buffer
	if err := k.VK.ExportSolidity(&b); err != nil {
		return "", fmt.Errorf("shape: export solidity: %w", err)
	}
	src := b.String()
	if !strings.Contains(src, "contract PlonkVerifier") {
		return "", errors.New("shape: exported verifier has no PlonkVerifier contract")
	}
	return strings.Replace(src, "contract PlonkVerifier", "contract "+name, 1), nil
}

// SolcModule is the pinned solc's node module relative to the contracts directory (scripts/install-solc.sh).
const SolcModule = ".solc/node_modules/solc"

// compileJS reads a standard-JSON input on stdin and writes solc's output (the module path is in $SOLC_MODULE).
const compileJS = `const solc = require(process.env.SOLC_MODULE); let s = '';
process.stdin.on('data', (d) => { s += d; });
process.stdin.on('end', () => { process.stdout.write(JSON.stringify({version: solc.version(), out: JSON.parse(solc.compile(s))})); });`

// ErrNoSolc is returned by Compile when node or the pinned solc module is missing.
var ErrNoSolc = errors.New("shape: node or solc not installed (contracts/scripts/install-solc.sh)")

// Compile compiles one verifier source with the pinned solc (module: the solc node module directory) and the
// settings scripts/build.js uses for gnark's verifiers (Osaka, legacy codegen, optimizer at 1,000,000 runs, no
// metadata) and returns contract `name`'s ABI and creation bytecode (hex, 0x-prefixed), as a bind.MetaData holds
// them.
func Compile(module, name, src string) (abi, bin, version string, err error) {
	if _, err := exec.LookPath("node"); err != nil {
		return "", "", "", ErrNoSolc
	}
	if _, err := os.Stat(filepath.Join(module, "package.json")); err != nil {
		return "", "", "", ErrNoSolc
	}
	absModule, err := filepath.Abs(module)
	if err != nil {
		return "", "", "", err
	}
	input := map[string]any{
		"language": "Solidity",
		"sources":  map[string]any{"Verifier.sol": map[string]string{"content": src}},
		"settings": map[string]any{
			"evmVersion": "osaka", "viaIR": false,
			"optimizer":       map[string]any{"enabled": true, "runs": 1000000},
			"metadata":        map[string]any{"bytecodeHash": "none", "appendCBOR": false},
			"outputSelection": map[string]any{"*": map[string]any{"*": []string{"abi", "evm.bytecode.object"}}},
		},
	}
	in, err := json.Marshal(input)
	if err != nil {
		return "", "", "", err
	}
	cmd := exec.Command("node", "-e", compileJS)
	cmd.Env = append(os.Environ(), "SOLC_MODULE="+absModule)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", "", fmt.Errorf("shape: solc: %w: %s", err, stderr.String())
	}
	var res struct {
		Version string `json:"version"`
		Out     struct {
			Errors []struct {
				Severity         string `json:"severity"`
				FormattedMessage string `json:"formattedMessage"`
			} `json:"errors"`
			Contracts map[string]map[string]struct {
				ABI json.RawMessage `json:"abi"`
				EVM struct {
					Bytecode struct {
						Object string `json:"object"`
					} `json:"bytecode"`
				} `json:"evm"`
			} `json:"contracts"`
		} `json:"out"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return "", "", "", fmt.Errorf("shape: solc output: %w", err)
	}
	for _, e := range res.Out.Errors {
		if e.Severity == "error" {
			return "", "", "", fmt.Errorf("shape: solc: %s", e.FormattedMessage)
		}
	}
	c, ok := res.Out.Contracts["Verifier.sol"][name]
	if !ok || c.EVM.Bytecode.Object == "" {
		return "", "", "", fmt.Errorf("shape: solc output has no contract %s", name)
	}
	return string(c.ABI), "0x" + c.EVM.Bytecode.Object, res.Version, nil
}

// vkConstant matches the verifying key's constants in an exported verifier: VK_* and the SRS points (G1_SRS_*,
// G2_SRS_*: the verifying key's KZG part).
var vkConstant = regexp.MustCompile(`(uint256 (?:private )?constant (?:VK|G1_SRS|G2_SRS)_[A-Z0-9_]+ = )[0-9]+;`)

// SameCodeModuloVK reports whether two exported verifiers are the same source once the values of their verifying
// key's constants (VK_*, G1_SRS_*, G2_SRS_*) are blanked (the contract's name aside) and which constants differ.
func SameCodeModuloVK(a, b string) (same bool, differing []string) {
	name := regexp.MustCompile(`contract [A-Za-z0-9_]+ \{`)
	norm := func(s string) string {
		s = name.ReplaceAllString(s, "contract X {")
		return vkConstant.ReplaceAllString(s, "${1}_;")
	}
	vals := func(s string) map[string]string {
		m := map[string]string{}
		for _, l := range regexp.MustCompile(`constant ((?:VK|G1_SRS|G2_SRS)_[A-Z0-9_]+) = ([0-9]+);`).FindAllStringSubmatch(s, -1) {
			m[l[1]] = l[2]
		}
		return m
	}
	va, vb := vals(a), vals(b)
	for k, v := range va {
		if vb[k] != v {
			differing = append(differing, k)
		}
	}
	sort.Strings(differing)
	// Compare from the first pragma on: the banners differ.
	from := func(s string) string {
		if i := strings.Index(s, "pragma solidity"); i >= 0 {
			s = s[i:]
		}
		// the pragma line itself may differ (^0.8.0 vs ^0.8.20)
		if i := strings.Index(s, "\n"); i >= 0 {
			s = s[i+1:]
		}
		return s
	}
	return norm(from(a)) == norm(from(b)), differing
}
