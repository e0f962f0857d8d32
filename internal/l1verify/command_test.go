package l1verify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/zkperp/zkperp/state"
)

func writeGenesis(t *testing.T, g state.Genesis) string {
	t.Helper()
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "genesis.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCommand(t *testing.T) {
	c := newChain(t, chainOpts{})
	c.scenario()
	dial := func(_ context.Context, url string) (Client, func(), error) {
		if url != "sim" {
			return nil, nil, fmt.Errorf("no node at %s", url)
		}
		return c.sim.Client(), nil, nil
	}
	gpath := writeGenesis(t, c.gen)
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := Command(c.ctx, args, &out, nil, dial)
		return out.String(), err
	}

	out, err := run("--l1", "sim", "--rollup", c.dev.Rollup.Hex(), "--genesis", gpath, "--account", "1", "--chunk", "3")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"batch 1 verified", "batch 3 verified", "OK: batches 1..3", "fill=1"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	var rep AccountReport
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &rep); err != nil {
		t.Fatalf("account JSON: %v\n%s", err, out)
	}
	if rep.Index != 1 || rep.Owner == nil || *rep.Owner != c.addr("alice") || len(rep.Positions) != 1 ||
		len(rep.ExitProof.AccountSiblings) != c.gen.Config.AccountDepth || len(rep.ExitProof.Positions) != 4 {
		t.Fatalf("account report %+v", rep)
	}
	root, _ := toElem(c.stateRoot())
	if rep.Root != hexElem(root) {
		t.Fatalf("report root %s, rollup %s", rep.Root, hexElem(root))
	}
	if _, err := hexutil.Decode(rep.ExitCalldata); err != nil {
		t.Fatal(err)
	}

	// A wrong genesis fails with the mismatch in the output and the error.
	out, err = run("--l1", "sim", "--rollup", c.dev.Rollup.Hex(), "--genesis", writeGenesis(t, wrongGenesis()), "--quiet")
	if !errors.Is(err, ErrGenesisMismatch) || !strings.Contains(out, "FAILED") {
		t.Fatalf("wrong genesis: %v\n%s", err, out)
	}

	// Usage errors.
	for _, args := range [][]string{
		{"--l1", "sim"},
		{"--l1", "sim", "--rollup", "nope", "--genesis", gpath},
		{"--l1", "sim", "--rollup", c.dev.Rollup.Hex(), "--genesis", gpath, "extra"},
		{"--l1", "sim", "--rollup", c.dev.Rollup.Hex(), "--genesis", gpath, "--account", "-5"},
		{"--l1", "nowhere", "--rollup", c.dev.Rollup.Hex(), "--genesis", gpath},
		{"--bogus"},
	} {
		if _, err := run(args...); err == nil {
			t.Fatalf("%q: no error", args)
		}
	}
	if _, err := run("--help"); err != nil {
		t.Fatal(err)
	}

	// A genesis file with an unknown field is refused.
	bad := filepath.Join(t.TempDir(), "g.json")
	if err := os.WriteFile(bad, []byte(`{"config":{"AccountDepth":5,"PositionDepth":2,"OrderDepth":3},"markets":[],"extra":1}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadGenesis(bad); err == nil {
		t.Fatal("unknown genesis field accepted")
	}
}

// The command over a real JSON-RPC connection (HTTP, ethclient), as cmd/zkperp runs it.
func TestCommandOverHTTP(t *testing.T) {
	port := freePort(t)
	c := newChain(t, chainOpts{httpPort: port})
	c.scenario()
	var out bytes.Buffer
	err := Command(c.ctx, []string{"--l1", fmt.Sprintf("http://127.0.0.1:%d", port), "--rollup", c.dev.Rollup.Hex(),
		"--genesis", writeGenesis(t, c.gen), "--account", "2"}, &out, nil, dialHTTP)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "OK: batches 1..3") {
		t.Fatal(out.String())
	}
	t.Log(out.String()[:strings.Index(out.String(), "{")])
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skip("no loopback:", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return port
}

func dialHTTP(ctx context.Context, url string) (Client, func(), error) {
	cl, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, err
	}
	return cl, cl.Close, nil
}
