package beacon

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/blobtx"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// simL1 is the in-process L1 (the devnet's Osaka rules) with a funded key and the blobtx checker contract.
type simL1 struct {
	backend *simulated.Backend
	client  simulated.Client
	opts    *bind.TransactOpts
	checker common.Address
}

func newSimL1(t *testing.T) *simL1 {
	t.Helper()
	key, _ := crypto.GenerateKey()
	return newSimL1Key(t, key)
}

func newSimL1Key(t *testing.T, key *ecdsa.PrivateKey) *simL1 {
	from := crypto.PubkeyToAddress(key.PublicKey)
	b := contracts.NewSimulated(types.GenesisAlloc{from: {Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil)}})
	t.Cleanup(func() { b.Close() })
	s := &simL1{backend: b, client: b.Client(), opts: bind.NewKeyedTransactor(key, big.NewInt(1337))}
	addr, tx, err := bind.DeployContract(s.opts, blobtx.CheckerInitCode(), s.client, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Commit()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := bind.WaitDeployed(ctx, s.client, tx.Hash()); err != nil {
		t.Fatal(err)
	}
	s.checker = addr
	return s
}

// mine seals a block every 50ms until the test ends.
func (s *simL1) mine(t *testing.T) {
	b := s.backend
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tk := time.NewTicker(50 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-done:
				return
			case <-tk.C:
				b.Commit()
			}
		}
	}()
	t.Cleanup(func() { close(done); <-stopped })
}

func randomWords(n int) []fr.Element {
	w := make([]fr.Element, n)
	for i := range w {
		_, _ = w[i].SetRandom()
	}
	return w
}

