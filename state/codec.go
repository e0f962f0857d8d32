package state

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// traceRecord is a Trace with its tx in a concrete field per type (gob needs no registration then).
type traceRecord struct {
	Trace
	Deposit        *Deposit
	Withdraw       *Withdraw
	PositionMargin *PositionMargin
	Fill           *Fill
	Liquidate      *Liquidate
	FundingTick    *FundingTick
	MarkPrice      *MarkPrice
}

// EncodeTraces serializes traces (e.g. a sealed batch's, so that its witness can be built later, off the
// sequencer's hot path, and rebuilt after a crash).
func EncodeTraces(trs []*Trace) ([]byte, error) {
	recs := make([]traceRecord, len(trs))
	for i, tr := range trs {
		r := traceRecord{Trace: *tr}
		r.Tx = nil
		switch t := tr.Tx.(type) {
		case Deposit:
			r.Deposit = &t
		case Withdraw:
			r.Withdraw = &t
		case PositionMargin:
			r.PositionMargin = &t
		case Fill:
			r.Fill = &t
		case Liquidate:
			r.Liquidate = &t
		case FundingTick:
			r.FundingTick = &t
		case MarkPrice:
			r.MarkPrice = &t
		case NoOp:
		default:
			return nil, fmt.Errorf("%w: cannot encode %T", ErrInvalidTx, tr.Tx)
		}
		recs[i] = r
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(recs); err != nil {
		return nil, fmt.Errorf("state: encode traces: %w", err)
	}
	return b.Bytes(), nil
}

// DecodeTraces is the inverse of EncodeTraces.
func DecodeTraces(b []byte) ([]*Trace, error) {
	var recs []traceRecord
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&recs); err != nil {
		return nil, fmt.Errorf("state: decode traces: %w", err)
	}
	out := make([]*Trace, len(recs))
	for i := range recs {
		r := &recs[i]
		tr := r.Trace
		switch {
		case r.Deposit != nil:
			tr.Tx = *r.Deposit
		case r.Withdraw != nil:
			tr.Tx = *r.Withdraw
		case r.PositionMargin != nil:
			tr.Tx = *r.PositionMargin
		case r.Fill != nil:
			tr.Tx = *r.Fill
		case r.Liquidate != nil:
			tr.Tx = *r.Liquidate
		case r.FundingTick != nil:
			tr.Tx = *r.FundingTick
		case r.MarkPrice != nil:
			tr.Tx = *r.MarkPrice
		default:
			tr.Tx = NoOp{}
		}
		out[i] = &tr
	}
	return out, nil
}
