package node

import (
	"context"

	"github.com/ethereum/go-ethereum/rpc"
)

// peerKey carries the PeerInfo of a call that did not come through the rpc server (a transport of the node's own):
// the limits and the sessions then see it as they see an rpc call's.
type peerKey struct{}

// withPeer returns ctx carrying p as the call's peer.
func withPeer(ctx context.Context, p rpc.PeerInfo) context.Context {
	return context.WithValue(ctx, peerKey{}, p)
}

// peerOf returns the peer of a call: the one withPeer set, else the rpc server's.
func peerOf(ctx context.Context) rpc.PeerInfo {
	if p, ok := ctx.Value(peerKey{}).(rpc.PeerInfo); ok {
		return p
	}
	return rpc.PeerInfoFromContext(ctx)
}