// TestBlobsOverBeaconAPI: a blob tx carrying Encode(words) goes through blobtx.Sender (recording its sidecar in
// the Store) to the checker contract on the simulated L1; the precompile check passes with the right y and
// reverts with a wrong one; the beacon Server serves the block's sidecar at the block's slot and FetchBlobs
// returns the blob, which decodes to the words; a restarted Store still serves it; a tampered store is rejected.
func TestBlobsOverBeaconAPI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l1 := newSimL1(t)
	l1.mine(t)
	dir := t.TempDir()
	store, err := OpenStore(discard(), StoreConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	words := randomWords(777)
	blob, err := blobtx.Encode(words)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := blobtx.Sidecar([]kzg4844.Blob{*blob})
	if err != nil {
		t.Fatal(err)
	}
	z := blobtx.PointAt(0xbeef)
	proof, y, err := blobtx.PointProof(blob, z)
	if err != nil {
		t.Fatal(err)
	}
	data := blobtx.CheckerCalldata(z, y, sc.Commitments[0], proof)
	badY := y
	badY[31] ^= 1
	if _, err := l1.client.CallContract(ctx, ethereum.CallMsg{From: l1.opts.From, To: &l1.checker,
		Data: blobtx.CheckerCalldata(z, badY, sc.Commitments[0], proof), BlobHashes: sc.BlobHashes()}, nil); err == nil {
		t.Fatal("the checker accepted a wrong y")
	}

	snd, err := blobtx.NewSender(discard(), blobtx.SenderConfig{ChainConfig: contracts.OsakaChainConfig(),
		PollInterval: 20 * time.Millisecond, Recorder: store}, l1.client, l1.opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := snd.Send(ctx, l1.checker, data, sc)
	if err != nil {
		t.Fatal(err)
	}
	header, err := l1.client.HeaderByHash(ctx, res.Receipt.BlockHash)
	if err != nil {
		t.Fatal(err)
	}
	hashes := res.Tx.BlobHashes()

	srv, err := NewServer(discard(), ServerConfig{}, l1.client, store)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	client, err := NewClient(discard(), ClientConfig{URL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	got, err := client.FetchBlobs(ctx, header, hashes)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := blobtx.DecodeN(&got[0], len(words))
	if err != nil {
		t.Fatal(err)
	}
	for i := range words {
		if !decoded[i].Equal(&words[i]) {
			t.Fatalf("word %d differs", i)
		}
	}
	fulu, err := NewClient(discard(), ClientConfig{URL: hs.URL, BlobsEndpoint: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := fulu.FetchBlobs(ctx, header, hashes); err != nil || got[0] != *blob {
		t.Fatalf("over the blobs endpoint: %v", err)
	}
	byTx, err := client.FetchTxBlobs(ctx, l1.client, res.Tx.Hash())
	if err != nil || len(byTx) != 1 || byTx[0] != *blob {
		t.Fatalf("FetchTxBlobs: %d blobs, %v", len(byTx), err)
	}
	slot, _ := client.Slot(ctx, header)
	t.Logf("block %d (time %d) at slot %d: %d words fetched back over the beacon API", header.Number, header.Time, slot, len(words))

	// The raw response: the data wrapper, 0x-hex fields, the index among the block's blobs.
	var raw struct {
		Data []map[string]json.RawMessage `json:"data"`
	}
	getJSON(t, hs.URL+fmt.Sprintf("/eth/v1/beacon/blob_sidecars/%d", slot), &raw)
	if len(raw.Data) != 1 || string(raw.Data[0]["index"]) != `"0"` ||
		!strings.HasPrefix(string(raw.Data[0]["kzg_commitment"]), `"0x`) || len(raw.Data[0]["blob"]) != 2+2+2*131072 {
		t.Fatalf("blob_sidecars response: %d sidecars, index %s", len(raw.Data), raw.Data[0]["index"])
	}
	// The same block by its hash, and the Fulu blobs endpoint.
	getJSON(t, hs.URL+"/eth/v1/beacon/blob_sidecars/"+header.Hash().Hex(), &raw)
	if len(raw.Data) != 1 {
		t.Fatalf("by block hash: %d sidecars", len(raw.Data))
	}
	var blobsResp struct {
		Data []*kzg4844.Blob `json:"data"`
	}
	getJSON(t, hs.URL+fmt.Sprintf("/eth/v1/beacon/blobs/%d?versioned_hashes=%s", slot, hashes[0].Hex()), &blobsResp)
	if len(blobsResp.Data) != 1 || *blobsResp.Data[0] != *blob {
		t.Fatal("blobs endpoint")
	}

	// A restarted store serves the same blob.
	store2, err := OpenStore(discard(), StoreConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	srv2, _ := NewServer(discard(), ServerConfig{}, l1.client, store2)
	hs2 := httptest.NewServer(srv2)
	defer hs2.Close()
	if _, err := FetchBlobs(ctx, hs2.URL, header, hashes); err != nil {
		t.Fatalf("after reopening the store: %v", err)
	}

	// A versioned hash the block does not carry, and the right hash asked at a block without blobs.
	var be *BlobError
	if _, err := client.FetchBlobs(ctx, header, []common.Hash{{0x01, 0xaa}}); !errors.Is(err, ErrBlobMissing) || !errors.As(err, &be) || be.Index != 0 {
		t.Fatalf("unknown hash: %v, want a BlobError with ErrBlobMissing", err)
	}
	parent, err := l1.client.HeaderByHash(ctx, header.ParentHash)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.FetchBlobs(ctx, parent, hashes); !errors.Is(err, ErrBlobMissing) {
		t.Fatalf("wrong block: %v, want ErrBlobMissing", err)
	}

	// Tampered: the stored entry holds another blob under the same commitment → mismatch.
	other, _ := blobtx.Encode(randomWords(777))
	e, err := store.Get(hashes[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := store.put(hashes[0], &Entry{Blob: *other, Commitment: e.Commitment, Proof: e.Proof}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.FetchBlobs(ctx, header, hashes); !errors.Is(err, ErrBlobMismatch) || !errors.As(err, &be) {
		t.Fatalf("tampered blob: %v, want a BlobError with ErrBlobMismatch", err)
	}
	if _, err := fulu.FetchBlobs(ctx, header, hashes); !errors.Is(err, ErrBlobMissing) {
		t.Fatalf("tampered blob over the blobs endpoint: %v, want ErrBlobMissing", err)
	}
	// Tampered consistently: another blob with its own commitment and proof → no sidecar has the hash.
	osc, err := blobtx.SidecarVersion(types.BlobSidecarVersion0, []kzg4844.Blob{*other})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.put(hashes[0], &Entry{Blob: *other, Commitment: osc.Commitments[0], Proof: osc.Proofs[0]}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.FetchBlobs(ctx, header, hashes); !errors.Is(err, ErrBlobMissing) {
		t.Fatalf("substituted blob: %v, want ErrBlobMissing", err)
	}
}

// TestServerSlots checks the slot mapping and the genesis/spec endpoints against the chain: every block is found
// at slot (time − genesis) / SECONDS_PER_SLOT, slots without a block and after the head are 404.
func TestServerSlots(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l1 := newSimL1(t)
	store, err := OpenStore(discard(), StoreConfig{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		l1.backend.Commit()
	}
	if err := l1.backend.AdjustTime(10 * time.Second); err != nil { // leaves slots without a block
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		l1.backend.Commit()
	}
	srv, _ := NewServer(discard(), ServerConfig{}, l1.client, store)
	hs := httptest.NewServer(srv)
	defer hs.Close()

	var g genesisJSON
	getJSON(t, hs.URL+"/eth/v1/beacon/genesis", &struct {
		Data *genesisJSON `json:"data"`
	}{&g})
	var spec map[string]string
	getJSON(t, hs.URL+"/eth/v1/config/spec", &struct {
		Data *map[string]string `json:"data"`
	}{&spec})
	gen, _ := l1.client.HeaderByNumber(ctx, common.Big0)
	if g.GenesisTime != fmt.Sprint(gen.Time) || spec["SECONDS_PER_SLOT"] != "1" {
		t.Fatalf("genesis %+v, spec %v", g, spec)
	}
	head, err := l1.client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	sawGap := false
	for n := uint64(1); n <= head.Number.Uint64(); n++ {
		h, _ := l1.client.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		blk, err := srv.blockAtSlot(ctx, h.Time-gen.Time)
		if err != nil || blk.Hash() != h.Hash() {
			t.Fatalf("block %d at slot %d: %v", n, h.Time-gen.Time, err)
		}
		if p, _ := l1.client.HeaderByNumber(ctx, new(big.Int).SetUint64(n-1)); h.Time > p.Time+1 {
			sawGap = true
			if code := status(t, hs.URL+fmt.Sprintf("/eth/v1/beacon/blob_sidecars/%d", h.Time-gen.Time-1)); code != http.StatusNotFound {
				t.Fatalf("empty slot: status %d, want 404", code)
			}
		}
	}
	if !sawGap {
		t.Fatal("no empty slot to check")
	}
	if code := status(t, hs.URL+fmt.Sprintf("/eth/v1/beacon/blob_sidecars/%d", head.Time-gen.Time+1000)); code != http.StatusNotFound {
		t.Fatalf("slot after the head: status %d, want 404", code)
	}
	for _, id := range []string{"head", "genesis", "finalized", fmt.Sprint(head.Time - gen.Time)} {
		if code := status(t, hs.URL+"/eth/v1/beacon/blob_sidecars/"+id); code != http.StatusOK {
			t.Fatalf("block id %s: status %d", id, code)
		}
	}
	for _, id := range []string{"nope", "0x1234", "-1"} {
		if code := status(t, hs.URL+"/eth/v1/beacon/blob_sidecars/"+id); code != http.StatusBadRequest {
			t.Fatalf("block id %s: status %d, want 400", id, code)
		}
	}
}

func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %s", url, resp.Status, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestFetchSeveralBlobs: a transaction carrying three blobs (EncodeAll of 2.5 blobs' worth of words); FetchBlobs
// returns them in the order asked, ?indices selects sidecars by their index in the block.
func TestFetchSeveralBlobs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l1 := newSimL1(t)
	l1.mine(t)
	store, err := OpenStore(discard(), StoreConfig{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	words := randomWords(2*blobtx.WordsPerBlob + 2048)
	blobs, err := blobtx.EncodeAll(words)
	if err != nil || len(blobs) != 3 {
		t.Fatalf("%d blobs, %v", len(blobs), err)
	}
	sc, err := blobtx.Sidecar(blobs)
	if err != nil {
		t.Fatal(err)
	}
	z := blobtx.PointAt(3)
	proof, y, err := blobtx.PointProof(&blobs[0], z)
	if err != nil {
		t.Fatal(err)
	}
	snd, err := blobtx.NewSender(discard(), blobtx.SenderConfig{ChainConfig: contracts.OsakaChainConfig(),
		PollInterval: 20 * time.Millisecond, Recorder: store}, l1.client, l1.opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := snd.Send(ctx, l1.checker, blobtx.CheckerCalldata(z, y, sc.Commitments[0], proof), sc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Receipt.BlobGasUsed != 3*131072 {
		t.Fatalf("blob gas %d", res.Receipt.BlobGasUsed)
	}
	header, err := l1.client.HeaderByHash(ctx, res.Receipt.BlockHash)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := NewServer(discard(), ServerConfig{}, l1.client, store)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	hashes := res.Tx.BlobHashes()
	rev := []common.Hash{hashes[2], hashes[0], hashes[1]}
	got, err := FetchBlobs(ctx, hs.URL, header, rev)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != blobs[2] || got[1] != blobs[0] || got[2] != blobs[1] {
		t.Fatal("blobs not in the order asked")
	}
	var all []fr.Element
	for i, n := range []int{blobtx.WordsPerBlob, blobtx.WordsPerBlob, 2048} {
		w, err := blobtx.DecodeN(&got[(i+1)%3], n)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, w...)
	}
	for i := range words {
		if !all[i].Equal(&words[i]) {
			t.Fatalf("word %d differs", i)
		}
	}
	var raw struct {
		Data []SidecarJSON `json:"data"`
	}
	getJSON(t, hs.URL+fmt.Sprintf("/eth/v1/beacon/blob_sidecars/%s?indices=1", header.Hash().Hex()), &raw)
	if len(raw.Data) != 1 || raw.Data[0].Index != "1" || *raw.Data[0].Blob != blobs[1] {
		t.Fatalf("indices=1: %d sidecars", len(raw.Data))
	}
}

// TestClientRejectsMalformed: a beacon API answering errors or malformed JSON gives ErrAPI, never a panic.
func TestClientRejectsMalformed(t *testing.T) {
	var sidecars string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /eth/v1/beacon/genesis", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"data":{"genesis_time":"100"}}`)
	})
	mux.HandleFunc("GET /eth/v1/config/spec", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"data":{"SECONDS_PER_SLOT":"12"}}`)
	})
	mux.HandleFunc("GET /eth/v1/beacon/blob_sidecars/{id}", func(w http.ResponseWriter, _ *http.Request) {
		if sidecars == "500" {
			http.Error(w, `{"code":500,"message":"boom"}`, 500)
			return
		}
		io.WriteString(w, sidecars)
	})
	hs := httptest.NewServer(mux)
	defer hs.Close()
	ctx := context.Background()
	c, err := NewClient(discard(), ClientConfig{URL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	at := func(ts uint64) *types.Header { return &types.Header{Number: big.NewInt(1), Time: ts} }
	vh := []common.Hash{{0x01}}
	if _, err := c.FetchBlobs(ctx, at(105), vh); !errors.Is(err, ErrSlot) {
		t.Fatalf("off-slot time: %v, want ErrSlot", err)
	}
	if _, err := c.FetchBlobs(ctx, at(50), vh); !errors.Is(err, ErrSlot) {
		t.Fatalf("time before genesis: %v, want ErrSlot", err)
	}
	zero := "0x" + strings.Repeat("00", 48)
	for _, body := range []string{
		"500",
		`not json`,
		`{"data":{}}`,
		`{"data":[{"index":"0","blob":"0x1234","kzg_commitment":"` + zero + `","kzg_proof":"` + zero + `"}]}`,
		`{"data":[{"index":"0","kzg_commitment":"` + zero + `"}]}`,
		`{"data":[{"index":"0","blob":"0x` + strings.Repeat("00", 131072) + `","kzg_commitment":"` + zero + `","kzg_proof":"` + zero +
			`","signed_block_header":{"message":{"slot":"7"}}}]}`,
	} {
		sidecars = body
		if _, err := c.FetchBlobs(ctx, at(124), vh); !errors.Is(err, ErrAPI) {
			t.Fatalf("response %.60q: %v, want ErrAPI", body, err)
		}
	}
	sidecars = `{"data":[]}`
	if _, err := c.FetchBlobs(ctx, at(124), vh); !errors.Is(err, ErrBlobMissing) {
		t.Fatalf("no sidecars: %v, want ErrBlobMissing", err)
	}
}
