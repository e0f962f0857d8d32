package client_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLightDeps keeps the SDK light: a trader importing package client must not compile the node, the engine, the
// circuits, the contracts, the state tree or its storage (gnark-crypto for signing is fine, gnark the circuit
// library is not).
func TestLightDeps(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	out, err := exec.Command(goBin, "list", "-deps", "github.com/zkperp/zkperp/client").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	const mod = "github.com/zkperp/zkperp/"
	forbidden := func(p string) bool {
		for _, pre := range []string{mod + "sequencer/", mod + "circuits/", mod + "contracts", mod + "prover",
			mod + "internal/", "github.com/syndtr/goleveldb", "github.com/consensys/gnark/"} {
			if strings.HasPrefix(p, pre) {
				return true
			}
		}
		switch p {
		case mod + "state", mod + "state/kv", mod + "state/smt", mod + "state/sigbatch",
			"github.com/consensys/gnark":
			return true
		}
		return false
	}
	var bad []string
	n := 0
	for _, p := range strings.Fields(string(out)) {
		n++
		if forbidden(p) {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		t.Fatalf("package client depends on %d forbidden packages (of %d):\n%s", len(bad), n, strings.Join(bad, "\n"))
	}
	t.Logf("%d packages in the client's build", n)
}
