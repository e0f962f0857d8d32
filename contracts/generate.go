// Package contracts holds zkperp's L1 contracts (src/, Solidity), their compiled ABI and bytecode (build/), the
// abigen v2 Go bindings (bindings/) and Go helpers to deploy them (see docs/contracts.md).
//
// `go generate ./contracts/...` rebuilds everything; it needs node (solc 0.8.37 from the npm registry is installed
// into contracts/.solc by scripts/install-solc.sh). The outputs are committed, so Go builds never need node.
package contracts

//go:generate go run ./internal/gen-poseidon2 -out src/Poseidon2.sol
//go:generate go run ./internal/gen-dummy-verifier -out src/DummyVerifier.sol -slots 8 -name DummyPlonkVerifier
//go:generate go run ./internal/gen-dummy-verifier -out src/DummyVerifier64.sol -slots 64 -name DummyPlonkVerifier64
//go:generate go run ./internal/gen-devnet-verifier -out src/DevnetPlonkVerifier.sol
//go:generate bash scripts/install-solc.sh
//go:generate node scripts/build.js
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/Rollup.abi --bin build/Rollup.bin --pkg bindings --type Rollup --out bindings/rollup.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/TestToken.abi --bin build/TestToken.bin --pkg bindings --type TestToken --out bindings/testtoken.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/FeeOnTransferToken.abi --bin build/FeeOnTransferToken.bin --pkg bindings --type FeeOnTransferToken --out bindings/feeontransfertoken.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/PriceOracle.abi --bin build/PriceOracle.bin --pkg bindings --type PriceOracle --out bindings/priceoracle.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/Poseidon2Harness.abi --bin build/Poseidon2Harness.bin --pkg bindings --type Poseidon2Harness --out bindings/poseidon2harness.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/DummyPlonkVerifier.abi --bin build/DummyPlonkVerifier.bin --pkg bindings --type DummyPlonkVerifier --out bindings/dummyplonkverifier.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/DummyPlonkVerifier64.abi --bin build/DummyPlonkVerifier64.bin --pkg bindings --type DummyPlonkVerifier64 --out bindings/dummyplonkverifier64.go
//go:generate go run github.com/ethereum/go-ethereum/cmd/abigen@v1.17.10 --v2 --abi build/DevnetPlonkVerifier.abi --bin build/DevnetPlonkVerifier.bin --pkg bindings --type DevnetPlonkVerifier --out bindings/devnetplonkverifier.go
