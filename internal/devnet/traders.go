package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts/bindings"
	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/sequencer/node"
	"github.com/zkperp/zkperp/state"
)

var traderNames = []string{"maker-1", "maker-2", "taker-1", "taker-2", "degen"}

// devTrader is a demo trader: the client SDK over in-process JSON-RPC to the node, and L1 for deposits and claims.
type devTrader struct {
	name string
	d    *Run
	l1   *l1.L1
	tr   *client.Trader // set once the account exists
	c    *client.Client
}

func (d *Run) newTrader(ctx context.Context, name string, eth *ecdsa.PrivateKey) (*devTrader, error) {
	l1, err := l1.NewL1(ctx, l1.L1Config{Backend: d.l1, Key: eth, ChainID: big.NewInt(ChainID),
		Rollup: d.chain.Rollup, Token: d.chain.Token, Log: d.log})
	if err != nil {
		return nil, err
	}
	return &devTrader{name: name, d: d, l1: l1, c: client.New(rpc.DialInProc(d.node.RPC()))}, nil
}

// deposit mints test tokens and deposits them on L1, then waits until the node has credited the account.
func (t *devTrader) deposit(ctx context.Context, usd uint64) error {
	q := usd * 1_000_000
	if _, err := t.l1.Mint(ctx, q); err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	if _, err := t.l1.DepositUnits(ctx, q); err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	acct, err := t.l1.Account(ctx)
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		if acc, err := t.c.Account(ctx, acct); err == nil && acc.Free != "0" {
			t.d.log.Info("demo trader funded", "trader", t.name, "account", acct, "free", acc.Free)
			t.tr, err = client.NewTrader(ctx, t.c, client.TraderConfig{Key: t.l1.L2Key(), Account: acct, FirstOrderID: 1, Log: t.d.log})
			return err
		}
		time.Sleep(300 * time.Millisecond)
	}
	return ctx.Err()
}

func (t *devTrader) margin(ctx context.Context, market uint8, usd uint64) error {
	_, err := t.tr.PositionMargin(ctx, market, true, fmt.Sprint(usd))
	return err
}

