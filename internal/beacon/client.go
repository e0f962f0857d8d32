package beacon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"

	"github.com/zkperp/zkperp/contracts/blobtx"
)

// Typed errors of FetchBlobs; a *BlobError names the blob.
var (
	// ErrBlobMissing: the beacon API returned no sidecar whose commitment has the requested versioned hash.
	ErrBlobMissing = errors.New("beacon: blob missing")
	// ErrBlobMismatch: a sidecar's commitment has the versioned hash, but its blob does not match the commitment
	// (its blob proof does not verify).
	ErrBlobMismatch = errors.New("beacon: blob does not match its commitment")
	// ErrAPI: the beacon API failed or answered something malformed.
	ErrAPI = errors.New("beacon: api")
	// ErrSlot: the block's timestamp is not at a slot start of the beacon API's genesis and slot length.
	ErrSlot = errors.New("beacon: block is not at a slot")
)

// BlobError is the error for one requested blob; it unwraps to ErrBlobMissing or ErrBlobMismatch.
type BlobError struct {
	Index int         // position in the requested versioned hashes
	Hash  common.Hash // the versioned hash
	Slot  uint64
	Err   error
}

func (e *BlobError) Error() string {
	return fmt.Sprintf("blob %d (%s) at slot %d: %v", e.Index, e.Hash, e.Slot, e.Err)
}

func (e *BlobError) Unwrap() error { return e.Err }

// ClientConfig configures a Client.
type ClientConfig struct {
	URL        string       // the beacon API's base URL, e.g. http://127.0.0.1:5052
	HTTPClient *http.Client // default: a client with a 30s timeout
	// BlobsEndpoint makes FetchBlobs use GET /eth/v1/beacon/blobs/{slot}?versioned_hashes=… (the Fulu endpoint,
	// blobs without commitments or proofs) instead of blob_sidecars; each returned blob is then verified by
	// recomputing its commitment (kzg4844.BlobToCommitment) and its versioned hash.
	BlobsEndpoint bool
}

// maxResponse bounds a response body (6 blobs as hex are about 1.6 MB; a block's 4096-commitment worst case
// far less than this).
const maxResponse = 256 << 20

// Client fetches and verifies blobs from a beacon API. The genesis time and slot length are read once.
type Client struct {
	log  *slog.Logger
	url  string
	http *http.Client

	blobsEndpoint bool

	mu             sync.Mutex
	genesis, slotS uint64
	haveSpec       bool
}

// NewClient returns a Client for the beacon API at cfg.URL.
func NewClient(logger *slog.Logger, cfg ClientConfig) (*Client, error) {
	if logger == nil {
		return nil, errors.New("beacon: nil logger")
	}
	if cfg.URL == "" {
		return nil, errors.New("beacon: no beacon API URL")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{log: logger, url: strings.TrimRight(cfg.URL, "/"), http: hc, blobsEndpoint: cfg.BlobsEndpoint}, nil
}

// FetchBlobs is NewClient(discarding logger, {URL: beaconURL}).FetchBlobs.
func FetchBlobs(ctx context.Context, beaconURL string, header *types.Header, versionedHashes []common.Hash) ([]kzg4844.Blob, error) {
	c, err := NewClient(slog.New(slog.DiscardHandler), ClientConfig{URL: beaconURL})
	if err != nil {
		return nil, err
	}
	return c.FetchBlobs(ctx, header, versionedHashes)
}

// get GETs path and decodes the JSON body's "data" into out.
func (c *Client) get(ctx context.Context, path string, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+path, nil)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrAPI, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%w: GET %s: %w", ErrAPI, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%w: GET %s: %w", ErrAPI, path, err)
	}
	if len(body) > maxResponse {
		return resp.StatusCode, fmt.Errorf("%w: GET %s: response over %d bytes", ErrAPI, path, maxResponse)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &e)
		return resp.StatusCode, fmt.Errorf("%w: GET %s: %s %s", ErrAPI, path, resp.Status, e.Message)
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || len(env.Data) == 0 {
		return resp.StatusCode, fmt.Errorf("%w: GET %s: malformed response (%v)", ErrAPI, path, err)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return resp.StatusCode, fmt.Errorf("%w: GET %s: malformed data: %w", ErrAPI, path, err)
	}
	return resp.StatusCode, nil
}

