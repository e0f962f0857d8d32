// zkperp exchange page: plain JavaScript, no build step. It talks JSON-RPC (perp_) to the node over one WebSocket,
// keeps every panel live from the node's subscriptions, resyncs from snapshots (perp_book, perp_account, …) after a
// reconnect or a gap, and signs with the WebAssembly signer (web/signer: the Go SDK's signing code). Keys stay in
// this page. docs/web.md describes the panels.
"use strict";

const $ = (id) => document.getElementById(id);
const S = {
  rpc: null,          // the WebSocket JSON-RPC connection
  status: null,       // perp_status
  markets: [],        // perp_markets
  market: 0,          // the selected market id
  book: null,         // the selected market's snapshot
  bookSeq: 0,         // the last book event seq applied (snapshot or delta)
  trades: [],         // the selected market's recent trades (newest first)
  signerLib: null,    // globalThis.zkperpSigner once the wasm is loaded
  signer: null,       // the L2 key's signer object
  account: 0,
  accountView: null,
  openOrders: [],     // all markets
  placed: new Map(),  // order id -> the signed request (for amends)
  nextId: 0,
  fresh: 0,           // last cancel-all nonce / amend version used
  fills: new Map(),   // tx index (or event key) -> fill row data
  history: [],
  batches: new Map(), // number -> BatchStatus
};

// ---- JSON-RPC over WebSocket, with reconnect --------------------------------------------------------------------

class RPC {
  constructor(url, onOpen, onClose) {
    this.url = url; this.onOpen = onOpen; this.onClose = onClose;
    this.id = 0; this.pending = new Map(); this.handlers = new Map(); this.backoff = 500; this.ws = null;
    this.connect();
  }
  connect() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => { this.backoff = 500; this.onOpen(); };
    ws.onmessage = (m) => this.receive(m.data);
    ws.onclose = () => {
      for (const [, p] of this.pending) p.reject(rpcError({ code: -1, message: "connection closed" }));
      this.pending.clear(); this.handlers.clear();
      this.onClose();
      setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 8000);
    };
  }
  receive(data) {
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg.method === "perp_subscription" && msg.params) {
      const h = this.handlers.get(msg.params.subscription);
      if (h) h(msg.params.result);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error) p.reject(rpcError(msg.error)); else p.resolve(msg.result);
  }
  call(method, ...params) {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) { reject(rpcError({ code: -1, message: "not connected" })); return; }
      const id = ++this.id;
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: "2.0", id, method: "perp_" + method, params }));
    });
  }
  async subscribe(name, handler, ...args) {
    const id = await this.call("subscribe", name, ...args);
    this.handlers.set(id, handler);
    return id;
  }
  async unsubscribe(id) {
    this.handlers.delete(id);
    try { await this.call("unsubscribe", id); } catch { /* the connection may be gone */ }
  }
}

function rpcError(e) {
  const err = new Error(e.message || "error");
  err.code = e.code; err.reason = (e.data && e.data.reason) || e.reason || "";
  return err;
}

function describe(err) {
  if (err && err.code !== undefined) return `${err.code}${err.reason ? " " + err.reason : ""}: ${err.message}`;
  return String(err && err.message ? err.message : err);
}

// ---- small helpers ----------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v);
    else if (k === "onclick") e.addEventListener("click", v); else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === undefined || c === null ? "" : String(c)));
  return e;
}
function fillBody(table, rows) { const tb = $(table).tBodies[0]; tb.replaceChildren(...rows); }
function fmtTime(ms) { return ms ? new Date(Number(ms)).toLocaleTimeString() : ""; }
function marketById(id) { return S.markets.find((m) => m.id === Number(id)); }
function marketName(id) { const m = marketById(id); return m ? m.name : String(id); }
function throttle(fn, ms) {
  let timer = null, again = false;
  return function run() {
    if (timer) { again = true; return; }
    fn();
    timer = setTimeout(() => { timer = null; if (again) { again = false; run(); } }, ms);
  };
}
function freshValue() { S.fresh = Math.max(S.fresh + 1, Date.now()); return String(S.fresh); }
function showError(id, err) { $(id).textContent = err ? describe(err) : ""; }
function signed(result) {
  // the signer returns the request as JSON, or {error: {code, reason, message}}
  if (typeof result === "string") return JSON.parse(result);
  const e = result && result.error ? result.error : { code: -32602, reason: "invalid", message: "signer failed" };
  throw rpcError({ code: e.code, message: e.message, data: { reason: e.reason } });
}

