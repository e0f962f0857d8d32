package batch

// coreCases are the one-rule tests of the batch frame and of Deposit,
// Withdraw, PositionMargin, FundingTick and MarkPrice slots.
var coreCases = []ruleCase{}
