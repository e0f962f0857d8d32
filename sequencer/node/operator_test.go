package node

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/backend"
	"github.com/consensys/gnark/backend/plonk"
	plonkbn254 "github.com/consensys/gnark/backend/plonk/bn254"
	"github.com/consensys/gnark/backend/solidity"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/frontend"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/gorilla/websocket"

	"github.com/zkperp/zkperp/circuits/dummy"
	"github.com/zkperp/zkperp/internal/proverrpc"
	"github.com/zkperp/zkperp/prover"
	"github.com/zkperp/zkperp/sequencer/engine"
)

var testSecret = bytes.Repeat([]byte{0x5a}, proverrpc.JWTSecretLen)

// startOperator starts a node of the fixture with its operator endpoint served on a loopback port and its public
// API served by an httptest server; it returns the node, the public URL and the operator URL.
func (f *fixture) startOperator(ctx context.Context, edit func(*Config)) (*Node, string, string) {
	f.t.Helper()
	cfg := f.config()
	cfg.Operator = OperatorConfig{HTTP: "127.0.0.1:0", JWTSecret: testSecret}
	if edit != nil {
		edit(&cfg)
	}
	n := f.build(cfg, f.recorder)
	if err := n.Start(ctx); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(n.Stop)
	f.t.Cleanup(func() { assertLedgerClean(f.t, n) })
	addr, err := n.ServeOperator()
	if err != nil {
		f.t.Fatal(err)
	}
	pub := httptest.NewServer(n.RPC())
	f.t.Cleanup(pub.Close)
	return n, pub.URL, "http://" + addr.String()
}

// sealBatches waits for the fixture's deposits, then seals `batches` batches (a margin move between them) and
// waits until they are queued for proving.
func (f *fixture) sealBatches(ctx context.Context, n *Node, batches int) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.sim.Commit()
		if a, _ := f.account(n, 2); a.Free > 0 {
			break
		}
		if time.Now().After(deadline) {
			f.t.Fatal("deposits not applied")
		}
		time.Sleep(50 * time.Millisecond)
	}
	for i := 0; i < batches; i++ {
		if i > 0 {
			f.margin(n, 1, 1000)
		}
		if out, err := n.Submit(ctx, &engine.Input{Kind: engine.KindSeal}); err != nil || len(out.Sealed) != 1 {
			f.t.Fatalf("seal: %v %+v", err, out)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); n.queue.Pending() != batches; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			f.t.Fatalf("%d batches queued, want %d", n.queue.Pending(), batches)
		}
	}
}