// Decimal strings as scaled BigInts (the node's units: docs/api.md §1).
function toUnits(s, decimals) {
  const [i, f = ""] = String(s).split(".");
  if (f.length > decimals) return null;
  return BigInt(i || "0") * 10n ** BigInt(decimals) + BigInt((f + "0".repeat(decimals)).slice(0, decimals) || "0");
}
function fromUnits(v, decimals) {
  const neg = v < 0n; if (neg) v = -v;
  const d = 10n ** BigInt(decimals);
  let f = (v % d).toString().padStart(decimals, "0").replace(/0+$/, "");
  return (neg ? "-" : "") + (v / d).toString() + (f ? "." + f : "");
}

// ---- the signer (WebAssembly) -----------------------------------------------------------------------------------

async function loadSigner() {
  const go = new Go();
  const ready = new Promise((resolve) => { globalThis.zkperpSignerReady = resolve; });
  let inst;
  try {
    inst = await WebAssembly.instantiateStreaming(fetch("signer.wasm"), go.importObject);
  } catch (e) {
    $("signer-status").textContent = "signer failed: " + e.message; $("signer-status").className = "pill bad";
    return;
  }
  go.run(inst.instance);
  await ready;
  S.signerLib = globalThis.zkperpSigner;
  $("signer-status").textContent = "signer ready"; $("signer-status").className = "pill ok";
  $("signer-status").dataset.state = "ready";
}

// ---- connection, snapshots and subscriptions --------------------------------------------------------------------

async function wsURL() {
  const params = new URLSearchParams(location.search);
  if (params.get("ws")) return params.get("ws");
  try {
    const cfg = await (await fetch("config.json")).json();
    if (cfg.ws) return cfg.ws;
  } catch { /* default below */ }
  return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/";
}

async function onOpen() {
  S.opens = (S.opens || 0) + 1;
  $("conn").textContent = "live"; $("conn").className = "pill ok"; $("conn").dataset.state = "live";
  $("conn").dataset.opens = String(S.opens);
  try {
    await resync();
  } catch (e) {
    $("conn").textContent = "resync failed: " + describe(e);
  }
}

function onClose() {
  $("conn").textContent = "reconnecting…"; $("conn").className = "pill bad"; $("conn").dataset.state = "reconnecting";
  S.bookSub = S.tradeSub = S.accountSub = S.markSub = S.batchSub = null;
}

// resync rebuilds everything from snapshots and (re)subscribes: after a (re)connect, a gap or a dropped feed.
async function resync() {
  const [st, ms] = await Promise.all([S.rpc.call("status"), S.rpc.call("markets")]);
  S.status = st; S.markets = ms || [];
  renderStatus(); renderMarkets();
  if (!marketById(S.market) && S.markets.length) S.market = S.markets[0].id;
  for (const s of [S.markSub, S.batchSub]) if (s) S.rpc.unsubscribe(s);
  S.markSub = await S.rpc.subscribe("markFeed", onMark);
  S.batchSub = await S.rpc.subscribe("batchFeed", onBatch);
  await selectMarket(S.market, true);
  await loadBatches();
  if (S.account) await watchAccount();
}

async function selectMarket(id, force) {
  if (id === S.market && !force && S.bookSub) return;
  S.market = id;
  for (const s of [S.bookSub, S.tradeSub]) if (s) S.rpc.unsubscribe(s);
  S.bookSub = S.tradeSub = null;
  S.bookBuffer = [];
  renderMarkets();
  $("book-market").textContent = marketName(id); $("order-market").textContent = marketName(id);
  S.bookSub = await S.rpc.subscribe("bookDeltas", onBookDelta, id);
  S.tradeSub = await S.rpc.subscribe("tradesFeed", onTrade, id);
  await refreshBook();
  S.trades = ((await S.rpc.call("trades", id, 50)) || []).reverse();
  renderTrades();
}

