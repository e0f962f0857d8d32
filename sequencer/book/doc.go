// Package book is the matching engine of the sequencer: one deterministic, single-writer order book per market.
//
// A Book matches in price-time priority at the maker's price. It supports limit orders (GTC, GTT, IOC, FOK),
// post-only, reduce-only, market orders (always bounded by a worst price), stop-loss and take-profit orders
// triggered by the mark price, icebergs, and orders pegged to the best bid, the best ask or the mark. Orders can
// be cancelled (one, or all of an account) and amended. Two orders of the same account never trade: the incoming
// order's self-trade prevention mode says which one expires. Fees are per market, in ppm, and never above what
// the order signed.
//
// The book holds no storage and reads no clock. Each operation takes the time as an argument; pre-trade risk
// (isolated margin, positions for reduce-only) comes from a RiskChecker the sequencer implements; the output is
// an ordered stream of Events sent to a Sink. The same operations, times and risk answers always give the same
// events, so the sequencer's input log replays to the same book, and Snapshot/Restore recover one exactly.
//
// Units follow the state package: prices in quantums per step, multiples of the market's tick, below 2^48;
// sizes in steps, multiples of the lot size; every order's size·price fits in 64 bits, so every fill's
// notional does; fees are floor(notional·ppm/10^6).
//
// Data structures, chosen for a zero-allocation hot path: each side is a ladder of price levels kept in a
// two-level sorted array (chunks of 32 levels: O(log n) search, O(1) best, bounded moves on insert and delete);
// a level is an intrusive FIFO of pooled order structs; orders are found through one map keyed by (account, id);
// per-account lists serve cancel-all; GTT orders sit in a min-heap; pending stop orders wait in two more ladders
// keyed by trigger price.
//
// docs/matching.md is the reference for the batcher and the API: the exact events of each operation, the risk
// hook contract and the benchmark figures.
package book
