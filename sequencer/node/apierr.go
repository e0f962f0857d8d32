package node

import (
	"errors"
	"strings"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// Error codes of the perp_ API (JSON-RPC error.code). Standard codes: -32602 invalid params, -32005 limit exceeded.
const (
	CodeInvalidParams      = -32602
	CodeRateLimited        = -32005
	CodeBadSignature       = 1001
	CodeBadNonce           = 1002
	CodeInsufficientMargin = 1003
	CodeInsufficientFunds  = 1004
	CodeOrderRejected      = 1005
	CodeUnknownOrder       = 1006
	CodeUnknownAccount     = 1007
	CodeUnknownMarket      = 1008
	CodeStaleOrder         = 1009
	CodeNotFound           = 1010
	CodeUnavailable        = 1011
	CodeStaleRequest       = 1012 // a signed request seen before: cancel-all nonce or amend version not fresh
	CodeRejected           = 1099
)

// APIError is a typed API error: it carries a JSON-RPC code and a machine-readable reason in error.data.
type APIError struct {
	Code   int
	Msg    string
	Reason string
}

func (e *APIError) Error() string  { return e.Msg }
func (e *APIError) ErrorCode() int { return e.Code }
func (e *APIError) ErrorData() any { return map[string]string{"reason": e.Reason} }

func apiErr(code int, reason string, err error) *APIError {
	return &APIError{Code: code, Msg: err.Error(), Reason: reason}
}

func invalid(reason, msg string) *APIError {
	return &APIError{Code: CodeInvalidParams, Msg: msg, Reason: reason}
}

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
	case errors.Is(err, ErrExodus):
		return apiErr(CodeUnavailable, "exodus", err)
	}
	var r book.Reason
	if errors.As(err, &r) {
		return apiErr(CodeOrderRejected, token(r.String()), err)
	}
	return apiErr(CodeRejected, "rejected", err)
}

// token turns a reason text into a snake_case token ("price not on tick" → "price_not_on_tick").
func token(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