func scaled(v uint64, dec int) string {
	s := fmt.Sprint(v)
	if dec <= 0 {
		return s
	}
	for len(s) <= dec {
		s = "0" + s
	}
	s = s[:len(s)-dec] + "." + s[len(s)-dec:]
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// place signs and sends an order given in integer units (quantums per step, steps).
func (t *devTrader) place(ctx context.Context, mc engine.MarketConfig, buy bool, price, size uint64, typ, tif string, postOnly bool) (*client.Placed, error) {
	req := node.OrderRequest{Market: mc.ID, Side: "sell", Price: scaled(price, mc.QuoteDecimals-mc.SizeDecimals),
		Size: scaled(size, mc.SizeDecimals), Type: typ, TIF: tif, PostOnly: postOnly}
	if buy {
		req.Side = "buy"
	}
	p, err := t.tr.PlaceOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	t.d.stats.orders.Add(1)
	return p, nil
}

func (d *Run) marks(ctx context.Context) map[uint8]uint64 {
	out := map[uint8]uint64{}
	_ = d.node.Query(ctx, func(e *engine.Engine) {
		for _, id := range e.Markets() {
			m, _ := e.State().Market(id)
			out[id] = m.Mark
		}
	})
	return out
}

// runTraders funds the demo traders and runs them: two market makers quoting both markets, two takers, a
// high-leverage trader who gets liquidated after a price drop, and a withdrawal claimed on L1.
func (d *Run) runTraders(ctx context.Context, keys map[string]*ecdsa.PrivateKey) {
	ts := map[string]*devTrader{}
	for _, n := range traderNames {
		t, err := d.newTrader(ctx, n, keys[n])
		if err != nil {
			d.log.Error("demo trader", "err", err)
			return
		}
		ts[n] = t
	}
	funding := map[string][2]uint64{"maker-1": {2_000_000, 400_000}, "maker-2": {2_000_000, 400_000},
		"taker-1": {300_000, 60_000}, "taker-2": {300_000, 60_000}, "degen": {20_000, 0}}
	for _, n := range traderNames {
		t, f := ts[n], funding[n]
		if err := t.deposit(ctx, f[0]); err != nil {
			d.log.Error("demo deposit failed", "trader", n, "err", err)
			return
		}
		for _, mc := range Markets() {
			if f[1] > 0 {
				if err := t.margin(ctx, mc.ID, f[1]); err != nil {
					d.log.Error("demo margin failed", "trader", n, "err", err)
				}
			}
		}
	}
	oracle := &oracleDriver{d: d, prices: map[uint8]uint64{}}
	for _, m := range Genesis().Markets {
		oracle.prices[m.ID] = m.Mark
	}
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	run(func() { oracle.run(ctx) })
	for i, n := range []string{"maker-1", "maker-2"} {
		t := ts[n]
		r := rand.New(rand.NewPCG(uint64(i), 1))
		run(func() { t.makeMarkets(ctx, r) })
	}
	for i, n := range []string{"taker-1", "taker-2"} {
		t := ts[n]
		r := rand.New(rand.NewPCG(uint64(i), 2))
		run(func() { t.take(ctx, r) })
	}
	run(func() { ts["degen"].degen(ctx, oracle) })
	run(func() { ts["taker-1"].withdrawAndClaim(ctx) })
	wg.Wait()
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func (t *devTrader) makeMarkets(ctx context.Context, r *rand.Rand) {
	for sleep(ctx, time.Duration(3000+r.IntN(2000))*time.Millisecond) {
		marks := t.d.marks(ctx)
		for _, mc := range Markets() {
			_, _ = t.tr.CancelAll(ctx, mc.ID)
			mark := marks[mc.ID]
			tick := uint64(10)
			for lvl := uint64(1); lvl <= 3; lvl++ {
				off := mark * (4 + 6*lvl) / 10_000 // 0.1%, 0.16%, 0.22%
				bid, ask := (mark-off)/tick*tick, (mark+off+tick-1)/tick*tick
				size := uint64(1000 + r.IntN(4000)) // 0.1–0.5 BTC, 1–5 ETH per level
				if _, err := t.place(ctx, mc, true, bid, size, "", "", true); err != nil {
					t.d.log.Debug("maker order refused", "trader", t.name, "err", err)
				}
				if _, err := t.place(ctx, mc, false, ask, size, "", "", true); err != nil {
					t.d.log.Debug("maker order refused", "trader", t.name, "err", err)
				}
			}
		}
	}
}

func (t *devTrader) take(ctx context.Context, r *rand.Rand) {
	for sleep(ctx, time.Duration(20_000+r.IntN(20_000))*time.Millisecond) {
		marks := t.d.marks(ctx)
		mc := Markets()[r.IntN(2)]
		mark := marks[mc.ID]
		buy := r.IntN(2) == 0
		worst := mark + mark/100
		if !buy {
			worst = mark - mark/100
		}
		worst = worst / 10 * 10
		if _, err := t.place(ctx, mc, buy, worst, uint64(100+r.IntN(1400)), "market", "", false); err != nil {
			t.d.log.Debug("taker order refused", "trader", t.name, "err", err)
		}
	}
}

// degen opens a ~12x long of 0.5 BTC; the oracle then drops 8%, which puts it below maintenance: liquidated.
func (t *devTrader) degen(ctx context.Context, o *oracleDriver) {
	if !sleep(ctx, 8*time.Second) {
		return
	}
	mc := Markets()[0]
	if err := t.margin(ctx, mc.ID, 2_500); err != nil {
		t.d.log.Warn("degen margin", "err", err)
		return
	}
	mark := t.d.marks(ctx)[mc.ID]
	ack, err := t.place(ctx, mc, true, (mark+mark/100)/10*10, 5_000, "market", "", false) // 0.5 BTC ≈ $30k
	if err != nil {
		t.d.log.Warn("degen order", "err", err)
		return
	}
	t.d.notable("demo: degen opened a ~12x long of 0.5 BTC", "events", len(ack.Events))
	if !sleep(ctx, 6*time.Second) {
		return
	}
	o.shock(mc.ID, -800) // −8%
	t.d.notable("demo: oracle shock on BTC-USD, −8% (the degen's long goes under maintenance margin)")
}

// withdrawAndClaim withdraws 1,000 tUSD on L2, then claims it on L1 once its batch is verified.
func (t *devTrader) withdrawAndClaim(ctx context.Context) {
	if !sleep(ctx, 12*time.Second) {
		return
	}
	if _, err := t.tr.Withdraw(ctx, "1000"); err != nil {
		t.d.log.Warn("demo withdrawal refused", "err", err)
		return
	}
	t.d.notable("demo: withdrawal of 1000 tUSD queued on L2", "trader", t.name)
	for sleep(ctx, 2*time.Second) {
		_, amt, err := t.l1.Claim(ctx)
		if errors.Is(err, l1.ErrNothingToClaim) {
			continue
		}
		if err != nil {
			t.d.log.Warn("demo claim failed", "err", err)
			return
		}
		bal, _ := t.l1.Balance(ctx)
		t.d.notable("demo: withdrawal claimed on L1", "trader", t.name, "claimed_quantums", amt, "l1_balance_quantums", bal)
		t.d.stats.claimed.Store(true)
		return
	}
}

// oracleDriver moves the oracle prices on L1 (a random walk, and shocks on demand).
type oracleDriver struct {
	d      *Run
	mu     sync.Mutex
	prices map[uint8]uint64
	shocks map[uint8]int64
}

func (o *oracleDriver) shock(m uint8, bps int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.shocks == nil {
		o.shocks = map[uint8]int64{}
	}
	o.shocks[m] += bps
}

func (o *oracleDriver) run(ctx context.Context) {
	r := rand.New(rand.NewPCG(9, 9))
	or := bindings.NewPriceOracle()
	for sleep(ctx, 10*time.Second) {
		o.mu.Lock()
		for _, id := range []uint8{0, 1} {
			p := int64(o.prices[id])
			step := int64(r.IntN(31)-15) * p / 10_000 // ±0.15%
			if s := o.shocks[id]; s != 0 {
				step, o.shocks[id] = s*p/10_000, 0
			}
			np := uint64(max(p+step, 1000)) / 10 * 10
			o.prices[id] = np
			if _, err := o.d.deployer.Transact(ctx, o.d.chain.OracleC, or.PackSetPrice(id, new(big.Int).SetUint64(np))); err != nil && ctx.Err() == nil {
				o.d.log.Warn("oracle update failed", "err", err)
			}
		}
		o.mu.Unlock()
	}
}

// keepOracleFresh posts each market's current oracle price again (a new round) every interval: L1 takes a mark only
// from a round at most oracleMaxAge (1 h on the devnet) older than its batch, and liquidations need a mark at most
// state.MaxMarkAge old, so an idle devnet must still see fresh rounds.
func (d *Run) keepOracleFresh(ctx context.Context, every time.Duration) {
	or := bindings.NewPriceOracle()
	oc := or.Instance(d.l1, d.chain.Oracle)
	for sleep(ctx, every) {
		for _, m := range Markets() {
			raw, err := oc.CallRaw(&bind.CallOpts{Context: ctx}, or.PackLatestRoundData(m.ID))
			if err != nil {
				continue
			}
			rd, err := or.UnpackLatestRoundData(raw)
			if err != nil || rd.Answer == nil || rd.Answer.Sign() <= 0 {
				continue
			}
			if _, err := d.deployer.Transact(ctx, d.chain.OracleC, or.PackSetPrice(m.ID, rd.Answer)); err != nil && ctx.Err() == nil {
				d.log.Warn("oracle refresh failed", "market", m.ID, "err", err)
			}
		}
	}
}

// devnetStats counts what the summary shows.
type devnetStats struct {
	orders, fills, liquidations atomic.Uint64
	claimed                     atomic.Bool
}

func newStats() *devnetStats { return &devnetStats{} }

func (d *Run) summaryLoop(ctx context.Context, out io.Writer) {
	ch, cancel := d.node.Subscribe(1 << 14)
	defer func() { cancel() }()
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case o, ok := <-ch:
			if !ok {
				ch, cancel = d.node.Subscribe(1 << 14)
				continue
			}
			for _, ev := range o.Events {
				if ev.Kind == book.EventFill {
					d.stats.fills.Add(1)
				}
			}
			for _, tx := range o.Txs {
				if tx.Type == state.TxLiquidate && tx.Err == nil {
					d.stats.liquidations.Add(1)
					d.notable("liquidation", "tx", tx.Index)
				}
			}
		case <-t.C:
			d.PrintSummary(out)
		}
	}
}

