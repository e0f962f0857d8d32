package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/gorilla/websocket"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/wire"
	"github.com/zkperp/zkperp/wire/oe"
)

// Binary order entry (package wire/oe, docs/api.md "Binary order entry"): a WebSocket on OEPath of the public
// listener that carries fixed-layout binary messages, several per frame, for market makers. A connection is a
// WebSocket connection of the API in every other respect: the same Origin policy, connection caps, write timeout
// and send buffer (WSHandler), the same rate limits and sessions (it is registered in n.conns and its calls carry
// its name as their peer), and every input goes through the JSON methods' admission (admitPlace, admitAmend,
// admitCancel, admitCancelAll) with the same field checks.
//
// What it saves is the JSON-RPC layer's work: no reflection, no JSON either way, and one write per wakeup of the
// connection's writer for every ack pending then (coalescing), instead of one per answer.

// OEPath is the path of the binary order-entry WebSocket (WSHandler routes it, and so Handler).
const OEPath = oe.Path

// Limits of an order-entry connection beyond the protocol's (oe.MaxFrame, oe.MaxMsgsPerFrame, oe.MaxInFlight).
const (
	// OEMaxPendingAcks bounds the acks waiting for the connection's writer: a client that does not read its acks
	// is disconnected (1008) once that many wait, rather than make the node hold them.
	OEMaxPendingAcks = 4 * oe.MaxInFlight
	// OEReadTimeout closes a connection that sent no frame and answered no ping for that long.
	OEReadTimeout = 60 * time.Second
	// OEPingInterval is how often the node pings a connection (a client's WebSocket library answers).
	OEPingInterval = 20 * time.Second
	// oeCloseWait bounds the write of a close frame or a ping, and how long a closing connection waits for the
	// client to answer the close.
	oeCloseWait = time.Second
)

// OEHandler serves binary order entry over WebSocket (binary frames of wire/oe messages) with WSHandler's policy:
// Origin, connection caps per source and in all, write timeout and send buffer.
func (n *Node) OEHandler() http.Handler {
	lim := n.cfg.Limits.withDefaults()
	up := websocket.Upgrader{
		ReadBufferSize:  4096,
		WriteBufferSize: oe.MaxFrame, // a coalesced frame of acks goes out in one write
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     func(*http.Request) bool { return true }, // checked below, before the upgrade
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// the connection's registration ends after serve: its requests are answered or abandoned by then
		n.serveWS(w, r, lim, "order entry", func(gw *guardedWriter, id uint64) {
			ws, err := up.Upgrade(gw, r, nil)
			if err != nil {
				return // the upgrader answered the handshake's error
			}
			name := connName(r.RemoteAddr, id)
			peer := rpc.PeerInfo{Transport: "ws", RemoteAddr: name}
			c := newOEConn(n, ws, n.log.With("conn", name), lim.WSWriteTimeout)
			c.peer = peer
			c.serve(withPeer(r.Context(), peer))
		})
	})
}

// oeReply is one answer waiting for the writer: an Ack, or a ChallengeAck when challenge is set. An input admitted
// on the reader (direct) is answered with its outcome instead (outcome set): the writer settles its rate-limit
// charge and makes its Ack, so the syncer that hands it over does neither.
type oeReply struct {
	ack       oe.Ack
	challenge *[16]byte

	outcome bool
	out     *engine.Output
	err     error
	account uint32
	id      uint64
	charge  signedCharge
}

