package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/zkperp/zkperp/client/l1"
	"github.com/zkperp/zkperp/contracts"
	"github.com/zkperp/zkperp/contracts/bindings"
)

// The devnet faucet: a DEV-ONLY HTTP endpoint (not part of the node's API) that sends test ETH for gas and mints
// test tokens to an address, paid by the devnet's faucet key. `zkperp faucet --to ADDR` calls it.

// FaucetPath is the faucet's HTTP path: POST a FaucetRequest as JSON, get a FaucetResponse.
const FaucetPath = "/faucet"

// FaucetRequest asks the faucet to fund an address.
type FaucetRequest struct {
	Address string `json:"address"` // 0x-hex Ethereum address
}

// FaucetResponse is what the faucet sent.
type FaucetResponse struct {
	Address string `json:"address"`
	ETH     string `json:"eth"`     // ether sent (decimal)
	Tokens  string `json:"tokens"`  // collateral tokens minted (token units)
	ETHTx   string `json:"ethTx"`   // the transfer's L1 tx hash
	TokenTx string `json:"tokenTx"` // the mint's L1 tx hash
}

// FaucetError is the body of a refused request (HTTP 4xx/5xx).
type FaucetError struct {
	Error string `json:"error"`
}

// Faucet amounts per request.
const (
	FaucetETH    = 10      // ether
	FaucetTokens = 100_000 // tUSD
)

// FaucetConfig configures a faucet handler.
type FaucetConfig struct {
	Backend contracts.Backend
	Key     *ecdsa.PrivateKey // pays the ETH and the gas of the mints
	ChainID *big.Int
	Token   common.Address // the devnet TestToken (anyone may mint)
	Mine    func()         // after each transaction (simulated chains without a block timer)
	Log     *slog.Logger
	// Every is the shortest time between two grants to the same address (0: a minute).
	Every time.Duration
}

type faucet struct {
	cfg    FaucetConfig
	sender *contracts.Sender
	token  *bindings.TestToken
	tokenC *bind.BoundContract
	mu     sync.Mutex // one grant at a time: the faucet key's nonces
	last   map[common.Address]time.Time
}

// NewFaucetHandler returns the faucet's HTTP handler (serve it under FaucetPath).
func NewFaucetHandler(cfg FaucetConfig) (http.Handler, error) {
	if cfg.Backend == nil || cfg.Key == nil || cfg.ChainID == nil || cfg.Token == (common.Address{}) {
		return nil, errors.New("devnet: faucet needs a backend, a key, the chain id and the token")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Every == 0 {
		cfg.Every = time.Minute
	}
	tok := bindings.NewTestToken()
	return &faucet{cfg: cfg, token: tok, tokenC: tok.Instance(cfg.Backend, cfg.Token), last: map[common.Address]time.Time{},
		sender: &contracts.Sender{Backend: cfg.Backend, Opts: bind.NewKeyedTransactor(cfg.Key, cfg.ChainID), Mine: cfg.Mine}}, nil
}

func (f *faucet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reply := func(code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(v)
	}
	if r.Method != http.MethodPost {
		reply(http.StatusMethodNotAllowed, FaucetError{"POST a JSON {\"address\": \"0x...\"}"})
		return
	}
	var req FaucetRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req); err != nil {
		reply(http.StatusBadRequest, FaucetError{fmt.Sprintf("bad request body: %v", err)})
		return
	}
	if !common.IsHexAddress(req.Address) {
		reply(http.StatusBadRequest, FaucetError{fmt.Sprintf("%q is not an Ethereum address", clip(req.Address))})
		return
	}
	to := common.HexToAddress(req.Address)
	res, err := f.grant(r.Context(), to)
	switch {
	case errors.Is(err, errTooSoon):
		reply(http.StatusTooManyRequests, FaucetError{err.Error()})
	case err != nil:
		reply(http.StatusInternalServerError, FaucetError{err.Error()})
	default:
		reply(http.StatusOK, res)
	}
}

var errTooSoon = errors.New("this address was funded less than a minute ago")

