//go:build js && wasm

// Command signer is the zkperp browser signer, compiled to WebAssembly (GOOS=js GOARCH=wasm; `go generate ./web`
// or web.BuildSigner). It signs with the Go SDK's own code — package wire (ParseOrder, SignOrder, SignAmend,
// SignCancel, SignCancelAll, SignWithdraw, SignMargin) over package state/sign's keys and messages, which the node
// verifies with — so a request signed in the page is byte for byte what client.Trader would send.
//
// It sets globalThis.zkperpSigner, an object of functions (every argument and result a string or number; requests
// and results are JSON in the wire types' encoding; a failure returns {"error":{"code","reason","message"}}):
//
//	keyDerivationMessage(chainId, rollup)      the message a wallet signs with personal_sign to derive the L2 key
//	fromEthKey(ethKeyHex, chainId, rollup)     a signer for the L2 key derived from a (dev) Ethereum private key
//	fromSignature(sigHex, chainId, rollup)     a signer for the L2 key derived from the wallet's signature
//
// A signer is an object with publicKey {x, y} (decimal strings, as perp_account shows them) and
// signOrder(marketJSON, orderJSON), signAmend(marketJSON, orderJSON, version), signCancel(account, market, id),
// signCancelAll(account, market, upTo, nonce), signWithdraw(quoteDecimals, account, amount, nonce) and
// signMargin(quoteDecimals, account, market, toPosition, amount, nonce), each returning the request to send as JSON.
// The key stays inside the closure: nothing returns it. Numbers above 2^53 (nonces, versions) are passed as
// decimal strings.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"syscall/js"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/state/sign"
	"github.com/zkperp/zkperp/wire"
)

func main() {
	api := map[string]any{
		"keyDerivationMessage": fn(func(a []js.Value) (any, error) {
			d, err := domain(a, 0)
			if err != nil {
				return nil, err
			}
			return sign.KeyDerivationMessage(d), nil
		}),
		"fromEthKey": fn(func(a []js.Value) (any, error) {
			if len(a) != 3 {
				return nil, errors.New("fromEthKey(ethKeyHex, chainId, rollup)")
			}
			eth, err := crypto.HexToECDSA(trim0x(a[0].String()))
			if err != nil {
				return nil, fmt.Errorf("ethereum key: %w", err)
			}
			d, err := domain(a, 1)
			if err != nil {
				return nil, err
			}
			k, err := sign.DeriveL2Key(eth, d)
			if err != nil {
				return nil, err
			}
			return signer(k, crypto.PubkeyToAddress(eth.PublicKey).Hex()), nil
		}),
		"fromSignature": fn(func(a []js.Value) (any, error) {
			if len(a) != 3 {
				return nil, errors.New("fromSignature(sigHex, chainId, rollup)")
			}
			sig, err := hexutil.Decode(a[0].String())
			if err != nil {
				return nil, fmt.Errorf("signature: %w", err)
			}
			d, err := domain(a, 1)
			if err != nil {
				return nil, err
			}
			k, err := sign.DeriveL2KeyFromSignature(sig, d)
			if err != nil {
				return nil, err
			}
			return signer(k, ""), nil
		}),
	}
	js.Global().Set("zkperpSigner", js.ValueOf(api))
	if cb := js.Global().Get("zkperpSignerReady"); cb.Type() == js.TypeFunction {
		cb.Invoke()
	}
	select {} // keep the functions alive
}

// signer returns the JS object of one L2 key.
func signer(k *sign.PrivateKey, address string) map[string]any {
	pk := k.Public()
	d := k.Domain()
	return map[string]any{
		"publicKey": map[string]any{"x": pk.X.String(), "y": pk.Y.String()},
		"address":   address,
		"chainId":   strconv.FormatUint(d.ChainID, 10),
		"rollup":    d.Rollup.Hex(),
		"signOrder": fn(func(a []js.Value) (any, error) {
			m, r, err := marketAndOrder(a, 2)
			if err != nil {
				return nil, err
			}
			if err := wire.SignOrder(k, m, r); err != nil {
				return nil, err
			}
			return encode(r)
		}),
		"signAmend": fn(func(a []js.Value) (any, error) {
			m, r, err := marketAndOrder(a, 3)
			if err != nil {
				return nil, err
			}
			version, err := u64(a[2], "version")
			if err != nil {
				return nil, err
			}
			req, err := wire.SignAmend(k, m, r, version)
			if err != nil {
				return nil, err
			}
			return encode(req)
		}),
		"signCancel": fn(func(a []js.Value) (any, error) {
			if len(a) != 3 {
				return nil, errors.New("signCancel(account, market, id)")
			}
			acc, mkt, id, err := accountMarketID(a[0], a[1], a[2])
			if err != nil {
				return nil, err
			}
			req, err := wire.SignCancel(k, acc, mkt, id)
			if err != nil {
				return nil, err
			}
			return encode(req)
		}),
		"signCancelAll": fn(func(a []js.Value) (any, error) {
			if len(a) != 4 {
				return nil, errors.New("signCancelAll(account, market, upTo, nonce)")
			}
			acc, mkt, upTo, err := accountMarketID(a[0], a[1], a[2])
			if err != nil {
				return nil, err
			}
			nonce, err := u64(a[3], "nonce")
			if err != nil {
				return nil, err
			}
			req, err := wire.SignCancelAll(k, acc, mkt, upTo, nonce)
			if err != nil {
				return nil, err
			}
			return encode(req)
		}),
		"signWithdraw": fn(func(a []js.Value) (any, error) {
			if len(a) != 4 {
				return nil, errors.New("signWithdraw(quoteDecimals, account, amount, nonce)")
			}
			u, acc, nonce, err := collateral(a[0], a[1], a[3])
			if err != nil {
				return nil, err
			}
			req, err := wire.SignWithdraw(k, u, acc, a[2].String(), nonce)
			if err != nil {
				return nil, err
			}
			return encode(req)
		}),
		"signMargin": fn(func(a []js.Value) (any, error) {
			if len(a) != 6 {
				return nil, errors.New("signMargin(quoteDecimals, account, market, toPosition, amount, nonce)")
			}
			u, acc, nonce, err := collateral(a[0], a[1], a[5])
			if err != nil {
				return nil, err
			}
			mkt, err := u64(a[2], "market")
			if err != nil || mkt > 255 {
				return nil, fmt.Errorf("market: %v", a[2])
			}
			req, err := wire.SignMargin(k, u, acc, uint8(mkt), a[3].Truthy(), a[4].String(), nonce)
			if err != nil {
				return nil, err
			}
			return encode(req)
		}),
	}
}

