package state

import "github.com/consensys/gnark-crypto/ecc/bn254/fr"

// readCache remembers decoded leaves read through the working head (Account, Position, OrderSlot, Market), for the
// sequencer's checks before matching (signature keys, order slots, pre-trade risk), which read the same few leaves
// for every input while most inputs change no leaf. The entries are those of the tree root they were read under
// (accRoot, mktRoot): a root commits to every leaf beneath it, so an entry read under the current root is the
// current value. A write of one leaf through the state (writeAccount, writeMarket) moves the entries on to the new
// root and drops the written leaf's (accountWritten, marketWritten): every other leaf is the same under both roots,
// so a fill does not empty the cache of every other account. Any other change of root (a discard, a restore, a
// write that did not start from the entries' root) drops them all when the root is next read. Same goroutine as the
// reads (State is single-writer).
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

// slotKey names an order slot (the slot an order id maps to, State.slotOf): the orders that share a slot share its
// entry, and a write of the slot drops it.
type slotKey struct {
	account uint32
	slot    uint64
}

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

// accountWritten follows a write that moved the accounts root from old to new by changing one account leaf: its
// position in market and its order slot. Entries read under old are moved on to new, less those of the written
// leaves; entries of another root are left to accountsAt to drop.
func (c *readCache) accountWritten(old, new fr.Element, account uint32, market uint8, slot uint64) {
	if c.accounts == nil || c.accRoot != old {
		return
	}
	c.accRoot = new
	delete(c.accounts, account)
	delete(c.positions, posKey{account, market})
	delete(c.slots, slotKey{account, slot})
}

// marketWritten follows a write that moved the markets root from old to new by changing market id's leaf.
func (c *readCache) marketWritten(old, new fr.Element, id uint8) {
	if c.markets == nil || c.mktRoot != old {
		return
	}
	c.mktRoot = new
	delete(c.markets, id)
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