// oeConn is one order-entry connection: a reader (serve) that decodes frames and admits each request, at most
// oe.MaxInFlight at once, and a writer (write) that sends every pending answer as one frame. The reader admits an
// input itself and hands it to the core when its admission needs no wait (direct, handoff.go); any other request
// is admitted on a goroutine of its own.
type oeConn struct {
	n        *Node
	api      *API
	ws       *websocket.Conn
	log      *slog.Logger
	inflight chan struct{} // a token per request being admitted
	requests sync.WaitGroup
	// h and hctx (the reader's context with h) are the reader's handoff (direct)
	h    handoff
	hctx context.Context

	mu      sync.Mutex
	pending []oeReply
	// handed counts the inputs the reader handed to the core (direct) whose answer has not come (mu); directIdle
	// gets a token when it falls to 0
	handed     int
	directIdle chan struct{}
	wake       chan struct{}      // a token when pending became non-empty
	drain      chan chan struct{} // drainWriter: the writer sends what is pending and closes the channel
	closed     chan struct{}      // closed by close: the writer stops, the reader's waits end
	once       sync.Once
	// writeTimeout bounds a ping's write as the send buffer's writes are bounded (Limits.WSWriteTimeout)
	writeTimeout time.Duration
	// peer names the connection to the limits (its source pays for the messages refused unread, decode)
	peer rpc.PeerInfo

	deadlineMu sync.Mutex // orders the reader's deadline extensions with close's final deadline
}

func newOEConn(n *Node, ws *websocket.Conn, log *slog.Logger, writeTimeout time.Duration) *oeConn {
	return &oeConn{n: n, api: &API{n: n}, ws: ws, log: log, inflight: make(chan struct{}, oe.MaxInFlight),
		wake: make(chan struct{}, 1), drain: make(chan chan struct{}), closed: make(chan struct{}),
		directIdle:   make(chan struct{}, 1),
		writeTimeout: writeTimeout}
}

// serve reads and admits until the connection ends, then waits for the requests in flight (their admission is
// cancelled) and the writer.
func (c *oeConn) serve(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	wrote := make(chan struct{})
	go func() { defer close(wrote); c.write() }()
	go func() {
		select {
		case <-c.n.stopped:
			c.close(websocket.CloseGoingAway, "node stopping")
		case <-c.closed:
		}
	}()
	err := c.read(ctx)
	c.log.Debug("order entry connection ends", "err", err)
	cancel() // requests not yet with the core end unanswered (answer): their outcome is "connection closed"
	c.requests.Wait()
	c.awaitDirect()
	c.drainWriter() // the answers given go out before the close (a client that only half-closed still reads)
	c.close(websocket.CloseNormalClosure, "")
	c.linger()
	_ = c.ws.Close()
	<-wrote
}

// close ends the connection with code and reason: it sends the close frame (best effort: the peer may be gone),
// stops the writer and gives the reader oeCloseWait to see the client's answer (serve then closes the socket).
// Only the first call does anything.
func (c *oeConn) close(code int, reason string) {
	c.once.Do(func() {
		if code != websocket.CloseNormalClosure {
			c.log.Debug("order entry connection closed", "code", code, "reason", reason)
		}
		deadline := time.Now().Add(oeCloseWait)
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, clip(reason)), deadline)
		c.deadlineMu.Lock()
		close(c.closed)
		_ = c.ws.SetReadDeadline(deadline)
		c.deadlineMu.Unlock()
	})
}

// extendRead moves the read deadline OEReadTimeout ahead, unless the connection is closing (close set it).
func (c *oeConn) extendRead(string) error {
	c.deadlineMu.Lock()
	defer c.deadlineMu.Unlock()
	select {
	case <-c.closed:
		return nil
	default:
	}
	return c.ws.SetReadDeadline(time.Now().Add(OEReadTimeout))
}

// linger reads and drops what the client still sends until it closes its side or oeCloseWait passes: closing a
// socket with unread data in it resets the connection, and the client would lose the close frame with its reason
// (a frame over the size limit, for one, is refused before it is read).
func (c *oeConn) linger() {
	nc := c.ws.UnderlyingConn()
	_ = nc.SetReadDeadline(time.Now().Add(oeCloseWait))
	_, _ = io.Copy(io.Discard, nc)
}

// errFrame is a frame the reader refused: the connection closes with Code and Reason.
type errFrame struct {
	Code   int
	Reason string
}

func (e *errFrame) Error() string { return fmt.Sprintf("order entry: %s (close %d)", e.Reason, e.Code) }

