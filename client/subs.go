package client

import (
	"context"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/sequencer/node"
)

// Subscription is a live perp_subscribe stream. C delivers the notifications; Err delivers one error when the
// stream ends (connection lost, the node dropped a subscriber that fell behind, or the client's buffer
// overflowed) and is closed by Unsubscribe. After an error, resubscribe and resync from a snapshot (perp_book).
type Subscription[T any] struct {
	C   <-chan T
	sub *rpc.ClientSubscription
}

// Err returns the subscription's error channel.
func (s *Subscription[T]) Err() <-chan error { return s.sub.Err() }

// Unsubscribe ends the subscription (it does not close C).
func (s *Subscription[T]) Unsubscribe() { s.sub.Unsubscribe() }

// DefaultSubscriptionBuffer is the channel capacity of the subscription helpers.
const DefaultSubscriptionBuffer = 1024

func subscribe[T any](ctx context.Context, c *Client, name string, args ...any) (*Subscription[T], error) {
	ch := make(chan T, DefaultSubscriptionBuffer)
	sub, err := c.rpc.Subscribe(ctx, Namespace, ch, append([]any{name}, args...)...)
	if err != nil {
		return nil, wrapErr(Namespace+"_subscribe("+name+")", err)
	}
	return &Subscription[T]{C: ch, sub: sub}, nil
}

// SubscribeBookDeltas streams every book event of a market ("bookDeltas"); apply those with Seq above a
// snapshot's Seq. Needs a WebSocket connection.
func (c *Client) SubscribeBookDeltas(ctx context.Context, market uint8) (*Subscription[node.BookDelta], error) {
	return subscribe[node.BookDelta](ctx, c, "bookDeltas", market)
}

// SubscribeTrades streams a market's fills ("tradesFeed").
func (c *Client) SubscribeTrades(ctx context.Context, market uint8) (*Subscription[node.EventView], error) {
	return subscribe[node.EventView](ctx, c, "tradesFeed", market)
}

// SubscribeAccountEvents streams the book events of an account's orders, as taker or maker ("accountEvents").
func (c *Client) SubscribeAccountEvents(ctx context.Context, account uint32) (*Subscription[node.EventView], error) {
	return subscribe[node.EventView](ctx, c, "accountEvents", account)
}

// SubscribeMarks streams mark prices and funding ticks ("markFeed").
func (c *Client) SubscribeMarks(ctx context.Context) (*Subscription[node.MarkUpdate], error) {
	return subscribe[node.MarkUpdate](ctx, c, "markFeed")
}

// SubscribeBatches streams batch progress through the finality stages ("batchFeed").
func (c *Client) SubscribeBatches(ctx context.Context) (*Subscription[node.BatchStatus], error) {
	return subscribe[node.BatchStatus](ctx, c, "batchFeed")
}
