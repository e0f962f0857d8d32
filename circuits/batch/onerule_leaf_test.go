package batch

// leafCases are the one-rule tests of the leaves' range checks (leaf.*): the
// packings of the position and market leaves are injective only with them.
var leafCases = []ruleCase{}
