package blobtx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip4844"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/txpool/blobpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Backend is what the Sender needs from an L1 client; *ethclient.Client and simulated.Client satisfy it.
type Backend interface {
	ChainID(ctx context.Context) (*big.Int, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	EstimateGas(ctx context.Context, call ethereum.CallMsg) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// BlobBaseFeeReader is implemented by *ethclient.Client (eth_blobBaseFee); the Sender uses it for the blob fee
// when SenderConfig.ChainConfig is nil.
type BlobBaseFeeReader interface {
	BlobBaseFee(ctx context.Context) (*big.Int, error)
}

// SidecarRecorder keeps the sidecars the Sender submits (a devnet's stand-in for the beacon chain's blob
// storage: internal/beacon.Store).
type SidecarRecorder interface {
	RecordSidecar(sc *types.BlobTxSidecar) error
}

// Typed errors of Send. Errors from the backend are wrapped too (errors.Is sees both).
var (
	ErrInvalidSidecar = errors.New("blobtx: invalid sidecar")
	ErrPricing        = errors.New("blobtx: cannot price the transaction")
	ErrEstimate       = errors.New("blobtx: gas estimation failed") // typically: the call would revert
	ErrRecord         = errors.New("blobtx: recording the sidecar failed")
	ErrSend           = errors.New("blobtx: sending the transaction failed")
	ErrReverted       = errors.New("blobtx: transaction reverted")
	ErrNotIncluded    = errors.New("blobtx: transaction not included")
	ErrNonceConsumed  = errors.New("blobtx: nonce consumed by another transaction")
)

// SenderConfig configures a Sender. Zero values take the defaults given.
type SenderConfig struct {
	// ChainConfig, if set, prices blob gas from the latest header: the next block's excess blob gas
	// (eip4844.CalcExcessBlobGas) and eip4844.CalcBlobFee. If nil the backend must implement BlobBaseFeeReader
	// (eth_blobBaseFee).
	ChainConfig *params.ChainConfig
	// GasLimit fixes the gas limit; 0 estimates it (eth_estimateGas with the blob hashes) plus GasMarginPercent.
	GasLimit uint64
	// GasMarginPercent is added to the estimate (default 20).
	GasMarginPercent uint64
	// MinTipCap is a floor for the priority fee (default none: eth_maxPriorityFeePerGas as is).
	MinTipCap *big.Int
	// FeeCapFactor: fee cap = FeeCapFactor × latest base fee + tip (default 2).
	FeeCapFactor uint64
	// BlobFeeCapFactor: blob fee cap = BlobFeeCapFactor × next block's blob base fee (default 2), at least 1 wei.
	BlobFeeCapFactor uint64
	// InitialBlobFeeCap, if set, is the first attempt's blob fee cap instead of the market price (tests force a
	// stuck transaction with it).
	InitialBlobFeeCap *big.Int
	// MaxFeeCap and MaxBlobFeeCap bound the caps replacements may reach (nil: unbounded). A replacement that
	// would exceed them is not sent; the Sender keeps waiting for the last one.
	MaxFeeCap, MaxBlobFeeCap *big.Int
	// PriceBump is the percentage each of the tip, fee cap and blob fee cap of a replacement exceeds the
	// replaced transaction's by (default blobpool.DefaultConfig.PriceBump = 100: geth's blob pool requires every
	// one of the three to be at least doubled).
	PriceBump uint64
	// ResubmitAfter is how long a transaction may stay pending before it is replaced (default 36s, 3 slots).
	ResubmitAfter time.Duration
	// PollInterval is the receipt polling interval (default 500ms).
	PollInterval time.Duration
	// MaxReplacements bounds the replacements of one Send (default 5); after it the Sender keeps waiting.
	MaxReplacements int
	// Recorder, if set, gets each sidecar before it is sent.
	Recorder SidecarRecorder
}

func (c *SenderConfig) withDefaults() SenderConfig {
	cfg := *c
	if cfg.GasMarginPercent == 0 {
		cfg.GasMarginPercent = 20
	}
	if cfg.FeeCapFactor == 0 {
		cfg.FeeCapFactor = 2
	}
	if cfg.BlobFeeCapFactor == 0 {
		cfg.BlobFeeCapFactor = 2
	}
	if cfg.PriceBump == 0 {
		cfg.PriceBump = blobpool.DefaultConfig.PriceBump
	}
	if cfg.ResubmitAfter == 0 {
		cfg.ResubmitAfter = 36 * time.Second
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 500 * time.Millisecond
	}
	if cfg.MaxReplacements == 0 {
		cfg.MaxReplacements = 5
	}
	return cfg
}

// Sender sends blob transactions from one account and waits for their inclusion, replacing a transaction that
// stays pending. The account should send nothing but blob transactions: geth's blob pool refuses blob
// transactions from an account with pending non-blob ones and vice versa. Send calls are serialised.
type Sender struct {
	log     *slog.Logger
	cfg     SenderConfig
	backend Backend
	signer  *bind.TransactOpts

	mu      sync.Mutex
	chainID *big.Int
}

// NewSender returns a Sender for backend that signs with signer (From and Signer are used, e.g. from
// bind.NewKeyedTransactor).
func NewSender(logger *slog.Logger, cfg SenderConfig, backend Backend, signer *bind.TransactOpts) (*Sender, error) {
	if logger == nil {
		return nil, errors.New("blobtx: nil logger")
	}
	if backend == nil || signer == nil || signer.Signer == nil {
		return nil, errors.New("blobtx: a backend and a signer are required")
	}
	if cfg.ChainConfig == nil {
		if _, ok := backend.(BlobBaseFeeReader); !ok {
			return nil, fmt.Errorf("%w: no ChainConfig and the backend has no BlobBaseFee", ErrPricing)
		}
	}
	return &Sender{log: logger, cfg: cfg.withDefaults(), backend: backend, signer: signer}, nil
}

// From returns the sending account.
func (s *Sender) From() common.Address { return s.signer.From }

// Result is the outcome of Send.
type Result struct {
	Tx      *types.Transaction   // the included transaction (with its sidecar)
	Receipt *types.Receipt       // its receipt
	Sent    []*types.Transaction // every version sent (the original, then each replacement)
}

// prices are the fee parameters of one attempt.
type prices struct {
	tip, feeCap, blobFeeCap *big.Int
}

// Send sends a blob transaction calling to with data and carrying sc, waits until it (or one of its
// replacements) is included and returns its receipt; a mined transaction that failed gives the Result and
// ErrReverted. It returns when ctx ends (ErrNotIncluded wrapping ctx's error) with the versions sent so far.
func (s *Sender) Send(ctx context.Context, to common.Address, data []byte, sc *types.BlobTxSidecar) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := checkSidecar(sc); err != nil {
		return nil, err
	}
	if s.chainID == nil {
		id, err := s.backend.ChainID(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w: chain id: %w", ErrSend, err)
		}
		s.chainID = id
	}
	hashes := sc.BlobHashes()
	if s.cfg.Recorder != nil {
		if err := s.cfg.Recorder.RecordSidecar(sc); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrRecord, err)
		}
	}
	nonce, err := s.backend.PendingNonceAt(ctx, s.signer.From)
	if err != nil {
		return nil, fmt.Errorf("%w: nonce: %w", ErrSend, err)
	}
	p, err := s.market(ctx)
	if err != nil {
		return nil, err
	}
	gas := s.cfg.GasLimit
	if gas == 0 {
		est, err := s.backend.EstimateGas(ctx, ethereum.CallMsg{From: s.signer.From, To: &to, Data: data,
			GasTipCap: p.tip, GasFeeCap: p.feeCap, BlobGasFeeCap: p.blobFeeCap, BlobHashes: hashes})
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrEstimate, err)
		}
		gas = est + est*s.cfg.GasMarginPercent/100
	}
	if s.cfg.InitialBlobFeeCap != nil { // after the estimate, which checks the caps against the current prices
		p.blobFeeCap = new(big.Int).Set(s.cfg.InitialBlobFeeCap)
	}
	res := &Result{}
	tx, err := s.sign(nonce, gas, to, data, hashes, sc, p)
	if err != nil {
		return nil, err
	}
	if err := s.backend.SendTransaction(ctx, tx); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSend, err)
	}
	res.Sent = append(res.Sent, tx)
	s.log.Info("blob tx sent", "hash", tx.Hash(), "nonce", nonce, "blobs", len(hashes), "gas", gas,
		"tip", p.tip, "feeCap", p.feeCap, "blobFeeCap", p.blobFeeCap)

	last, lastSent := p, time.Now()
	tick := time.NewTicker(s.cfg.PollInterval)
	defer tick.Stop()
	for {
		if r := s.receipt(ctx, res.Sent); r != nil {
			for _, t := range res.Sent {
				if t.Hash() == r.TxHash {
					res.Tx = t
				}
			}
			res.Receipt = r
			if r.Status != types.ReceiptStatusSuccessful {
				return res, fmt.Errorf("%w: %s in block %d", ErrReverted, r.TxHash, r.BlockNumber)
			}
			s.log.Info("blob tx included", "hash", r.TxHash, "block", r.BlockNumber, "gasUsed", r.GasUsed,
				"blobGasUsed", r.BlobGasUsed, "replacements", len(res.Sent)-1)
			return res, nil
		}
		if time.Since(lastSent) >= s.cfg.ResubmitAfter && len(res.Sent) <= s.cfg.MaxReplacements {
			mined, err := s.backend.NonceAt(ctx, s.signer.From, nil)
			if err == nil && mined > nonce {
				// The nonce is used: ours (its receipt not yet visible) or another transaction's.
				if r := s.receipt(ctx, res.Sent); r == nil {
					return res, fmt.Errorf("%w: nonce %d", ErrNonceConsumed, nonce)
				}
				continue
			}
			next, err := s.replacement(ctx, last)
			switch {
			case err != nil:
				s.log.Warn("blob tx: no replacement", "nonce", nonce, "err", err)
			default:
				rtx, err := s.sign(nonce, gas, to, data, hashes, sc, next)
				if err != nil {
					return res, err
				}
				err = s.backend.SendTransaction(ctx, rtx)
				switch {
				case err == nil || strings.Contains(err.Error(), txpool.ErrAlreadyKnown.Error()):
					res.Sent = append(res.Sent, rtx)
					last = next
					s.log.Info("blob tx replaced", "old", res.Sent[len(res.Sent)-2].Hash(), "new", rtx.Hash(),
						"nonce", nonce, "tip", next.tip, "feeCap", next.feeCap, "blobFeeCap", next.blobFeeCap)
				default:
					s.log.Warn("blob tx replacement refused", "nonce", nonce, "err", err)
				}
			}
			lastSent = time.Now()
		}
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("%w: nonce %d after %d versions: %w", ErrNotIncluded, nonce, len(res.Sent), ctx.Err())
		case <-tick.C:
		}
	}
}

