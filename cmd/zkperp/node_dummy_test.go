package main

import (
	"os"
	"path/filepath"
	"testing"
)

// [prover] dummy (DEV-ONLY, chaos tests) is a known key and decodes; DummyDigest names the slots.
func TestNodeFileProverDummy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "node.toml")
	if err := os.WriteFile(path, []byte("slots = 8\n[prover]\ndummy = true\nlease = \"2s\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := loadNodeFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Prover.Dummy || f.Prover.Lease.Seconds() != 2 {
		t.Fatalf("prover section %+v", f.Prover)
	}
	if d := DummyDigest(8); d != "dummy-8" {
		t.Fatalf("DummyDigest(8) = %q", d)
	}
}
