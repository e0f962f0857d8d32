// Package wal is the node's append-only input log: every acknowledged order, cancel and other input is appended and
// fsynced before the ack, so a restart replays it to exactly the same books and state.
//
// Layout: a directory of segment files named by the sequence number of their first record, "%020d.wal". Records are
// numbered consecutively across segments; the last segment is the active one (appended to), the others are closed.
// When the active segment reaches Config.SegmentBytes, a new empty one is created (and the directory fsynced) before
// the next append. TruncateBefore deletes whole closed segments whose records all lie below a sequence number (the
// node passes the one after its last durable checkpoint): oldest first, the directory fsynced after each, never the
// active segment. A crash at any point leaves a contiguous run of segments (an empty last segment, or a deleted
// segment that reappears, are both valid); a stale run cut off from the rest by a gap can only be truncation leftovers
// and is deleted at open.
//
// Record framing: length (uint32 BE) ‖ CRC-32C of the payload (uint32 BE) ‖ payload. Records are never empty, so a
// header of eight zero bytes is no record: it marks the end of the written part of a segment.
//
// Preallocation: the active segment's blocks are allocated up to Config.SegmentBytes when it is created or opened
// (fallocate; Linux), so that appending overwrites allocated blocks and the file's size does not change: each fsync
// then has the data alone to write, no file-size update to journal. The unwritten part reads as zeros. A closed
// segment is cut to its records (durably, before the next segment is created). In the active segment what follows
// the last good record must be zeros (preallocated space, kept) or one torn record (a crash mid-write: a bad record
// at the end of the file, or followed by zeros only), which is cut off at open. A bad record or a zero header
// followed by data, a closed segment that does not end at its last record, or a length beyond MaxRecord anywhere,
// is reported as an error, not skipped. A length is checked against MaxRecord and the file size before anything is
// allocated for it. Zeros cannot be told from space never written: a disk that zeroes the end of the active
// segment loses those records, as in any log with preallocated segments.
//
// A log written before segments (one file) is moved into the directory as segment 0 by Open (Config.Legacy).
package wal

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// MaxRecord bounds one record.
const MaxRecord = 16 << 20

// DefaultSegmentBytes is the segment size when Config.SegmentBytes is 0.
const DefaultSegmentBytes = 4 << 20

const segExt = ".wal"

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Errors.
var (
	ErrCorrupt  = errors.New("wal: corrupt record")
	ErrTooLarge = errors.New("wal: record too large")
	ErrEmpty    = errors.New("wal: empty record")
	ErrClosed   = errors.New("wal: closed")
	// ErrTruncated: a replay asked for records that were truncated away (or lost).
	ErrTruncated = errors.New("wal: records truncated")
)

// Config configures Open.
type Config struct {
	// Dir holds the segments; it is created if missing.
	Dir string
	// Legacy is the path of a single-file log of an older version: when it exists and Dir has no segment, it is
	// moved into Dir as segment 0 (its records are numbered from 0). Optional.
	Legacy string
	// SegmentBytes: the active segment is closed and a new one started once it holds at least this many bytes
	// (0: DefaultSegmentBytes). A segment holds at least one group append, so it may exceed this.
	SegmentBytes int64
	// NoSync skips fsync (tests and benchmarks only: an acknowledged record may then be lost on power failure).
	NoSync bool
	// NoPrealloc leaves segments to grow with their appends (each sync then also journals the file's new size).
	NoPrealloc bool
}

type segment struct {
	first uint64 // seq of the first record
	size  int64
}

// WAL is an append-only log. Append, TruncateBefore and the accessors are safe for concurrent use.
type WAL struct {
	cfg  Config
	log  *slog.Logger
	mu   sync.Mutex
	smu  sync.Mutex // serializes Sync
	tmu  sync.Mutex // serializes TruncateBefore
	wmu  sync.Mutex // serializes Write (its buffer)
	wbuf []byte     // Write's buffer, reused
	segs []segment  // ascending; the last is active
	f    *os.File   // the active segment
	next uint64     // sequence number of the next record
	size int64      // bytes in the active segment
	// closedBytes is the size of the closed segments.
	closedBytes int64
}

func segName(first uint64) string { return fmt.Sprintf("%020d%s", first, segExt) }

func (w *WAL) segPath(first uint64) string { return filepath.Join(w.cfg.Dir, segName(first)) }