async function refreshBook() {
  const snap = await S.rpc.call("book", S.market, 50);
  if (snap.market !== S.market) return;
  S.book = snap; S.bookSeq = snap.seq;
  renderBook();
}
const refreshBookSoon = throttle(() => refreshBook().catch(() => {}), 150);

function onBookDelta(d) {
  if (d.kind === "dropped") { resync().catch(() => {}); return; }
  if (d.market !== S.market || d.seq <= S.bookSeq) return;
  // Deltas are numbered per market: a gap means a lost delta, so take a new snapshot; the levels themselves are
  // always the node's (perp_book), never recomputed here.
  S.bookSeq = d.seq;
  refreshBookSoon();
}

function onTrade(t) {
  if (t.kind === "dropped") { resync().catch(() => {}); return; }
  if (t.market !== S.market) return;
  S.trades.unshift(t); S.trades.length = Math.min(S.trades.length, 50);
  renderTrades();
}

function onMark(m) {
  if (m.kind === "dropped") { resync().catch(() => {}); return; }
  const mk = marketById(m.market);
  if (mk && m.kind === "mark_price") { mk.mark = m.mark; renderMarkets(); if (m.market === S.market && S.book) { S.book.mark = m.mark; renderBookHeader(); } }
  if (S.account) refreshAccountSoon();
}

async function loadBatches() {
  const st = S.status;
  const last = st.sealedBatch;
  const from = Math.max(1, last - 9);
  const got = await Promise.all(Array.from({ length: last - from + 1 }, (_, i) => S.rpc.call("batchStatus", from + i).catch(() => null)));
  for (const b of got) if (b) S.batches.set(b.number, b);
  renderBatches();
}

function onBatch(b) {
  if (b.kind === "dropped") { resync().catch(() => {}); return; }
  S.batches.set(b.number, b);
  renderBatches();
  refreshStatusSoon();
  refreshFillsSoon();
}

const refreshStatusSoon = throttle(async () => {
  try { S.status = await S.rpc.call("status"); renderStatus(); } catch { /* next time */ }
}, 1000);

// ---- account ----------------------------------------------------------------------------------------------------

async function watchAccount() {
  if (S.accountSub) S.rpc.unsubscribe(S.accountSub);
  S.accountSub = await S.rpc.subscribe("accountEvents", onAccountEvent, S.account);
  await refreshAccount();
}

async function refreshAccount() {
  if (!S.account) return;
  const [acc, ...open] = await Promise.all([S.rpc.call("account", S.account),
    ...S.markets.map((m) => S.rpc.call("openOrders", S.account, m.id))]);
  S.accountView = acc;
  S.openOrders = open.flat();
  for (const o of S.openOrders) S.nextId = Math.max(S.nextId, Number(o.id) + 1);
  renderAccount();
}
const refreshAccountSoon = throttle(() => refreshAccount().catch(() => {}), 250);

function onAccountEvent(ev) {
  if (ev.kind === "dropped") { resync().catch(() => {}); return; }
  S.history.unshift(ev); S.history.length = Math.min(S.history.length, 200);
  if (ev.kind === "fill") addFill(ev);
  renderHistory();
  refreshAccountSoon();
}

function addFill(ev) {
  const key = ev.tx ? "tx" + ev.tx : `ev${ev.market}-${ev.seq}`;
  if (S.fills.has(key)) return;
  const maker = ev.makerAccount === S.account;
  const side = maker ? (ev.side === "buy" ? "sell" : "buy") : ev.side;
  S.fills.set(key, { ev, maker, side, stage: ev.tx ? "matched" : "refused", batch: 0 });
  renderFills();
  refreshFillsSoon();
}

const refreshFillsSoon = throttle(async () => {
  const rows = [...S.fills.values()].filter((f) => f.ev.tx && f.stage !== "verified");
  await Promise.all(rows.map(async (f) => {
    try {
      const s = await S.rpc.call("txStatus", f.ev.tx);
      f.stage = s.stage; f.batch = s.batch || 0;
    } catch { /* not tracked (yet) */ }
  }));
  renderFills();
}, 500);

