package node

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/internal/proverrpc"
)

// Limits of the operator endpoint: requests carry proofs (about 1 KiB) and lease calls; answers carry witnesses
// and are not limited.
const (
	operatorMaxRequest = 1 << 20
	operatorBatchItems = 16
)

// ErrOperatorServing is returned by ServeOperator when the endpoint is already served or has no address.
var ErrOperatorServing = errors.New("node: operator endpoint already served or not configured")

// operator is the operator endpoint: its own rpc.Server (prover_ namespace) behind JWT authentication.
type operator struct {
	log     *slog.Logger
	cfg     OperatorConfig
	srv     *rpc.Server
	handler http.Handler

	mu   sync.Mutex
	hs   *http.Server
	addr net.Addr
}

func newOperator(cfg OperatorConfig, q *proverrpc.Queue, log *slog.Logger) (*operator, error) {
	if len(cfg.JWTSecret) == 0 {
		cfg.JWTSecret = make([]byte, proverrpc.JWTSecretLen)
		if _, err := rand.Read(cfg.JWTSecret); err != nil {
			return nil, fmt.Errorf("node: operator secret: %w", err)
		}
		log.Warn("no operator JWT secret configured: using a random one, the operator endpoint admits no one")
	}
	o := &operator{log: log, cfg: cfg, srv: rpc.NewServer()}
	o.srv.SetHTTPBodyLimit(operatorMaxRequest)
	o.srv.SetWebsocketReadLimit(operatorMaxRequest)
	o.srv.SetBatchLimits(operatorBatchItems, 64<<20)
	if err := o.srv.RegisterName(proverrpc.Namespace, proverrpc.NewService(q)); err != nil {
		return nil, fmt.Errorf("node: operator API: %w", err)
	}
	o.handler = proverrpc.NewJWTHandler(cfg.JWTSecret, httpOrWS(o.srv, o.srv.WebsocketHandler(nil)))
	return o, nil
}

// httpOrWS serves WebSocket upgrade requests with ws and everything else with h, on one address.
func httpOrWS(h, ws http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			ws.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (o *operator) serve() (net.Addr, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.hs != nil || o.cfg.HTTP == "" {
		return nil, ErrOperatorServing
	}
	ln, err := net.Listen("tcp", o.cfg.HTTP)
	if err != nil {
		return nil, fmt.Errorf("node: operator endpoint: %w", err)
	}
	o.hs = &http.Server{Handler: o.handler, ReadHeaderTimeout: 5 * time.Second, MaxHeaderBytes: 16 << 10}
	o.addr = ln.Addr()
	go func() { _ = o.hs.Serve(ln) }()
	o.log.Info("operator endpoint (JWT)", "addr", o.addr.String())
	return o.addr, nil
}

func (o *operator) stop() {
	if o == nil {
		return
	}
	o.mu.Lock()
	hs := o.hs
	o.mu.Unlock()
	if hs != nil {
		_ = hs.Close()
	}
	o.srv.Stop()
}

// ServeOperator listens on Config.Operator.HTTP and serves the operator endpoint (prover_ namespace, HTTP and
// WebSocket on one address, every request authenticated with the JWT secret) until Stop. It returns the bound
// address.
func (n *Node) ServeOperator() (net.Addr, error) { return n.op.serve() }

// OperatorHandler returns the operator endpoint's HTTP handler (JWT-authenticated), to serve elsewhere.
func (n *Node) OperatorHandler() http.Handler { return n.op.handler }

// OperatorRPC returns the operator JSON-RPC server without authentication, for in-process callers only.
func (n *Node) OperatorRPC() *rpc.Server { return n.op.srv }