// read reads frames until the connection fails or a frame is refused (the connection is then closed with its
// reason).
func (c *oeConn) read(ctx context.Context) error {
	c.ws.SetReadLimit(oe.MaxFrame) // a longer frame: the library answers 1009 and the read fails
	_ = c.extendRead("")
	c.ws.SetPongHandler(c.extendRead)
	var frame []byte
	msgs := make([]oe.Msg, 0, 16)
	c.hctx = withHandoff(ctx, &c.h)
	for {
		_ = c.extendRead("") // also after waiting for in-flight slots (back-pressure): the client was not idle
		kind, r, err := c.ws.NextReader()
		if err != nil {
			return fmt.Errorf("order entry: read: %w", err)
		}
		select {
		case <-c.closed:
			return errors.New("order entry: connection closed")
		default:
		}
		_ = c.extendRead("")
		if kind != websocket.BinaryMessage {
			return c.refuse(&errFrame{Code: websocket.CloseUnsupportedData, Reason: "binary frames only (wire/oe)"})
		}
		if frame, err = oe.ReadFrame(r, frame[:0]); err != nil {
			return fmt.Errorf("order entry: read: %w", err)
		}
		if msgs, err = c.decode(frame, msgs[:0]); err != nil {
			return c.refuse(err)
		}
		for i := range msgs {
			if err := c.admit(ctx, &msgs[i]); err != nil {
				return err
			}
		}
		if cap(msgs) > 64 { // a large frame's messages are not kept by an idle connection
			msgs = make([]oe.Msg, 0, 16)
		}
		if cap(frame) > 4096 {
			frame = nil
		}
	}
}

func (c *oeConn) refuse(err error) error {
	var ef *errFrame
	if errors.As(err, &ef) {
		c.close(ef.Code, ef.Reason)
	}
	return err
}

// decode splits a frame into its requests, appended to msgs. A message of an unknown type or length is answered at
// once with an invalid-params Ack for its request id; a frame that cannot be split (cut short, empty, a bad message
// without an id, too many messages) or holds a node → client message is refused whole (*errFrame): none of it is
// admitted.
func (c *oeConn) decode(frame []byte, msgs []oe.Msg) ([]oe.Msg, error) {
	r := oe.NewReader(frame)
	var refused []oeReply
	for count := 1; ; count++ {
		msgs = append(msgs, oe.Msg{})
		m := &msgs[len(msgs)-1]
		err := r.Next(m)
		if err == io.EOF {
			msgs = msgs[:len(msgs)-1]
			break
		}
		if count > oe.MaxMsgsPerFrame {
			return msgs, &errFrame{Code: websocket.ClosePolicyViolation,
				Reason: fmt.Sprintf("more than %d messages in a frame", oe.MaxMsgsPerFrame)}
		}
		var me *oe.MsgError
		switch {
		case errors.As(err, &me) && me.HasID:
			msgs = msgs[:len(msgs)-1]
			if !c.n.limits.allow(c.peer) { // an answer costs the source a token, as any call it makes does
				return msgs, &errFrame{Code: websocket.ClosePolicyViolation, Reason: "rate limited"}
			}
			reason := "bad_length"
			if errors.Is(err, oe.ErrUnknownType) {
				reason = "unknown_type"
			}
			refused = append(refused, oeReply{ack: errAck(me.ReqID, invalid(reason, me.Error()))})
		case err != nil:
			return msgs, &errFrame{Code: websocket.CloseInvalidFramePayloadData, Reason: err.Error()}
		case m.Type >= oe.TypeAck:
			return msgs, &errFrame{Code: websocket.CloseInvalidFramePayloadData,
				Reason: fmt.Sprintf("request %d: %v is a node's message", m.ReqID, m.Type)}
		}
	}
	for _, rp := range refused {
		c.push(rp)
	}
	return msgs, nil
}

// admit admits one request once fewer than oe.MaxInFlight are (until then the reader waits: back-pressure on the
// client): on the reader when it can (direct), else on a goroutine of its own.
func (c *oeConn) admit(ctx context.Context, m *oe.Msg) error {
	select {
	case c.inflight <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.closed:
		return errors.New("order entry: connection closed")
	}
	switch m.Type {
	case oe.TypePlace, oe.TypeAmend, oe.TypeCancel, oe.TypeCancelAll:
		c.direct(ctx, m)
	default:
		c.goAnswer(ctx, m, c.answer)
	}
	return nil
}

