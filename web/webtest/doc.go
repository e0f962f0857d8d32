// Package webtest drives the exchange's web page (package web) in a real browser (Chromium, through chromedp)
// against a devnet: a simulated L1, the contracts, the node and a real PLONK prover (internal/devnet). It has only
// tests; see docs/web.md "Browser tests".
package webtest