// spec returns the genesis time and SECONDS_PER_SLOT.
func (c *Client) spec(ctx context.Context) (genesis, slotSeconds uint64, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.haveSpec {
		return c.genesis, c.slotS, nil
	}
	var g genesisJSON
	if _, err := c.get(ctx, "/eth/v1/beacon/genesis", &g); err != nil {
		return 0, 0, err
	}
	var sp map[string]string
	if _, err := c.get(ctx, "/eth/v1/config/spec", &sp); err != nil {
		return 0, 0, err
	}
	gt, err := strconv.ParseUint(g.GenesisTime, 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("%w: genesis_time %q", ErrAPI, g.GenesisTime)
	}
	sps, err := strconv.ParseUint(sp["SECONDS_PER_SLOT"], 10, 64)
	if err != nil || sps == 0 {
		return 0, 0, fmt.Errorf("%w: SECONDS_PER_SLOT %q", ErrAPI, sp["SECONDS_PER_SLOT"])
	}
	c.genesis, c.slotS, c.haveSpec = gt, sps, true
	return gt, sps, nil
}

// Slot returns the slot of an execution block: (timestamp − genesis_time) / SECONDS_PER_SLOT, with ErrSlot when
// the timestamp is before genesis or not at a slot start.
func (c *Client) Slot(ctx context.Context, header *types.Header) (uint64, error) {
	g, sps, err := c.spec(ctx)
	if err != nil {
		return 0, err
	}
	if header.Time < g || (header.Time-g)%sps != 0 {
		return 0, fmt.Errorf("%w: block %d time %d, genesis %d, %d s slots", ErrSlot, header.Number, header.Time, g, sps)
	}
	return (header.Time - g) / sps, nil
}

// FetchBlobs returns the blobs with the given versioned hashes (a blob transaction's BlobHashes()) from the
// sidecars of the block's slot, in the order of versionedHashes. Every blob is checked: the sidecar is the one
// whose commitment's versioned hash (kzg4844.CalcBlobHashV1) is the requested one, else a *BlobError with
// ErrBlobMissing; its blob proof verifies against that commitment (kzg4844.VerifyBlobProof), else a *BlobError
// with ErrBlobMismatch. So a returned blob is the one the block's transaction committed to.
func (c *Client) FetchBlobs(ctx context.Context, header *types.Header, versionedHashes []common.Hash) ([]kzg4844.Blob, error) {
	if header == nil {
		return nil, errors.New("beacon: nil header")
	}
	slot, err := c.Slot(ctx, header)
	if err != nil {
		return nil, err
	}
	if c.blobsEndpoint {
		return c.fetchFromBlobs(ctx, header, slot, versionedHashes)
	}
	var sidecars []SidecarJSON
	code, err := c.get(ctx, "/eth/v1/beacon/blob_sidecars/"+strconv.FormatUint(slot, 10), &sidecars)
	if code == http.StatusNotFound {
		sidecars, err = nil, nil // no block (or no blobs) at the slot: every blob is missing
	}
	if err != nil {
		return nil, err
	}
	byHash := map[common.Hash]*SidecarJSON{}
	for i := range sidecars {
		sc := &sidecars[i]
		if sc.Blob == nil || sc.KZGCommitment == nil || sc.KZGProof == nil {
			return nil, fmt.Errorf("%w: sidecar %s at slot %d lacks blob, commitment or proof", ErrAPI, sc.Index, slot)
		}
		if h := sc.SignedBlockHeader; h != nil && h.Message.Slot != "" && h.Message.Slot != strconv.FormatUint(slot, 10) {
			return nil, fmt.Errorf("%w: sidecar %s for slot %s, asked for slot %d", ErrAPI, sc.Index, h.Message.Slot, slot)
		}
		byHash[blobtx.VersionedHash(*sc.KZGCommitment)] = sc
	}
	blobs := make([]kzg4844.Blob, len(versionedHashes))
	for i, vh := range versionedHashes {
		sc, ok := byHash[vh]
		if !ok {
			return nil, &BlobError{Index: i, Hash: vh, Slot: slot, Err: ErrBlobMissing}
		}
		if err := kzg4844.VerifyBlobProof(sc.Blob, *sc.KZGCommitment, *sc.KZGProof); err != nil {
			return nil, &BlobError{Index: i, Hash: vh, Slot: slot, Err: fmt.Errorf("%w: %w", ErrBlobMismatch, err)}
		}
		blobs[i] = *sc.Blob
	}
	c.log.Debug("blobs fetched", "block", header.Number, "slot", slot, "blobs", len(blobs))
	return blobs, nil
}