// goAnswer answers one request on its own goroutine.
func (c *oeConn) goAnswer(ctx context.Context, m *oe.Msg, answer func(context.Context, *oe.Msg) oeReply) {
	c.n.m.oeGoro.Inc()
	req := *m
	c.requests.Add(1)
	go func() {
		defer c.requests.Done()
		rp := answer(ctx, &req)
		<-c.inflight
		if ctx.Err() != nil && rp.ack.Code != 0 {
			// the connection is ending and the request was cancelled with it: its outcome is unknown here (the core
			// may have taken it), so it gets no answer, never a refusal it may not have had; the client sees the
			// connection close with it unanswered (docs/api.md §11)
			return
		}
		c.push(rp)
	}()
}

// direct admits a signed input (place, amend, cancel, cancel-all) under the rate limits, as the JSON methods do
// (signedAs): on the reader, under the reader's handoff, and hands it to the core (Node.submitAsync), its answer
// coming from the syncer to the writer (oeReply.outcome); or, when its admission would wait, on a goroutine of its
// own (goAnswer) with the charge it took. Either way the request's in-flight token is given back with its answer.
func (c *oeConn) direct(ctx context.Context, m *oe.Msg) {
	account, id := inputOwner(m)
	charge, ok := c.n.limits.readySigned(peerOf(ctx), account)
	if !ok {
		c.answered(oeReply{ack: errAck(m.ReqID, errRateLimited("address or account"))})
		return
	}
	c.h = handoff{}
	_, err := c.input(c.hctx, m)
	in := c.h.in
	if c.h.blocked { // a key lookup or a signature check: the request waits on its own goroutine
		c.goAnswer(ctx, m, func(ctx context.Context, m *oe.Msg) oeReply {
			out, err := c.input(ctx, m)
			return oeReply{ack: c.settle(m.ReqID, account, id, charge, out, err)}
		})
		return
	}
	c.n.m.oeReader.Inc()
	if in == nil { // refused at admission
		c.answered(oeReply{ack: c.settle(m.ReqID, account, id, charge, nil, err)})
		return
	}
	c.mu.Lock()
	c.handed++
	c.mu.Unlock()
	reqID := m.ReqID
	err = c.n.submitAsync(ctx, in, func(out *engine.Output, err error) {
		out, err = apiOutcome(out, err)
		c.push(oeReply{ack: oe.Ack{ReqID: reqID}, outcome: true, out: out, err: err, account: account, id: id,
			charge: charge})
		<-c.inflight
		c.directDone()
	})
	if err != nil { // not handed over
		c.directDone()
		if ctx.Err() != nil { // the connection is ending: unanswered, as goAnswer leaves it
			<-c.inflight
			return
		}
		c.answered(oeReply{ack: c.settle(reqID, account, id, charge, nil, toAPIError(err))})
	}
}

// settle ends a signed input's admission: its rate-limit charge is settled on its outcome (signedAs) and its Ack
// made.
func (c *oeConn) settle(reqID uint64, account uint32, id uint64, charge signedCharge, out *engine.Output,
	err error) oe.Ack {
	c.n.limits.signedDone(charge, account, ownersCall(err))
	return c.ack(reqID, account, id, out, err)
}

// answered queues the answer of a request the reader answered itself and gives back its in-flight token.
func (c *oeConn) answered(rp oeReply) {
	c.push(rp)
	<-c.inflight
}

// directDone counts an input handed to the core (direct) as answered.
func (c *oeConn) directDone() {
	c.mu.Lock()
	c.handed--
	idle := c.handed == 0
	c.mu.Unlock()
	if idle {
		select {
		case c.directIdle <- struct{}{}:
		default:
		}
	}
}

// awaitDirect waits until every input the reader handed to the core is answered, or the node stopped (an input the
// core never took then gets no answer).
func (c *oeConn) awaitDirect() {
	for {
		c.mu.Lock()
		open := c.handed
		c.mu.Unlock()
		if open == 0 {
			return
		}
		select {
		case <-c.directIdle:
		case <-c.n.stopped:
			return
		}
	}
}

