package batch

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/test"
)

func TestScenarioSolves(t *testing.T) {
	e := newEnv(t, testCfg)
	traces, err := Pad(e.s, testCfg, e.scenario())
	if err != nil {
		t.Fatal(err)
	}
	w, err := Assign(testCfg, 2, testDomain, traces)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := New(testCfg)
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err != nil {
		t.Fatal(err)
	}
}

func TestScenarioTamperedFails(t *testing.T) {
	e := newEnv(t, testCfg)
	traces, err := Pad(e.s, testCfg, e.scenario())
	if err != nil {
		t.Fatal(err)
	}
	w, err := Assign(testCfg, 2, testDomain, traces)
	if err != nil {
		t.Fatal(err)
	}
	w.NewRoot = 12345
	c, _ := New(testCfg)
	if err := test.IsSolved(c, w, ecc.BN254.ScalarField()); err == nil {
		t.Fatal("tampered new root accepted")
	} else {
		t.Log(err)
	}
}
