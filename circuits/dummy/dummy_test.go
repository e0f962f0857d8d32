package dummy

import (
	"bytes"
	"math/big"
	"testing"
)

func TestProveAndExportDeterministic(t *testing.T) {
	k1, err := Setup(4)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dummy circuit, 4 slots: %d constraints", k1.CCS.GetNbConstraints())
	in := make([]*big.Int, NbFixedInputs+4)
	for i := range in {
		in[i] = big.NewInt(int64(1000 + i))
	}
	proof, err := k1.Prove(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(proof) == 0 {
		t.Fatal("empty proof")
	}
	if _, err := k1.Prove(in[:3]); err == nil {
		t.Fatal("short inputs accepted")
	}
	k2, err := Setup(4)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := k1.ExportSolidity(&a, ContractName); err != nil {
		t.Fatal(err)
	}
	if err := k2.ExportSolidity(&b, ContractName); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("setup is not deterministic")
	}
	if !bytes.Contains(a.Bytes(), []byte("contract DummyPlonkVerifier")) {
		t.Fatal("contract not renamed")
	}
}

func TestAssignRejectsNonCanonical(t *testing.T) {
	in := make([]*big.Int, NbFixedInputs+1)
	for i := range in {
		in[i] = big.NewInt(1)
	}
	in[2] = modulus()
	if _, err := Assign(1, in); err == nil {
		t.Fatal("input = r accepted")
	}
}
