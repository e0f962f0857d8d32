package proverrpc

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// ErrWitnessShape is returned for a job witness whose encoding does not match the circuit.
var ErrWitnessShape = errors.New("witness encoding does not match the circuit")

// WitnessSize returns the byte length of a gnark binary full witness (nbPublic ‖ nbSecret ‖ len ‖ elements).
func WitnessSize(nbPublic, nbSecret int) int { return 12 + (nbPublic+nbSecret)*fr.Bytes }

// CheckWitness checks a binary full witness against the circuit's variable counts before it is decoded: gnark's
// decoder trusts the embedded vector length and allocates up to 4 GiB for it.
func CheckWitness(b []byte, nbPublic, nbSecret int) error {
	if want := WitnessSize(nbPublic, nbSecret); len(b) != want {
		return fmt.Errorf("%w: %d bytes, want %d", ErrWitnessShape, len(b), want)
	}
	pub, sec, n := binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:]), binary.BigEndian.Uint32(b[8:])
	if uint64(pub) != uint64(nbPublic) || uint64(sec) != uint64(nbSecret) || uint64(n) != uint64(nbPublic+nbSecret) {
		return fmt.Errorf("%w: header %d public, %d secret, %d elements; want %d, %d", ErrWitnessShape, pub, sec, n,
			nbPublic, nbSecret)
	}
	return nil
}
