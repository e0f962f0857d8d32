package book

// RiskChecker is the pre-trade risk hook, implemented by the sequencer over the state (isolated margin at mark
// price). The book stays free of storage: it asks the checker and never keeps positions itself.
//
// Contract:
//   - CheckOrder is called before an order may trade or rest: at placement (after the reduce-only clamp and the
//     post-only check, before the Accepted event), when a stop-loss/take-profit triggers, when an amend raises
//     the size or changes the price, and when a pegged order is repriced. A non-nil error refuses it: a
//     placement or amend is rejected with ReasonRisk (the returned error is a *RiskError wrapping the
//     checker's error); a triggered or repriced order expires with ReasonRisk.
//   - Position returns the account's signed position in the market, in steps (positive: long). It must include
//     every fill the book has already emitted, even within the current operation: the sequencer's Sink applies
//     each fill before it returns. Reduce-only orders are clamped to it at entry and checked against it again
//     each time they are about to trade as makers.
//   - Both are called synchronously from the book's goroutine and must not call back into the book. They must
//     be deterministic for replay.
type RiskChecker interface {
	CheckOrder(c RiskCheck) error
	Position(account uint32, market uint8) int64
}

// RiskStage says why CheckOrder is called.
type RiskStage uint8

// Risk stages.
const (
	StagePlace   RiskStage = iota + 1 // a new order
	StageTrigger                      // a stop-loss/take-profit order triggered
	StageAmend                        // an amend raised the size or changed the price
	StageReprice                      // a pegged order is moving to a new price
)

// RiskCheck describes what an order may do: trade or rest up to Size steps at Price (the limit price, the worst
// price of a market order, or the pegged price).
type RiskCheck struct {
	Stage      RiskStage
	Market     uint8
	Account    uint32
	OrderID    uint64
	Side       Side
	Price      uint64
	Size       uint64 // open size after any reduce-only clamp
	ReduceOnly bool
	PostOnly   bool // it cannot take liquidity (post-only or pegged)
}

// allowance is how much a reduce-only order on side s may trade given the signed position pos.
func allowance(s Side, pos int64) uint64 {
	if s == Sell {
		if pos > 0 {
			return uint64(pos)
		}
		return 0
	}
	if pos < 0 {
		return uint64(-(pos + 1)) + 1 // no overflow at math.MinInt64
	}
	return 0
}
