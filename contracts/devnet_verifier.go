package contracts

import _ "embed"

// DevnetVerifierSource is the committed DevnetPlonkVerifier.sol. The devnet renders the verifier of its own keys
// and refuses to start if it differs (the committed bytecode would not verify its proofs).
//
//go:embed src/DevnetPlonkVerifier.sol
var DevnetVerifierSource string
