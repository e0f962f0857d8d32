package oe

import "io"

// Reader splits a frame into messages. It never reads outside the frame, allocates only an Ack's strings and events
// (bounded by the body), and never panics on any input (FuzzDecode).
type Reader struct {
	b       []byte
	started bool
	err     error
}

// NewReader returns a Reader of frame (which it does not copy: keep it unchanged while reading).
func NewReader(frame []byte) *Reader { return &Reader{b: frame} }

// Reset makes r read frame.
func (r *Reader) Reset(frame []byte) { *r = Reader{b: frame} }

// Next decodes the next message into m. It returns io.EOF after the last message; ErrEmpty for a frame without any
// message and ErrShort for a frame cut short (both final: every later call returns them); a *MsgError for a
// message it skipped (of an unknown type or a wrong length: m.Type and m.ReqID say what could be read), after which
// it goes on with the next message.
func (r *Reader) Next(m *Msg) error {
	if r.err != nil {
		return r.err
	}
	if len(r.b) == 0 {
		r.err = io.EOF
		if !r.started {
			r.err = ErrEmpty
		}
		return r.err
	}
	r.started = true
	if len(r.b) < HeaderLen {
		r.err = ErrShort
		return r.err
	}
	t, n := Type(r.b[0]), int(r.b[1])<<8|int(r.b[2])
	if len(r.b) < HeaderLen+n {
		r.err = ErrShort
		return r.err
	}
	body := r.b[HeaderLen : HeaderLen+n]
	r.b = r.b[HeaderLen+n:]
	return decodeBody(t, body, m)
}

func decodeBody(t Type, body []byte, m *Msg) error {
	m.Type, m.ReqID = t, 0
	if len(body) >= 8 {
		m.ReqID = be.Uint64(body)
	}
	var ok bool
	switch t {
	case TypeChallenge:
		if ok = len(body) == ChallengeLen; ok {
			m.Challenge = Challenge{ReqID: m.ReqID}
		}
	case TypeLogon:
		if ok = len(body) == LogonLen; ok {
			decodeLogon(body, &m.Logon)
		}
	case TypeLogoff:
		if ok = len(body) == LogoffLen; ok {
			m.Logoff = Logoff{ReqID: m.ReqID, Account: be.Uint32(body[8:])}
		}
	case TypePlace:
		if ok = len(body) == PlaceLen; ok {
			decodePlace(body, &m.Place)
		}
	case TypeAmend:
		if ok = len(body) == AmendLen || len(body) == AmendSignedLen; ok {
			decodeAmend(body, &m.Amend)
		}
	case TypeCancel:
		if ok = len(body) == CancelLen || len(body) == CancelSignedLen; ok {
			decodeCancel(body, &m.Cancel)
		}
	case TypeCancelAll:
		if ok = len(body) == CancelAllLen || len(body) == CancelAllSigned; ok {
			decodeCancelAll(body, &m.CancelAll)
		}
	case TypeChallengeAck:
		if ok = len(body) == ChallengeAckLen; ok {
			m.ChallengeAck.ReqID = m.ReqID
			copy(m.ChallengeAck.Challenge[:], body[8:])
		}
	case TypeAck:
		ok = decodeAck(body, &m.Ack)
	default:
		return &MsgError{Type: t, ReqID: m.ReqID, HasID: len(body) >= 8, Len: len(body), Err: ErrUnknownType}
	}
	if !ok {
		return &MsgError{Type: t, ReqID: m.ReqID, HasID: len(body) >= 8, Len: len(body), Err: ErrLength}
	}
	return nil
}

func decodeOrder(b []byte, o *Order) {
	o.Account, o.ID = be.Uint32(b), be.Uint32(b[4:])
	o.Market, o.Side = b[8], b[9]
	o.Price, o.Size = be.Uint64(b[10:]), be.Uint64(b[18:])
	o.MaxMakerFee, o.MaxTakerFee = be.Uint16(b[26:]), be.Uint16(b[28:])
	o.Expiry = be.Uint32(b[30:])
	copy(o.Sig[:], b[34:34+SigLen])
}

