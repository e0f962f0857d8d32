package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNodeConfigFile(t *testing.T) {
	f, err := loadNodeFile(filepath.Join("..", "..", "docs", "zkperp.example.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Slots != 5 || f.SealInterval.Duration != 5*time.Second || len(f.Markets) != 1 || f.Markets[0].SizeDecimals != 4 ||
		f.L1.Confirmations != 2 || f.API.RateLimit != 500 {
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
