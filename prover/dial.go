package prover

import (
	"context"
	"fmt"

	gethnode "github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/internal/proverrpc"
)

// Dial connects to a node's operator endpoint (http:// or ws://), signing every request with a fresh JWT made from
// secret (HS256, iat now), as Ethereum consensus clients authenticate to the engine API.
func Dial(ctx context.Context, url string, secret []byte) (*rpc.Client, error) {
	if len(secret) != proverrpc.JWTSecretLen {
		return nil, proverrpc.ErrJWTSecret
	}
	c, err := rpc.DialOptions(ctx, url, rpc.WithHTTPAuth(gethnode.NewJWTAuth([proverrpc.JWTSecretLen]byte(secret))))
	if err != nil {
		return nil, fmt.Errorf("dial operator endpoint %s: %w", url, err)
	}
	return c, nil
}