async function useKey(ev) {
  ev.preventDefault();
  showError("key-error", null);
  try {
    if (!S.signerLib) throw new Error("the signer is still loading");
    const key = $("eth-key").value.trim();
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(key)) throw new Error("the Ethereum key must be 32 bytes of hex");
    const s = S.signerLib.fromEthKey(key, String(S.status.chainId), S.status.rollup);
    if (s.error) throw rpcError(s.error);
    await bindSigner(s);
  } catch (e) { showError("key-error", e); }
}

async function useWallet() {
  showError("key-error", null);
  try {
    if (!window.ethereum) throw new Error("no wallet in this browser (window.ethereum): paste a dev key instead");
    const [addr] = await window.ethereum.request({ method: "eth_requestAccounts" });
    const msg = S.signerLib.keyDerivationMessage(String(S.status.chainId), S.status.rollup);
    if (msg.error) throw rpcError(msg.error);
    const hexMsg = "0x" + Array.from(new TextEncoder().encode(msg), (b) => b.toString(16).padStart(2, "0")).join("");
    const sig = await window.ethereum.request({ method: "personal_sign", params: [hexMsg, addr] });
    const s = S.signerLib.fromSignature(sig, String(S.status.chainId), S.status.rollup);
    if (s.error) throw rpcError(s.error);
    s.address = addr;
    await bindSigner(s);
  } catch (e) { showError("key-error", e); }
}

async function bindSigner(s) {
  const account = Number($("account").value);
  if (!Number.isInteger(account) || account < 1) throw new Error("enter the account index (the devnet prints it; L1 Rollup.accountOf)");
  const acc = await S.rpc.call("account", account);
  if ((acc.pubKeyX !== "0" || acc.pubKeyY !== "0") && (acc.pubKeyX !== s.publicKey.x || acc.pubKeyY !== s.publicKey.y)) {
    throw new Error(`account ${account} belongs to another L2 key: this key is not its owner's for chain ${S.status.chainId}, rollup ${S.status.rollup}`);
  }
  S.signer = s; S.account = account;
  S.nextId = Math.max(S.nextId, Math.floor(Date.now() / 1000) % 2 ** 32);
  $("eth-key").value = "";
  $("key-info").textContent = `account ${account}${s.address ? " · " + s.address : ""} · L2 key ${s.publicKey.x.slice(0, 10)}…`;
  $("key-info").dataset.account = String(account);
  await watchAccount();
}

function needSigner() {
  if (!S.signer || !S.account) throw new Error("use a key first (Account panel)");
}

// ---- orders -----------------------------------------------------------------------------------------------------

function formOrder() {
  const m = marketById(S.market);
  const r = {
    account: S.account, id: 0, market: S.market, side: $("o-side").value,
    price: $("o-price").value.trim(), size: $("o-size").value.trim(),
    maxMakerFeePpm: 0, maxTakerFeePpm: 0,
    type: $("o-type").value, tif: $("o-tif").value,
    postOnly: $("o-postonly").checked, reduceOnly: $("o-reduceonly").checked,
    display: $("o-display").value.trim(), trigger: $("o-trigger").value,
    triggerPrice: $("o-trigger-price").value.trim(), peg: $("o-peg").value,
    pegOffset: $("o-peg-offset").value.trim(), stp: $("o-stp").value,
  };
  const exp = $("o-expiry").value.trim();
  if (exp !== "") {
    if (!/^\d+$/.test(exp) || Number(exp) > 2 ** 32 - 1) throw rpcError({ code: -32602, message: `expiry: "${exp}" is not unix seconds`, data: { reason: "bad_expiry" } });
    r.expiry = Number(exp);
  }
  if (r.type === "market" && r.price === "") r.price = slippagePrice(m, r.side);
  return r;
}