// drainWriter waits until the writer has sent every answer queued so far (or the connection closed).
func (c *oeConn) drainWriter() {
	done := make(chan struct{})
	select {
	case c.drain <- done:
		select {
		case <-done:
		case <-c.closed:
		}
	case <-c.closed:
	}
}

// push queues an answer for the writer; a connection whose client leaves OEMaxPendingAcks unread is closed (its
// requests then end with the connection, none is dropped silently). It never blocks: the syncer calls it (direct),
// so the close, which writes a close frame, runs on a goroutine of its own.
func (c *oeConn) push(rp oeReply) {
	c.mu.Lock()
	full := len(c.pending) >= OEMaxPendingAcks
	if !full {
		c.pending = append(c.pending, rp)
	}
	c.mu.Unlock()
	if full {
		go c.close(websocket.ClosePolicyViolation, fmt.Sprintf("more than %d acks unread", OEMaxPendingAcks))
		return
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// write sends the pending answers, all of them in one frame per wakeup (or several frames of about oe.MaxFrame
// bytes when more are pending), and pings; it ends when the connection closes or a write fails (the write timeout
// of guardedConn bounds a stalled client).
func (c *oeConn) write() {
	ping := time.NewTicker(OEPingInterval)
	defer ping.Stop()
	var batch []oeReply
	var buf []byte
	for {
		select {
		case <-c.closed:
			return
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.writeTimeout)); err != nil {
				c.close(websocket.CloseGoingAway, "ping failed")
				return
			}
			continue
		case done := <-c.drain:
			err := c.sendPending(&batch, &buf)
			close(done)
			if err != nil {
				return
			}
			continue
		case <-c.wake:
		}
		// the core acknowledges a group of inputs at once: yield once so that the other answers of the group join
		// this frame (one write instead of one per answer; no wait when nothing else is ready)
		runtime.Gosched()
		if err := c.sendPending(&batch, &buf); err != nil {
			return
		}
	}
}

// sendPending writes every queued answer (writer goroutine); a failed write closes the connection.
func (c *oeConn) sendPending(batch *[]oeReply, buf *[]byte) error {
	c.mu.Lock()
	*batch, c.pending = c.pending, (*batch)[:0]
	c.mu.Unlock()
	for i := range *batch {
		if rp := &(*batch)[i]; rp.outcome { // an input admitted on the reader: its charge and its Ack
			rp.ack = c.settle(rp.ack.ReqID, rp.account, rp.id, rp.charge, rp.out, rp.err)
		}
	}
	if err := c.flush(*batch, buf); err != nil {
		c.log.Debug("order entry write failed", "err", err)
		c.close(websocket.CloseGoingAway, "write failed")
		return err
	}
	clear(*batch) // drop the events for the collector
	if cap(*batch) > 4*oe.MaxMsgsPerFrame {
		*batch = nil // a burst's backlog is not kept by an idle connection
	}
	if cap(*buf) > 2*oe.MaxFrame {
		*buf = nil
	}
	return nil
}

func (c *oeConn) flush(batch []oeReply, buf *[]byte) error {
	b := (*buf)[:0]
	for i := range batch {
		if batch[i].challenge != nil {
			b = oe.AppendChallengeAck(b, &oe.ChallengeAck{ReqID: batch[i].ack.ReqID, Challenge: *batch[i].challenge})
		} else {
			b = oe.AppendAck(b, &batch[i].ack)
		}
		if len(b) >= oe.MaxFrame || i == len(batch)-1 {
			if err := c.ws.WriteMessage(websocket.BinaryMessage, b); err != nil {
				return fmt.Errorf("order entry: write: %w", err)
			}
			b = b[:0]
		}
	}
	*buf = b
	return nil
}

