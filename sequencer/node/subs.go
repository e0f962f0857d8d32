package node

import (
	"context"
	"time"

	"github.com/ethereum/go-ethereum/rpc"

	"github.com/zkperp/zkperp/sequencer/book"
	"github.com/zkperp/zkperp/sequencer/engine"
	"github.com/zkperp/zkperp/state"
)

// subscribe runs a subscription fed from the output stream; f converts an output to notifications.
func (a *API) subscribe(ctx context.Context, f func(out *engine.Output, send func(any))) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return nil, rpc.ErrNotificationsUnsupported
	}
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	sub := notifier.CreateSubscription()
	ch, cancel := a.n.Subscribe(a.n.cfg.Limits.withDefaults().SubscriptionBuffer)
	go func() {
		defer cancel()
		feed(notifier, sub, ch, f)
	}()
	return sub, nil
}

// feed sends the notifications of ch's outputs until the client unsubscribes or the connection ends. When ch is
// closed (the bus dropped the subscriber: it fell behind), the notifications of the outputs it got come first,
// then FellBehind, and the subscription ends. A failed send means the connection is closed (the WebSocket write
// timeout closes it): feed ends too.
func feed(notifier *rpc.Notifier, sub *rpc.Subscription, ch <-chan *engine.Output, f func(*engine.Output, func(any))) {
	var failed error
	send := func(v any) {
		if failed == nil {
			failed = notifier.Notify(sub.ID, v)
		}
	}
	for failed == nil {
		select {
		case out, ok := <-ch:
			if !ok {
				send(FellBehind)
				return
			}
			f(out, send)
		case <-sub.Err():
			return
		}
	}
}

// BookDeltas streams every book event of a market (perp_subscribe "bookDeltas").
func (a *API) BookDeltas(ctx context.Context, market uint8) (*rpc.Subscription, error) {
	if _, err := a.market(market); err != nil {
		return nil, err
	}
	return a.subscribe(ctx, func(out *engine.Output, send func(any)) {
		for _, v := range a.views(out, func(ev *book.Event) bool { return ev.Market == market }) {
			send(BookDelta{EventView: v})
		}
	})
}

// TradesFeed streams the fills of a market (perp_subscribe "tradesFeed").
func (a *API) TradesFeed(ctx context.Context, market uint8) (*rpc.Subscription, error) {
	if _, err := a.market(market); err != nil {
		return nil, err
	}
	return a.subscribe(ctx, func(out *engine.Output, send func(any)) {
		for _, v := range a.views(out, func(ev *book.Event) bool { return ev.Kind == book.EventFill && ev.Market == market }) {
			send(v)
		}
	})
}

// AccountEvents streams the events of an account's orders (as taker or maker) and its state txs (perp_subscribe
// "accountEvents"). Public data: orders are public in an order book; the stream needs no authentication.
func (a *API) AccountEvents(ctx context.Context, account uint32) (*rpc.Subscription, error) {
	return a.subscribe(ctx, func(out *engine.Output, send func(any)) {
		for _, v := range a.views(out, func(ev *book.Event) bool {
			return ev.Order.Account == account || (ev.Kind == book.EventFill && ev.Maker.Account == account)
		}) {
			send(v)
		}
	})
}

// MarkFeed streams mark prices and funding ticks (perp_subscribe "markFeed").
func (a *API) MarkFeed(ctx context.Context) (*rpc.Subscription, error) {
	return a.subscribe(ctx, func(out *engine.Output, send func(any)) {
		for _, tx := range out.Txs {
			if tx.Err != nil {
				continue
			}
			switch t := tx.Tx.(type) {
			case state.MarkPrice:
				m, _ := a.market(t.Market)
				send(MarkUpdate{Market: t.Market, Kind: "mark_price", Mark: unitsOf(m).FmtPrice(t.Price), Time: out.Time})
			case state.FundingTick:
				send(MarkUpdate{Market: t.Market, Kind: "funding_tick", FundingRate: t.Rate, Time: out.Time})
			}
		}
	})
}

// BatchFeed streams batch progress (perp_subscribe "batchFeed"), polling the tracker once a second.
func (a *API) BatchFeed(ctx context.Context) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return nil, rpc.ErrNotificationsUnsupported
	}
	if err := a.limit(ctx); err != nil {
		return nil, err
	}
	sub := notifier.CreateSubscription()
	go func() {
		seen := map[uint64]Stage{}
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-sub.Err():
				return
			case <-t.C:
				for _, b := range a.n.track.all() {
					if seen[b.Number] != b.Stage {
						seen[b.Number] = b.Stage
						_ = notifier.Notify(sub.ID, b)
					}
				}
			}
		}
	}()
	return sub, nil
}
