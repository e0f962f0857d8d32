package webtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client"
	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/internal/devnet"
	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

// chrome finds a Chromium or Chrome binary: $ZKPERP_CHROME, then the usual names on PATH
// (scripts/install-chromium.sh installs one).
func chrome() (string, error) {
	names := []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	if p := os.Getenv("ZKPERP_CHROME"); p != "" {
		names = append([]string{p}, names...)
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH and ZKPERP_CHROME unset")
}

// shots is the screenshot folder: $ZKPERP_WEB_SCREENSHOTS, or a temporary one.
func shots(t *testing.T) string {
	if d := os.Getenv("ZKPERP_WEB_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// party is an account funded on L1 and traded with the Go client.
type party struct {
	eth     string // hex private key
	account uint32
	trader  *client.Trader
}

// fund deposits tokens from the devnet's dev account i (funded with ETH and test tokens at start) and returns it
// with a Go trader.
func fund(t *testing.T, ctx context.Context, d *devnet.Run, c *client.Client, i int, tokens uint64) *party {
	t.Helper()
	eth := devnet.DevAccountKey(i)
	name := fmt.Sprintf("dev account %d", i)
	x, err := l1.NewL1(ctx, l1.L1Config{Backend: d.L1(), Key: eth, ChainID: big.NewInt(devnet.ChainID),
		Rollup: d.Chain().Rollup, Token: d.Chain().Token})
	if err != nil {
		t.Fatal(err)
	}
	q := tokens * 1_000_000
	// the devnet mints the dev accounts' tokens in the background at start
	waitFor(t, ctx, name+"'s test tokens", func() bool {
		b, err := x.Balance(ctx)
		return err == nil && b.Cmp(new(big.Int).SetUint64(q)) >= 0
	})
	if _, err := x.DepositUnits(ctx, q); err != nil {
		t.Fatal(err)
	}
	acct, err := x.Account(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, name+"'s deposit on L2", func() bool {
		v, err := c.Account(ctx, acct)
		return err == nil && v.Free != "0"
	})
	k, err := sign.DeriveL2Key(eth, d.Domain())
	if err != nil {
		t.Fatal(err)
	}
	tr, err := client.NewTrader(ctx, c, client.TraderConfig{Key: k, Account: acct})
	if err != nil {
		t.Fatal(err)
	}
	return &party{eth: fmt.Sprintf("0x%x", crypto.FromECDSA(eth)), account: acct, trader: tr}
}

// waitFor polls cond for up to a minute.
func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// waitPage is waitFor with the page's state in the failure.
func (p *page) waitFor(ctx context.Context, what string, cond func() bool) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			p.fail(what)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// fail ends the test with the page's messages and a screenshot.
func (p *page) fail(what string) {
	p.t.Helper()
	errs, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`["conn","order-error","key-error","account-error","order-result","account-result"].map(i => i+": "+document.getElementById(i).textContent).join(" | ")`))
	p.shot("failed")
	p.t.Fatalf("timed out waiting for %s; page: %s", what, errs)
}

// page drives one browser tab.
type page struct {
	t   *testing.T
	ctx context.Context
	dir string
}

func (p *page) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// until polls a JavaScript expression until it is true.
func (p *page) until(what, expr string, timeout time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool]("Boolean("+expr+")")); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			p.fail(fmt.Sprintf("%s (%s, %v)", what, expr, timeout))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// text returns an element's text content.
func (p *page) text(id string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.getElementById(%q).textContent`, id))
}

// set replaces an input's or a select's value ("" clears it; chromedp.SetValue refuses an empty value).
func (p *page) set(id, v string) {
	p.t.Helper()
	ok := eval[bool](p, fmt.Sprintf(`(() => { const e = document.getElementById(%q); if (!e) return false; e.value = %q;
		e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true}));
		return e.value === %q || (e.tagName === "SELECT" && %q === ""); })()`, id, v, v, v))
	if !ok {
		p.t.Fatalf("could not set #%s to %q", id, v)
	}
}

func (p *page) click(sel string) {
	p.t.Helper()
	p.run("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// shot saves a full-page screenshot (PNG).
func (p *page) shot(name string) string {
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	f := filepath.Join(p.dir, name+".png")
	if err := os.WriteFile(f, buf, 0o644); err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p.t.Logf("screenshot: %s", f)
	return f
}

type level = []string // price, size, orders

// pageBook reads the page's book: asks best first, bids best first.
func (p *page) pageBook() (asks, bids []level) {
	asks = eval[[]level](p, `[...document.querySelectorAll("#asks tbody tr")].reverse().map(r => [...r.cells].map(c => c.textContent))`)
	bids = eval[[]level](p, `[...document.querySelectorAll("#bids tbody tr")].map(r => [...r.cells].map(c => c.textContent))`)
	return asks, bids
}

func levels(ls []wire.Level, n int) []level {
	out := []level{}
	for i, l := range ls {
		if i == n {
			break
		}
		out = append(out, level{l.Price, l.Size, fmt.Sprint(l.Orders)})
	}
	return out
}

func sameLevels(a, b []level) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// TestExchangePage: the page in Chromium against a devnet with a real prover. It loads and goes live; its book is
// perp_book's; a key pasted in the page binds to its account; margin moves from the page; bad input shows the API's
// error and changes nothing; an order placed from the page is acked and rests, is amended and cancelled, and one
// that fills against the Go client's order reaches "verified on L1" on the page.
func TestExchangePage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser test runs a devnet with real PLONK proofs")
	}
	bin, err := chrome()
	if err != nil {
		t.Skipf("browser test skipped: %v (scripts/install-chromium.sh installs one; CI runs it)", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("ZKPERP_E2E_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	d, err := devnet.Start(ctx, devnet.Options{DataDir: t.TempDir(), HTTP: "127.0.0.1:0", WS: "127.0.0.1:0", Web: true,
		BlockTime: 200 * time.Millisecond, Seal: time.Second, Funding: time.Hour, MarkMaxAge: time.Hour,
		DevAccounts: 2,
		KeysDir:     filepath.Join(os.TempDir(), "zkperp-devnet-keys")}, io.Discard, log)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	c, err := client.Dial(ctx, "ws://"+d.WSAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	alice := fund(t, ctx, d, c, 0, 10_000) // trades from the page
	bob := fund(t, ctx, d, c, 1, 10_000)   // trades with the Go client
	if _, err := bob.trader.PositionMargin(ctx, 0, true, "3000"); err != nil {
		t.Fatal(err)
	}
	// a book to show: two bids and an ask from bob
	for _, o := range []struct{ side, price, size string }{{client.Buy, "59000", "0.01"}, {client.Buy, "58990.5", "0.02"},
		{client.Buy, "59500", "0.02"}, {client.Buy, "59800", "0.015"}, {client.Buy, "59950", "0.03"},
		{client.Sell, "60200", "0.02"}, {client.Sell, "60350", "0.01"}, {client.Sell, "61000", "0.015"}} {
		if _, err := bob.trader.PlaceLimit(ctx, 0, o.side, o.price, o.size); err != nil {
			t.Fatal(err)
		}
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1440, 1800))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer bcancel()
	p := &page{t: t, ctx: bctx, dir: shots(t)}

	// 1. The page loads, goes live and loads the signer; its book is perp_book's.
	p.run("open the page", chromedp.Navigate("http://"+d.HTTPAddr()+"/"))
	p.until("the connection", `document.getElementById("conn").dataset.state === "live"`, time.Minute)
	p.until("the signer", `document.getElementById("signer-status").dataset.state === "ready"`, time.Minute)
	snap, err := c.Book(ctx, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	p.until("the book at the node's seq", fmt.Sprintf(`document.getElementById("book-seq").dataset.seq === "%d"`, snap.Seq), 30*time.Second)
	asks, bids := p.pageBook()
	if !sameLevels(asks, levels(snap.Asks, 15)) || !sameLevels(bids, levels(snap.Bids, 15)) {
		t.Fatalf("page book asks %v bids %v; perp_book asks %v bids %v", asks, bids, snap.Asks, snap.Bids)
	}
	if mark := p.text("book-mark"); mark != snap.Mark {
		t.Fatalf("page mark %q, perp_book %q", mark, snap.Mark)
	}

	// 1b. Reconnect and resync: the page's WebSocket drops; the book changes meanwhile; the page reconnects, takes
	// new snapshots and shows the node's book again.
	p.run("drop the connection", chromedp.Evaluate[chromedp.Void](`S.rpc.ws.close()`))
	if _, err := bob.trader.PlaceLimit(ctx, 0, client.Buy, "59700", "0.01"); err != nil {
		t.Fatal(err)
	}
	p.until("the reconnect", `document.getElementById("conn").dataset.opens === "2" && document.getElementById("conn").dataset.state === "live"`, 30*time.Second)
	if snap, err = c.Book(ctx, 0, 50); err != nil {
		t.Fatal(err)
	}
	p.until("the book resynced", fmt.Sprintf(`document.getElementById("book-seq").dataset.seq === "%d"`, snap.Seq), 30*time.Second)
	if asks, bids = p.pageBook(); !sameLevels(asks, levels(snap.Asks, 15)) || !sameLevels(bids, levels(snap.Bids, 15)) {
		t.Fatalf("after the reconnect: page book asks %v bids %v; perp_book asks %v bids %v", asks, bids, snap.Asks, snap.Bids)
	}

	// 2. The dev key, pasted in the page, binds to alice's account; margin moves from the page.
	p.set("eth-key", alice.eth)
	p.set("account", fmt.Sprint(alice.account))
	p.click("#use-key")
	p.until("the account bound", fmt.Sprintf(`document.getElementById("key-info").dataset.account === "%d"`, alice.account), 30*time.Second)
	p.set("margin-amount", "2500")
	p.click("#margin-form button[type=submit]")
	p.until("the margin ack", `document.querySelector("#account-result [data-ack]")`, 30*time.Second)
	p.waitFor(ctx, "alice's position margin", func() bool {
		v, err := c.Account(ctx, alice.account)
		return err == nil && len(v.Positions) == 1 && v.Positions[0].Collateral == "2500"
	})

	// 3. Bad input shows the API's error and changes nothing: a malformed price (refused by the signer with the
	// node's own check, wire.ParseOrder) and an off-tick one (refused by the node's book).
	before, err := c.Book(ctx, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	accBefore, _ := c.Account(ctx, alice.account)
	p.set("o-side", "sell")
	p.set("o-price", "60k")
	p.set("o-size", "0.01")
	p.click("#o-submit")
	p.until("the bad-decimal error", `document.getElementById("order-error").textContent.includes("bad_decimal")`, 10*time.Second)
	if e := p.text("order-error"); e != `-32602 bad_decimal: price: "60k" is not a plain non-negative decimal` {
		t.Fatalf("order error %q", e)
	}
	p.shot("bad-input")
	p.set("o-price", "60000.05")
	p.click("#o-submit")
	p.until("the off-tick refusal", `document.getElementById("order-error").textContent.startsWith("1005")`, 10*time.Second)
	t.Logf("off-tick order: %s", p.text("order-error"))
	after, err := c.Book(ctx, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	accAfter, _ := c.Account(ctx, alice.account)
	open, _ := c.OpenOrders(ctx, alice.account, 0)
	if fmt.Sprint(before.Asks, before.Bids) != fmt.Sprint(after.Asks, after.Bids) || len(open) != 0 ||
		fmt.Sprint(accBefore) != fmt.Sprint(accAfter) {
		t.Fatalf("refused input changed something: book %v → %v, open %v, account %+v → %+v", before, after, open, accBefore, accAfter)
	}

	// 4. An order from the page is acked and rests; amend and cancel from the open-orders table.
	p.set("o-price", "60500")
	p.set("o-size", "0.01")
	p.click("#o-submit")
	p.until("the order's ack", `document.querySelector("#order-result [data-ack]")`, 30*time.Second)
	var id uint64
	p.waitFor(ctx, "the page's order in the book", func() bool {
		open, err := c.OpenOrders(ctx, alice.account, 0)
		if err == nil && len(open) == 1 && open[0].Price == "60500" && open[0].Side == "sell" {
			id = open[0].ID
			return true
		}
		return false
	})
	p.until("the order in the page's open orders", fmt.Sprintf(`document.querySelector('#open-orders tr[data-id="%d"]')`, id), 10*time.Second)
	p.until("the order in the page's book", `[...document.querySelectorAll("#asks tbody tr")].some(r => r.dataset.price === "60500")`, 10*time.Second)
	// the row is updated in place across the account view's refreshes (a row rebuilt under the pointer loses clicks)
	p.run("tag the row", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector('#open-orders tr[data-id="%d"]').dataset.probe = "1"`, id)))
	p.run("amend price", chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`#open-orders tr[data-id="%d"] [data-field=amend-price]`, id)), "60400"))
	p.click(fmt.Sprintf(`#open-orders tr[data-id="%d"] [data-action=amend]`, id))
	p.waitFor(ctx, "the amended price", func() bool {
		open, err := c.OpenOrders(ctx, alice.account, 0)
		return err == nil && len(open) == 1 && open[0].ID == id && open[0].Price == "60400"
	})
	p.until("the amended order on the page", fmt.Sprintf(`document.querySelector('#open-orders tr[data-id="%d"] [data-field=price]').textContent === "60400"`, id), 10*time.Second)
	if !eval[bool](p, fmt.Sprintf(`document.querySelector('#open-orders tr[data-id="%d"]').dataset.probe === "1"`, id)) {
		t.Fatal("the amended order's row was rebuilt, not updated in place")
	}
	p.click(fmt.Sprintf(`#open-orders tr[data-id="%d"] [data-action=cancel]`, id))
	p.waitFor(ctx, "the cancel", func() bool {
		open, err := c.OpenOrders(ctx, alice.account, 0)
		return err == nil && len(open) == 0
	})
	p.until("no open orders on the page", `document.querySelectorAll("#open-orders tbody tr").length === 0`, 10*time.Second)

	// 4b. The other order types from the form: a stop (pending its trigger), a pegged order, a post-only one, and an
	// IOC that finds nothing to fill (acked, expired: nothing rests). Cancel all removes the resting ones.
	p.click("#order-panel details summary")
	place := func(what string, fields map[string]string, check func(o wire.OrderView) bool) {
		t.Helper()
		for _, id := range []string{"o-type", "o-tif", "o-trigger", "o-trigger-price", "o-peg", "o-peg-offset"} {
			p.set(id, "")
		}
		p.set("o-type", "limit")
		p.run("post-only off", chromedp.Evaluate[chromedp.Void](`document.getElementById("o-postonly").checked = false`))
		for id, v := range fields {
			if id == "o-postonly" {
				p.run("post-only on", chromedp.Evaluate[chromedp.Void](`document.getElementById("o-postonly").checked = true`))
				continue
			}
			p.set(id, v)
		}
		p.run("clear the result", chromedp.Evaluate[chromedp.Void](`document.getElementById("order-result").textContent = ""`))
		p.click("#o-submit")
		p.until(what+": ack", `document.querySelector("#order-result [data-ack]")`, 30*time.Second)
		if check != nil {
			p.waitFor(ctx, what+" resting as sent", func() bool {
				open, err := c.OpenOrders(ctx, alice.account, 0)
				if err != nil {
					return false
				}
				for _, o := range open {
					if check(o) {
						return true
					}
				}
				return false
			})
		}
	}
	place("stop loss", map[string]string{"o-side": "buy", "o-price": "62000", "o-size": "0.001", "o-trigger": "stop_loss",
		"o-trigger-price": "61500"}, func(o wire.OrderView) bool { return o.Pending && o.Price == "62000" })
	place("pegged", map[string]string{"o-side": "sell", "o-type": "pegged", "o-price": "65000", "o-size": "0.001",
		"o-peg": "best_ask", "o-peg-offset": "10"}, func(o wire.OrderView) bool { return o.Type == "pegged" })
	place("post-only", map[string]string{"o-side": "sell", "o-price": "63000", "o-size": "0.001", "o-postonly": "on"},
		func(o wire.OrderView) bool { return o.Price == "63000" && !o.Pending })
	place("IOC", map[string]string{"o-side": "buy", "o-price": "50000", "o-size": "0.001", "o-tif": "IOC"}, nil)
	if r := p.text("order-result"); !strings.Contains(r, "expired") && !strings.Contains(r, "cancelled") {
		t.Fatalf("IOC ack %q: want it expired or cancelled", r)
	}
	open, err = c.OpenOrders(ctx, alice.account, 0)
	if err != nil || len(open) != 3 {
		t.Fatalf("open orders %+v %v: want the stop, the pegged and the post-only order", open, err)
	}
	p.shot("order-types")
	p.click("#cancel-all")
	p.waitFor(ctx, "cancel all", func() bool {
		open, err := c.OpenOrders(ctx, alice.account, 0)
		return err == nil && len(open) == 0
	})
	for _, id := range []string{"o-type", "o-tif", "o-trigger", "o-trigger-price", "o-peg", "o-peg-offset"} {
		p.set(id, "")
	}
	p.set("o-type", "limit")
	p.set("o-side", "sell")

	// 5. A resting order from the page fills against the Go client's and reaches "verified on L1" on the page.
	p.set("o-price", "60100")
	p.set("o-size", "0.005")
	p.click("#o-submit")
	p.waitFor(ctx, "the page's second order", func() bool {
		open, err := c.OpenOrders(ctx, alice.account, 0)
		if err == nil && len(open) == 1 && open[0].Price == "60100" {
			id = open[0].ID
			return true
		}
		return false
	})
	taker, err := bob.trader.PlaceLimit(ctx, 0, client.Buy, "60100", "0.005")
	if err != nil {
		t.Fatal(err)
	}
	var fillTx uint64
	for _, e := range taker.Events {
		if e.Kind == "fill" && e.MakerID == id && e.Maker == alice.account {
			fillTx = e.Tx
		}
	}
	if fillTx == 0 {
		t.Fatalf("bob's order did not fill alice's: %+v", taker.Events)
	}
	row := fmt.Sprintf(`#fills tr[data-tx="%d"]`, fillTx)
	p.until("the fill on the page", fmt.Sprintf(`document.querySelector('%s')`, row), 30*time.Second)
	p.shot("filled")
	p.until("the fill verified on L1", fmt.Sprintf(`document.querySelector('%s [data-field=stage]').textContent === "verified on L1"`, row), 8*time.Minute)
	st, err := c.TxStatus(ctx, fillTx)
	if err != nil || st.Stage != wire.StageVerified {
		t.Fatalf("perp_txStatus %d: %+v %v", fillTx, st, err)
	}
	p.until("the position on the page", `document.querySelector('#positions tr[data-market="0"] [data-field=size]')?.textContent === "-0.005"`, 30*time.Second)
	p.until("the batch verified on the page", fmt.Sprintf(`document.querySelector('#batches tr[data-batch="%d"] [data-field=stage]')?.textContent === "verified on L1"`, st.Batch), 30*time.Second)
	p.shot("verified")
}