// fn wraps f as a JS function that returns f's result, or {"error": …} (never throws: a Go panic would stop the
// whole program).
func fn(f func(a []js.Value) (any, error)) js.Func {
	return js.FuncOf(func(_ js.Value, a []js.Value) any {
		v, err := f(a)
		if err != nil {
			e := map[string]any{"code": wire.CodeInvalidParams, "reason": "invalid", "message": err.Error()}
			var ae *wire.APIError
			if errors.As(err, &ae) {
				e = map[string]any{"code": ae.Code, "reason": ae.Reason, "message": ae.Msg}
			}
			return js.ValueOf(map[string]any{"error": e})
		}
		return js.ValueOf(v)
	})
}

func encode(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}

func trim0x(s string) string {
	if len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X") {
		return s[2:]
	}
	return s
}

func domain(a []js.Value, i int) (sign.Domain, error) {
	if len(a) < i+2 {
		return sign.Domain{}, errors.New("want chainId and rollup")
	}
	chain, err := u64(a[i], "chainId")
	if err != nil {
		return sign.Domain{}, err
	}
	r := a[i+1].String()
	if !common.IsHexAddress(r) || chain == 0 {
		return sign.Domain{}, fmt.Errorf("deployment: chain %d, rollup %q", chain, r)
	}
	return sign.Domain{ChainID: chain, Rollup: common.HexToAddress(r)}, nil
}

// u64 reads a non-negative integer given as a JS number or a decimal string.
func u64(v js.Value, what string) (uint64, error) {
	switch v.Type() {
	case js.TypeNumber:
		f := v.Float()
		if f < 0 || f != float64(uint64(f)) || f > 1<<53 {
			return 0, fmt.Errorf("%s: %v is not a non-negative integer", what, f)
		}
		return uint64(f), nil
	case js.TypeString:
		n, err := strconv.ParseUint(v.String(), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", what, err)
		}
		return n, nil
	}
	return 0, fmt.Errorf("%s: want a number or a decimal string", what)
}

func accountMarketID(acc, mkt, id js.Value) (uint32, uint8, uint32, error) {
	a, err := u64(acc, "account")
	if err != nil || a > 1<<32-1 {
		return 0, 0, 0, fmt.Errorf("account: %v", acc)
	}
	m, err := u64(mkt, "market")
	if err != nil || m > 255 {
		return 0, 0, 0, fmt.Errorf("market: %v", mkt)
	}
	i, err := u64(id, "id")
	if err != nil || i > 1<<32-1 {
		return 0, 0, 0, fmt.Errorf("id: %v", id)
	}
	return uint32(a), uint8(m), uint32(i), nil
}

func collateral(dec, acc, nonce js.Value) (wire.Units, uint32, uint32, error) {
	d, err := u64(dec, "quoteDecimals")
	if err != nil || d > 30 {
		return wire.Units{}, 0, 0, fmt.Errorf("quoteDecimals: %v", dec)
	}
	a, err := u64(acc, "account")
	if err != nil || a > 1<<32-1 {
		return wire.Units{}, 0, 0, fmt.Errorf("account: %v", acc)
	}
	n, err := u64(nonce, "nonce")
	if err != nil || n > 1<<32-1 {
		return wire.Units{}, 0, 0, fmt.Errorf("nonce: %v", nonce)
	}
	return wire.Units{QuoteDecimals: int(d)}, uint32(a), uint32(n), nil
}

func marketAndOrder(a []js.Value, n int) (wire.MarketInfo, *wire.OrderRequest, error) {
	var m wire.MarketInfo
	var r wire.OrderRequest
	if len(a) != n {
		return m, nil, fmt.Errorf("want %d arguments: market JSON, order JSON…", n)
	}
	if err := json.Unmarshal([]byte(a[0].String()), &m); err != nil {
		return m, nil, fmt.Errorf("market: %w", err)
	}
	if err := json.Unmarshal([]byte(a[1].String()), &r); err != nil {
		return m, nil, wire.Invalidf("invalid_params", "order: %v", err)
	}
	return m, &r, nil
}
