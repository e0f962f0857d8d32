package node

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Handlers of the public API (perp_). HTTPHandler and WSHandler add to the rpc.Server's own handlers what a
// public endpoint needs: a JSON-RPC answer to an empty body, WebSocket Origin policy and connection caps, and a
// write timeout that disconnects a client that stops reading (a connection is served or closed, never half-dead).

// ErrOriginRefused, ErrTooManyConns: why a WebSocket handshake is refused (the HTTP answer's body says which).
var (
	ErrOriginRefused = errors.New("node: websocket origin not allowed")
	ErrTooManyConns  = errors.New("node: too many websocket connections")
)

// emptyBodyAnswer is the JSON-RPC error for a POST without a request.
const emptyBodyAnswer = `{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"empty request body: send a JSON-RPC request"}}` + "\n"

// HTTPHandler serves the public API over HTTP POST.
func (n *Node) HTTPHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && n.emptyBody(r) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, emptyBodyAnswer)
			return
		}
		n.rpcSrv.ServeHTTP(w, r)
	})
}

// emptyBody reports whether a request body holds nothing but white space (it then gets a JSON-RPC error: the
// rpc.Server answers it with an empty HTTP 200). It consumes the leading white space only.
func (n *Node) emptyBody(r *http.Request) bool {
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return true
	}
	br := bufio.NewReaderSize(r.Body, 512)
	skipped := int64(0)
	for ; skipped <= int64(n.cfg.MaxRequestBytes); skipped++ {
		b, err := br.ReadByte()
		if err != nil {
			return true
		}
		if !strings.ContainsRune(" \t\r\n", rune(b)) {
			_ = br.UnreadByte()
			break
		}
	}
	r.Body = struct {
		io.Reader
		io.Closer
	}{br, r.Body}
	if r.ContentLength > 0 {
		r.ContentLength -= skipped // the rpc.Server checks it against its body limit
	}
	return false
}

// WSHandler serves the public API over WebSocket: the Origin policy (Limits.WSOrigins and the node's own host),
// the connection caps per source address and in all, and the write timeout. Binary order entry is on its path
// OEPath (OEHandler, same policy).
func (n *Node) WSHandler() http.Handler {
	lim := n.cfg.Limits.withDefaults()
	ws := n.rpcSrv.WebsocketHandler([]string{"*"}) // the Origin is checked here, before the upgrade
	oeh := n.OEHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == OEPath {
			oeh.ServeHTTP(w, r)
			return
		}
		// the connection's own name (remote address#id) reaches the rpc server as its PeerInfo.RemoteAddr: sessions
		// are bound to it, and end when the connection is no longer served
		n.serveWS(w, r, lim, "websocket", func(gw *guardedWriter, _ uint64) { ws.ServeHTTP(gw, r) })
	})
}

// serveWS applies the WebSocket policy to an upgrade request — the Origin (Limits.WSOrigins and the node's own
// host) and the connection caps per source address and in all — and, when it passes, registers the connection (its
// id names it for the sessions) and calls serve with a writer that applies the write timeout and send buffer. The
// connection's cap and registration end when serve returns.
func (n *Node) serveWS(w http.ResponseWriter, r *http.Request, lim Limits, what string,
	serve func(gw *guardedWriter, id uint64)) {
	if err := checkOrigin(r, lim.WSOrigins); err != nil {
		n.log.Debug(what+" refused", "remote", r.RemoteAddr, "err", err)
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	src := sourceOf(r.RemoteAddr)
	if !n.limits.ws.acquire(src) {
		n.log.Debug(what+" refused", "remote", r.RemoteAddr, "err", ErrTooManyConns)
		w.Header().Set("Retry-After", "1")
		http.Error(w, fmt.Sprintf("%v (at most %d per address, %d in all)", ErrTooManyConns,
			lim.WSConnsPerSource, lim.WSConns), http.StatusTooManyRequests)
		return
	}
	defer n.limits.ws.release(src)
	id := n.conns.open()
	defer n.conns.close(id)
	serve(&guardedWriter{ResponseWriter: w, timeout: lim.WSWriteTimeout, sendBuffer: lim.WSSendBuffer, conn: id}, id)
}

// Handler serves HTTPHandler and WSHandler on one address (WebSocket upgrade requests go to WSHandler).
func (n *Node) Handler() http.Handler { return httpOrWS(n.HTTPHandler(), n.WSHandler()) }

// WithPage serves a web page (package web: the exchange's page and its signer) next to an API handler on one
// port: GET and HEAD requests that are not WebSocket upgrades go to page, everything else (JSON-RPC POSTs,
// upgrades) to api.
func WithPage(api, page http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			page.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// WSConns returns the number of open public WebSocket connections.
func (n *Node) WSConns() int { return n.limits.ws.open() }

// checkOrigin admits a handshake without Origin (not a browser), from a page of the node's own host name (any
// port: the page may be served on the HTTP port), or from an allowed Origin ("*": any).
func checkOrigin(r *http.Request, allowed []string) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: %q", ErrOriginRefused, clip(origin))
	}
	if strings.EqualFold(u.Hostname(), hostname(r.Host)) {
		return nil
	}
	for _, a := range allowed {
		if a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), origin) {
			return nil
		}
	}
	return fmt.Errorf("%w: %q (allowed: the node's own host and limits.ws_origins)", ErrOriginRefused, clip(origin))
}

func hostname(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.Trim(hostport, "[]")
}

// guardedWriter hands the WebSocket upgrade a guardedConn.
type guardedWriter struct {
	http.ResponseWriter
	timeout    time.Duration
	sendBuffer int
	conn       uint64 // the connection's id (wsConns)
}

func (g *guardedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := g.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("node: connection cannot be hijacked")
	}
	c, rw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok && g.sendBuffer > 0 {
		_ = tc.SetWriteBuffer(g.sendBuffer) // best effort: the write timeout bounds a stalled client anyway
	}
	return &guardedConn{Conn: c, timeout: g.timeout, id: g.conn}, rw, nil
}

// guardedConn bounds every write deadline by timeout and closes the connection on a failed write: the rpc server
// keeps reading a connection whose writes failed, so without this a client that stopped reading would leave a
// connection that takes requests and never answers.
type guardedConn struct {
	net.Conn
	timeout time.Duration
	id      uint64
}

// RemoteAddr names the connection: its peer's address with "#id" appended (connAddr), so that no two connections
// share a name even when they share an address (two listeners, a reused port, a proxy).
func (c *guardedConn) RemoteAddr() net.Addr { return connAddr{Addr: c.Conn.RemoteAddr(), id: c.id} }

// connAddr is a peer address with the connection's id.
type connAddr struct {
	net.Addr
	id uint64
}

func (a connAddr) String() string { return connName(a.Addr.String(), a.id) }

func connName(remote string, id uint64) string { return fmt.Sprintf("%s#%d", remote, id) }

func (c *guardedConn) SetWriteDeadline(t time.Time) error {
	if limit := time.Now().Add(c.timeout); t.IsZero() || t.After(limit) {
		t = limit
	}
	return c.Conn.SetWriteDeadline(t)
}

func (c *guardedConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

func (c *guardedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	if err != nil {
		_ = c.Conn.Close()
	}
	return n, err
}