// checkSidecar checks the sidecar's shape (the blob pool checks the proofs).
func checkSidecar(sc *types.BlobTxSidecar) error {
	if sc == nil {
		return fmt.Errorf("%w: nil", ErrInvalidSidecar)
	}
	n := len(sc.Blobs)
	if n == 0 || n > MaxBlobsPerTx || len(sc.Commitments) != n {
		return fmt.Errorf("%w: %d blobs, %d commitments", ErrInvalidSidecar, n, len(sc.Commitments))
	}
	want := n
	if sc.Version == types.BlobSidecarVersion1 {
		want = n * kzg4844.CellProofsPerBlob
	} else if sc.Version != types.BlobSidecarVersion0 {
		return fmt.Errorf("%w: version %d", ErrInvalidSidecar, sc.Version)
	}
	if len(sc.Proofs) != want {
		return fmt.Errorf("%w: %d proofs for %d blobs (version %d)", ErrInvalidSidecar, len(sc.Proofs), n, sc.Version)
	}
	return nil
}

// receipt returns the receipt of whichever of txs is mined, or nil.
func (s *Sender) receipt(ctx context.Context, txs []*types.Transaction) *types.Receipt {
	for i := len(txs) - 1; i >= 0; i-- {
		r, err := s.backend.TransactionReceipt(ctx, txs[i].Hash())
		if err == nil && r != nil {
			return r
		}
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			s.log.Debug("blob tx receipt", "hash", txs[i].Hash(), "err", err)
		}
	}
	return nil
}

