package client

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// OEConn is a binary order-entry connection (package wire/oe, docs/api.md "Binary order entry"): signed inputs as
// fixed-layout binary messages over a WebSocket on the node's /oe path, for market makers. Requests sent while the
// writer is busy go out together in one frame; the node answers each with one Ack of the same request id, several
// per frame. It is safe for concurrent use.
//
// The node admits the requests of a connection concurrently, as it does JSON-RPC calls: wait for the ack of an
// input before sending one that depends on it (an amend of a new order, a cancel of it, a new order with a larger id
// of the same account).
//
// Send is the pipelined interface (pre-encoded requests, answers on the caller's channel); Place, Amend, Cancel,
// CancelAll, Challenge, Logon and Logoff send one request and wait for its answer. A refusal is an *Error (Code,
// Reason); when the connection ends every request without an answer fails with the reason.
type OEConn struct {
	ws     *websocket.Conn
	nextID atomic.Uint64
	wake   chan struct{} // a token when out became non-empty
	done   chan struct{} // closed when the connection ends (err is set)

	mu    sync.Mutex
	calls map[uint64]chan<- *OEAnswer // requests sent, by id
	out   []byte                      // encoded requests waiting for the writer
	err   error                       // why the connection ended
}

// OEAnswer is the node's answer to one request: its Ack (for a Challenge, the challenge drawn), or Err — the
// refusal as an *Error (Ack.Code and Ack.Reason too), or the end of the connection before an answer.
type OEAnswer struct {
	ReqID     uint64
	Ack       oe.Ack
	Challenge [16]byte
	Err       error
}

// Errors of an order-entry connection.
var (
	ErrOEClosed      = errors.New("client: order entry connection closed")
	ErrOEBadMessage  = errors.New("client: order entry: not one whole message of the given request id")
	ErrOEDuplicateID = errors.New("client: order entry: request id already in flight")
)

// DialOE opens an order-entry connection. url is the node's WebSocket URL (ws:// or wss://); without a path the
// order-entry path (oe.Path) is used.
func DialOE(ctx context.Context, rawURL string) (*OEConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("client: order entry url %q: %w", rawURL, err)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = oe.Path
	}
	d := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 16 << 10, WriteBufferSize: oe.MaxFrame}
	ws, resp, err := d.DialContext(ctx, u.String(), nil)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("client: dial %s: %w (HTTP %s)", u, err, resp.Status)
		}
		return nil, fmt.Errorf("client: dial %s: %w", u, err)
	}
	ws.SetReadLimit(oe.MaxAckFrame)
	c := &OEConn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{}),
		calls: map[uint64]chan<- *OEAnswer{}}
	go c.read()
	go c.write()
	return c, nil
}

// Close closes the connection; requests without an answer fail with ErrOEClosed.
func (c *OEConn) Close() error {
	c.fail(ErrOEClosed)
	return nil
}

// Err returns why the connection ended (nil while it is open).
func (c *OEConn) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// NextID returns a request id not given before on this connection (ids of pre-encoded requests).
func (c *OEConn) NextID() uint64 { return c.nextID.Add(1) }

// Send queues msg, one encoded request whose request id is id (oe.Append…), for the next frame; its answer goes
// to done, which must have room for it (a buffered channel with a slot for every answer in flight on it: the
// connection's reader waits for the room). Ids must be unique among the requests in flight (NextID).
func (c *OEConn) Send(id uint64, msg []byte, done chan<- *OEAnswer) error {
	if len(msg) < oe.HeaderLen+8 || int(msg[1])<<8|int(msg[2]) != len(msg)-oe.HeaderLen ||
		binary.BigEndian.Uint64(msg[oe.HeaderLen:]) != id {
		return ErrOEBadMessage
	}
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return c.err
	}
	if _, dup := c.calls[id]; dup {
		c.mu.Unlock()
		return ErrOEDuplicateID
	}
	c.calls[id] = done
	c.out = append(c.out, msg...)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return nil
}

// forget drops a request whose caller stopped waiting (its answer, if any comes, is discarded).
func (c *OEConn) forget(id uint64) {
	c.mu.Lock()
	delete(c.calls, id)
	c.mu.Unlock()
}

// fail ends the connection with err (the first reason stays) and fails every request without an answer.
func (c *OEConn) fail(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	calls := c.calls
	c.calls = map[uint64]chan<- *OEAnswer{}
	c.mu.Unlock()
	close(c.done)
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""),
		time.Now().Add(time.Second))
	_ = c.ws.Close()
	for id, done := range calls {
		select { // a channel without room misses it: its owner selects on Done too
		case done <- &OEAnswer{ReqID: id, Err: err}:
		default:
		}
	}
}

// Done is closed when the connection ends (Err says why): requests in flight then fail with that error on their
// channels where there is room.
func (c *OEConn) Done() <-chan struct{} { return c.done }