// fetchFromBlobs is FetchBlobs over the Fulu blobs endpoint: a blob is accepted for a requested versioned hash
// iff the hash of its recomputed commitment is that hash.
func (c *Client) fetchFromBlobs(ctx context.Context, header *types.Header, slot uint64, versionedHashes []common.Hash) ([]kzg4844.Blob, error) {
	q := make([]string, len(versionedHashes))
	for i, h := range versionedHashes {
		q[i] = h.Hex()
	}
	var got []*kzg4844.Blob
	path := "/eth/v1/beacon/blobs/" + strconv.FormatUint(slot, 10)
	if len(q) > 0 {
		path += "?versioned_hashes=" + strings.Join(q, ",")
	}
	code, err := c.get(ctx, path, &got)
	if code == http.StatusNotFound {
		got, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	byHash := map[common.Hash]*kzg4844.Blob{}
	for i, b := range got {
		if b == nil {
			return nil, fmt.Errorf("%w: blob %d at slot %d is null", ErrAPI, i, slot)
		}
		cm, err := kzg4844.BlobToCommitment(b)
		if err != nil { // a non-canonical field element
			return nil, fmt.Errorf("%w: blob %d at slot %d: %w", ErrAPI, i, slot, err)
		}
		byHash[blobtx.VersionedHash(cm)] = b
	}
	blobs := make([]kzg4844.Blob, len(versionedHashes))
	for i, vh := range versionedHashes {
		b, ok := byHash[vh]
		if !ok {
			return nil, &BlobError{Index: i, Hash: vh, Slot: slot, Err: ErrBlobMissing}
		}
		blobs[i] = *b
	}
	c.log.Debug("blobs fetched", "block", header.Number, "slot", slot, "blobs", len(blobs), "endpoint", "blobs")
	return blobs, nil
}

// TxReader is what FetchTxBlobs reads of the execution chain; *ethclient.Client and simulated.Client satisfy it.
type TxReader interface {
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	HeaderByHash(ctx context.Context, hash common.Hash) (*types.Header, error)
}

// FetchTxBlobs returns the blobs of a mined blob transaction, in its BlobHashes order: it reads the transaction,
// its receipt and its block's header from chain, then FetchBlobs.
func (c *Client) FetchTxBlobs(ctx context.Context, chain TxReader, txHash common.Hash) ([]kzg4844.Blob, error) {
	tx, pending, err := chain.TransactionByHash(ctx, txHash)
	if err != nil {
		return nil, fmt.Errorf("beacon: transaction %s: %w", txHash, err)
	}
	if pending {
		return nil, fmt.Errorf("beacon: transaction %s is pending", txHash)
	}
	if tx.Type() != types.BlobTxType || len(tx.BlobHashes()) == 0 {
		return nil, fmt.Errorf("beacon: transaction %s carries no blobs", txHash)
	}
	r, err := chain.TransactionReceipt(ctx, txHash)
	if err != nil {
		return nil, fmt.Errorf("beacon: receipt of %s: %w", txHash, err)
	}
	h, err := chain.HeaderByHash(ctx, r.BlockHash)
	if err != nil {
		return nil, fmt.Errorf("beacon: header %s: %w", r.BlockHash, err)
	}
	return c.FetchBlobs(ctx, h, tx.BlobHashes())
}
