// Command gen-dummy-verifier writes contracts/src/DummyVerifier.sol: gnark's exported PLONK verifier for the
// DEV-ONLY circuits/dummy circuit with its UNSAFE deterministic setup (see circuits/dummy), sized so that it takes
// exactly the public inputs Rollup passes for `slots` tx slots: contracts.NbFixedInputs + slots.
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
	if dummy.NbFixedInputs != contracts.NbFixedInputs {
		return fmt.Errorf("circuits/dummy has %d fixed public inputs, Rollup passes %d", dummy.NbFixedInputs,
			contracts.NbFixedInputs)
	}
	keys, err := dummy.Setup(slots)
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