func (f *faucet) grant(ctx context.Context, to common.Address) (*FaucetResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t, ok := f.last[to]; ok && time.Since(t) < f.cfg.Every {
		return nil, errTooSoon
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	ethTx, err := f.sendETH(ctx, to, ether(FaucetETH))
	if err != nil {
		return nil, fmt.Errorf("faucet: send ETH: %w", err)
	}
	amt := new(big.Int).Mul(big.NewInt(FaucetTokens), big.NewInt(1_000_000))
	r, err := f.sender.Transact(ctx, f.tokenC, f.token.PackMint(to, amt))
	if err != nil {
		return nil, fmt.Errorf("faucet: mint: %w", err)
	}
	f.last[to] = time.Now()
	f.cfg.Log.Info("faucet funded an address", "to", to, "eth", FaucetETH, "tokens", FaucetTokens)
	return &FaucetResponse{Address: to.Hex(), ETH: fmt.Sprint(FaucetETH), Tokens: fmt.Sprint(FaucetTokens),
		ETHTx: ethTx.Hex(), TokenTx: r.TxHash.Hex()}, nil
}

// sendETH transfers value wei from the faucet key and waits for the receipt.
func (f *faucet) sendETH(ctx context.Context, to common.Address, value *big.Int) (common.Hash, error) {
	from := crypto.PubkeyToAddress(f.cfg.Key.PublicKey)
	nonce, err := f.cfg.Backend.PendingNonceAt(ctx, from)
	if err != nil {
		return common.Hash{}, err
	}
	tip, err := f.cfg.Backend.SuggestGasTipCap(ctx)
	if err != nil {
		return common.Hash{}, err
	}
	head, err := f.cfg.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return common.Hash{}, err
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx, err := types.SignNewTx(f.cfg.Key, types.LatestSignerForChainID(f.cfg.ChainID), &types.DynamicFeeTx{
		ChainID: f.cfg.ChainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: feeCap, Gas: 21_000, To: &to, Value: value})
	if err != nil {
		return common.Hash{}, err
	}
	if err := f.cfg.Backend.SendTransaction(ctx, tx); err != nil {
		return common.Hash{}, err
	}
	if _, err := f.sender.Wait(ctx, tx); err != nil {
		return common.Hash{}, err
	}
	return tx.Hash(), nil
}

func clip(s string) string {
	if len(s) > 48 {
		return s[:48] + "…"
	}
	return s
}

// serveFaucet serves the faucet on f.Faucet, paid by FaucetKey.
func (d *Run) serveFaucet(f Options, out io.Writer) error {
	if f.Faucet == "" {
		return nil
	}
	h, err := NewFaucetHandler(FaucetConfig{Backend: d.l1, Key: FaucetKey(), ChainID: big.NewInt(ChainID),
		Token: d.chain.Token, Log: d.log})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(FaucetPath, h)
	ln, err := net.Listen("tcp", f.Faucet)
	if err != nil {
		return fmt.Errorf("devnet: faucet listen %s: %w", f.Faucet, err)
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	d.stops = append(d.stops, func() { _ = hs.Close() })
	d.addrs["faucet"] = ln.Addr().String()
	fmt.Fprintf(out, "faucet (DEV-ONLY; %d ETH + %d tUSD per request): http://%s  →  zkperp faucet --to ADDRESS\n",
		FaucetETH, FaucetTokens, ln.Addr())
	return nil
}

// FaucetAddr returns the faucet's listen address ("" when not served).
func (d *Run) FaucetAddr() string { return d.addrs["faucet"] }

// printDevAccounts prints the funded dev accounts (keys are public: devnet only) and mints their test tokens, each
// account with its own key, all at once (one L1 block for all). It returns once they are minted, so whoever uses a
// dev account's key next does not race these transactions for its nonce.
func (d *Run) printDevAccounts(ctx context.Context, keys []*ecdsa.PrivateKey, out io.Writer) {
	if len(keys) == 0 {
		return
	}
	fmt.Fprintf(out, "dev accounts (ETH for gas and %d tUSD each; PUBLIC keys, devnet only — export ZKPERP_ETH_KEY=<key>):\n",
		DevAccountTokens)
	for i, k := range keys {
		fmt.Fprintf(out, "  (%d) %s  key 0x%x\n", i, crypto.PubkeyToAddress(k.PublicKey).Hex(), crypto.FromECDSA(k))
	}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, err := l1.NewL1(ctx, l1.L1Config{Backend: d.l1, Key: k, ChainID: big.NewInt(ChainID),
				Rollup: d.chain.Rollup, Token: d.chain.Token, Log: d.log})
			if err == nil {
				_, err = x.Mint(ctx, DevAccountTokens*1_000_000)
			}
			if err != nil && ctx.Err() == nil {
				d.log.Warn("dev account tokens not minted", "address", crypto.PubkeyToAddress(k.PublicKey), "err", err)
			}
		}()
	}
	wg.Wait()
}

// notable prints an event worth seeing on the console (the full log goes to the log handler) and logs it.
func (d *Run) notable(msg string, args ...any) {
	d.log.Info(msg, args...)
	line := fmt.Sprintf("[%4.0fs] %s", time.Since(d.start).Seconds(), msg)
	for i := 0; i+1 < len(args); i += 2 {
		line += fmt.Sprintf(" %v=%v", args[i], args[i+1])
	}
	fmt.Fprintln(d.out, line)
}