// slippagePrice is the Go client's default worst price of a market order: mark ± 5%, rounded away from the mark to
// the tick (client.DefaultMarketSlippagePpm).
function slippagePrice(m, side) {
  const dec = m.quoteDecimals - m.sizeDecimals;
  const mark = toUnits(m.mark, dec), tick = BigInt(m.tickUnits);
  if (mark === null || tick === 0n) return "";
  let p = side === "buy" ? (mark * 1050000n) / 1000000n + tick - 1n : (mark * 950000n) / 1000000n;
  p = (p / tick) * tick;
  if (p === 0n) p = tick;
  return fromUnits(p, dec);
}

async function placeOrder(ev) {
  ev.preventDefault();
  showError("order-error", null); $("order-result").textContent = "";
  $("o-submit").disabled = true;
  try {
    needSigner();
    const r = formOrder();
    const m = marketById(S.market);
    for (let attempt = 0; ; attempt++) {
      r.id = S.nextId++;
      const req = signed(S.signer.signOrder(JSON.stringify(m), JSON.stringify(r)));
      try {
        const ack = await S.rpc.call("placeOrder", req);
        S.placed.set(req.id, req);
        showAck("order-result", `order ${req.id}`, ack);
        for (const e of ack.events) if (e.kind === "fill") addFill(e);
        break;
      } catch (e) {
        if (e.code !== 1009 || attempt >= 24) throw e; // stale order id: skip ahead like the Go Trader
        S.nextId += 2 ** attempt - 1;
      }
    }
    refreshAccountSoon();
  } catch (e) {
    showError("order-error", e);
  } finally {
    $("o-submit").disabled = false;
  }
}

function showAck(target, what, ack) {
  const kinds = ack.events.map((e) => e.kind + (e.reason ? `(${e.reason})` : "")).join(", ");
  const txs = ack.txs.map((t) => `tx ${t.index} ${t.type}`).join(", ");
  const out = $(target);
  out.replaceChildren(el("span", { class: "ok-text", "data-ack": String(ack.seq) }, `${what}: acked (seq ${ack.seq})`),
    ` · ${kinds || "no events"}${txs ? " · " + txs : ""}`);
}

async function cancelOrder(o) {
  showError("order-error", null);
  try {
    needSigner();
    const req = signed(S.signer.signCancel(S.account, o.market, Number(o.id)));
    showAck("order-result", `cancel ${o.id}`, await S.rpc.call("cancelOrder", req));
    refreshAccountSoon();
  } catch (e) { showError("order-error", e); }
}

async function cancelAll() {
  showError("order-error", null);
  try {
    needSigner();
    const req = signed(S.signer.signCancelAll(S.account, S.market, 2 ** 32 - 1, freshValue()));
    showAck("order-result", `cancel all in ${marketName(S.market)}`, await S.rpc.call("cancelAll", req));
    refreshAccountSoon();
  } catch (e) { showError("order-error", e); }
}

async function amendOrder(o, price, size) {
  showError("order-error", null);
  try {
    needSigner();
    const m = marketById(o.market);
    // The amend re-signs the live order: same id, side, fees and expiry. Orders placed from this page are known
    // exactly; others are rebuilt from the book's view with the market's fees and no expiry.
    const prev = S.placed.get(Number(o.id)) || { account: S.account, id: Number(o.id), market: o.market, side: o.side,
      price: o.price, size: o.size, maxMakerFeePpm: m.makerFeePpm, maxTakerFeePpm: m.takerFeePpm };
    const r = { ...prev, sig: undefined, price: price || prev.price, size: size || prev.size };
    const req = signed(S.signer.signAmend(JSON.stringify(m), JSON.stringify(r), freshValue()));
    const ack = await S.rpc.call("amendOrder", req);
    S.placed.set(Number(o.id), { ...r, sig: req.sig });
    document.querySelectorAll(`#open-orders tr[data-id="${o.id}"] input`).forEach((i) => { i.value = ""; }); // sent
    showAck("order-result", `amend ${o.id}`, ack);
    for (const e of ack.events) if (e.kind === "fill") addFill(e);
    refreshAccountSoon();
  } catch (e) { showError("order-error", e); }
}

