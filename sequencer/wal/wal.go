// Package wal is the node's append-only input log: every acknowledged order, cancel and other input is appended and
// fsynced before the ack, so a restart replays it to exactly the same books and state.
//
// Record framing: length (uint32 BE) ‖ CRC-32C of the payload (uint32 BE) ‖ payload. A torn or corrupt tail (a crash
// mid-write) is cut off at open; a corrupt record followed by valid ones, or a length beyond MaxRecord anywhere, is
// reported as an error, not skipped. A length is checked against MaxRecord and the file size before anything is
// allocated for it.
package wal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"sync"
)

// MaxRecord bounds one record.
const MaxRecord = 16 << 20

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Errors.
var (
	ErrCorrupt  = errors.New("wal: corrupt record")
	ErrTooLarge = errors.New("wal: record too large")
	ErrClosed   = errors.New("wal: closed")
)

// Config configures Open.
type Config struct {
	Path string
	// NoSync skips fsync (tests and benchmarks only: an acknowledged record may then be lost on power failure).
	NoSync bool
}

// WAL is an append-only log. Append is safe for concurrent use.
type WAL struct {
	cfg  Config
	log  *slog.Logger
	mu   sync.Mutex
	f    *os.File
	next uint64 // sequence number of the next record
	size int64
}

// Open opens or creates the log and cuts a torn tail.
func Open(cfg Config, log *slog.Logger) (*WAL, error) {
	if cfg.Path == "" {
		return nil, errors.New("wal: empty path")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f, err := os.OpenFile(cfg.Path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("wal: open: %w", err)
	}
	w := &WAL{cfg: cfg, log: log, f: f}
	n, good, err := scan(f, 0, nil)
	if err != nil && !errors.Is(err, errTorn) {
		f.Close()
		return nil, err
	}
	if st, _ := f.Stat(); st != nil && st.Size() > good {
		log.Warn("wal: cutting torn tail", "path", cfg.Path, "bytes", st.Size()-good)
		if err := f.Truncate(good); err != nil {
			f.Close()
			return nil, fmt.Errorf("wal: truncate torn tail: %w", err)
		}
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	w.next, w.size = n, good
	return w, nil
}

var errTorn = errors.New("wal: torn tail")

// scan reads records from the start, calling fn for those with seq ≥ from; it returns the record count and the
// offset after the last good record. A bad record at the very end is a torn tail (errTorn); elsewhere ErrCorrupt.
func scan(f *os.File, from uint64, fn func(seq uint64, payload []byte) error) (uint64, int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, 0, err
	}
	total := st.Size()
	r := bufio.NewReaderSize(io.NewSectionReader(f, 0, total), 1<<20)
	var seq uint64
	var off int64
	var hdr [8]byte
	for off < total {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return seq, off, errTorn
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		if n > MaxRecord {
			// No write of this log produces such a length, torn or not: the header itself is corrupt, and what
			// follows cannot be located. Refuse rather than cut acknowledged records (nothing is allocated).
			return seq, off, fmt.Errorf("%w: record %d at offset %d claims %d bytes (max %d)", ErrCorrupt, seq, off, n,
				MaxRecord)
		}
		if off+8+int64(n) > total {
			return seq, off, errTorn
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return seq, off, errTorn
		}
		if crc32.Checksum(buf, crcTable) != binary.BigEndian.Uint32(hdr[4:]) {
			if off+8+int64(n) == total {
				return seq, off, errTorn
			}
			return seq, off, fmt.Errorf("%w: record %d at offset %d", ErrCorrupt, seq, off)
		}
		if fn != nil && seq >= from {
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
	seqs, err := w.AppendMany([][]byte{payload})
	if err != nil {
		return 0, err
	}
	return seqs, nil
}

// AppendMany writes several records with one sync (group commit); it returns the first sequence number.
func (w *WAL) AppendMany(payloads [][]byte) (uint64, error) {
	size := 0
	for _, p := range payloads {
		if len(p) > MaxRecord {
			return 0, ErrTooLarge
		}
		size += 8 + len(p)
	}
	buf := make([]byte, 0, size)
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
	if !w.cfg.NoSync {
		if err := w.f.Sync(); err != nil {
			return 0, fmt.Errorf("wal: sync: %w", err)
		}
	}
	first := w.next
	w.next += uint64(len(payloads))
	w.size += int64(len(buf))
	return first, nil
}

// Next returns the sequence number the next record will get (= number of records).
func (w *WAL) Next() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.next
}

// Replay calls fn for every record with sequence number ≥ from, in order.
func (w *WAL) Replay(from uint64, fn func(seq uint64, payload []byte) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return ErrClosed
	}
	_, _, err := scan(w.f, from, fn)
	if errors.Is(err, errTorn) {
		return nil
	}
	return err
}

// Close closes the file.
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