// write sends the queued requests: everything queued at a wakeup, in frames of at most oe.MaxFrame bytes and
// oe.MaxMsgsPerFrame messages.
func (c *OEConn) write() {
	var spare []byte
	for {
		select {
		case <-c.done:
			return
		case <-c.wake:
		}
		// yield once: requests that callers are about to send (e.g. on the answers of the frame just read) join
		// this frame
		runtime.Gosched()
		c.mu.Lock()
		queued := c.out
		c.out = spare[:0]
		c.mu.Unlock()
		for out := queued; len(out) > 0; {
			n := frameLen(out)
			if err := c.ws.WriteMessage(websocket.BinaryMessage, out[:n]); err != nil {
				c.fail(fmt.Errorf("client: order entry: write: %w", err))
				return
			}
			out = out[n:]
		}
		spare = queued // reused for the requests queued while the next frames go out
	}
}

// frameLen is how many bytes of queued whole messages fit one frame (at least one message).
func frameLen(out []byte) int {
	n := 0
	for count := 0; n < len(out) && count < oe.MaxMsgsPerFrame; count++ {
		m := oe.HeaderLen + (int(out[n+1])<<8 | int(out[n+2])) // Send checked every message's header
		if n > 0 && n+m > oe.MaxFrame {
			break
		}
		n += m
	}
	return n
}

// read delivers the answers until the connection ends.
func (c *OEConn) read() {
	var frame []byte
	var m oe.Msg
	for {
		kind, r, err := c.ws.NextReader()
		if err != nil {
			c.fail(closeReason(err))
			return
		}
		frame = frame[:0]
		if kind == websocket.BinaryMessage {
			frame, err = oe.ReadFrame(r, frame)
		}
		if err != nil {
			c.fail(fmt.Errorf("client: order entry: read: %w", err))
			return
		}
		if kind != websocket.BinaryMessage {
			continue
		}
		rd := oe.NewReader(frame)
		for {
			err := rd.Next(&m)
			if err == io.EOF {
				break
			}
			if err != nil {
				c.fail(fmt.Errorf("client: order entry: the node's frame: %w", err))
				return
			}
			c.deliver(&m)
		}
	}
}

// deliver hands an answer to its request's channel (an answer to no request in flight is dropped: its caller gave
// up waiting).
func (c *OEConn) deliver(m *oe.Msg) {
	c.mu.Lock()
	done, ok := c.calls[m.ReqID]
	delete(c.calls, m.ReqID)
	c.mu.Unlock()
	if !ok {
		return
	}
	a := &OEAnswer{ReqID: m.ReqID}
	switch m.Type {
	case oe.TypeChallengeAck:
		a.Challenge = m.ChallengeAck.Challenge
	case oe.TypeAck:
		a.Ack = m.Ack
		a.Ack.Events = append([]oe.Event(nil), m.Ack.Events...) // m's are reused by the next message
		if a.Ack.Code != 0 {
			a.Err = &Error{Method: "oe", Code: int(a.Ack.Code), Reason: a.Ack.Reason, Message: a.Ack.Msg}
		}
	default:
		a.Err = fmt.Errorf("client: order entry: request %d answered with a %v", m.ReqID, m.Type)
	}
	done <- a
}

// closeReason is the error of a connection the node closed (its close code and reason) or that broke.
func closeReason(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return fmt.Errorf("%w by the node: %d %s", ErrOEClosed, ce.Code, ce.Text)
	}
	return fmt.Errorf("%w: %w", ErrOEClosed, err)
}

// do sends one request and waits for its answer.
func (c *OEConn) do(ctx context.Context, id uint64, msg []byte) (*OEAnswer, error) {
	done := make(chan *OEAnswer, 1)
	if err := c.Send(id, msg, done); err != nil {
		return nil, err
	}
	select {
	case a := <-done:
		return a, a.Err
	case <-ctx.Done():
		c.forget(id)
		return nil, ctx.Err()
	case <-c.done:
		select {
		case a := <-done: // answered (or failed) just before the end
			return a, a.Err
		default:
			return nil, c.Err()
		}
	}
}

func (c *OEConn) ack(ctx context.Context, id uint64, msg []byte) (*oe.Ack, error) {
	a, err := c.do(ctx, id, msg)
	if err != nil {
		return nil, err
	}
	return &a.Ack, nil
}

// Place sends a new order (its ReqID is set) and returns its ack.
func (c *OEConn) Place(ctx context.Context, p *oe.Place) (*oe.Ack, error) {
	p.ReqID = c.NextID()
	return c.ack(ctx, p.ReqID, oe.AppendPlace(nil, p))
}