async function moveMargin(ev) {
  ev.preventDefault();
  showError("account-error", null);
  try {
    needSigner();
    const m = S.markets[0];
    const nonce = (await S.rpc.call("account", S.account)).nonce;
    const req = signed(S.signer.signMargin(m.quoteDecimals, S.account, S.market, $("margin-dir").value === "to",
      $("margin-amount").value.trim(), nonce));
    showAck("account-result", "margin", await S.rpc.call("positionMargin", req));
    refreshAccountSoon();
  } catch (e) { showError("account-error", e); }
}

async function withdraw(ev) {
  ev.preventDefault();
  showError("account-error", null);
  try {
    needSigner();
    const m = S.markets[0];
    const nonce = (await S.rpc.call("account", S.account)).nonce;
    const req = signed(S.signer.signWithdraw(m.quoteDecimals, S.account, $("withdraw-amount").value.trim(), nonce));
    showAck("account-result", "withdrawal (claimable on L1 once its batch is verified)", await S.rpc.call("withdraw", req));
    refreshAccountSoon();
  } catch (e) { showError("account-error", e); }
}

// ---- rendering --------------------------------------------------------------------------------------------------

function renderStatus() {
  const st = S.status;
  if (!st) return;
  $("deployment").textContent = `chain ${st.chainId} · rollup ${st.rollup}`;
  $("node-status").textContent = `sealed #${st.sealedBatch} · verified #${st.verifiedBatch} · pending txs ${st.pendingTxs}` +
    (st.exodus ? " · EXODUS" : "") + (st.rejected ? ` · L1 rejected batch ${st.rejected.batch}: ${st.rejected.reason}` : "");
}

function renderMarkets() {
  $("market-tabs").replaceChildren(...S.markets.map((m) => el("button", { type: "button", class: m.id === S.market ? "active" : "",
    "data-market": String(m.id), onclick: () => selectMarket(m.id).catch((e) => showError("order-error", e)) }, m.name)));
  fillBody("markets", S.markets.map((m) => el("tr", { "data-market": String(m.id) }, el("td", {}, m.name), el("td", { "data-field": "mark" }, m.mark),
    el("td", {}, m.tick), el("td", {}, m.minSize), el("td", {}, pct(m.imfPpm)), el("td", {}, pct(m.mmfPpm)),
    el("td", {}, `${pct(m.makerFeePpm)} / ${pct(m.takerFeePpm)}`), el("td", {}, m.openInterest), el("td", {}, m.insurance))));
}
function pct(ppm) { return (ppm / 10000).toString() + "%"; }

function renderBookHeader() {
  $("book-mark").textContent = S.book ? S.book.mark : "–";
  $("book-seq").textContent = S.book ? `seq ${S.book.seq}` : "";
  $("book-seq").dataset.seq = S.book ? String(S.book.seq) : "";
}

function renderBook() {
  const b = S.book;
  renderBookHeader();
  const row = (l, side) => el("tr", { class: side, "data-price": l.price }, el("td", {}, l.price), el("td", {}, l.size), el("td", {}, l.orders));
  fillBody("asks", [...b.asks].slice(0, 15).reverse().map((l) => row(l, "sell")));
  fillBody("bids", b.bids.slice(0, 15).map((l) => row(l, "buy")));
  const m = marketById(b.market), dec = m ? m.quoteDecimals - m.sizeDecimals : 0;
  const ask = b.asks.length ? toUnits(b.asks[0].price, dec) : null, bid = b.bids.length ? toUnits(b.bids[0].price, dec) : null;
  $("spread").textContent = ask !== null && bid !== null ? `spread ${fromUnits(ask - bid, dec)}` : "";
  drawDepth();
}

