package node

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

// Sessions (docs/api.md §2 "Sessions"). A WebSocket connection logs an account on once: perp_sessionChallenge draws
// 16 random bytes for this connection, perp_logon checks the account's signature over them (sign.LogonMessage; the
// challenge is used once, whatever the outcome). Over that connection the account's cancels and cancel-alls then
// need no signature, and an amend only the re-signed order's: the order's signature is what its fills prove, while
// the amend's own signature and a cancel's only show who sent them, which the session already shows. A session ends
// with its connection (or perp_logoff) and is never written anywhere: the WAL logs such inputs as admitted, as it
// logs inputs whose signatures were checked at admission.
//
// The rpc server does not name the connection a call came on; its PeerInfo carries the connection's RemoteAddr,
// which WSHandler makes unique: the peer's address and "#id", an id drawn for the connection (serve.go connAddr).
// The id is registered here for as long as the connection is served, so a session can only be used on the
// connection that logged on, whatever other connections share its peer address.

// maxSessionAccounts bounds the accounts one connection can log on.
const maxSessionAccounts = 256

// wsConn is the session state of one WebSocket connection.
type wsConn struct {
	mu        sync.Mutex
	challenge *[16]byte
	accounts  map[uint32]struct{}
}

// wsConns holds the open WebSocket connections by id.
type wsConns struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]*wsConn
}

// open registers a new connection and returns its id; close ends it and its sessions.
func (w *wsConns) open() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[uint64]*wsConn{}
	}
	w.next++
	w.m[w.next] = &wsConn{}
	return w.next
}

func (w *wsConns) close(id uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.m, id)
}

// ErrNoConnection: the call did not come over a WebSocket connection that can hold a session.
var ErrNoConnection = errors.New("sessions need a WebSocket connection")

// of returns the connection a call came on.
func (w *wsConns) of(ctx context.Context) (*wsConn, error) {
	p := peerOf(ctx)
	i := strings.LastIndexByte(p.RemoteAddr, '#')
	if p.Transport != "ws" || i < 0 {
		return nil, ErrNoConnection
	}
	id, err := strconv.ParseUint(p.RemoteAddr[i+1:], 10, 64)
	if err != nil {
		return nil, ErrNoConnection
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.m[id]
	if c == nil {
		return nil, ErrNoConnection
	}
	return c, nil
}

// loggedOn reports whether account is logged on to the connection the call came on.
func (w *wsConns) loggedOn(ctx context.Context, account uint32) bool {
	c, err := w.of(ctx)
	if err != nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.accounts[account]
	return ok
}

// endSessions logs account off every connection.
func (w *wsConns) endSessions(account uint32) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.m {
		c.mu.Lock()
		delete(c.accounts, account)
		c.mu.Unlock()
	}
}

func (c *wsConn) list() []uint32 {
	out := make([]uint32, 0, len(c.accounts))
	for a := range c.accounts {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

func errNoSession(account uint32) *APIError {
	return apiErr(CodeBadSignature, "no_session",
		fmt.Errorf("no signature, and account %d is not logged on to this connection (perp_logon)", account))
}

func errSessionConn(err error) *APIError { return apiErr(CodeInvalidParams, "websocket_only", err) }

// SessionChallenge draws the 16 bytes the next perp_logon on this connection signs (replacing any earlier one).
func (a *API) SessionChallenge(ctx context.Context) (hexutil.Bytes, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	c, err := a.n.conns.of(ctx)
	if err != nil {
		return nil, errSessionConn(err)
	}
	var ch [16]byte
	if _, err := rand.Read(ch[:]); err != nil {
		return nil, apiErr(CodeUnavailable, "unavailable", fmt.Errorf("draw a challenge: %w", err))
	}
	c.mu.Lock()
	c.challenge = &ch
	c.mu.Unlock()
	return ch[:], nil
}

// Logon logs an account on to this connection (wire.LogonRequest).
func (a *API) Logon(ctx context.Context, r wire.LogonRequest) (*wire.Session, error) {
	return signedAs(a, ctx, r.Account, func() (*wire.Session, error) { return a.logon(ctx, &r) })
}

func (a *API) logon(ctx context.Context, r *wire.LogonRequest) (*wire.Session, error) {
	c, err := a.n.conns.of(ctx)
	if err != nil {
		return nil, errSessionConn(err)
	}
	if err := checkSig(r.Sig); err != nil {
		return nil, err
	}
	var ch [16]byte
	if len(r.Challenge) != len(ch) {
		return nil, invalid("bad_challenge", fmt.Sprintf("challenge must be %d bytes, got %d", len(ch), len(r.Challenge)))
	}
	copy(ch[:], r.Challenge)
	c.mu.Lock()
	fresh := c.challenge != nil && *c.challenge == ch
	c.challenge = nil // used once, whatever the outcome
	full := len(c.accounts) >= maxSessionAccounts
	c.mu.Unlock()
	if !fresh {
		return nil, apiErr(CodeStaleRequest, "stale_challenge",
			errors.New("challenge not drawn for this connection or already used (perp_sessionChallenge)"))
	}
	if full {
		return nil, invalid("too_many_sessions", fmt.Sprintf("at most %d accounts per connection", maxSessionAccounts))
	}
	k, err := a.n.keyOf(ctx, r.Account)
	if err != nil {
		return nil, toAPIError(err)
	}
	var sig state.Signature
	copy(sig[:], r.Sig)
	if err := a.n.verifySig(ctx, state.SigInput{Key: k, Msg: sign.LogonMessage(r.Account, ch), Sig: sig}); err != nil {
		return nil, toAPIError(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.accounts == nil {
		c.accounts = map[uint32]struct{}{}
	}
	if _, in := c.accounts[r.Account]; !in && len(c.accounts) >= maxSessionAccounts { // logons that raced the check
		return nil, invalid("too_many_sessions", fmt.Sprintf("at most %d accounts per connection", maxSessionAccounts))
	}
	c.accounts[r.Account] = struct{}{}
	return &wire.Session{Accounts: c.list()}, nil
}

// Logoff ends an account's session on this connection.
func (a *API) Logoff(ctx context.Context, account uint32) (*wire.Session, error) {
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	c, err := a.n.conns.of(ctx)
	if err != nil {
		return nil, errSessionConn(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.accounts, account)
	return &wire.Session{Accounts: c.list()}, nil
}
