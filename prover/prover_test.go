package prover

import (
	"context"
	"encoding/binary"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test/unsafekzg"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/internal/proverrpc"
)

// square proves knowledge of X with X·X = A + B (A, B public).
type square struct {
	A, B  frontend.Variable `gnark:",public"`
	X     frontend.Variable
	extra int `gnark:"-"`
}

func (c *square) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), api.Add(c.A, c.B))
	y := c.X
	for range c.extra {
		y = api.Mul(y, c.X)
	}
	api.AssertIsDifferent(y, 0)
	return nil
}

func devCfg(dir string) SetupConfig {
	return SetupConfig{Dir: dir, Name: "square", ChainID: 1337, SRS: SRSConfig{DevToxicSeed: []byte("test")}}
}

func TestSetupCacheAndProve(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	k1, err := Setup(ctx, devCfg(dir), &square{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k1.Manifest.Constraints == 0 || k1.Manifest.PublicInputs != 2 || k1.Manifest.Files[fileVerifier] == "" {
		t.Fatalf("manifest: %+v", k1.Manifest)
	}
	st, _ := os.Stat(filepath.Join(k1.Dir, filePK))
	mod := st.ModTime()
	time.Sleep(10 * time.Millisecond)
	// Same circuit: cache hit, keys not rewritten.
	k2, err := Setup(ctx, devCfg(dir), &square{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st2, _ := os.Stat(filepath.Join(k2.Dir, filePK)); !st2.ModTime().Equal(mod) || k2.Manifest.Digest != k1.Manifest.Digest {
		t.Fatal("cache miss for an unchanged circuit")
	}
	// Changed circuit: new digest, new keys.
	k3, err := Setup(ctx, devCfg(dir), &square{extra: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if k3.Manifest.Digest == k1.Manifest.Digest || k3.Dir == k1.Dir {
		t.Fatal("changed circuit reused the digest or the key directory")
	}
	if _, err := os.Stat(filepath.Join(k1.Dir, fileManifest)); err != nil {
		t.Fatal("the other circuit's keys were removed")
	}
	// A tampered key file is detected by its checksum and the setup redone.
	pkPath := filepath.Join(k3.Dir, filePK)
	b, _ := os.ReadFile(pkPath)
	b[len(b)/2] ^= 0xff
	_ = os.WriteFile(pkPath, b, 0o644)
	if _, err := load(k3.Dir, k3.Manifest.Digest, k3.Manifest.SRS, k3.CCS); err == nil {
		t.Fatal("tampered proving key loaded")
	}
	k4, err := Setup(ctx, devCfg(dir), &square{extra: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(k4, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, _ := NewWitness(&square{A: 10, B: 15, X: 5})
	proof, err := p.Prove(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(proof.Solidity) == 0 || len(proof.Public) != 2 || proof.Public[0].Cmp(big.NewInt(10)) != 0 {
		t.Fatalf("proof: %d bytes, public %v", len(proof.Solidity), proof.Public)
	}
	bad, _ := NewWitness(&square{A: 10, B: 16, X: 5})
	if _, err := p.Prove(ctx, bad); err == nil {
		t.Fatal("proved a false statement")
	}
}

func TestDevSRSRefusedOnRealChain(t *testing.T) {
	cfg := devCfg(t.TempDir())
	cfg.ChainID = 1
	if _, err := Setup(context.Background(), cfg, &square{}, nil); !errors.Is(err, ErrUnsafeSRS) {
		t.Fatalf("want ErrUnsafeSRS, got %v", err)
	}
	cfg.SRS = SRSConfig{}
	if _, err := Setup(context.Background(), cfg, &square{}, nil); err == nil {
		t.Fatal("setup without SRS accepted")
	}
}

// A worker that dies holding a job loses it when the lease runs out; another worker proves it.
func TestWorkerCrashReleases(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	keys, err := Setup(ctx, devCfg(t.TempDir()), &square{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := New(keys, nil)
	var now atomic.Int64
	now.Store(time.Now().UnixNano())
	check := func(id uint64, r *proverrpc.Result) error {
		_, err := proverrpc.VerifyRaw(keys.VK, r.Proof, []*big.Int{big.NewInt(1), big.NewInt(3)})
		return err
	}
	w, _ := NewWitness(&square{A: 1, B: 3, X: 2})
	wb, _ := w.MarshalBinary()
	q, err := proverrpc.NewQueue(proverrpc.QueueConfig{Digest: p.Digest(), Lease: time.Second, Check: check,
		Witness: func(uint64) ([]byte, error) { return wb, nil }, Now: func() time.Time { return time.Unix(0, now.Load()) }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := rpc.NewServer()
	if err := srv.RegisterName(proverrpc.Namespace, proverrpc.NewService(q)); err != nil {
		t.Fatal(err)
	}
	client := rpc.DialInProc(srv)
	defer client.Close()

	q.Add(7)
	q.Add(8)
	// A bad proof is refused by the node's check.
	if err := q.Submit(&proverrpc.Result{JobID: 8, Worker: "evil", Proof: []byte{1, 2, 3}}); !errors.Is(err, proverrpc.ErrBadProof) {
		t.Fatalf("bad proof: %v", err)
	}
	q.Forget(8)

	// The first worker leases the job and dies.
	var job *proverrpc.Job
	if err := client.CallContext(ctx, &job, "prover_getJob", "dead", p.Digest()); err != nil || job == nil {
		t.Fatalf("lease: %v %v", job, err)
	}
	// While the lease runs, nobody else gets the job.
	var none *proverrpc.Job
	_ = client.CallContext(ctx, &none, "prover_getJob", "live", p.Digest())
	if none != nil {
		t.Fatal("job leased twice")
	}
	// A worker with another circuit is refused.
	if err := client.CallContext(ctx, &none, "prover_getJob", "old", "deadbeef"); err == nil {
		t.Fatal("wrong digest accepted")
	}
	now.Add(int64(2 * time.Second))
	live, _ := NewWorker(WorkerConfig{Name: "live"}, client, p, nil)
	worked, err := live.Once(ctx)
	if err != nil || !worked {
		t.Fatalf("live worker: %v %v", worked, err)
	}
	select {
	case r := <-q.Results():
		if r.JobID != 7 || r.Worker != "live" || r.PublicInts()[1].Int64() != 3 {
			t.Fatalf("result %+v", r)
		}
	default:
		t.Fatal("no result")
	}
	// The dead worker coming back late cannot submit twice.
	if err := q.Submit(&proverrpc.Result{JobID: 7, Worker: "dead", Proof: []byte{1}}); !errors.Is(err, proverrpc.ErrUnknownJob) {
		t.Fatalf("late submit: %v", err)
	}
	if q.Pending() != 0 {
		t.Fatal("job still pending")
	}
}

// The production path: a ceremony SRS file (gnark-crypto kzg.SRS) is loaded, trimmed to the circuit and used on a
// non-dev chain; its checksum is part of the manifest, so another file never reuses the keys.
func TestCeremonySRSFile(t *testing.T) {
	ccs, err := Compile(&square{})
	if err != nil {
		t.Fatal(err)
	}
	// Stand-in for a ceremony transcript: a canonical SRS larger than the circuit needs.
	canonical, _, err := unsafekzg.NewSRS(ccs, unsafekzg.WithToxicSeed([]byte("ceremony stand-in")))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ceremony.srs")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := canonical.WriteTo(fh); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	cfg := SetupConfig{Dir: filepath.Join(dir, "keys"), Name: "square", ChainID: 1, SRS: SRSConfig{File: path}}
	k, err := Setup(context.Background(), cfg, &square{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(k.Manifest.SRS, "file:") {
		t.Fatalf("manifest SRS %q", k.Manifest.SRS)
	}
	p, _ := New(k, nil)
	w, _ := NewWitness(&square{A: 7, B: 9, X: 4})
	if _, err := p.Prove(context.Background(), w); err != nil {
		t.Fatalf("prove with the ceremony SRS: %v", err)
	}
	// A truncated file is refused with a clear error.
	b, _ := os.ReadFile(path)
	bad := filepath.Join(dir, "short.srs")
	_ = os.WriteFile(bad, b[:len(b)/3], 0o644)
	cfg.SRS.File, cfg.Dir = bad, filepath.Join(dir, "keys2")
	if _, err := Setup(context.Background(), cfg, &square{}, nil); err == nil {
		t.Fatal("truncated SRS accepted")
	}
}

// A job witness is decoded only at the circuit's exact size: a length field of 2^32-1 (gnark's decoder would
// allocate 4 GiB for it) or a short payload is refused.
func TestDecodeWitnessBounded(t *testing.T) {
	keys, err := Setup(context.Background(), devCfg(t.TempDir()), &square{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := New(keys, nil)
	w, _ := NewWitness(&square{A: 1, B: 3, X: 2})
	b, _ := w.MarshalBinary()
	if _, err := p.DecodeWitness(b); err != nil {
		t.Fatalf("valid witness: %v", err)
	}
	bomb := append([]byte{}, b[:12]...)
	binary.BigEndian.PutUint32(bomb[8:], 0xffffffff)
	for _, bad := range [][]byte{bomb, b[:len(b)-1], append(append([]byte{}, b...), 0)} {
		if _, err := p.DecodeWitness(bad); !errors.Is(err, proverrpc.ErrWitnessShape) {
			t.Fatalf("%d-byte witness: %v", len(bad), err)
		}
	}
}