// Open opens or creates the log, deletes stale segments before a gap and cuts a torn tail.
func Open(cfg Config, log *slog.Logger) (*WAL, error) {
	if cfg.Dir == "" {
		return nil, errors.New("wal: empty dir")
	}
	if cfg.SegmentBytes <= 0 {
		cfg.SegmentBytes = DefaultSegmentBytes
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &WAL{cfg: cfg, log: log}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("wal: dir: %w", err)
	}
	if err := w.syncDir(filepath.Dir(cfg.Dir)); err != nil {
		return nil, err
	}
	firsts, err := w.list()
	if err != nil {
		return nil, err
	}
	if cfg.Legacy != "" {
		if _, err := os.Stat(cfg.Legacy); err == nil {
			if len(firsts) > 0 {
				return nil, fmt.Errorf("wal: both a legacy log %s and segments in %s", cfg.Legacy, cfg.Dir)
			}
			log.Info("wal: moving the single-file log into segments", "from", cfg.Legacy, "dir", cfg.Dir)
			if err := os.Rename(cfg.Legacy, w.segPath(0)); err != nil {
				return nil, fmt.Errorf("wal: move legacy log: %w", err)
			}
			if err := w.syncDir(cfg.Dir); err != nil {
				return nil, err
			}
			if err := w.syncDir(filepath.Dir(cfg.Legacy)); err != nil {
				return nil, err
			}
			firsts = []uint64{0}
		} else if !os.IsNotExist(err) {
			return nil, fmt.Errorf("wal: legacy log: %w", err)
		}
	}
	if len(firsts) == 0 {
		f, err := os.OpenFile(w.segPath(0), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, fmt.Errorf("wal: create: %w", err)
		}
		f.Close()
		if err := w.syncDir(cfg.Dir); err != nil {
			return nil, err
		}
		firsts = []uint64{0}
	}
	// Count the records of each segment; check they are contiguous.
	type seen struct {
		first, count uint64
		size         int64
	}
	var segs []seen
	for i, first := range firsts {
		last := i == len(firsts)-1
		f, err := os.Open(w.segPath(first))
		if err != nil {
			return nil, fmt.Errorf("wal: open segment: %w", err)
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		n, good, err := scan(f, first, first, st.Size(), nil)
		f.Close()
		// zeros end the active segment's records (preallocated space); a closed segment ends at its last record
		// (rotate), so zeros or a bad record at its end mean lost records, which the gap rule below would
		// otherwise take for truncation leftovers
		if err != nil && !((errors.Is(err, errEnd) || errors.Is(err, errTorn)) && last) {
			if errors.Is(err, errTorn) || errors.Is(err, errEnd) {
				err = fmt.Errorf("%w: closed segment %s has a bad tail at offset %d", ErrCorrupt, segName(first), good)
			}
			return nil, err
		}
		if last && errors.Is(err, errTorn) {
			// cut, not zeroed: the active segment is preallocated again below
			log.Warn("wal: cutting torn tail", "segment", segName(first), "bytes", st.Size()-good)
			if err := os.Truncate(w.segPath(first), good); err != nil {
				return nil, fmt.Errorf("wal: truncate torn tail: %w", err)
			}
		}
		segs = append(segs, seen{first: first, count: n - first, size: good})
	}
	// Segments before the last gap are truncation leftovers (a deletion whose directory entry came back after a
	// crash): truncation deletes oldest first, so every record before a gap was covered by a durable checkpoint.
	start := 0
	for i := 1; i < len(segs); i++ {
		if end := segs[i-1].first + segs[i-1].count; end != segs[i].first {
			if end > segs[i].first {
				return nil, fmt.Errorf("%w: segment %s overlaps %s", ErrCorrupt, segName(segs[i-1].first),
					segName(segs[i].first))
			}
			start = i
		}
	}
	for _, s := range segs[:start] {
		log.Warn("wal: deleting a stale segment before a gap (truncation leftover)", "segment", segName(s.first))
		if err := os.Remove(w.segPath(s.first)); err != nil {
			return nil, fmt.Errorf("wal: delete stale segment: %w", err)
		}
	}
	if start > 0 {
		if err := w.syncDir(cfg.Dir); err != nil {
			return nil, err
		}
	}
	for _, s := range segs[start:] {
		w.segs = append(w.segs, segment{first: s.first, size: s.size})
	}
	for _, s := range w.segs[:len(w.segs)-1] {
		w.closedBytes += s.size
	}
	act := segs[len(segs)-1]
	f, err := os.OpenFile(w.segPath(act.first), os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("wal: open active segment: %w", err)
	}
	if _, err := f.Seek(act.size, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	// The sync of the preallocation also reports a failed write-back of records a crashed process left unsynced
	// in the page cache (which scan has just read as good): the log is not opened on them.
	if err := w.preallocate(f); err != nil {
		f.Close()
		return nil, err
	}
	w.f, w.next, w.size = f, act.first+act.count, act.size
	return w, nil
}

// preallocate allocates the active segment's blocks up to Config.SegmentBytes and syncs the allocation, so that
// the appends' syncs do not carry it (skipped with NoSync or NoPrealloc). A segment that cannot be preallocated
// (no support, no space) grows with its appends, as any segment may past SegmentBytes; a failed sync is an error.
func (w *WAL) preallocate(f *os.File) error {
	if w.cfg.NoSync || w.cfg.NoPrealloc {
		return nil
	}
	ok, err := preallocate(f, w.cfg.SegmentBytes)
	if err != nil {
		w.log.Warn("wal: preallocation failed; the segment grows with its appends", "err", err)
		return nil
	}
	if ok {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("wal: sync: %w", err)
		}
	}
	return nil
}

// allZero reports whether f holds only zero bytes in [off, end).
func allZero(f *os.File, off, end int64) (bool, error) {
	buf := make([]byte, 64<<10)
	for off < end {
		n, err := f.ReadAt(buf[:min(int64(len(buf)), end-off)], off)
		for _, b := range buf[:n] {
			if b != 0 {
				return false, nil
			}
		}
		off += int64(n)
		if err != nil && off < end {
			return false, err
		}
	}
	return true, nil
}

// list returns the first sequence numbers of the segment files in Dir, ascending; other files are ignored.
func (w *WAL) list() ([]uint64, error) {
	ents, err := os.ReadDir(w.cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("wal: read dir: %w", err)
	}
	var firsts []uint64
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, segExt) || len(name) != 20+len(segExt) {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSuffix(name, segExt), 10, 64)
		if err != nil {
			continue
		}
		firsts = append(firsts, n)
	}
	sort.Slice(firsts, func(i, j int) bool { return firsts[i] < firsts[j] })
	return firsts, nil
}

