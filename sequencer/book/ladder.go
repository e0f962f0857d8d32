package book

// level is one price of a ladder: a FIFO of orders (oldest at head).
type level struct {
	price      uint64
	head, tail *order
	visible    uint64 // sum of the visible sizes (resting levels)
	orders     int32
	pegged     int32   // pegged orders here; the level counts for the peg references only if orders > pegged
	ladder     *ladder // the ladder holding the level
	free       *level  // free list
}

func (l *level) push(o *order) {
	o.lvl = l
	o.prev, o.next = l.tail, nil
	if l.tail != nil {
		l.tail.next = o
	} else {
		l.head = o
	}
	l.tail = o
	l.orders++
	l.visible += o.visible
	if o.peg != PegNone {
		l.pegged++
	}
}

// unlink removes o from the level (the caller drops an empty level).
func (l *level) unlink(o *order) {
	if o.prev != nil {
		o.prev.next = o.next
	} else {
		l.head = o.next
	}
	if o.next != nil {
		o.next.prev = o.prev
	} else {
		l.tail = o.prev
	}
	o.prev, o.next, o.lvl = nil, nil, nil
	l.orders--
	l.visible -= o.visible
	if o.peg != PegNone {
		l.pegged--
	}
}

// chunkCap is the number of levels per chunk. Inserting or removing a level moves at most chunkCap entries; a
// chunk splits when full and merges with a neighbour when the two fit in half a chunk.
const chunkCap = 32

// chunk is a sorted run of levels: keys[i] is the key of lvls[i], ascending.
type chunk struct {
	n    int
	keys [chunkCap]uint64
	lvls [chunkCap]*level
	free *chunk
}

// ladder holds the levels of one side (or one trigger direction) sorted by price, in a two-level sorted array
// (a slice of chunks): O(log n) search, O(chunkCap) insert and delete, O(1) best, cache friendly.
//
// Keys make "better" mean "larger" for both orderings: key = price ^ flip, with flip = 0 when the best price is
// the highest (bids) and flip = ^0 when it is the lowest (asks). The best level is the last of the last chunk.
type ladder struct {
	flip   uint64
	chunks []*chunk
	n      int // levels
	pools  *pools
}

func (d *ladder) key(price uint64) uint64 { return price ^ d.flip }

// best returns the best level, nil if the ladder is empty.
func (d *ladder) best() *level {
	if len(d.chunks) == 0 {
		return nil
	}
	c := d.chunks[len(d.chunks)-1]
	return c.lvls[c.n-1]
}

// locate returns the index of the first chunk whose last key is ≥ k, or the last chunk; the ladder must not be
// empty. Most activity is near the best price, so the last chunk is tried first.
func (d *ladder) locate(k uint64) int {
	last := len(d.chunks) - 1
	if d.chunks[last].keys[0] <= k {
		return last
	}
	lo, hi := 0, last
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		c := d.chunks[mid]
		if c.keys[c.n-1] < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// search returns the first index in c with key ≥ k.
func (c *chunk) search(k uint64) int {
	lo, hi := 0, c.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.keys[mid] < k {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// getOrAdd returns the level at price, creating it if needed.
func (d *ladder) getOrAdd(price uint64) *level {
	k := d.key(price)
	if len(d.chunks) == 0 {
		c := d.pools.newChunk()
		d.chunks = append(d.chunks, c)
		return d.insert(c, 0, 0, k, price)
	}
	ci := d.locate(k)
	c := d.chunks[ci]
	j := c.search(k)
	if j < c.n && c.keys[j] == k {
		return c.lvls[j]
	}
	return d.insert(c, ci, j, k, price)
}

// insert puts a new level with key k at position j of chunk ci, splitting a full chunk.
func (d *ladder) insert(c *chunk, ci, j int, k, price uint64) *level {
	if c.n == chunkCap {
		nc := d.pools.newChunk()
		const half = chunkCap / 2
		copy(nc.keys[:], c.keys[half:])
		copy(nc.lvls[:], c.lvls[half:])
		clear(c.lvls[half:])
		nc.n, c.n = chunkCap-half, half
		d.chunks = append(d.chunks, nil)
		copy(d.chunks[ci+2:], d.chunks[ci+1:])
		d.chunks[ci+1] = nc
		if j > half {
			c, j = nc, j-half
		}
	}
	copy(c.keys[j+1:c.n+1], c.keys[j:c.n])
	copy(c.lvls[j+1:c.n+1], c.lvls[j:c.n])
	l := d.pools.newLevel()
	l.price, l.ladder = price, d
	c.keys[j], c.lvls[j] = k, l
	c.n++
	d.n++
	return l
}

// remove drops the (empty) level l and returns it to the pool.
func (d *ladder) remove(l *level) {
	k := d.key(l.price)
	ci := d.locate(k)
	c := d.chunks[ci]
	j := c.search(k)
	if j >= c.n || c.lvls[j] != l {
		return // not here: cannot happen
	}
	copy(c.keys[j:c.n-1], c.keys[j+1:c.n])
	copy(c.lvls[j:c.n-1], c.lvls[j+1:c.n])
	c.n--
	c.lvls[c.n] = nil
	d.n--
	d.pools.freeLevel(l)
	switch {
	case c.n == 0:
		d.dropChunk(ci)
	case ci+1 < len(d.chunks) && c.n+d.chunks[ci+1].n <= chunkCap/2:
		d.merge(ci)
	case ci > 0 && d.chunks[ci-1].n+c.n <= chunkCap/2:
		d.merge(ci - 1)
	}
}

// merge appends chunk ci+1 to chunk ci.
func (d *ladder) merge(ci int) {
	a, b := d.chunks[ci], d.chunks[ci+1]
	copy(a.keys[a.n:], b.keys[:b.n])
	copy(a.lvls[a.n:], b.lvls[:b.n])
	a.n += b.n
	d.dropChunk(ci + 1)
}

func (d *ladder) dropChunk(ci int) {
	d.pools.freeChunk(d.chunks[ci])
	copy(d.chunks[ci:], d.chunks[ci+1:])
	d.chunks[len(d.chunks)-1] = nil
	d.chunks = d.chunks[:len(d.chunks)-1]
}

// cursor walks a ladder from the best level towards the worst. It is invalidated by any change to the ladder.
type cursor struct {
	d     *ladder
	ci, j int
}

func (d *ladder) walk() cursor {
	cu := cursor{d: d, ci: len(d.chunks) - 1}
	if cu.ci >= 0 {
		cu.j = d.chunks[cu.ci].n - 1
	}
	return cu
}

// next returns the next level, nil at the end.
func (cu *cursor) next() *level {
	if cu.ci < 0 {
		return nil
	}
	c := cu.d.chunks[cu.ci]
	l := c.lvls[cu.j]
	cu.j--
	if cu.j < 0 {
		cu.ci--
		if cu.ci >= 0 {
			cu.j = cu.d.chunks[cu.ci].n - 1
		}
	}
	return l
}
