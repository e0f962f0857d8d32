// Command gen-dummy-verifier writes contracts/src/DummyVerifier.sol: gnark's exported PLONK verifier for the
// DEV-ONLY circuits/dummy circuit with its UNSAFE deterministic setup (see circuits/dummy), sized so that it takes
// exactly the public inputs Rollup passes for `slots` tx slots: contracts.NbFixedInputs + slots.
//
// The dummy circuit binds every public input alike (Acc = Σ (i+1)·input_i), so only their total count shapes its
// constraint system and verifying key: DummySetup asks circuits/dummy for as many pubdata elements as make up that
// total, whatever its own count of fixed inputs is.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/consensys/gnark/logger"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/contracts"
)

func main() {
	out := flag.String("out", "src/DummyVerifier.sol", "output file")
	slots := flag.Int("slots", dummy.TestSlots, "tx slots")
	name := flag.String("name", dummy.ContractName, "Solidity contract name")
	flag.Parse()
	logger.Disable()
	if err := run(*out, *slots, *name); err != nil {
		fmt.Fprintln(os.Stderr, "gen-dummy-verifier:", err)
		os.Exit(1)
	}
}

func run(out string, slots int, name string) error {
	keys, err := DummySetup(slots)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := keys.ExportSolidity(&b, name); err != nil {
		return err
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}

// DummySetup returns the dummy keys whose proofs have contracts.NbFixedInputs + slots public inputs.
func DummySetup(slots int) (*dummy.Keys, error) {
	n := slots + contracts.NbFixedInputs - dummy.NbFixedInputs
	if slots <= 0 || n <= 0 {
		return nil, fmt.Errorf("%d slots: no dummy circuit with %d public inputs", slots, contracts.NbFixedInputs+slots)
	}
	return dummy.Setup(n)
}