function drawDepth() {
  const c = $("depth"), ctx = c.getContext("2d"), b = S.book;
  const W = c.width, H = c.height;
  ctx.clearRect(0, 0, W, H);
  if (!b || (!b.bids.length && !b.asks.length)) {
    ctx.fillStyle = "#7d8894"; ctx.font = "12px system-ui"; ctx.fillText("empty book", W / 2 - 30, H / 2); return;
  }
  const cum = (levels) => { let s = 0; return levels.map((l) => ({ p: Number(l.price), s: (s += Number(l.size)) })); };
  const bids = cum(b.bids), asks = cum(b.asks);
  const prices = [...bids, ...asks].map((x) => x.p);
  const lo = Math.min(...prices), hi = Math.max(...prices), span = hi - lo || 1;
  const maxS = Math.max(bids.length ? bids[bids.length - 1].s : 0, asks.length ? asks[asks.length - 1].s : 0) || 1;
  const x = (p) => 10 + ((p - lo) / span) * (W - 20), y = (s) => H - 14 - (s / maxS) * (H - 24);
  const area = (pts, color, fill) => {
    if (!pts.length) return;
    ctx.beginPath(); ctx.moveTo(x(pts[0].p), H - 14);
    let prev = H - 14;
    for (const q of pts) { ctx.lineTo(x(q.p), prev); ctx.lineTo(x(q.p), y(q.s)); prev = y(q.s); }
    const end = pts[pts.length - 1].p;
    ctx.lineTo(x(end), H - 14); ctx.closePath();
    ctx.fillStyle = fill; ctx.fill(); ctx.strokeStyle = color; ctx.stroke();
  };
  area(bids, "#2fbf71", "rgba(47,191,113,.25)");
  area(asks, "#e5484d", "rgba(229,72,77,.25)");
  ctx.fillStyle = "#7d8894"; ctx.font = "10px system-ui";
  ctx.fillText(String(lo), 4, H - 2); const hs = String(hi); ctx.fillText(hs, W - 6 * hs.length - 4, H - 2);
  const mark = Number(b.mark);
  if (mark >= lo && mark <= hi) { ctx.strokeStyle = "#4c9aff"; ctx.beginPath(); ctx.moveTo(x(mark), 4); ctx.lineTo(x(mark), H - 14); ctx.stroke(); }
}

function renderTrades() {
  fillBody("trades", S.trades.map((t) => el("tr", { class: t.side, "data-seq": String(t.seq) }, el("td", {}, fmtTime(t.time)),
    el("td", {}, t.side), el("td", {}, t.price), el("td", {}, t.size))));
}

function renderAccount() {
  const a = S.accountView;
  if (!a) return;
  $("free").textContent = a.free; $("nonce").textContent = a.nonce;
  fillBody("positions", a.positions.map((p) => {
    const m = marketById(p.market);
    return el("tr", { "data-market": String(p.market), class: p.size.startsWith("-") ? "sell" : "buy" },
      el("td", {}, marketName(p.market)), el("td", { "data-field": "size" }, p.size), el("td", {}, p.entryPrice || "–"),
      el("td", {}, m ? m.mark : ""), el("td", {}, p.unrealizedPnl), el("td", {}, p.fundingOwed), el("td", {}, p.collateral),
      el("td", {}, p.equity), el("td", {}, p.liquidationPrice || "–"),
      el("td", {}, p.liquidatable ? "LIQUIDATABLE" : p.meetsInitial ? "ok" : "below initial margin"));
  }));
  renderOpenOrders();
}

// The open orders are updated in place, keyed by order id: the account view refreshes on every update, and a row
// that is rebuilt under the trader's pointer would lose a click on its buttons and what was typed into its amend
// fields. Rows are added, moved and removed only when the orders themselves change.
function renderOpenOrders() {
  const tb = $("open-orders").tBodies[0];
  const old = new Map([...tb.rows].map((r) => [r.dataset.id, r]));
  let prev = null;
  for (const o of S.openOrders) {
    const id = String(o.id);
    let r = old.get(id);
    if (r) old.delete(id); else r = openOrderRow(id);
    const cells = { market: marketName(o.market), side: o.side, type: o.type + (o.pending ? " (pending trigger)" : ""),
      tif: o.tif, price: o.price, size: o.size, filled: o.filled, visible: o.visible };
    r.className = o.side;
    for (const [f, v] of Object.entries(cells)) {
      const c = r.querySelector(`td[data-field=${f}]`);
      if (c.textContent !== String(v)) c.textContent = String(v);
    }
    r.querySelector("[data-field=amend-price]").placeholder = o.price;
    r.querySelector("[data-field=amend-size]").placeholder = o.size;
    const at = prev ? prev.nextSibling : tb.firstChild;
    if (at !== r) tb.insertBefore(r, at);
    prev = r;
  }
  for (const r of old.values()) r.remove();
}

