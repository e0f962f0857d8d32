package node

import (
	"net"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"golang.org/x/time/rate"
)

// Limits bounds what one client can take of the public API. Zero fields take the defaults below (docs/api.md §9);
// Config.RateLimit and Config.RateBurst are the per-source bucket.
type Limits struct {
	// AccountRate and AccountBurst are the token bucket of each account's signed calls (place, amend, cancel,
	// cancel-all, withdraw, margin), charged when the call is accepted or refused for its content (margin, funds,
	// book rules). Calls that anyone could send — bad params, bad signatures, replays — are charged to the source.
	AccountRate  float64 `toml:"account_rate"`
	AccountBurst int     `toml:"account_burst"`
	// WSConnsPerSource and WSConns cap the concurrent WebSocket connections of one source address and in all.
	WSConnsPerSource int `toml:"ws_conns_per_source"`
	WSConns          int `toml:"ws_conns"`
	// WSOrigins are the browser Origins allowed to open a WebSocket besides the node's own host (a page served by
	// the node, on any port of the same host name); "*" allows any. Requests without an Origin header (programs,
	// not browsers) are not checked.
	WSOrigins []string `toml:"ws_origins"`
	// WSWriteTimeout bounds every write to a WebSocket: a client that stops reading for longer is disconnected.
	WSWriteTimeout time.Duration `toml:"ws_write_timeout"`
	// WSSendBuffer sets the kernel send buffer of each WebSocket connection in bytes (0: the system's): it bounds
	// the kernel memory a client that does not read can pin, and how soon back-pressure reaches its subscriptions.
	WSSendBuffer int `toml:"ws_send_buffer"`
	// SubscriptionBuffer is how many node outputs a subscription may fall behind before it is ended with a
	// fell_behind notice.
	SubscriptionBuffer int `toml:"subscription_buffer"`
}

// Defaults of Limits.
const (
	DefaultAccountRate        = 500
	DefaultAccountBurst       = 1000
	DefaultWSConnsPerSource   = 32
	DefaultWSConns            = 4096
	DefaultWSWriteTimeout     = 10 * time.Second
	DefaultSubscriptionBuffer = 1024
)

func (l Limits) withDefaults() Limits {
	if l.AccountRate == 0 {
		l.AccountRate = DefaultAccountRate
	}
	if l.AccountBurst == 0 {
		l.AccountBurst = DefaultAccountBurst
	}
	if l.WSConnsPerSource == 0 {
		l.WSConnsPerSource = DefaultWSConnsPerSource
	}
	if l.WSConns == 0 {
		l.WSConns = DefaultWSConns
	}
	if l.WSWriteTimeout == 0 {
		l.WSWriteTimeout = DefaultWSWriteTimeout
	}
	if l.SubscriptionBuffer == 0 {
		l.SubscriptionBuffer = DefaultSubscriptionBuffer
	}
	return l
}

