// Package prover turns batch witnesses into PLONK proofs for the L1 verifier: setup (compile, SRS, keys, Solidity
// verifier) cached on disk behind a manifest, proving, and a worker that pulls jobs from a node over JSON-RPC.
package prover

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/consensys/gnark"
	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/kzg"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/scs"
	"github.com/consensys/gnark/test/unsafekzg"
)

// ErrUnsafeSRS is returned when a dev (toxic-seed) SRS is asked for on a chain that is not a dev chain.
var ErrUnsafeSRS = errors.New("prover: UNSAFE dev SRS refused on a non-dev chain")

// IsDevChain reports whether chainID is a dev chain, on which an UNSAFE deterministic SRS is allowed: 1337
// (simulated backend, geth --dev) or 31337 (anvil, hardhat).
func IsDevChain(chainID uint64) bool { return chainID == 1337 || chainID == 31337 }

// SRSConfig selects the KZG structured reference string.
type SRSConfig struct {
	// DevToxicSeed, when set, derives an UNSAFE SRS whose toxic waste is sha256(seed): anyone who knows the seed can
	// forge proofs. Only for dev chains.
	DevToxicSeed []byte
	// File is a ceremony SRS in gnark-crypto kzg.SRS binary format (canonical); the Lagrange form is derived.
	File string
}

// SetupConfig configures Setup.
type SetupConfig struct {
	Dir     string // cache root: each circuit's files go to Dir/<first 16 hex digits of its digest>/
	Name    string // circuit name, used in file names and logs
	ChainID uint64 // the L1 chain the verifier is for; a dev SRS is refused unless it is a dev chain
	SRS     SRSConfig
}

// Manifest describes a cached setup. A changed circuit (digest) or SRS never reuses cached keys.
type Manifest struct {
	Circuit      string            `json:"circuit"`
	Digest       string            `json:"digest"` // sha256 of the serialized constraint system
	Curve        string            `json:"curve"`
	Backend      string            `json:"backend"`
	Constraints  int               `json:"constraints"`
	PublicInputs int               `json:"publicInputs"`
	SRS          string            `json:"srs"`   // "UNSAFE-dev:<sha256(seed)>" or "file:<sha256>"
	Files        map[string]string `json:"files"` // file name → sha256
	SetupSeconds float64           `json:"setupSeconds"`
	GnarkVersion string            `json:"gnark"`
}

// Keys are the loaded artifacts of a setup.
type Keys struct {
	CCS      constraint.ConstraintSystem
	PK       plonk.ProvingKey
	VK       plonk.VerifyingKey
	Manifest Manifest
	Dir      string
}

const (
	fileCCS      = "circuit.ccs"
	filePK       = "proving.key"
	fileVK       = "verifying.key"
	fileVerifier = "Verifier.sol"
	fileManifest = "manifest.json"
)

// VerifierPath returns the path of the exported Solidity verifier.
func (k *Keys) VerifierPath() string { return filepath.Join(k.Dir, fileVerifier) }

func (c SetupConfig) srsID() (string, error) {
	switch {
	case len(c.SRS.DevToxicSeed) > 0 && c.SRS.File != "":
		return "", errors.New("prover: both a dev seed and an SRS file given")
	case len(c.SRS.DevToxicSeed) > 0:
		if !IsDevChain(c.ChainID) {
			return "", fmt.Errorf("%w (chain id %d)", ErrUnsafeSRS, c.ChainID)
		}
		s := sha256.Sum256(c.SRS.DevToxicSeed)
		return "UNSAFE-dev:" + hex.EncodeToString(s[:]), nil
	case c.SRS.File != "":
		sum, err := fileSHA256(c.SRS.File)
		if err != nil {
			return "", fmt.Errorf("prover: SRS file: %w", err)
		}
		return "file:" + sum, nil
	}
	return "", errors.New("prover: no SRS configured (dev seed or ceremony file)")
}

// Compile compiles a circuit for PLONK on BN254.
func Compile(circuit frontend.Circuit) (constraint.ConstraintSystem, error) {
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), scs.NewBuilder, circuit)
	if err != nil {
		return nil, fmt.Errorf("prover: compile: %w", err)
	}
	return ccs, nil
}

