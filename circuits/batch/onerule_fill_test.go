package batch

// fillCases are the one-rule tests of Fill and Liquidate slots.
var fillCases = []ruleCase{}
