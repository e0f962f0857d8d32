package wire

import (
	"fmt"
	"strings"
)

// Error codes of the perp_ API (JSON-RPC error.code, docs/api.md §5). Standard codes: -32602 invalid params,
// -32005 limit exceeded.
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

// APIError is a typed API error: it carries a JSON-RPC code and a machine-readable reason in error.data (the node
// answers it as is: go-ethereum's rpc reads ErrorCode and ErrorData).
type APIError struct {
	Code   int
	Msg    string
	Reason string
}

func (e *APIError) Error() string  { return e.Msg }
func (e *APIError) ErrorCode() int { return e.Code }
func (e *APIError) ErrorData() any { return map[string]string{"reason": e.Reason} }

// Invalid is an invalid-params error (-32602) with its reason.
func Invalid(reason, msg string) *APIError {
	return &APIError{Code: CodeInvalidParams, Msg: msg, Reason: reason}
}

// Invalidf is Invalid with a formatted message.
func Invalidf(reason, format string, args ...any) *APIError {
	return Invalid(reason, fmt.Sprintf(format, args...))
}

// Clip shortens a value echoed in an error (at most 48 bytes and an ellipsis).
func Clip(s string) string {
	if len(s) > 48 {
		return s[:48] + "…"
	}
	return s
}

// Token turns a reason text into a snake_case token ("price not on tick" → "price_not_on_tick").
func Token(s string) string {
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