// answer answers a session request (challenge, logon, logoff); signed inputs are admitted by direct.
func (c *oeConn) answer(ctx context.Context, m *oe.Msg) oeReply {
	a := c.api
	switch m.Type {
	case oe.TypeChallenge:
		ch, err := a.SessionChallenge(ctx)
		if err != nil {
			return oeReply{ack: errAck(m.ReqID, err)}
		}
		var b [16]byte
		copy(b[:], ch)
		return oeReply{ack: oe.Ack{ReqID: m.ReqID}, challenge: &b}
	case oe.TypeLogon:
		l := &m.Logon
		_, err := a.Logon(ctx, wire.LogonRequest{Account: l.Account, Challenge: l.Challenge[:], Sig: l.Sig[:]})
		return oeReply{ack: errAck(m.ReqID, err)}
	case oe.TypeLogoff:
		_, err := a.Logoff(ctx, m.Logoff.Account)
		return oeReply{ack: errAck(m.ReqID, err)}
	}
	// admit gives no other type here
	return oeReply{ack: errAck(m.ReqID, invalid("unknown_type", fmt.Sprintf("%v is not a request", m.Type)))}
}

// inputOwner is the account of a signed input (place, amend, cancel, cancel-all) and the id of its order (0: none).
func inputOwner(m *oe.Msg) (account uint32, id uint64) {
	switch m.Type {
	case oe.TypePlace:
		return m.Place.Order.Account, uint64(m.Place.Order.ID)
	case oe.TypeAmend:
		return m.Amend.Order.Account, uint64(m.Amend.Order.ID)
	case oe.TypeCancel:
		return m.Cancel.Account, 0
	case oe.TypeCancelAll:
		return m.CancelAll.Account, 0
	}
	return 0, 0
}

// input admits a signed input and submits it.
func (c *oeConn) input(ctx context.Context, m *oe.Msg) (*engine.Output, error) {
	switch m.Type {
	case oe.TypePlace:
		return c.place(ctx, &m.Place)
	case oe.TypeAmend:
		return c.amend(ctx, &m.Amend)
	case oe.TypeCancel:
		return c.cancel(ctx, &m.Cancel)
	case oe.TypeCancelAll:
		return c.cancelAll(ctx, &m.CancelAll)
	}
	return nil, invalid("unknown_type", fmt.Sprintf("%v is not an input", m.Type))
}

func (c *oeConn) place(ctx context.Context, m *oe.Place) (*engine.Output, error) {
	if _, err := c.api.market(m.Order.Market); err != nil {
		return nil, err
	}
	po, err := m.Parsed()
	if err != nil {
		return nil, err
	}
	return c.api.admitPlace(ctx, placeOf(po))
}

func (c *oeConn) amend(ctx context.Context, m *oe.Amend) (*engine.Output, error) {
	if _, err := c.api.market(m.Order.Market); err != nil {
		return nil, err
	}
	if m.Flags&^oe.FlagPostOnly != 0 {
		return nil, invalid("bad_flags", fmt.Sprintf("amend flags 0x%02x: unknown bits", m.Flags))
	}
	session := !m.HasSig
	if session && !c.n.conns.loggedOn(ctx, m.Order.Account) {
		return nil, errNoSession(m.Order.Account)
	}
	o, err := m.Order.Signed()
	if err != nil {
		return nil, err
	}
	// as over JSON: in a session, the amend of a post-only order defers the new signature's check
	am := &engine.Amend{Order: o, Version: m.Version, Sig: m.AmendSig,
		Deferred: session && m.Flags&oe.FlagPostOnly != 0}
	return c.api.admitAmend(ctx, am, session)
}

func (c *oeConn) cancel(ctx context.Context, m *oe.Cancel) (*engine.Output, error) {
	if _, err := c.api.market(m.Market); err != nil {
		return nil, err
	}
	cl := &engine.Cancel{Account: m.Account, Market: m.Market, OrderID: m.OrderID, Sig: m.Sig}
	return c.api.admitCancel(ctx, cl, !m.HasSig)
}

func (c *oeConn) cancelAll(ctx context.Context, m *oe.CancelAll) (*engine.Output, error) {
	if _, err := c.api.market(m.Market); err != nil {
		return nil, err
	}
	ca := &engine.CancelAll{Account: m.Account, Market: m.Market, UpTo: m.UpTo, Nonce: m.Nonce, Sig: m.Sig}
	return c.api.admitCancelAll(ctx, ca, !m.HasSig)
}

