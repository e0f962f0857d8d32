package oe

// Encoders append one message (header and body) to b and return the extended slice.

func appendHeader(b []byte, t Type, n int) []byte {
	return append(b, byte(t), byte(n>>8), byte(n))
}

func appendOrder(b []byte, o *Order) []byte {
	b = be.AppendUint32(b, o.Account)
	b = be.AppendUint32(b, o.ID)
	b = append(b, o.Market, o.Side)
	b = be.AppendUint64(b, o.Price)
	b = be.AppendUint64(b, o.Size)
	b = be.AppendUint16(b, o.MaxMakerFee)
	b = be.AppendUint16(b, o.MaxTakerFee)
	b = be.AppendUint32(b, o.Expiry)
	return append(b, o.Sig[:]...)
}

// AppendChallenge appends a Challenge.
func AppendChallenge(b []byte, m *Challenge) []byte {
	b = appendHeader(b, TypeChallenge, ChallengeLen)
	return be.AppendUint64(b, m.ReqID)
}

// AppendLogon appends a Logon.
func AppendLogon(b []byte, m *Logon) []byte {
	b = appendHeader(b, TypeLogon, LogonLen)
	b = be.AppendUint64(b, m.ReqID)
	b = be.AppendUint32(b, m.Account)
	b = append(b, m.Challenge[:]...)
	return append(b, m.Sig[:]...)
}

// AppendLogoff appends a Logoff.
func AppendLogoff(b []byte, m *Logoff) []byte {
	b = appendHeader(b, TypeLogoff, LogoffLen)
	b = be.AppendUint64(b, m.ReqID)
	return be.AppendUint32(b, m.Account)
}

// AppendPlace appends a Place.
func AppendPlace(b []byte, m *Place) []byte {
	b = appendHeader(b, TypePlace, PlaceLen)
	b = be.AppendUint64(b, m.ReqID)
	b = appendOrder(b, &m.Order)
	b = append(b, m.Type, m.TIF, m.Flags, m.Trigger, m.Peg, m.STP)
	b = be.AppendUint64(b, m.DisplaySize)
	b = be.AppendUint64(b, m.TriggerPrice)
	return be.AppendUint64(b, uint64(m.PegOffset))
}

// AppendAmend appends an Amend (with AmendSig when HasSig).
func AppendAmend(b []byte, m *Amend) []byte {
	n := AmendLen
	if m.HasSig {
		n = AmendSignedLen
	}
	b = appendHeader(b, TypeAmend, n)
	b = be.AppendUint64(b, m.ReqID)
	b = appendOrder(b, &m.Order)
	b = be.AppendUint64(b, m.Version)
	b = append(b, m.Flags)
	if m.HasSig {
		b = append(b, m.AmendSig[:]...)
	}
	return b
}

// AppendCancel appends a Cancel (with Sig when HasSig).
func AppendCancel(b []byte, m *Cancel) []byte {
	n := CancelLen
	if m.HasSig {
		n = CancelSignedLen
	}
	b = appendHeader(b, TypeCancel, n)
	b = be.AppendUint64(b, m.ReqID)
	b = be.AppendUint32(b, m.Account)
	b = append(b, m.Market)
	b = be.AppendUint32(b, m.OrderID)
	if m.HasSig {
		b = append(b, m.Sig[:]...)
	}
	return b
}

// AppendCancelAll appends a CancelAll (with Sig when HasSig).
func AppendCancelAll(b []byte, m *CancelAll) []byte {
	n := CancelAllLen
	if m.HasSig {
		n = CancelAllSigned
	}
	b = appendHeader(b, TypeCancelAll, n)
	b = be.AppendUint64(b, m.ReqID)
	b = be.AppendUint32(b, m.Account)
	b = append(b, m.Market)
	b = be.AppendUint32(b, m.UpTo)
	b = be.AppendUint64(b, m.Nonce)
	if m.HasSig {
		b = append(b, m.Sig[:]...)
	}
	return b
}

// AppendChallengeAck appends a ChallengeAck.
func AppendChallengeAck(b []byte, m *ChallengeAck) []byte {
	b = appendHeader(b, TypeChallengeAck, ChallengeAckLen)
	b = be.AppendUint64(b, m.ReqID)
	return append(b, m.Challenge[:]...)
}

// AppendAck appends an Ack: Reason and Msg clipped to MaxReasonLen bytes, events' reasons to MaxEventReasonLen,
// the first MaxEvents events (AckTruncated set when there were more).
func AppendAck(b []byte, m *Ack) []byte {
	start := len(b)
	b = appendHeader(b, TypeAck, 0) // the length is set below
	reason, msg := clipTo(m.Reason, MaxReasonLen), clipTo(m.Msg, MaxReasonLen)
	events, flags := m.Events, m.Flags
	if len(events) > MaxEvents {
		events, flags = events[:MaxEvents], flags|AckTruncated
	}
	b = be.AppendUint64(b, m.ReqID)
	b = be.AppendUint32(b, uint32(m.Code))
	b = be.AppendUint64(b, m.Seq)
	b = append(b, flags, byte(len(events)), byte(len(reason)), byte(len(msg)))
	b = append(b, reason...)
	b = append(b, msg...)
	for i := range events {
		b = appendEvent(b, &events[i])
	}
	n := len(b) - start - HeaderLen
	b[start+1], b[start+2] = byte(n>>8), byte(n)
	return b
}

func appendEvent(b []byte, e *Event) []byte {
	reason := clipTo(e.Reason, MaxEventReasonLen)
	b = append(b, e.Kind, e.Side, e.Market, byte(len(reason)))
	b = be.AppendUint32(b, e.Account)
	b = be.AppendUint64(b, e.OrderID)
	b = be.AppendUint32(b, e.MakerAccount)
	b = be.AppendUint64(b, e.MakerOrderID)
	for _, v := range [...]uint64{e.Price, e.Size, e.Remaining, e.MakerFee, e.TakerFee, e.Tx} {
		b = be.AppendUint64(b, v)
	}
	return append(b, reason...)
}

func clipTo(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Append appends m by its Type (nothing for an unknown type).
func Append(b []byte, m *Msg) []byte {
	switch m.Type {
	case TypeChallenge:
		return AppendChallenge(b, &m.Challenge)
	case TypeLogon:
		return AppendLogon(b, &m.Logon)
	case TypeLogoff:
		return AppendLogoff(b, &m.Logoff)
	case TypePlace:
		return AppendPlace(b, &m.Place)
	case TypeAmend:
		return AppendAmend(b, &m.Amend)
	case TypeCancel:
		return AppendCancel(b, &m.Cancel)
	case TypeCancelAll:
		return AppendCancelAll(b, &m.CancelAll)
	case TypeAck:
		return AppendAck(b, &m.Ack)
	case TypeChallengeAck:
		return AppendChallengeAck(b, &m.ChallengeAck)
	}
	return b
}
