// Package crashpoint lets chaos tests kill a process at a precise point of its work. Production code calls
// (*Points).Hit at a few named points (WAL append, seal commit, witness build, L1 submission); a Points built from
// a spec such as "wal-append:37" kills the process with SIGKILL at the 37th hit of that point. A nil *Points does
// nothing, so the hooks cost one nil check when chaos testing is off.
//
// The spec comes from the ZKPERP_CRASH environment variable, read once by cmd/zkperp's main and handed to the
// node through its Deps: there is no package-level mutable state.
package crashpoint

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// EnvVar names the environment variable cmd/zkperp reads the spec from.
const EnvVar = "ZKPERP_CRASH"

// The crash points production code calls.
const (
	WALAppend    = "wal-append"    // the group's inputs are in the WAL (fsynced), none is applied or acknowledged
	SealCommit   = "seal-commit"   // a seal's batches and checkpoint are committed, the seal is not acknowledged
	WitnessBuild = "witness-build" // a leased batch's witness is built, not yet handed to the worker
	L1Submit     = "l1-submit"     // a batch's submitBatch tx is sent to L1, its receipt not yet seen
)

// Names lists every known point.
var Names = []string{WALAppend, SealCommit, WitnessBuild, L1Submit}

// ErrBadSpec is returned for a spec that does not parse.
var ErrBadSpec = errors.New("crashpoint: bad spec")

// Points counts the hits of the armed points and kills the process at the chosen hit.
type Points struct {
	armed map[string]*point // fixed at construction; only the counters change
	kill  func()
}

type point struct {
	at   int64
	hits atomic.Int64
}

// Parse builds Points from a spec: comma-separated "name:n" pairs (n ≥ 1), e.g. "wal-append:37,l1-submit:2".
// An empty spec returns nil (no point armed). The process kills itself with SIGKILL.
func Parse(spec string) (*Points, error) {
	return parse(spec, func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) })
}

// New is Parse with another kill function (tests).
func New(spec string, kill func()) (*Points, error) { return parse(spec, kill) }

func parse(spec string, kill func()) (*Points, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, nil
	}
	p := &Points{armed: map[string]*point{}, kill: kill}
	for _, part := range strings.Split(spec, ",") {
		name, nStr, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q: want name:n", ErrBadSpec, part)
		}
		known := false
		for _, k := range Names {
			known = known || k == name
		}
		if !known {
			return nil, fmt.Errorf("%w: unknown point %q (known: %s)", ErrBadSpec, name, strings.Join(Names, ", "))
		}
		n, err := strconv.ParseInt(nStr, 10, 64)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%w: %q: hit count must be a positive integer", ErrBadSpec, part)
		}
		if _, dup := p.armed[name]; dup {
			return nil, fmt.Errorf("%w: point %q armed twice", ErrBadSpec, name)
		}
		p.armed[name] = &point{at: n}
	}
	return p, nil
}

// Hit counts one hit of the named point and kills the process if it is the chosen one. Safe for concurrent use;
// a nil receiver does nothing.
func (p *Points) Hit(name string) {
	if p == nil {
		return
	}
	if pt := p.armed[name]; pt != nil && pt.hits.Add(1) == pt.at {
		p.kill()
	}
}

// HitIf is Hit when cond holds (one call line at a conditional point).
func (p *Points) HitIf(cond bool, name string) {
	if cond {
		p.Hit(name)
	}
}

type ctxKey struct{}

// WithContext returns ctx carrying p (cmd/zkperp hands the points parsed once in main to its commands this way).
func WithContext(ctx context.Context, p *Points) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the points ctx carries, nil when none.
func FromContext(ctx context.Context) *Points {
	p, _ := ctx.Value(ctxKey{}).(*Points)
	return p
}
