package client

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/wire"
)

// Error codes of the perp_ API (JSON-RPC error.code), the node's codes plus the JSON-RPC standard ones.
const (
	CodeParseError         = -32700 // malformed JSON
	CodeInvalidRequest     = -32600 // not a JSON-RPC request
	CodeMethodNotFound     = -32601
	CodeInvalidParams      = wire.CodeInvalidParams // -32602: wrong types, bad decimals, off-step values, bad enums
	CodeInternal           = -32603
	CodeRateLimited        = wire.CodeRateLimited // -32005
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
	CodeStaleRequest       = wire.CodeStaleRequest // a replayed cancel-all (stale_nonce) or amend (stale_version)
	CodeRejected           = wire.CodeRejected
	// CodeHTTP marks an error the HTTP transport returned before JSON-RPC ran (Error.HTTPStatus holds the status:
	// 413 for a request over the body limit, for example).
	CodeHTTP = -1
)

// Error is an error answered by the node: the JSON-RPC code, the machine-readable reason from error.data.reason
// (for the standard JSON-RPC codes without data, a reason derived from the code) and the message.
type Error struct {
	Method     string // the perp_ method that failed
	Code       int
	Reason     string
	Message    string
	HTTPStatus int // set when Code == CodeHTTP
}

func (e *Error) Error() string {
	if e.Code == CodeHTTP {
		return fmt.Sprintf("%s: HTTP %d (%s): %s", e.Method, e.HTTPStatus, e.Reason, e.Message)
	}
	return fmt.Sprintf("%s: %s (code %d, %s)", e.Method, e.Message, e.Code, e.Reason)
}

// ErrorCode returns the JSON-RPC code (rpc.Error).
func (e *Error) ErrorCode() int { return e.Code }

// Code returns the API error code of err, or 0 when err is not an *Error.
func Code(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// Reason returns the API reason of err, or "" when err is not an *Error.
func Reason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func standardReason(code int) string {
	switch code {
	case CodeParseError:
		return "parse_error"
	case CodeInvalidRequest:
		return "invalid_request"
	case CodeMethodNotFound:
		return "method_not_found"
	case CodeInvalidParams:
		return "invalid_params"
	case CodeInternal:
		return "internal_error"
	case CodeRateLimited:
		return "rate_limited"
	}
	return ""
}

// wrapErr turns a JSON-RPC error into *Error and wraps transport and context errors with the method name.
func wrapErr(method string, err error) error {
	if err == nil {
		return nil
	}
	var he rpc.HTTPError
	if errors.As(err, &he) {
		reason := "http_error"
		switch he.StatusCode {
		case http.StatusRequestEntityTooLarge:
			reason = "request_too_large"
		case http.StatusTooManyRequests:
			reason = "rate_limited"
		case http.StatusUnsupportedMediaType:
			reason = "bad_content_type"
		}
		return &Error{Method: method, Code: CodeHTTP, Reason: reason, Message: string(he.Body), HTTPStatus: he.StatusCode}
	}
	var re rpc.Error
	if errors.As(err, &re) {
		e := &Error{Method: method, Code: re.ErrorCode(), Message: re.Error()}
		var de rpc.DataError
		if errors.As(err, &de) {
			if m, ok := de.ErrorData().(map[string]any); ok {
				if r, ok := m["reason"].(string); ok {
					e.Reason = r
				}
			}
		}
		if e.Reason == "" {
			e.Reason = standardReason(e.Code)
		}
		return e
	}
	return fmt.Errorf("%s: %w", method, err)
}
