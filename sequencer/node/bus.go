package node

import (
	"sync"

	"github.com/zkperp/zkperp/sequencer/engine"
)

// bus fans the engine's outputs out to subscribers. A subscriber that falls behind by more than its buffer is
// dropped (its channel closed) rather than slowing the core.
type bus struct {
	mu   sync.Mutex
	next int
	subs map[int]chan *engine.Output
}

func newBus() *bus { return &bus{subs: map[int]chan *engine.Output{}} }

func (b *bus) subscribe(buffer int) (<-chan *engine.Output, func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	ch := make(chan *engine.Output, buffer)
	b.subs[id] = ch
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if c, ok := b.subs[id]; ok {
			delete(b.subs, id)
			close(c)
		}
	}
}

func (b *bus) publish(out *engine.Output) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, ch := range b.subs {
		select {
		case ch <- out:
		default:
			delete(b.subs, id)
			close(ch)
		}
	}
}

// Subscribe returns every engine output from now on; call cancel when done.
func (n *Node) Subscribe(buffer int) (<-chan *engine.Output, func()) { return n.bus.subscribe(buffer) }