// Setup compiles the circuit and returns its keys, from the cache when the manifest matches the circuit digest and
// SRS, otherwise by running the PLONK setup (with progress logs) and writing the cache.
func Setup(ctx context.Context, cfg SetupConfig, circuit frontend.Circuit, log *slog.Logger) (*Keys, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Dir == "" || cfg.Name == "" {
		return nil, errors.New("prover: setup needs a directory and a circuit name")
	}
	srsID, err := cfg.srsID()
	if err != nil {
		return nil, err
	}
	if len(cfg.SRS.DevToxicSeed) > 0 {
		log.Warn("UNSAFE dev SRS: toxic waste is derived from a public seed; proofs can be forged. Dev chains only.",
			"chain", cfg.ChainID)
	}
	start := time.Now()
	log.Info("compiling circuit", "circuit", cfg.Name)
	ccs, err := Compile(circuit)
	if err != nil {
		return nil, err
	}
	var ccsBuf bytes.Buffer
	if _, err := ccs.WriteTo(&ccsBuf); err != nil {
		return nil, fmt.Errorf("prover: serialize constraint system: %w", err)
	}
	sum := sha256.Sum256(ccsBuf.Bytes())
	digest := hex.EncodeToString(sum[:])
	log.Info("circuit compiled", "circuit", cfg.Name, "constraints", ccs.GetNbConstraints(),
		"public", ccs.GetNbPublicVariables(), "digest", digest[:16], "elapsed", time.Since(start).Round(time.Millisecond))

	// One subdirectory per circuit digest: setups of different circuits (branches, configs) share a cache root
	// without overwriting each other.
	dir := filepath.Join(cfg.Dir, digest[:16])
	if k, err := load(dir, digest, srsID, ccs); err == nil {
		log.Info("setup cache hit", "dir", dir, "elapsed", time.Since(start).Round(time.Millisecond))
		return k, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		log.Warn("setup cache unusable, redoing setup", "reason", err)
	}

	estimate := time.Duration(float64(ccs.GetNbConstraints())/float64(1<<18)*40) * time.Second
	done := Progress(ctx, log, "plonk setup", estimate)
	canonical, lagrange, err := loadSRS(cfg, ccs)
	if err != nil {
		done()
		return nil, err
	}
	pk, vk, err := plonk.Setup(ccs, canonical, lagrange)
	done()
	if err != nil {
		return nil, fmt.Errorf("prover: plonk setup: %w", err)
	}
	m := Manifest{Circuit: cfg.Name, Digest: digest, Curve: ecc.BN254.String(), Backend: "plonk",
		Constraints: ccs.GetNbConstraints(), PublicInputs: ccs.GetNbPublicVariables(), SRS: srsID,
		SetupSeconds: time.Since(start).Seconds(), GnarkVersion: gnark.Version.String(), Files: map[string]string{}}
	if err := write(dir, &m, ccsBuf.Bytes(), pk, vk); err != nil {
		return nil, err
	}
	log.Info("setup done", "circuit", cfg.Name, "dir", dir, "elapsed", time.Since(start).Round(time.Second))
	return &Keys{CCS: ccs, PK: pk, VK: vk, Manifest: m, Dir: dir}, nil
}

func loadSRS(cfg SetupConfig, ccs constraint.ConstraintSystem) (kzg.SRS, kzg.SRS, error) {
	if len(cfg.SRS.DevToxicSeed) > 0 {
		c, l, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed(cfg.SRS.DevToxicSeed))
		if err != nil {
			return nil, nil, fmt.Errorf("prover: dev SRS: %w", err)
		}
		return c, l, nil
	}
	return loadCeremonySRS(cfg.SRS.File, ccs)
}

func write(dir string, m *Manifest, ccs []byte, pk plonk.ProvingKey, vk plonk.VerifyingKey) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("prover: cache dir: %w", err)
	}
	var pkBuf, vkBuf, solBuf bytes.Buffer
	if _, err := pk.(*plonkbn254.ProvingKey).WriteRawTo(&pkBuf); err != nil {
		return fmt.Errorf("prover: serialize proving key: %w", err)
	}
	if _, err := vk.(*plonkbn254.VerifyingKey).WriteRawTo(&vkBuf); err != nil {
		return fmt.Errorf("prover: serialize verifying key: %w", err)
	}
	if err := vk.ExportSolidity(&solBuf); err != nil {
		return fmt.Errorf("prover: export verifier: %w", err)
	}
	files := map[string][]byte{fileCCS: ccs, filePK: pkBuf.Bytes(), fileVK: vkBuf.Bytes(), fileVerifier: solBuf.Bytes()}
	for name, data := range files {
		s := sha256.Sum256(data)
		m.Files[name] = hex.EncodeToString(s[:])
		if err := writeAtomic(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	// The manifest goes last: a crash before it leaves no manifest, so no half-written cache is ever used.
	return writeAtomic(filepath.Join(dir, fileManifest), mj)
}

func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("prover: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("prover: write %s: %w", path, err)
	}
	return nil
}

// load returns cached keys when the manifest matches digest and srsID and every file matches its checksum.
func load(dir, digest, srsID string, ccs constraint.ConstraintSystem) (*Keys, error) {
	mb, err := os.ReadFile(filepath.Join(dir, fileManifest))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("prover: manifest: %w", err)
	}
	if m.Digest != digest {
		return nil, fmt.Errorf("prover: cached keys are for circuit %s, not %s", short(m.Digest), short(digest))
	}
	if m.SRS != srsID {
		return nil, fmt.Errorf("prover: cached keys use SRS %s, not %s", m.SRS, srsID)
	}
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("prover: %w", err)
		}
		s := sha256.Sum256(b)
		if hex.EncodeToString(s[:]) != m.Files[name] {
			return nil, fmt.Errorf("prover: %s does not match its manifest checksum", name)
		}
		return b, nil
	}
	pkb, err := read(filePK)
	if err != nil {
		return nil, err
	}
	vkb, err := read(fileVK)
	if err != nil {
		return nil, err
	}
	if _, err := read(fileVerifier); err != nil {
		return nil, err
	}
	pk := new(plonkbn254.ProvingKey)
	if _, err := pk.UnsafeReadFrom(bytes.NewReader(pkb)); err != nil {
		return nil, fmt.Errorf("prover: read proving key: %w", err)
	}
	vk := new(plonkbn254.VerifyingKey)
	if _, err := vk.UnsafeReadFrom(bytes.NewReader(vkb)); err != nil {
		return nil, fmt.Errorf("prover: read verifying key: %w", err)
	}
	return &Keys{CCS: ccs, PK: pk, VK: vk, Manifest: m, Dir: dir}, nil
}

func short(s string) string {
	if len(s) > 16 {
		return s[:16]
	}
	return s
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
