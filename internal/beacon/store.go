// Package beacon serves and fetches EIP-4844 blob sidecars over the beacon node API, for devnets whose L1 is an
// execution client alone (geth --dev, the simulated backend): a Store keeps the sidecars the devnet's blob
// sender submits, a Server answers GET /eth/v1/beacon/blob_sidecars/{block_id} (and /eth/v1/beacon/blobs,
// /eth/v1/beacon/genesis, /eth/v1/config/spec) from it, and a Client fetches and verifies the blobs of a block's
// blob transactions from any beacon API (this Server or a real beacon node). See docs/blobs.md.
package beacon

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/contracts/blobtx"
)

// ErrNotStored is returned by Store.Get for a versioned hash it holds no blob for.
var ErrNotStored = errors.New("beacon: blob not stored")

// Entry is one stored blob with its commitment and blob proof (the beacon API's kzg_proof).
type Entry struct {
	Blob       kzg4844.Blob
	Commitment kzg4844.Commitment
	Proof      kzg4844.Proof
}

const entrySize = len(kzg4844.Blob{}) + len(kzg4844.Commitment{}) + len(kzg4844.Proof{})

// StoreConfig configures a Store.
type StoreConfig struct {
	// Dir holds one file per blob, <versioned hash hex>.blob = blob ‖ commitment ‖ proof (131072 + 48 + 48
	// bytes); it is created if missing, and a reopened Store serves what an earlier one recorded.
	Dir string
}

// Store keeps blobs by versioned hash in a directory. It implements blobtx.SidecarRecorder.
type Store struct {
	log *slog.Logger
	dir string
	mu  sync.RWMutex
}

// OpenStore opens (creating) the store directory.
func OpenStore(logger *slog.Logger, cfg StoreConfig) (*Store, error) {
	if logger == nil {
		return nil, errors.New("beacon: nil logger")
	}
	if cfg.Dir == "" {
		return nil, errors.New("beacon: store needs a directory")
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("beacon: store: %w", err)
	}
	return &Store{log: logger, dir: cfg.Dir}, nil
}

var _ blobtx.SidecarRecorder = (*Store)(nil)

// RecordSidecar stores every blob of sc under its versioned hash, with its commitment and blob proof (computed
// for a version-1 sidecar). A blob that does not match its commitment is refused.
func (s *Store) RecordSidecar(sc *types.BlobTxSidecar) error {
	proofs, err := blobtx.BlobProofs(sc)
	if err != nil {
		return fmt.Errorf("beacon: record: %w", err)
	}
	for i := range sc.Blobs {
		e := &Entry{Blob: sc.Blobs[i], Commitment: sc.Commitments[i], Proof: proofs[i]}
		if err := kzg4844.VerifyBlobProof(&e.Blob, e.Commitment, e.Proof); err != nil {
			return fmt.Errorf("beacon: record: blob %d does not match its commitment: %w", i, err)
		}
		if err := s.put(blobtx.VersionedHash(e.Commitment), e); err != nil {
			return err
		}
	}
	return nil
}

// put writes an entry under vh (atomically: a temporary file renamed into place).
func (s *Store) put(vh common.Hash, e *Entry) error {
	buf := make([]byte, 0, entrySize)
	buf = append(buf, e.Blob[:]...)
	buf = append(buf, e.Commitment[:]...)
	buf = append(buf, e.Proof[:]...)
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.CreateTemp(s.dir, ".blob-*")
	if err != nil {
		return fmt.Errorf("beacon: store %s: %w", vh, err)
	}
	_, err = f.Write(buf)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), s.path(vh))
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("beacon: store %s: %w", vh, err)
	}
	s.log.Debug("blob stored", "versionedHash", vh)
	return nil
}

// Get returns the entry stored under vh (ErrNotStored if none).
func (s *Store) Get(vh common.Hash) (*Entry, error) {
	s.mu.RLock()
	b, err := os.ReadFile(s.path(vh))
	s.mu.RUnlock()
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotStored, vh)
	}
	if err != nil {
		return nil, fmt.Errorf("beacon: read %s: %w", vh, err)
	}
	if len(b) != entrySize {
		return nil, fmt.Errorf("beacon: %s: corrupt entry of %d bytes", vh, len(b))
	}
	e := new(Entry)
	n := copy(e.Blob[:], b)
	n += copy(e.Commitment[:], b[n:])
	copy(e.Proof[:], b[n:])
	return e, nil
}

func (s *Store) path(vh common.Hash) string {
	return filepath.Join(s.dir, fmt.Sprintf("%x.blob", vh[:]))
}