// sourceOf is the rate-limit key of a remote address: the IP without the port (an IPv6 address by its /64, what
// one host is usually given); "" for in-process callers, which are not limited.
func sourceOf(remote string) string {
	if remote == "" {
		return ""
	}
	if i := strings.LastIndexByte(remote, '#'); i >= 0 { // a WebSocket connection's name (connAddr)
		remote = remote[:i]
	}
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

func peerSource(p rpc.PeerInfo) string {
	if p.Transport == "" {
		return ""
	}
	return sourceOf(p.RemoteAddr)
}

// buckets is a token bucket per key, forgetting keys idle for a minute once it holds many.
type buckets[K comparable] struct {
	mu    sync.Mutex
	rate  rate.Limit
	burst int
	m     map[K]*bucket
	swept time.Time // last sweep of idle keys (at most one a minute)
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

const bucketsSweepAt = 100_000

func newBuckets[K comparable](r float64, burst int) *buckets[K] {
	return &buckets[K]{rate: rate.Limit(r), burst: max(burst, 1), m: map[K]*bucket{}}
}

func (b *buckets[K]) get(k K, now time.Time) *rate.Limiter {
	e, ok := b.m[k]
	if !ok {
		if len(b.m) >= bucketsSweepAt && now.Sub(b.swept) > time.Minute {
			b.swept = now
			for k, v := range b.m {
				if now.Sub(v.seen) > time.Minute {
					delete(b.m, k)
				}
			}
		}
		e = &bucket{l: rate.NewLimiter(b.rate, b.burst)}
		b.m[k] = e
	}
	e.seen = now
	return e.l
}

// allow takes a token if there is one.
func (b *buckets[K]) allow(k K) bool {
	if b.rate <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	return b.get(k, now).AllowN(now, 1)
}

// ready reports whether a token is there, without taking it. A key without a bucket has a full one: only a charge
// creates buckets, so a caller naming arbitrary keys (accounts) cannot fill the map.
func (b *buckets[K]) ready(k K) bool {
	if b.rate <= 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.m[k]
	if !ok {
		return true
	}
	now := time.Now()
	return e.l.TokensAt(now) >= 1
}

// take takes a token if there is one now and returns its reservation (Cancel gives it back).
func (b *buckets[K]) take(k K) (*rate.Reservation, bool) {
	if b.rate <= 0 {
		return nil, true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	r := b.get(k, now).ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return r, true
}

// charge takes a token after the fact, into debt if there is none.
func (b *buckets[K]) charge(k K) {
	if b.rate <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.get(k, now).ReserveN(now, 1)
}

// limiter holds the public API's token buckets (one per source address, one per account) and its WebSocket
// connection slots.
type limiter struct {
	source  *buckets[string]
	account *buckets[uint32]
	ws      *connSlots
}

func newLimiter(cfg Config) *limiter {
	l := cfg.Limits.withDefaults()
	return &limiter{source: newBuckets[string](cfg.RateLimit, cfg.RateBurst),
		account: newBuckets[uint32](l.AccountRate, l.AccountBurst), ws: newConnSlots(l.WSConnsPerSource, l.WSConns)}
}

// allow charges an anonymous call to its source.
func (l *limiter) allow(p rpc.PeerInfo) bool {
	src := peerSource(p)
	return src == "" || l.source.allow(src)
}

// signedCharge is the source token a signed call took on admission (readySigned).
type signedCharge struct {
	src string
	r   *rate.Reservation
}

// readySigned admits a signed call when its account has a token and its source has one, which it takes at once: the
// calls of one source in flight together (a frame of order entry holds hundreds) cannot all pass on the same token.
// signedDone settles the charge once the outcome is known.
func (l *limiter) readySigned(p rpc.PeerInfo, account uint32) (signedCharge, bool) {
	src := peerSource(p)
	if src == "" {
		return signedCharge{}, true
	}
	if !l.account.ready(account) {
		return signedCharge{}, false
	}
	r, ok := l.source.take(src)
	return signedCharge{src: src, r: r}, ok
}

// signedDone settles a signed call: its outcome showed it came from the account's owner (toAccount), so the account
// pays and the source gets its token back; otherwise the source keeps paying.
func (l *limiter) signedDone(c signedCharge, account uint32, toAccount bool) {
	if c.src == "" || !toAccount {
		return
	}
	if c.r != nil {
		c.r.Cancel()
	}
	l.account.charge(account)
}

// connSlots caps concurrent connections per source and in all.
type connSlots struct {
	mu        sync.Mutex
	perSource int
	total     int
	n         int
	m         map[string]int
}

func newConnSlots(perSource, total int) *connSlots {
	return &connSlots{perSource: perSource, total: total, m: map[string]int{}}
}

// acquire takes a slot for src; release gives it back.
func (c *connSlots) acquire(src string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.total || c.m[src] >= c.perSource {
		return false
	}
	c.n++
	c.m[src]++
	return true
}

func (c *connSlots) release(src string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n--
	if c.m[src]--; c.m[src] <= 0 {
		delete(c.m, src)
	}
}

// open returns the number of connections held.
func (c *connSlots) open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