// Amend sends an amend (its ReqID is set; without HasSig a session amend) and returns its ack.
func (c *OEConn) Amend(ctx context.Context, a *oe.Amend) (*oe.Ack, error) {
	a.ReqID = c.NextID()
	return c.ack(ctx, a.ReqID, oe.AppendAmend(nil, a))
}

// Cancel sends a cancel (its ReqID is set; without HasSig a session cancel) and returns its ack.
func (c *OEConn) Cancel(ctx context.Context, cl *oe.Cancel) (*oe.Ack, error) {
	cl.ReqID = c.NextID()
	return c.ack(ctx, cl.ReqID, oe.AppendCancel(nil, cl))
}

// CancelAll sends a cancel-all (its ReqID is set; without HasSig a session cancel-all) and returns its ack.
func (c *OEConn) CancelAll(ctx context.Context, ca *oe.CancelAll) (*oe.Ack, error) {
	ca.ReqID = c.NextID()
	return c.ack(ctx, ca.ReqID, oe.AppendCancelAll(nil, ca))
}

// Challenge draws the challenge a logon on this connection signs.
func (c *OEConn) Challenge(ctx context.Context) ([16]byte, error) {
	id := c.NextID()
	a, err := c.do(ctx, id, oe.AppendChallenge(nil, &oe.Challenge{ReqID: id}))
	if err != nil {
		return [16]byte{}, err
	}
	return a.Challenge, nil
}

// Logon logs account on to this connection with its key k (a challenge, signed: sign.LogonMessage): its cancels
// and cancel-alls then need no signature, and its amends only the re-signed order's.
func (c *OEConn) Logon(ctx context.Context, k *sign.PrivateKey, account uint32) error {
	ch, err := c.Challenge(ctx)
	if err != nil {
		return err
	}
	sig, err := k.SignMessage(sign.LogonMessage(account, ch))
	if err != nil {
		return localErr("sign logon", err)
	}
	id := c.NextID()
	_, err = c.do(ctx, id, oe.AppendLogon(nil, &oe.Logon{ReqID: id, Account: account, Challenge: ch, Sig: sig}))
	return err
}

// Logoff ends account's session on this connection.
func (c *OEConn) Logoff(ctx context.Context, account uint32) error {
	id := c.NextID()
	_, err := c.do(ctx, id, oe.AppendLogoff(nil, &oe.Logoff{ReqID: id, Account: account}))
	return err
}

// OEPlace converts a signed order request (Trader.SignOrder) of market m into its order-entry message (request id
// 0: Place or the caller sets it); the integers are those the signature covers (wire.ParseOrder).
func OEPlace(m wire.MarketInfo, r *wire.OrderRequest) (oe.Place, error) {
	if err := wire.CheckSig("sig", r.Sig); err != nil {
		return oe.Place{}, err
	}
	p, err := wire.ParseOrder(wire.UnitsOf(m), r)
	if err != nil {
		return oe.Place{}, err
	}
	return oe.PlaceOf(0, p), nil
}

// OEAmend converts a signed amend request (Trader.SignAmend, or Trader.SessionAmend: no amend signature) of market
// m into its order-entry message.
func OEAmend(m wire.MarketInfo, r *wire.AmendRequest) (oe.Amend, error) {
	p, err := OEPlace(m, &r.OrderRequest)
	if err != nil {
		return oe.Amend{}, err
	}
	a := oe.Amend{Order: p.Order, Version: r.Version, Flags: p.Flags & oe.FlagPostOnly}
	if len(r.AmendSig) > 0 {
		if err := wire.CheckSig("amendSig", r.AmendSig); err != nil {
			return oe.Amend{}, err
		}
		a.HasSig = true
		copy(a.AmendSig[:], r.AmendSig)
	}
	return a, nil
}

// OECancel converts a cancel request (signed, or unsigned for a session) into its order-entry message.
func OECancel(r *wire.CancelRequest) (oe.Cancel, error) {
	c := oe.Cancel{Account: r.Account, Market: r.Market, OrderID: r.OrderID}
	if len(r.Sig) > 0 {
		if err := wire.CheckSig("sig", r.Sig); err != nil {
			return oe.Cancel{}, err
		}
		c.HasSig = true
		copy(c.Sig[:], r.Sig)
	}
	return c, nil
}

// OECancelAll converts a cancel-all request (signed, or unsigned for a session) into its order-entry message.
func OECancelAll(r *wire.CancelAllRequest) (oe.CancelAll, error) {
	c := oe.CancelAll{Account: r.Account, Market: r.Market, UpTo: r.UpTo, Nonce: r.Nonce}
	if len(r.Sig) > 0 {
		if err := wire.CheckSig("sig", r.Sig); err != nil {
			return oe.CancelAll{}, err
		}
		c.HasSig = true
		copy(c.Sig[:], r.Sig)
	}
	return c, nil
}