function openOrderRow(id) {
  const price = el("input", { "data-field": "amend-price" });
  const size = el("input", { "data-field": "amend-size" });
  const order = () => S.openOrders.find((o) => String(o.id) === id);
  const td = (f) => el("td", { "data-field": f });
  return el("tr", { "data-id": id }, el("td", {}, id), td("market"), td("side"), td("type"), td("tif"), td("price"),
    td("size"), td("filled"), td("visible"),
    el("td", {}, price, size, el("button", { type: "button", "data-action": "amend",
      onclick: () => { const o = order(); if (o) amendOrder(o, price.value.trim(), size.value.trim()); } }, "amend")),
    el("td", {}, el("button", { type: "button", "data-action": "cancel",
      onclick: () => { const o = order(); if (o) cancelOrder(o); } }, "cancel")));
}

function renderFills() {
  const rows = [...S.fills.values()].sort((a, b) => Number(b.ev.time) - Number(a.ev.time)).slice(0, 100);
  fillBody("fills", rows.map((f) => el("tr", { class: f.side, "data-tx": String(f.ev.tx || ""), "data-order": String(f.maker ? f.ev.makerOrderId : f.ev.orderId) },
    el("td", {}, fmtTime(f.ev.time)), el("td", {}, marketName(f.ev.market)), el("td", {}, f.maker ? "maker" : "taker"),
    el("td", {}, f.side), el("td", {}, f.ev.price), el("td", {}, f.ev.size), el("td", {}, f.maker ? f.ev.makerFee : f.ev.takerFee),
    el("td", {}, f.ev.tx || "–"), el("td", {}, f.batch || "–"),
    el("td", { class: "stage-" + f.stage, "data-field": "stage" }, f.stage === "verified" ? "verified on L1" : f.stage))));
}

function renderHistory() {
  fillBody("history", S.history.slice(0, 60).map((e) => {
    // a fill where the account is the maker: its own order and side (the event names the taker's)
    const maker = e.kind === "fill" && e.makerAccount === S.account && e.account !== S.account;
    const side = maker ? (e.side === "buy" ? "sell" : "buy") : e.side;
    return el("tr", { class: side || "" },
      el("td", {}, fmtTime(e.time)), el("td", {}, e.kind + (maker ? " (maker)" : "") + (e.reason ? ` (${e.reason})` : "")),
      el("td", {}, `${marketName(e.market)} #${maker ? e.makerOrderId : e.orderId}`), el("td", {}, e.price || ""),
      el("td", {}, e.size || ""), el("td", {}, maker ? "" : e.remaining || ""));
  }));
}

function renderBatches() {
  const bs = [...S.batches.values()].sort((a, b) => b.number - a.number).slice(0, 12);
  fillBody("batches", bs.map((b) => el("tr", { "data-batch": String(b.number) }, el("td", {}, b.number),
    el("td", { class: "stage-" + b.stage, "data-field": "stage" }, b.stage === "verified" ? "verified on L1" : b.stage),
    el("td", {}, b.txs ?? ""), el("td", {}, b.fills ?? ""), el("td", {}, b.proveMillis ? (b.proveMillis / 1000).toFixed(1) + " s" : ""),
    el("td", { title: b.l1Tx || "" }, b.l1Tx ? b.l1Tx.slice(0, 12) + "…" : ""), el("td", {}, b.gasUsed ? b.gasUsed.toLocaleString() : ""),
    el("td", {}, b.verifiedAt && b.firstTxAt ? ((b.verifiedAt - b.firstTxAt) / 1000).toFixed(1) + " s" : ""))));
}

// ---- start ------------------------------------------------------------------------------------------------------

async function start() {
  $("key-form").addEventListener("submit", useKey);
  $("use-wallet").addEventListener("click", useWallet);
  $("order-form").addEventListener("submit", placeOrder);
  $("cancel-all").addEventListener("click", cancelAll);
  $("margin-form").addEventListener("submit", moveMargin);
  $("withdraw-form").addEventListener("submit", withdraw);
  loadSigner();
  S.rpc = new RPC(await wsURL(), onOpen, onClose);
}

start();