func (w *WAL) syncDir(dir string) error {
	if w.cfg.NoSync {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("wal: open dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("wal: sync dir: %w", err)
	}
	return nil
}

var (
	errTorn = errors.New("wal: torn tail")
	errEnd  = errors.New("wal: end of the written part")
)

// scan reads the first total bytes of a segment whose first record is seq first, calling fn for those with
// seq ≥ from; it returns the seq after the last good record and the offset after it. Zeros from a record boundary
// to total are unwritten (preallocated) space (errEnd). A bad record at the very end, or followed by zeros only, is
// a torn tail (errTorn); elsewhere ErrCorrupt.
func scan(f *os.File, first, from uint64, total int64, fn func(seq uint64, payload []byte) error) (uint64, int64, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, 0, total), 1<<20)
	// tail classifies a bad record at off whose claimed end is end: torn when nothing but zeros follows it
	tail := func(seq uint64, off, end int64) error {
		if z, err := allZero(f, end, total); err != nil {
			return err
		} else if z {
			return errTorn
		}
		return fmt.Errorf("%w: record %d at offset %d", ErrCorrupt, seq, off)
	}
	seq := first
	var off int64
	var hdr [8]byte
	for off < total {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return seq, off, errTorn
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		if n == 0 {
			if binary.BigEndian.Uint32(hdr[4:]) == 0 {
				if z, err := allZero(f, off, total); err != nil || !z { // zeros, then data: not the end
					return seq, off, cmp.Or(err, fmt.Errorf("%w: an empty header at offset %d followed by data",
						ErrCorrupt, off))
				}
				return seq, off, errEnd
			}
			return seq, off, tail(seq, off, off+8) // a zero length with a checksum: no record
		}
		if n > MaxRecord {
			// No write of this log produces such a length, torn or not: the header itself is corrupt, and what
			// follows cannot be located. Refuse rather than cut acknowledged records (nothing is allocated).
			return seq, off, fmt.Errorf("%w: record %d at offset %d claims %d bytes (max %d)", ErrCorrupt, seq, off, n,
				MaxRecord)
		}
		if off+8+int64(n) > total {
			return seq, off, errTorn
		}
		if fn == nil || seq < from {
			// Counting only: check the CRC without keeping the payload.
			h := crc32.New(crcTable)
			if _, err := io.CopyN(h, r, int64(n)); err != nil {
				return seq, off, errTorn
			}
			if h.Sum32() != binary.BigEndian.Uint32(hdr[4:]) {
				return seq, off, tail(seq, off, off+8+int64(n))
			}
		} else {
			buf := make([]byte, n)
			if _, err := io.ReadFull(r, buf); err != nil {
				return seq, off, errTorn
			}
			if crc32.Checksum(buf, crcTable) != binary.BigEndian.Uint32(hdr[4:]) {
				return seq, off, tail(seq, off, off+8+int64(n))
			}
			if err := fn(seq, buf); err != nil {
				return seq, off, err
			}
		}
		seq++
		off += 8 + int64(n)
	}
	return seq, off, nil
}

