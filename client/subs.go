package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/wire"
)

// ErrFellBehind ends a subscription that the node dropped because the client fell behind (its last notification
// was wire.FellBehind): resubscribe and resync from a snapshot (perp_book).
var ErrFellBehind = errors.New("client: the node ended the subscription: it fell behind (resubscribe and resync)")

// Subscription is a live perp_subscribe stream. C delivers the notifications; Err delivers one error when the
// stream ends (ErrFellBehind when the node dropped it, a connection error, or the client's buffer overflowed) and
// is then closed; Unsubscribe ends the stream and closes Err (it does not close C). After an error, resubscribe
// and resync from a snapshot (perp_book).
type Subscription[T any] struct {
	C    <-chan T
	sub  *rpc.ClientSubscription
	err  chan error
	quit chan struct{}
	mu   sync.Mutex
	done bool
}

// Err returns the subscription's error channel.
func (s *Subscription[T]) Err() <-chan error { return s.err }

// Unsubscribe ends the subscription (it does not close C).
func (s *Subscription[T]) Unsubscribe() {
	if s.finish(nil) {
		close(s.quit)
	}
	s.sub.Unsubscribe()
}

// finish ends the stream once, delivering err (when not nil) on Err; it reports whether this call ended it.
func (s *Subscription[T]) finish(err error) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return false
	}
	s.done = true
	if err != nil {
		s.err <- err
	}
	close(s.err)
	return true
}

// DefaultSubscriptionBuffer is the channel capacity of the subscription helpers.
const DefaultSubscriptionBuffer = 1024

func subscribe[T any](ctx context.Context, c *Client, name string, args ...any) (*Subscription[T], error) {
	raw := make(chan json.RawMessage, DefaultSubscriptionBuffer)
	sub, err := c.rpc.Subscribe(ctx, Namespace, raw, append([]any{name}, args...)...)
	if err != nil {
		return nil, wrapErr(Namespace+"_subscribe("+name+")", err)
	}
	out := make(chan T, DefaultSubscriptionBuffer)
	s := &Subscription[T]{C: out, sub: sub, err: make(chan error, 1), quit: make(chan struct{})}
	go s.pump(name, raw, out)
	return s, nil
}

// pump decodes the notifications into C until the stream ends.
func (s *Subscription[T]) pump(name string, raw <-chan json.RawMessage, out chan<- T) {
	for {
		select {
		case m := <-raw:
			if isFellBehind(m) {
				s.sub.Unsubscribe()
				s.finish(ErrFellBehind)
				return
			}
			var v T
			if err := json.Unmarshal(m, &v); err != nil {
				s.sub.Unsubscribe()
				s.finish(fmt.Errorf("client: %s notification: %w", name, err))
				return
			}
			select {
			case out <- v:
			case err := <-s.sub.Err():
				s.finish(err)
				return
			case <-s.quit:
				return
			}
		case err := <-s.sub.Err():
			s.finish(err)
			return
		case <-s.quit:
			return
		}
	}
}

func isFellBehind(m json.RawMessage) bool {
	if !bytes.Contains(m, []byte(`"dropped"`)) {
		return false
	}
	var d wire.Dropped
	return json.Unmarshal(m, &d) == nil && d == wire.FellBehind
}

// SubscribeBookDeltas streams every book event of a market ("bookDeltas"); apply those with Seq above a
// snapshot's Seq. Needs a WebSocket connection.
func (c *Client) SubscribeBookDeltas(ctx context.Context, market uint8) (*Subscription[wire.BookDelta], error) {
	return subscribe[wire.BookDelta](ctx, c, "bookDeltas", market)
}

// SubscribeTrades streams a market's fills ("tradesFeed").
func (c *Client) SubscribeTrades(ctx context.Context, market uint8) (*Subscription[wire.EventView], error) {
	return subscribe[wire.EventView](ctx, c, "tradesFeed", market)
}

// SubscribeAccountEvents streams the book events of an account's orders, as taker or maker ("accountEvents").
func (c *Client) SubscribeAccountEvents(ctx context.Context, account uint32) (*Subscription[wire.EventView], error) {
	return subscribe[wire.EventView](ctx, c, "accountEvents", account)
}

// SubscribeMarks streams mark prices and funding ticks ("markFeed").
func (c *Client) SubscribeMarks(ctx context.Context) (*Subscription[wire.MarkUpdate], error) {
	return subscribe[wire.MarkUpdate](ctx, c, "markFeed")
}

// SubscribeBatches streams batch progress through the finality stages ("batchFeed").
func (c *Client) SubscribeBatches(ctx context.Context) (*Subscription[wire.BatchStatus], error) {
	return subscribe[wire.BatchStatus](ctx, c, "batchFeed")
}