// sign builds and signs the type-3 transaction.
func (s *Sender) sign(nonce, gas uint64, to common.Address, data []byte, hashes []common.Hash, sc *types.BlobTxSidecar, p prices) (*types.Transaction, error) {
	u := func(x *big.Int) *uint256.Int { v, _ := uint256.FromBig(x); return v }
	for _, x := range []*big.Int{p.tip, p.feeCap, p.blobFeeCap} {
		if x.Sign() < 0 || x.BitLen() > 256 {
			return nil, fmt.Errorf("%w: fee %v out of range", ErrPricing, x)
		}
	}
	inner := &types.BlobTx{
		ChainID:    u(s.chainID),
		Nonce:      nonce,
		GasTipCap:  u(p.tip),
		GasFeeCap:  u(p.feeCap),
		Gas:        gas,
		To:         to,
		Value:      new(uint256.Int),
		Data:       data,
		BlobFeeCap: u(p.blobFeeCap),
		BlobHashes: hashes,
		Sidecar:    sc,
	}
	tx, err := s.signer.Signer(s.signer.From, types.NewTx(inner))
	if err != nil {
		return nil, fmt.Errorf("%w: sign: %w", ErrSend, err)
	}
	return tx, nil
}

// market prices a transaction for the next block: tip from eth_maxPriorityFeePerGas (at least MinTipCap), fee
// cap FeeCapFactor × base fee + tip, blob fee cap BlobFeeCapFactor × the next block's blob base fee.
func (s *Sender) market(ctx context.Context) (prices, error) {
	head, err := s.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return prices{}, fmt.Errorf("%w: latest header: %w", ErrPricing, err)
	}
	if head.BaseFee == nil {
		return prices{}, fmt.Errorf("%w: header %d has no base fee", ErrPricing, head.Number)
	}
	tip, err := s.backend.SuggestGasTipCap(ctx)
	if err != nil {
		return prices{}, fmt.Errorf("%w: tip: %w", ErrPricing, err)
	}
	if s.cfg.MinTipCap != nil && tip.Cmp(s.cfg.MinTipCap) < 0 {
		tip = new(big.Int).Set(s.cfg.MinTipCap)
	}
	feeCap := new(big.Int).Mul(head.BaseFee, new(big.Int).SetUint64(s.cfg.FeeCapFactor))
	feeCap.Add(feeCap, tip)
	blobFee, err := s.blobBaseFee(ctx, head)
	if err != nil {
		return prices{}, err
	}
	blobFeeCap := new(big.Int).Mul(blobFee, new(big.Int).SetUint64(s.cfg.BlobFeeCapFactor))
	if blobFeeCap.Sign() <= 0 {
		blobFeeCap.SetInt64(params.BlobTxMinBlobGasprice)
	}
	return prices{tip: tip, feeCap: feeCap, blobFeeCap: blobFeeCap}, nil
}

