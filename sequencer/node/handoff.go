package node

import (
	"context"
	"errors"

	"github.com/zkperp/zkperp/sequencer/engine"
)

// A handoff lets a connection's reader admit an input without waiting (order entry, oe.go): the reader runs the
// same admission as the request's own goroutine would (the JSON methods' admitPlace, admitAmend, admitCancel,
// admitCancelAll, with every check), under a context that carries a handoff. Where the admission would wait, for
// a key lookup on the core (keyOf) or a signature check in an admission batch (verifySigs), it stops, marks the
// handoff blocked and submits nothing: the reader then gives the request to a goroutine of its own, which admits
// it from the start. Where it would submit, submitOut leaves the admitted input in the handoff instead, and the
// reader hands it to the core with Node.submitAsync; the answer goes from the syncer to the connection's writer.
// So an input that needs no signature check at admission (a session's cancel, or a deferred post-only order or
// amend) costs no goroutine and no hand-off but the core's.
type handoff struct {
	in      *engine.Input // the admitted input, set by submitOut
	blocked bool          // the admission would wait: nothing was submitted
}

type handoffKey struct{}

var (
	// errHandedOff is submitOut's answer under a handoff: the input waits in it for the reader to submit it.
	errHandedOff = errors.New("node: admitted input handed to the connection's reader")
	// errWouldWait is the answer of what would wait under a handoff (handoff.blocked is set with it).
	errWouldWait = errors.New("node: admission would wait")
)

func withHandoff(ctx context.Context, h *handoff) context.Context {
	return context.WithValue(ctx, handoffKey{}, h)
}

// handoffOf is ctx's handoff, nil when it has none (the request waits as a JSON call does).
func handoffOf(ctx context.Context) *handoff {
	h, _ := ctx.Value(handoffKey{}).(*handoff)
	return h
}

// wouldWait reports whether ctx carries a handoff, marking it blocked: the caller must not wait, and returns
// errWouldWait.
func wouldWait(ctx context.Context) bool {
	h := handoffOf(ctx)
	if h == nil {
		return false
	}
	h.blocked = true
	return true
}
