package beacon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// Chain is what the Server reads of the execution chain; *ethclient.Client and simulated.Client satisfy it.
type Chain interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
	BlockByHash(ctx context.Context, hash common.Hash) (*types.Block, error)
}

// ServerConfig configures a Server.
type ServerConfig struct {
	// SecondsPerSlot is the slot length served as SECONDS_PER_SLOT (default 1). Each slot must hold at most one
	// block: with 1, strictly increasing block timestamps (which every execution client enforces) guarantee it.
	SecondsPerSlot uint64
	// GenesisTime, if set, is the served genesis_time; by default it is the execution genesis block's timestamp.
	// Every block's timestamp must be ≥ it.
	GenesisTime *uint64
}

// Server serves the beacon API's blob endpoints for an execution chain, from a Store.
//
// Slots: block B is at slot (B.timestamp − genesis_time) / SECONDS_PER_SLOT, the mapping a client applies to an
// execution payload's timestamp with the genesis time (GET /eth/v1/beacon/genesis) and SECONDS_PER_SLOT (GET
// /eth/v1/config/spec) this server reports; a slot with no block is 404, as a missed slot is on a beacon node.
type Server struct {
	log   *slog.Logger
	cfg   ServerConfig
	chain Chain
	store *Store
	mux   *http.ServeMux

	mu      sync.Mutex
	genesis *uint64
}