// Append writes payload as the next record and syncs it to disk; it returns the record's sequence number.
func (w *WAL) Append(payload []byte) (uint64, error) {
	return w.AppendMany([][]byte{payload})
}

// AppendMany writes several records with one sync (group commit); it returns the first sequence number. Once the
// active segment is full, it starts the next one (a file creation and a directory fsync, once per segment).
func (w *WAL) AppendMany(payloads [][]byte) (uint64, error) {
	first, err := w.Write(payloads)
	if err != nil {
		return 0, err
	}
	if _, err := w.Sync(); err != nil {
		return 0, err
	}
	return first, nil
}

// maxKeptBuffer bounds the write buffer the log keeps for its next Write.
const maxKeptBuffer = 1 << 20

// Write appends records without syncing them: they are durable once a later Sync returns (a pipelined group
// commit: the writer goes on while another goroutine syncs). It returns the first sequence number. A failed write
// leaves the log as it was.
func (w *WAL) Write(payloads [][]byte) (uint64, error) {
	size := 0
	for _, p := range payloads {
		if len(p) > MaxRecord {
			return 0, ErrTooLarge
		}
		if len(p) == 0 { // its header would read as the end of the log
			return 0, ErrEmpty
		}
		size += 8 + len(p)
	}
	w.wmu.Lock()
	defer w.wmu.Unlock()
	buf := w.wbuf[:0]
	if cap(buf) < size {
		buf = make([]byte, 0, size)
	}
	if size <= maxKeptBuffer {
		defer func() { w.wbuf = buf[:0] }()
	}
	for _, p := range payloads {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(p)))
		buf = binary.BigEndian.AppendUint32(buf, crc32.Checksum(p, crcTable))
		buf = append(buf, p...)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return 0, ErrClosed
	}
	if _, err := w.f.Write(buf); err != nil {
		// Put the file back to the last good record so the log stays well-formed.
		_ = w.f.Truncate(w.size)
		_, _ = w.f.Seek(w.size, io.SeekStart)
		return 0, fmt.Errorf("wal: write: %w", err)
	}
	first := w.next
	w.next += uint64(len(payloads))
	w.size += int64(len(buf))
	w.segs[len(w.segs)-1].size = w.size
	return first, nil
}

