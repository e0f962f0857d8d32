package state

import "github.com/consensys/gnark-crypto/ecc/bn254/fr"

// readCache remembers decoded leaves read through the working head (Account, Position, OrderSlot, Market), for the
// sequencer's checks before matching (signature keys, order slots, pre-trade risk), which read the same few leaves
// for every input while most inputs change no leaf. An entry is keyed by the tree root it was read under: a root
// commits to every leaf beneath it, so an entry read under the current root is the current value, and any write
// (which moves the root) makes the older entries unreachable; they are dropped when the root moves on. Nothing
// is invalidated by hand. Same goroutine as the reads (State is single-writer).
type readCache struct {
	accRoot   fr.Element
	accounts  map[uint32]Account
	positions map[posKey]Position
	slots     map[slotKey]OrderSlot
	mktRoot   fr.Element
	markets   map[uint8]Market
	// preimages are stored leaf preimages by leaf hash: content-addressed, so never stale (a pruned one is only
	// reachable from a pruned root, which nothing reads)
	preimages map[fr.Element][]byte
}

func (c *readCache) putPreimage(h fr.Element, v []byte) {
	if c.preimages == nil {
		c.preimages = map[fr.Element][]byte{}
	}
	put(c.preimages, h, v)
}

type posKey struct {
	account uint32
	market  uint8
}

type slotKey struct{ account, orderID uint32 }

// maxCached bounds each map; a full map is cleared.
const maxCached = 1 << 14

// accountsAt makes the account-rooted maps those of root, dropping them when the root moved.
func (c *readCache) accountsAt(root fr.Element) {
	if c.accounts != nil && c.accRoot == root {
		return
	}
	c.accRoot = root
	if c.accounts == nil {
		c.accounts, c.positions, c.slots = map[uint32]Account{}, map[posKey]Position{}, map[slotKey]OrderSlot{}
		return
	}
	clear(c.accounts)
	clear(c.positions)
	clear(c.slots)
}

func (c *readCache) marketsAt(root fr.Element) {
	if c.markets != nil && c.mktRoot == root {
		return
	}
	c.mktRoot = root
	if c.markets == nil {
		c.markets = map[uint8]Market{}
		return
	}
	clear(c.markets)
}

// put stores v in m, clearing m first when it is full.
func put[K comparable, V any](m map[K]V, k K, v V) {
	if len(m) >= maxCached {
		clear(m)
	}
	m[k] = v
}