// NewServer returns the beacon API server; use it as an http.Handler.
func NewServer(logger *slog.Logger, cfg ServerConfig, chain Chain, store *Store) (*Server, error) {
	if logger == nil || chain == nil || store == nil {
		return nil, errors.New("beacon: NewServer needs a logger, a chain and a store")
	}
	if cfg.SecondsPerSlot == 0 {
		cfg.SecondsPerSlot = 1
	}
	s := &Server{log: logger, cfg: cfg, chain: chain, store: store, mux: http.NewServeMux(), genesis: cfg.GenesisTime}
	s.mux.HandleFunc("GET /eth/v1/beacon/genesis", s.handleGenesis)
	s.mux.HandleFunc("GET /eth/v1/config/spec", s.handleSpec)
	s.mux.HandleFunc("GET /eth/v1/node/version", s.handleVersion)
	s.mux.HandleFunc("GET /eth/v1/beacon/blob_sidecars/{block_id}", s.handleSidecars)
	s.mux.HandleFunc("GET /eth/v1/beacon/blobs/{block_id}", s.handleBlobs)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// apiError is an error with the HTTP status the beacon API gives it.
type apiError struct {
	code int
	msg  string
}

func (e *apiError) Error() string { return e.msg }

func errorf(code int, format string, args ...any) error {
	return &apiError{code: code, msg: fmt.Sprintf(format, args...)}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := http.StatusInternalServerError
	var ae *apiError
	if errors.As(err, &ae) {
		code = ae.code
	}
	if code >= 500 {
		s.log.Warn("beacon api", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": err.Error()})
}

func (s *Server) reply(w http.ResponseWriter, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Eth-Consensus-Version", "deneb")
	if err := json.NewEncoder(w).Encode(body); err != nil {
		s.log.Debug("beacon api: write", "err", err)
	}
}

// genesisTime is the configured genesis time, else the execution genesis block's timestamp.
func (s *Server) genesisTime(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.genesis != nil {
		return *s.genesis, nil
	}
	h, err := s.chain.HeaderByNumber(ctx, common.Big0)
	if err != nil {
		return 0, fmt.Errorf("beacon: genesis header: %w", err)
	}
	t := h.Time
	s.genesis = &t
	return t, nil
}

type genesisJSON struct {
	GenesisTime           string `json:"genesis_time"`
	GenesisValidatorsRoot string `json:"genesis_validators_root"`
	GenesisForkVersion    string `json:"genesis_fork_version"`
}

func (s *Server) handleGenesis(w http.ResponseWriter, r *http.Request) {
	g, err := s.genesisTime(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.reply(w, map[string]any{"data": genesisJSON{GenesisTime: strconv.FormatUint(g, 10),
		GenesisValidatorsRoot: common.Hash{}.Hex(), GenesisForkVersion: "0x00000000"}})
}

func (s *Server) handleSpec(w http.ResponseWriter, r *http.Request) {
	s.reply(w, map[string]any{"data": map[string]string{
		"SECONDS_PER_SLOT":                       strconv.FormatUint(s.cfg.SecondsPerSlot, 10),
		"FIELD_ELEMENTS_PER_BLOB":                "4096",
		"MAX_BLOB_COMMITMENTS_PER_BLOCK":         "4096",
		"KZG_COMMITMENT_INCLUSION_PROOF_DEPTH":   strconv.Itoa(inclusionProofDepth),
		"DEPOSIT_CONTRACT_ADDRESS":               common.Address{}.Hex(),
		"ZKPERP_DEVNET_BLOB_SERVER":              "true",
		"ZKPERP_SIGNED_BLOCK_HEADER_PLACEHOLDER": "true",
	}})
}

func (s *Server) handleVersion(w http.ResponseWriter, _ *http.Request) {
	s.reply(w, map[string]any{"data": map[string]string{"version": "zkperp-devnet-beacon/v1"}})
}

// block resolves a block_id: a slot number, "head"/"finalized"/"justified" (the latest block), "genesis", or a
// 0x-prefixed 32-byte root, taken as the execution block hash (there are no beacon blocks).
func (s *Server) block(ctx context.Context, id string) (*types.Block, error) {
	switch id {
	case "head", "finalized", "justified":
		return s.chain.BlockByNumber(ctx, nil)
	case "genesis":
		return s.chain.BlockByNumber(ctx, common.Big0)
	}
	if strings.HasPrefix(id, "0x") {
		b, err := hexutil.Decode(id)
		if err != nil || len(b) != common.HashLength {
			return nil, errorf(http.StatusBadRequest, "invalid block id %q", id)
		}
		blk, err := s.chain.BlockByHash(ctx, common.BytesToHash(b))
		if err != nil {
			return nil, errorf(http.StatusNotFound, "block %s not found: %v", id, err)
		}
		return blk, nil
	}
	slot, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return nil, errorf(http.StatusBadRequest, "invalid block id %q", id)
	}
	return s.blockAtSlot(ctx, slot)
}

// blockAtSlot finds the block whose timestamp falls in the slot, by binary search over block numbers (block
// timestamps increase strictly).
func (s *Server) blockAtSlot(ctx context.Context, slot uint64) (*types.Block, error) {
	g, err := s.genesisTime(ctx)
	if err != nil {
		return nil, err
	}
	sps := s.cfg.SecondsPerSlot
	if slot >= (^uint64(0)-g)/sps {
		return nil, errorf(http.StatusBadRequest, "slot %d out of range", slot)
	}
	start, end := g+slot*sps, g+(slot+1)*sps // the slot's block has start ≤ time < end
	head, err := s.chain.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beacon: head: %w", err)
	}
	if head.Time < start {
		return nil, errorf(http.StatusNotFound, "slot %d is after the head (slot %d)", slot, (head.Time-g)/sps)
	}
	// Smallest n with time(n) ≥ start.
	lo, hi := uint64(0), head.Number.Uint64()
	for lo < hi {
		mid := lo + (hi-lo)/2
		h, err := s.chain.HeaderByNumber(ctx, new(big.Int).SetUint64(mid))
		if err != nil {
			return nil, fmt.Errorf("beacon: header %d: %w", mid, err)
		}
		if h.Time < start {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	blk, err := s.chain.BlockByNumber(ctx, new(big.Int).SetUint64(lo))
	if err != nil {
		return nil, fmt.Errorf("beacon: block %d: %w", lo, err)
	}
	if blk.Time() < start || blk.Time() >= end {
		return nil, errorf(http.StatusNotFound, "no block at slot %d", slot)
	}
	return blk, nil
}

// inclusionProofDepth is KZG_COMMITMENT_INCLUSION_PROOF_DEPTH (Deneb).
const inclusionProofDepth = 17

type headerMessageJSON struct {
	Slot          string `json:"slot"`
	ProposerIndex string `json:"proposer_index"`
	ParentRoot    string `json:"parent_root"`
	StateRoot     string `json:"state_root"`
	BodyRoot      string `json:"body_root"`
}

type signedHeaderJSON struct {
	Message   headerMessageJSON `json:"message"`
	Signature string            `json:"signature"`
}

// SidecarJSON is one element of the blob_sidecars response (the Deneb BlobSidecar).
type SidecarJSON struct {
	Index                       string              `json:"index"`
	Blob                        *kzg4844.Blob       `json:"blob"`
	KZGCommitment               *kzg4844.Commitment `json:"kzg_commitment"`
	KZGProof                    *kzg4844.Proof      `json:"kzg_proof"`
	SignedBlockHeader           *signedHeaderJSON   `json:"signed_block_header,omitempty"`
	KZGCommitmentInclusionProof []string            `json:"kzg_commitment_inclusion_proof,omitempty"`
}

// blockBlob is one blob of a block, in block order.
type blockBlob struct {
	index int
	hash  common.Hash
}

func blockBlobs(blk *types.Block) []blockBlob {
	var out []blockBlob
	for _, tx := range blk.Transactions() {
		for _, h := range tx.BlobHashes() {
			out = append(out, blockBlob{index: len(out), hash: h})
		}
	}
	return out
}

// indices parses the optional indices query (repeated and/or comma-separated).
func indices(r *http.Request) (map[int]bool, error) {
	vals := r.URL.Query()["indices"]
	if len(vals) == 0 {
		return nil, nil
	}
	set := map[int]bool{}
	for _, v := range vals {
		for _, f := range strings.Split(v, ",") {
			i, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || i < 0 {
				return nil, errorf(http.StatusBadRequest, "invalid index %q", f)
			}
			set[i] = true
		}
	}
	return set, nil
}

// handleSidecars serves GET /eth/v1/beacon/blob_sidecars/{block_id}[?indices=i,j]: the stored sidecars of the
// block's blobs, in block order, each with its index among the block's blobs. Blobs the store lacks are left out
// (and logged). signed_block_header carries the slot (the roots, proposer and signature are zero) and
// kzg_commitment_inclusion_proof is 17 zero hashes: placeholders of a devnet without beacon blocks.
func (s *Server) handleSidecars(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	want, err := indices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	blk, err := s.block(ctx, r.PathValue("block_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.genesisTime(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var slot uint64
	if blk.Time() >= g {
		slot = (blk.Time() - g) / s.cfg.SecondsPerSlot
	}
	zero := common.Hash{}.Hex()
	header := &signedHeaderJSON{
		Message:   headerMessageJSON{Slot: strconv.FormatUint(slot, 10), ProposerIndex: "0", ParentRoot: zero, StateRoot: zero, BodyRoot: zero},
		Signature: hexutil.Encode(make([]byte, 96)),
	}
	proof := make([]string, inclusionProofDepth)
	for i := range proof {
		proof[i] = zero
	}
	data := []SidecarJSON{}
	for _, b := range blockBlobs(blk) {
		if want != nil && !want[b.index] {
			continue
		}
		e, err := s.store.Get(b.hash)
		if err != nil {
			s.log.Warn("beacon api: blob of block not stored", "block", blk.Number(), "index", b.index, "versionedHash", b.hash, "err", err)
			continue
		}
		data = append(data, SidecarJSON{Index: strconv.Itoa(b.index), Blob: &e.Blob, KZGCommitment: &e.Commitment,
			KZGProof: &e.Proof, SignedBlockHeader: header, KZGCommitmentInclusionProof: proof})
	}
	s.reply(w, map[string]any{"execution_optimistic": false, "finalized": false, "data": data})
}

// handleBlobs serves GET /eth/v1/beacon/blobs/{block_id}[?versioned_hashes=0x..,0x..] (the Fulu endpoint): the
// block's stored blobs in block order, or those with the given versioned hashes in the block's order. A requested
// hash the block does not carry, and an unstored blob of the block, are left out.
func (s *Server) handleBlobs(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var want map[common.Hash]bool
	for _, v := range r.URL.Query()["versioned_hashes"] {
		for _, f := range strings.Split(v, ",") {
			b, err := hexutil.Decode(strings.TrimSpace(f))
			if err != nil || len(b) != common.HashLength {
				s.fail(w, r, errorf(http.StatusBadRequest, "invalid versioned hash %q", f))
				return
			}
			if want == nil {
				want = map[common.Hash]bool{}
			}
			want[common.BytesToHash(b)] = true
		}
	}
	blk, err := s.block(ctx, r.PathValue("block_id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := []*kzg4844.Blob{}
	for _, b := range blockBlobs(blk) {
		if want != nil && !want[b.hash] {
			continue
		}
		e, err := s.store.Get(b.hash)
		if err != nil {
			s.log.Warn("beacon api: blob of block not stored", "block", blk.Number(), "index", b.index, "versionedHash", b.hash, "err", err)
			continue
		}
		data = append(data, &e.Blob)
	}
	s.reply(w, map[string]any{"execution_optimistic": false, "finalized": false, "data": data})
}