// Sync makes every record written so far durable and returns the sequence number after the last of them. It does
// not hold the log while the disk syncs, so Write goes on meanwhile. Then, once the active segment is full, it
// starts the next one (the records written meanwhile are synced first).
func (w *WAL) Sync() (uint64, error) {
	w.smu.Lock()
	defer w.smu.Unlock()
	w.mu.Lock()
	f, upTo := w.f, w.next
	w.mu.Unlock()
	if f == nil {
		return 0, ErrClosed
	}
	if !w.cfg.NoSync {
		if err := f.Sync(); err != nil {
			return 0, fmt.Errorf("wal: sync: %w", err)
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == f && w.size >= w.cfg.SegmentBytes {
		if w.next > upTo && !w.cfg.NoSync {
			if err := f.Sync(); err != nil {
				return 0, fmt.Errorf("wal: sync: %w", err)
			}
			upTo = w.next
		}
		// The records are durable already: a failed rotation is retried on the next sync.
		if err := w.rotate(); err != nil {
			w.log.Error("wal: rotate (retried on the next sync)", "err", err)
		}
	}
	return upTo, nil
}

// rotate closes the active segment and starts an empty one at w.next (w.mu held).
func (w *WAL) rotate() error {
	// The closing segment ends at its last record, durably, before the next segment exists: a closed segment that
	// ends on zeros is refused at open. It has a zero tail only when it was preallocated past SegmentBytes (a
	// restart with a smaller SegmentBytes).
	if st, err := w.f.Stat(); err != nil {
		return err
	} else if st.Size() > w.size {
		if err := w.f.Truncate(w.size); err != nil {
			return err
		}
		if !w.cfg.NoSync {
			if err := w.f.Sync(); err != nil {
				return fmt.Errorf("wal: sync: %w", err)
			}
		}
	}
	f, err := os.OpenFile(w.segPath(w.next), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	// The new segment's directory entry is durable before any acknowledged record is written to it.
	if err := w.syncDir(w.cfg.Dir); err != nil {
		f.Close()
		_ = os.Remove(w.segPath(w.next))
		return err
	}
	if err := w.preallocate(f); err != nil {
		f.Close()
		_ = os.Remove(w.segPath(w.next))
		return err
	}
	w.f.Close()
	w.f = f
	w.closedBytes += w.size
	w.segs = append(w.segs, segment{first: w.next})
	w.size = 0
	return nil
}

// Next returns the sequence number the next record will get.
func (w *WAL) Next() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.next
}

// First returns the sequence number of the oldest record kept (= Next when the log is empty).
func (w *WAL) First() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.segs) == 0 {
		return w.next
	}
	return w.segs[0].first
}

// Size returns the bytes of all segments.
func (w *WAL) Size() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closedBytes + w.size
}

// Segments returns the number of segment files.
func (w *WAL) Segments() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.segs)
}

// Truncatable reports whether TruncateBefore(seq) would delete a segment (cheap: no I/O).
func (w *WAL) Truncatable(seq uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.segs) > 1 && w.segs[1].first <= seq
}

// TruncateBefore deletes the closed segments whose records all have sequence numbers < seq; records ≥ seq are
// always kept, and so is the active segment. The caller must only pass a seq that a durable checkpoint covers (a
// restart replays from there). Segments are deleted oldest first, the directory fsynced after each, so a crash
// leaves a contiguous log. It returns the number of segments and bytes deleted. Appends may run meanwhile.
func (w *WAL) TruncateBefore(seq uint64) (int, int64, error) {
	w.tmu.Lock()
	defer w.tmu.Unlock()
	w.mu.Lock()
	if w.f == nil {
		w.mu.Unlock()
		return 0, 0, ErrClosed
	}
	var drop []segment
	for i := 0; i+1 < len(w.segs) && w.segs[i+1].first <= seq; i++ {
		drop = append(drop, w.segs[i])
	}
	w.mu.Unlock()
	var n int
	var bytes int64
	for _, s := range drop {
		// Out of the list first (a replay never opens a file being deleted), back in if the delete fails.
		w.mu.Lock()
		w.segs = w.segs[1:]
		w.closedBytes -= s.size
		w.mu.Unlock()
		if err := os.Remove(w.segPath(s.first)); err != nil && !os.IsNotExist(err) {
			w.mu.Lock()
			w.segs = append([]segment{s}, w.segs...)
			w.closedBytes += s.size
			w.mu.Unlock()
			return n, bytes, fmt.Errorf("wal: delete segment: %w", err)
		}
		if err := w.syncDir(w.cfg.Dir); err != nil {
			return n, bytes, err
		}
		n++
		bytes += s.size
	}
	return n, bytes, nil
}

// Replay calls fn for every record with sequence number ≥ from, in order. It returns ErrTruncated if from is
// before the oldest record kept.
func (w *WAL) Replay(from uint64, fn func(seq uint64, payload []byte) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return ErrClosed
	}
	if from < w.segs[0].first {
		return fmt.Errorf("%w: replay from %d, the log starts at %d", ErrTruncated, from, w.segs[0].first)
	}
	for i, s := range w.segs {
		if i+1 < len(w.segs) && w.segs[i+1].first <= from {
			continue // all below from
		}
		f, err := os.Open(w.segPath(s.first))
		if err != nil {
			return fmt.Errorf("wal: open segment: %w", err)
		}
		_, _, err = scan(f, s.first, from, s.size, fn) // the written part only
		f.Close()
		if err != nil && !(errors.Is(err, errTorn) && i == len(w.segs)-1) {
			return err
		}
	}
	return nil
}

// Close closes the active segment.
func (w *WAL) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	return err
}