func dialOperator(t testing.TB, url string) *rpc.Client {
	t.Helper()
	c, err := prover.Dial(context.Background(), url, testSecret)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// rawDummyProof proves a job with the dummy circuit (the fixture's verifying key), reading the batch's public
// inputs from the job's witness, and returns the raw proof workers submit.
func rawDummyProof(t testing.TB, keys *dummy.Keys, job *proverrpc.Job) []byte {
	t.Helper()
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.UnmarshalBinary(job.Witness); err != nil {
		t.Fatal(err)
	}
	pw, err := w.Public()
	if err != nil {
		t.Fatal(err)
	}
	var public []*big.Int
	for _, e := range pw.Vector().(fr.Vector) {
		public = append(public, e.BigInt(new(big.Int)))
	}
	assignment, err := dummy.Assign(keys.Slots, public)
	if err != nil {
		t.Fatal(err)
	}
	full, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	proof, err := plonk.Prove(keys.CCS, keys.PK, full, solidity.WithProverTargetSolidityVerifier(backend.PLONK))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := proof.(*plonkbn254.Proof).WriteRawTo(&raw); err != nil {
		t.Fatal(err)
	}
	return raw.Bytes()
}

// postStatus posts a JSON-RPC body and returns the HTTP status and body.
func postStatus(t testing.TB, url, auth, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The public port serves and lists perp_ only; the operator endpoint refuses requests without a valid JWT (HTTP
// 401) and serves them with one.
func TestTwoSurfaces(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, pubURL, opURL := f.startOperator(ctx, nil)

	pub, err := rpc.DialContext(ctx, pubURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	var modules map[string]string
	if err := pub.CallContext(ctx, &modules, "rpc_modules"); err != nil {
		t.Fatal(err)
	}
	if _, ok := modules["perp"]; !ok || len(modules) != 2 { // perp and rpc
		t.Fatalf("public modules %v", modules)
	}
	if _, ok := modules[proverrpc.Namespace]; ok {
		t.Fatalf("public port lists %s_: %v", proverrpc.Namespace, modules)
	}
	for _, m := range []string{"prover_getJob", "prover_submitProof", "prover_heartbeat", "prover_pending"} {
		err := pub.CallContext(ctx, nil, m, "w", "dummy")
		var rerr rpc.Error
		if !errors.As(err, &rerr) || rerr.ErrorCode() != -32601 {
			t.Fatalf("%s on the public port: %v (want method not found)", m, err)
		}
	}

	body := `{"jsonrpc":"2.0","id":1,"method":"prover_pending","params":[]}`
	for _, auth := range []string{"", "Bearer nonsense", "Basic dXNlcjpwYXNz"} {
		if code, resp := postStatus(t, opURL, auth, body); code != http.StatusUnauthorized {
			t.Fatalf("operator endpoint with auth %q: HTTP %d %s", auth, code, resp)
		}
	}
	wrong, err := prover.Dial(ctx, opURL, bytes.Repeat([]byte{1}, 32))
	if err != nil {
		t.Fatal(err)
	}
	defer wrong.Close()
	var pending int
	if err := wrong.CallContext(ctx, &pending, "prover_pending"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong secret: %v", err)
	}
	op := dialOperator(t, opURL)
	if err := op.CallContext(ctx, &pending, "prover_pending"); err != nil {
		t.Fatalf("authenticated call: %v", err)
	}
	if err := op.CallContext(ctx, nil, "perp_status"); err == nil {
		t.Fatal("operator endpoint serves perp_")
	}
	ws := strings.Replace(opURL, "http://", "ws://", 1)
	if c, err := rpc.DialContext(ctx, ws); err == nil {
		c.Close()
		t.Fatal("WebSocket without a token accepted")
	}
	wsc := dialOperator(t, ws)
	if err := wsc.CallContext(ctx, &pending, "prover_pending"); err != nil {
		t.Fatalf("authenticated WebSocket call: %v", err)
	}
}

// The proof bomb (a proof whose last length field is 2^32-1: gnark's decoder would allocate ~256 GiB) is refused
// with a clear error, and the node keeps serving.
func TestProofBombRefused(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, pubURL, opURL := f.startOperator(ctx, nil)
	f.sealBatches(ctx, n, 1)
	op := dialOperator(t, opURL)
	var job *proverrpc.Job
	if err := op.CallContext(ctx, &job, "prover_getJob", "w1", "dummy"); err != nil || job == nil {
		t.Fatalf("getJob: %v %v", job, err)
	}
	raw := rawDummyProof(t, f.keys, job)
	// The compressed encoding of the same proof, its commitment count replaced by 0xFFFFFFFF, padded to 648 bytes.
	proof, err := proverrpc.DecodeRaw(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	if _, err := proof.WriteTo(&packed); err != nil {
		t.Fatal(err)
	}
	bomb := append(packed.Bytes()[:packed.Len()-4], 0xff, 0xff, 0xff, 0xff)
	bomb = append(bomb, make([]byte, 648-len(bomb))...)
	rawBomb := append(append([]byte{}, raw[:len(raw)-4]...), 0xff, 0xff, 0xff, 0xff)
	for _, b := range [][]byte{bomb, rawBomb, bomb[:len(bomb)-128]} {
		err := op.CallContext(ctx, nil, "prover_submitProof", proverrpc.Result{JobID: job.ID, Worker: "w1", Proof: b})
		if err == nil || !strings.Contains(err.Error(), "proof encoding does not match the verifying key") {
			t.Fatalf("bomb of %d bytes: %v", len(b), err)
		}
	}
	pub, err := rpc.DialContext(ctx, pubURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	var st NodeStatus
	if err := pub.CallContext(ctx, &st, "perp_status"); err != nil || st.SealedBatch != 1 || st.ProverQueue != 1 {
		t.Fatalf("status after the bomb: %+v %v", st, err)
	}
	// The real proof is still accepted.
	if err := op.CallContext(ctx, nil, "prover_submitProof", proverrpc.Result{JobID: job.ID, Worker: "w1", Proof: raw}); err != nil {
		t.Fatalf("valid proof after the bomb: %v", err)
	}
}

// A worker that leases a job and only heartbeats loses the lease at the cap; meanwhile and afterwards another
// worker proves, and its proofs are accepted.
func TestSquattingWorkerLosesLease(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, _, opURL := f.startOperator(ctx, func(c *Config) { c.ProverLease, c.ProverLeaseMax = time.Second, 2*time.Second })
	f.sealBatches(ctx, n, 2)
	squatter, honest := dialOperator(t, opURL), dialOperator(t, opURL)
	var held *proverrpc.Job
	if err := squatter.CallContext(ctx, &held, "prover_getJob", "squatter", "dummy"); err != nil || held == nil || held.ID != 1 {
		t.Fatalf("squatter lease: %+v %v", held, err)
	}
	start := time.Now()
	// The honest worker proves the other batch while the squatter holds the first.
	prove := func(want uint64) {
		t.Helper()
		var job *proverrpc.Job
		if err := honest.CallContext(ctx, &job, "prover_getJob", "honest", "dummy"); err != nil || job == nil || job.ID != want {
			t.Fatalf("honest lease (want batch %d): %+v %v", want, job, err)
		}
		res := proverrpc.Result{JobID: job.ID, Worker: "honest", Proof: rawDummyProof(t, f.keys, job)}
		if err := honest.CallContext(ctx, nil, "prover_submitProof", res); err != nil {
			t.Fatalf("honest proof of batch %d: %v", job.ID, err)
		}
	}
	prove(2)
	var revoked error
	for revoked == nil {
		time.Sleep(200 * time.Millisecond)
		revoked = squatter.CallContext(ctx, nil, "prover_heartbeat", "squatter", held.ID)
		if revoked == nil && time.Since(start) > 10*time.Second {
			t.Fatal("heartbeats kept the lease past its cap")
		}
	}
	if !strings.Contains(revoked.Error(), "lease revoked") || time.Since(start) < 2*time.Second {
		t.Fatalf("heartbeat after %v: %v", time.Since(start), revoked)
	}
	var again *proverrpc.Job
	if err := squatter.CallContext(ctx, &again, "prover_getJob", "squatter", "dummy"); err != nil || again != nil {
		t.Fatalf("squatter got a job back: %+v %v", again, err)
	}
	prove(1)
	for deadline := time.Now().Add(5 * time.Second); n.queue.Pending() != 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("proofs not recorded")
		}
	}
}

// rpcResponse is one JSON-RPC answer, enough to spot a crashed handler.
type rpcResponse struct {
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// FuzzRPCHandler sends random and mutated JSON-RPC requests, batches and subscription calls to an in-process
// node's public handler, over HTTP and over a WebSocket connection: no method handler may crash, the HTTP answer is
// never a server error, and the node answers perp_status after each, on both transports. The seeds run in every
// `go test`.
func FuzzRPCHandler(f *testing.F) {
	fx := newFixture(f)
	ctx, cancel := context.WithCancel(context.Background())
	f.Cleanup(cancel)
	n, _, _ := fx.startOperator(ctx, func(c *Config) { c.RateLimit, c.RateBurst = 1e9, 1<<30 })
	h := n.Handler() // the public handler as served: HTTP, and WebSocket upgrades
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"perp_status","params":[]}`,
		`{"jsonrpc":"2.0","id":1,"method":"rpc_modules"}`,
		`[{"jsonrpc":"2.0","id":1,"method":"perp_status"},{"jsonrpc":"2.0","id":2,"method":"perp_book","params":[0,5]}]`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_book","params":[255,-1]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_account","params":[4294967295]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_txStatus","params":[18446744073709551615]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_subscribe","params":["tradesFeed",0]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_subscribe","params":["tradesFeed",255]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_subscribe","params":["nonsense"]}`,
		`[{"jsonrpc":"2.0","id":1,"method":"perp_subscribe","params":["tradesFeed",0]},{"jsonrpc":"2.0","id":2,"method":"perp_unsubscribe","params":["0x1"]}]`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_unsubscribe","params":["0xdead"]}`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_placeOrder","params":[{"account":1,"market":0,"side":"buy","price":"1e999","size":"-0"}]}`,
		`{"jsonrpc":"2.0","id":1,"method":"prover_submitProof","params":[{"jobId":1,"proof":"0xffffffff"}]}`,
		`[` + strings.Repeat(`{"jsonrpc":"2.0","id":1,"method":"perp_status"},`, 120) + `{}]`,
		`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`,
		`{"jsonrpc":"2.0","id":1,"method":"perp_status","params":` + strings.Repeat(`[`, 1000) + `}`,
		``, `null`, `{}`, `[]`, `{"id":{}}`,
	} {
		f.Add([]byte(s))
	}
	status := []byte(`{"jsonrpc":"2.0","id":"live","method":"perp_status","params":[]}`)
	ws := newWSProbe(f, h)
	f.Fuzz(func(t *testing.T, body []byte) {
		ws.send(t, body)
		code, resp := serve(h, body)
		if code >= 500 {
			t.Fatalf("HTTP %d for %q: %s", code, body, resp)
		}
		if bytes.Contains(resp, []byte("method handler crashed")) {
			t.Fatalf("handler crashed on %q: %s", body, resp)
		}
		code, resp = serve(h, status)
		var r rpcResponse
		if code != http.StatusOK || json.Unmarshal(resp, &r) != nil || r.Error != nil {
			t.Fatalf("node not serving after %q: HTTP %d %s", body, code, resp)
		}
	})
}

func serve(h http.Handler, body []byte) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Code, w.Body.Bytes()
}

// wsProbe is one WebSocket connection to the node's public handler: each fuzz input goes over it too, followed by a
// perp_status call that must be answered, on the same connection or, if the node closed it (a message over the
// read limit), on a new one. A connection is served or closed, never left half-dead.
type wsProbe struct {
	url  string
	conn *websocket.Conn
	seq  int
}

func newWSProbe(tb testing.TB, h http.Handler) *wsProbe {
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	p := &wsProbe{url: "ws" + strings.TrimPrefix(srv.URL, "http")}
	tb.Cleanup(func() {
		if p.conn != nil {
			p.conn.Close()
		}
	})
	return p
}

func (p *wsProbe) dial(t *testing.T) {
	t.Helper()
	if p.conn != nil {
		p.conn.Close()
	}
	c, _, err := websocket.DefaultDialer.Dial(p.url, nil)
	if err != nil {
		t.Fatalf("WebSocket dial: %v", err)
	}
	p.conn = c
}

func (p *wsProbe) send(t *testing.T, body []byte) {
	t.Helper()
	if p.conn == nil {
		p.dial(t)
	}
	if p.conn.WriteMessage(websocket.TextMessage, body) == nil && p.live() {
		return
	}
	p.dial(t) // the node closed the connection: a new one must be served
	if !p.live() {
		t.Fatalf("WebSocket not served after %q", body)
	}
}

// live calls perp_status and reads until its answer (skipping other answers and notifications).
func (p *wsProbe) live() bool {
	p.seq++
	id := fmt.Sprintf("live-%d", p.seq)
	req := fmt.Sprintf(`{"jsonrpc":"2.0","id":%q,"method":"perp_status","params":[]}`, id)
	if err := p.conn.WriteMessage(websocket.TextMessage, []byte(req)); err != nil {
		return false
	}
	_ = p.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, msg, err := p.conn.ReadMessage()
		if err != nil {
			return false
		}
		var r struct {
			ID     json.RawMessage `json:"id"`
			Result json.RawMessage `json:"result"`
		}
		if json.Unmarshal(msg, &r) == nil && string(r.ID) == strconv.Quote(id) {
			return len(r.Result) > 0
		}
	}
}
