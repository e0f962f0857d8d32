package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zkperp/zkperp/sequencer/node"
)

func TestNodeConfigFile(t *testing.T) {
	f, err := loadNodeFile(filepath.Join("..", "..", "docs", "zkperp.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Slots != 5 || f.SealInterval.Duration != 5*time.Second || len(f.Markets) != 1 || f.Markets[0].SizeDecimals != 4 ||
		f.L1.Confirmations != 2 || f.API.RateLimit != 500 || f.Operator.HTTP != "127.0.0.1:8648" ||
		f.Operator.JWTSecret != "/var/lib/zkperp/jwtsecret" || f.Prover.LeaseMax.Duration != 10*time.Minute ||
		f.Prover.MaxLeases != 2 {
		t.Fatalf("decoded %+v", f)
	}
	bad := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(bad, []byte("data_dir = \"x\"\nsloots = 4\n[l1]\nurl = \"x\"\nconfirmation = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = loadNodeFile(bad)
	if err == nil || !strings.Contains(err.Error(), "sloots") || !strings.Contains(err.Error(), "l1.confirmation") {
		t.Fatalf("unknown keys not reported: %v", err)
	}
	if err := os.WriteFile(bad, []byte("seal_interval = \"five\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadNodeFile(bad); err == nil {
		t.Fatal("bad duration accepted")
	}
}

// The scheduler's Ps: ProcsPerCore per core by default, the config's value when set, and the GOMAXPROCS environment
// variable's when it is set and the config's is not.
func TestSetProcs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	t.Setenv("GOMAXPROCS", "")
	if got, want := setProcs(0), ProcsPerCore*runtime.NumCPU(); got != want || runtime.GOMAXPROCS(0) != want {
		t.Fatalf("default: %d Ps, want %d", got, want)
	}
	if got := setProcs(3); got != 3 || runtime.GOMAXPROCS(0) != 3 {
		t.Fatalf("gomaxprocs = 3: %d Ps", got)
	}
	t.Setenv("GOMAXPROCS", "5")
	runtime.GOMAXPROCS(5) // as the runtime reads the variable at start
	if got := setProcs(0); got != 5 {
		t.Fatalf("GOMAXPROCS=5 and no config: %d Ps, want 5", got)
	}
	if got := setProcs(2); got != 2 {
		t.Fatalf("GOMAXPROCS=5 and gomaxprocs = 2: %d Ps, want the config's 2", got)
	}
}

// The operator section: the secret is created in the data dir when no file is named, reused after, and a malformed
// file is refused.
func TestOperatorConfig(t *testing.T) {
	f := &nodeFile{DataDir: t.TempDir()}
	cfg := node.DefaultConfig()
	if err := operatorConfig(f, &cfg, nil); err != nil || len(cfg.Operator.JWTSecret) != 32 ||
		cfg.Operator.HTTP != node.DefaultOperatorHTTP {
		t.Fatalf("default operator config: %v %+v", err, cfg.Operator)
	}
	again := node.DefaultConfig()
	if err := operatorConfig(f, &again, nil); err != nil || string(again.Operator.JWTSecret) != string(cfg.Operator.JWTSecret) {
		t.Fatalf("secret not reused: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "jwt")
	if err := os.WriteFile(bad, []byte("0x1234"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.Operator.JWTSecret, f.Operator.HTTP, f.Prover.MaxLeases = bad, "127.0.0.1:9999", 3
	if err := operatorConfig(f, &cfg, nil); err == nil {
		t.Fatal("malformed secret accepted")
	}
	if cfg.Operator.HTTP != "127.0.0.1:9999" || cfg.ProverMaxLeases != 3 {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}