// blobBaseFee is the blob base fee of the block after head.
func (s *Sender) blobBaseFee(ctx context.Context, head *types.Header) (*big.Int, error) {
	cc := s.cfg.ChainConfig
	if cc == nil {
		f, err := s.backend.(BlobBaseFeeReader).BlobBaseFee(ctx)
		if err != nil {
			return nil, fmt.Errorf("%w: eth_blobBaseFee: %w", ErrPricing, err)
		}
		return f, nil
	}
	next := head.Time + 1
	// The eip4844 helpers panic without a blob schedule for the fork; MaxBlobsPerBlock is 0 exactly then.
	if head.ExcessBlobGas == nil || head.BlobGasUsed == nil || eip4844.MaxBlobsPerBlock(cc, head.Time) == 0 ||
		eip4844.MaxBlobsPerBlock(cc, next) == 0 || !cc.IsCancun(head.Number, next) {
		return nil, fmt.Errorf("%w: no blob gas market at block %d (not Cancun, or no blob schedule)", ErrPricing, head.Number)
	}
	excess := eip4844.CalcExcessBlobGas(cc, head, next)
	return eip4844.CalcBlobFee(cc, &types.Header{Number: new(big.Int).Add(head.Number, common.Big1), Time: next,
		ExcessBlobGas: &excess}), nil
}

// replacement prices the replacement of a transaction priced last: each of tip, fee cap and blob fee cap is
// the larger of the current market price and last's raised by PriceBump percent (rounded up, and at least
// last + 1), which is what geth's blob pool requires of a same-nonce replacement.
func (s *Sender) replacement(ctx context.Context, last prices) (prices, error) {
	m, err := s.market(ctx)
	if err != nil {
		return prices{}, err
	}
	next := prices{tip: s.bump(last.tip, m.tip), feeCap: s.bump(last.feeCap, m.feeCap), blobFeeCap: s.bump(last.blobFeeCap, m.blobFeeCap)}
	if next.feeCap.Cmp(next.tip) < 0 {
		next.feeCap = new(big.Int).Set(next.tip)
	}
	if s.cfg.MaxFeeCap != nil && next.feeCap.Cmp(s.cfg.MaxFeeCap) > 0 {
		return prices{}, fmt.Errorf("%w: fee cap %v over the maximum %v", ErrPricing, next.feeCap, s.cfg.MaxFeeCap)
	}
	if s.cfg.MaxBlobFeeCap != nil && next.blobFeeCap.Cmp(s.cfg.MaxBlobFeeCap) > 0 {
		return prices{}, fmt.Errorf("%w: blob fee cap %v over the maximum %v", ErrPricing, next.blobFeeCap, s.cfg.MaxBlobFeeCap)
	}
	return next, nil
}

// bump returns max(market, ⌈old × (100+PriceBump)/100⌉, old+1).
func (s *Sender) bump(old, market *big.Int) *big.Int {
	hundred := big.NewInt(100)
	b := new(big.Int).Mul(old, new(big.Int).SetUint64(100+s.cfg.PriceBump))
	b.Add(b, big.NewInt(99))
	b.Div(b, hundred)
	if min := new(big.Int).Add(old, common.Big1); b.Cmp(min) < 0 {
		b = min
	}
	if market.Cmp(b) > 0 {
		return new(big.Int).Set(market)
	}
	return b
}