func decodeLogon(b []byte, m *Logon) {
	m.ReqID, m.Account = be.Uint64(b), be.Uint32(b[8:])
	copy(m.Challenge[:], b[12:28])
	copy(m.Sig[:], b[28:])
}

func decodePlace(b []byte, m *Place) {
	m.ReqID = be.Uint64(b)
	decodeOrder(b[8:], &m.Order)
	f := b[8+OrderLen:]
	m.Type, m.TIF, m.Flags, m.Trigger, m.Peg, m.STP = f[0], f[1], f[2], f[3], f[4], f[5]
	m.DisplaySize, m.TriggerPrice, m.PegOffset = be.Uint64(f[6:]), be.Uint64(f[14:]), int64(be.Uint64(f[22:]))
}

func decodeAmend(b []byte, m *Amend) {
	m.ReqID = be.Uint64(b)
	decodeOrder(b[8:], &m.Order)
	m.Version, m.Flags = be.Uint64(b[8+OrderLen:]), b[8+OrderLen+8]
	m.HasSig, m.AmendSig = len(b) == AmendSignedLen, [SigLen]byte{}
	if m.HasSig {
		copy(m.AmendSig[:], b[AmendLen:])
	}
}

func decodeCancel(b []byte, m *Cancel) {
	m.ReqID, m.Account, m.Market, m.OrderID = be.Uint64(b), be.Uint32(b[8:]), b[12], be.Uint32(b[13:])
	m.HasSig, m.Sig = len(b) == CancelSignedLen, [SigLen]byte{}
	if m.HasSig {
		copy(m.Sig[:], b[CancelLen:])
	}
}

func decodeCancelAll(b []byte, m *CancelAll) {
	m.ReqID, m.Account, m.Market = be.Uint64(b), be.Uint32(b[8:]), b[12]
	m.UpTo, m.Nonce = be.Uint32(b[13:]), be.Uint64(b[17:])
	m.HasSig, m.Sig = len(b) == CancelAllSigned, [SigLen]byte{}
	if m.HasSig {
		copy(m.Sig[:], b[CancelAllLen:])
	}
}

// decodeAck reads an Ack; false when the body's length does not match its counts.
func decodeAck(b []byte, m *Ack) bool {
	if len(b) < ackFixedLen {
		return false
	}
	m.ReqID, m.Code, m.Seq = be.Uint64(b), int32(be.Uint32(b[8:])), be.Uint64(b[12:])
	m.Flags = b[20]
	events, rl, ml := int(b[21]), int(b[22]), int(b[23])
	b = b[ackFixedLen:]
	if len(b) < rl+ml || len(b)-rl-ml < events*eventFixedLen {
		return false
	}
	m.Reason, m.Msg = string(b[:rl]), string(b[rl:rl+ml])
	b = b[rl+ml:]
	m.Events = m.Events[:0]
	for range events {
		var e Event
		var ok bool
		if b, ok = decodeEvent(b, &e); !ok {
			return false
		}
		m.Events = append(m.Events, e)
	}
	return len(b) == 0
}

func decodeEvent(b []byte, e *Event) ([]byte, bool) {
	if len(b) < eventFixedLen {
		return b, false
	}
	e.Kind, e.Side, e.Market = b[0], b[1], b[2]
	rl := int(b[3])
	if rl > MaxEventReasonLen {
		return b, false
	}
	e.Account, e.OrderID = be.Uint32(b[4:]), be.Uint64(b[8:])
	e.MakerAccount, e.MakerOrderID = be.Uint32(b[16:]), be.Uint64(b[20:])
	v := b[28:]
	e.Price, e.Size, e.Remaining = be.Uint64(v), be.Uint64(v[8:]), be.Uint64(v[16:])
	e.MakerFee, e.TakerFee, e.Tx = be.Uint64(v[24:]), be.Uint64(v[32:]), be.Uint64(v[40:])
	b = b[eventFixedLen:]
	if len(b) < rl {
		return b, false
	}
	e.Reason = string(b[:rl])
	return b[rl:], true
}

// ReadFrame appends the rest of r (one WebSocket frame's reader; the connection's read limit bounds it) to buf,
// reusing buf's capacity.
func ReadFrame(r io.Reader, buf []byte) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