// PrintSummary prints one line of progress.
func (d *Run) PrintSummary(out io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	api := rpc.DialInProc(d.node.RPC())
	defer api.Close()
	var st node.NodeStatus
	if err := api.CallContext(ctx, &st, "perp_status"); err != nil {
		return
	}
	var proven, fills, verifiedFills, gasBatches int
	var gas uint64
	var finality []float64
	for n := uint64(1); n <= st.SealedBatch; n++ {
		var b node.BatchStatus
		if err := api.CallContext(ctx, &b, "perp_batchStatus", n); err != nil {
			continue
		}
		if b.Stage != node.StageSealed {
			proven++
		}
		fills += b.Fills
		if b.Stage == node.StageVerified && b.GasUsed > 0 {
			gas += b.GasUsed
			gasBatches++
			verifiedFills += b.Fills
			if b.FirstTxAt > 0 && b.VerifiedAt > 0 {
				finality = append(finality, float64(b.VerifiedAt-b.FirstTxAt)/1000)
			}
		}
	}
	line := fmt.Sprintf("[%4.0fs] orders %d  fills %d  liquidations %d | batches sealed %d → proven %d → verified on L1 %d | prover queue %d",
		time.Since(d.start).Seconds(), d.stats.orders.Load(), d.stats.fills.Load(), d.stats.liquidations.Load(),
		st.SealedBatch, proven, st.VerifiedBatch, st.ProverQueue)
	if st.VerifiedBatch > 0 && gas > 0 {
		line += fmt.Sprintf(" | gas/batch %d", gas/uint64(gasBatches))
		if verifiedFills > 0 {
			line += fmt.Sprintf(" gas/fill %d", gas/uint64(verifiedFills))
		}
	}
	if len(finality) > 0 {
		sort.Float64s(finality)
		line += fmt.Sprintf(" | trade→L1 p50 %.0fs max %.0fs", finality[len(finality)/2], finality[len(finality)-1])
	}
	if d.stats.claimed.Load() {
		line += " | withdrawal claimed on L1 ✓"
	}
	fmt.Fprintln(out, line)
}
