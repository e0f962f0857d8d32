package node

import (
	"errors"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
	"github.com/zkperp/zkperp/wire"
)

// Error codes of the perp_ API (wire's, shared with the client). Standard codes: -32602 invalid params, -32005
// limit exceeded.
const (
	CodeInvalidParams      = wire.CodeInvalidParams
	CodeRateLimited        = wire.CodeRateLimited
	CodeBadSignature       = wire.CodeBadSignature
	CodeBadNonce           = wire.CodeBadNonce
	CodeInsufficientMargin = wire.CodeInsufficientMargin
	CodeInsufficientFunds  = wire.CodeInsufficientFunds
	CodeOrderRejected      = wire.CodeOrderRejected
	CodeUnknownOrder       = wire.CodeUnknownOrder
	CodeUnknownAccount     = wire.CodeUnknownAccount
	CodeUnknownMarket      = wire.CodeUnknownMarket
	CodeStaleOrder         = wire.CodeStaleOrder
	CodeNotFound           = wire.CodeNotFound
	CodeUnavailable        = wire.CodeUnavailable
	CodeStaleRequest       = wire.CodeStaleRequest
	CodeRejected           = wire.CodeRejected
)

// APIError is a typed API error: it carries a JSON-RPC code and a machine-readable reason in error.data
// (wire.APIError).
type APIError = wire.APIError

func apiErr(code int, reason string, err error) *APIError {
	return &APIError{Code: code, Msg: err.Error(), Reason: reason}
}

func invalid(reason, msg string) *APIError { return wire.Invalid(reason, msg) }

// toAPIError classifies engine, book and state errors.
func toAPIError(err error) error {
	if err == nil {
		return nil
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	switch {
	case errors.Is(err, state.ErrBadSignature):
		return apiErr(CodeBadSignature, "bad_signature", err)
	case errors.Is(err, state.ErrBadNonce):
		return apiErr(CodeBadNonce, "bad_nonce", err)
	case errors.Is(err, book.ReasonRisk):
		return &APIError{Code: CodeInsufficientMargin, Reason: "insufficient_margin", Msg: "insufficient margin for this " +
			"order: at its full size and price it would leave the market's isolated position below initial margin; " +
			"move collateral into the position first (perp_positionMargin, zkperp margin)"}
	case errors.Is(err, state.ErrInsufficientMargin):
		return apiErr(CodeInsufficientMargin, "insufficient_margin", err)
	case errors.Is(err, state.ErrInsufficientFunds):
		return apiErr(CodeInsufficientFunds, "insufficient_funds", err)
	case errors.Is(err, state.ErrUnknownAccount):
		return apiErr(CodeUnknownAccount, "unknown_account", err)
	case errors.Is(err, state.ErrUnknownMarket), errors.Is(err, engine.ErrUnknownMarket):
		return apiErr(CodeUnknownMarket, "unknown_market", err)
	case errors.Is(err, book.ReasonUnknownOrder):
		return apiErr(CodeUnknownOrder, "unknown_order", err)
	case errors.Is(err, engine.ErrStaleOrderID), errors.Is(err, engine.ErrDuplicateOrder), errors.Is(err, engine.ErrOrderID):
		return apiErr(CodeStaleOrder, "stale_order_id", err)
	case errors.Is(err, engine.ErrOrderExpired), errors.Is(err, state.ErrOrderExpired):
		return apiErr(CodeOrderRejected, "order_expired", err)
	case errors.Is(err, engine.ErrStaleNonce):
		return apiErr(CodeStaleRequest, "stale_nonce", err)
	case errors.Is(err, engine.ErrStaleVersion):
		return apiErr(CodeStaleRequest, "stale_version", err)
	case errors.Is(err, ErrStopped):
		return apiErr(CodeUnavailable, "stopped", err)
	case errors.Is(err, ErrStorage):
		return apiErr(CodeUnavailable, "storage_failure", err)
	case errors.Is(err, ErrExodus):
		return apiErr(CodeUnavailable, "exodus", err)
	}
	var r book.Reason
	if errors.As(err, &r) {
		return apiErr(CodeOrderRejected, token(r.String()), err)
	}
	return apiErr(CodeRejected, "rejected", err)
}

// token turns a reason text into a snake_case token (wire.Token).
func token(s string) string { return wire.Token(s) }