// errAck is the Ack of a refused request (or of an accepted one when err is nil).
func errAck(reqID uint64, err error) oe.Ack {
	ack := oe.Ack{ReqID: reqID}
	if err == nil {
		return ack
	}
	var ae *APIError
	if !errors.As(toAPIError(err), &ae) {
		ae = apiErr(CodeRejected, "rejected", err)
	}
	ack.Code, ack.Reason, ack.Msg = int32(ae.Code), ae.Reason, ae.Msg
	return ack
}

// ack is the Ack of an admitted input: its sequence, its events, and whether the request's order (account, id;
// id 0: none) rests after it.
func (c *oeConn) ack(reqID uint64, account uint32, id uint64, out *engine.Output, err error) oe.Ack {
	if err != nil || out == nil {
		return errAck(reqID, err)
	}
	ack := oe.Ack{ReqID: reqID, Seq: out.Seq}
	if len(out.Events) == 0 {
		return ack
	}
	var txs map[int]uint64
	ack.Events = make([]oe.Event, 0, min(len(out.Events), oe.MaxEvents+1))
	rests := false
	for i := range out.Events {
		ev := &out.Events[i]
		if ev.Kind == book.EventFill && txs == nil {
			txs = fillTxs(out)
		}
		if id != 0 {
			rests = restsAfter(rests, ev, account, id)
		}
		if len(ack.Events) <= oe.MaxEvents { // one more than fits: AppendAck marks the ack truncated
			ack.Events = append(ack.Events, eventOf(ev, txs[i]))
		}
	}
	if rests {
		ack.Flags |= oe.AckRests
	}
	return ack
}

// restsAfter folds one event into whether the order (account, id) rests on the book.
func restsAfter(rests bool, ev *book.Event, account uint32, id uint64) bool {
	mine := ev.Order.Account == account && ev.Order.ID == id
	switch {
	case ev.Kind == book.EventFill && ev.Maker.Account == account && ev.Maker.ID == id:
		return ev.MakerRemaining > 0
	case !mine:
		return rests
	case ev.Kind == book.EventPosted, ev.Kind == book.EventAmended, ev.Kind == book.EventRepriced:
		return ev.Remaining > 0
	case ev.Kind == book.EventFill:
		return rests && ev.Remaining > 0
	case ev.Kind == book.EventCancelled, ev.Kind == book.EventExpired, ev.Kind == book.EventRejected:
		return false
	}
	return rests
}

// eventOf is a book event in the wire's layout (the kinds and sides mapped one by one, so that a change of the
// book's numbering cannot change the wire's).
func eventOf(ev *book.Event, tx uint64) oe.Event {
	e := oe.Event{Market: ev.Market, Account: ev.Order.Account, OrderID: ev.Order.ID, Price: ev.Price,
		Size: ev.Size, Remaining: ev.Remaining}
	switch ev.Kind {
	case book.EventAccepted:
		e.Kind = oe.EventAccepted
	case book.EventRejected:
		e.Kind = oe.EventRejected
	case book.EventFill:
		e.Kind = oe.EventFill
		e.MakerAccount, e.MakerOrderID, e.MakerFee, e.TakerFee, e.Tx = ev.Maker.Account, ev.Maker.ID, ev.MakerFee,
			ev.TakerFee, tx
	case book.EventPosted:
		e.Kind = oe.EventPosted
	case book.EventCancelled:
		e.Kind = oe.EventCancelled
	case book.EventExpired:
		e.Kind = oe.EventExpired
	case book.EventTriggered:
		e.Kind = oe.EventTriggered
	case book.EventAmended:
		e.Kind = oe.EventAmended
	case book.EventRepriced:
		e.Kind = oe.EventRepriced
	}
	switch ev.Side {
	case book.Buy:
		e.Side = oe.EventSideBuy
	case book.Sell:
		e.Side = oe.EventSideSell
	}
	if ev.Reason != book.ReasonNone {
		e.Reason = ev.Reason.String() // as EventView.Reason
	}
	return e
}
