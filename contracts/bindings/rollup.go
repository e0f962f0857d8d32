// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// LeavesMarket is an auto generated low-level Go binding around an user-defined struct.
type LeavesMarket struct {
	Params *big.Int
	Mstate *big.Int
	Funds  *big.Int
}

// RollupConfig is an auto generated low-level Go binding around an user-defined struct.
type RollupConfig struct {
	Verifier              common.Address
	Token                 common.Address
	Oracle                common.Address
	Sequencer             common.Address
	GenesisRoot           *big.Int
	GenesisTime           uint32
	AccountDepth          uint8
	PositionDepth         uint8
	Slots                 uint32
	OracleBandBps         uint16
	OracleMaxAge          uint32
	ForcedWithdrawalDelay uint64
	ForcedDelayInBlocks   bool
	MaxBatchAge           uint32
	MinDeposit            uint64
	ForcedRequestFee      *big.Int
	MaxPendingPriority    uint32
	PriorityInterval      uint32
	ExodusClaimWindow     uint32
	BlobMode              bool
}

// RollupExitProof is an auto generated low-level Go binding around an user-defined struct.
type RollupExitProof struct {
	Account         uint32
	PkX             *big.Int
	PkY             *big.Int
	Nonce           uint32
	Free            uint64
	OrdersRoot      *big.Int
	AccountSiblings []*big.Int
	Positions       []*big.Int
	Markets         []LeavesMarket
}

// RollupMetaData contains all meta data concerning the Rollup contract.
var RollupMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"oracle\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"sequencer\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"genesisTime\",\"type\":\"uint32\"},{\"internalType\":\"uint8\",\"name\":\"accountDepth\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"positionDepth\",\"type\":\"uint8\"},{\"internalType\":\"uint32\",\"name\":\"slots\",\"type\":\"uint32\"},{\"internalType\":\"uint16\",\"name\":\"oracleBandBps\",\"type\":\"uint16\"},{\"internalType\":\"uint32\",\"name\":\"oracleMaxAge\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"forcedWithdrawalDelay\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"forcedDelayInBlocks\",\"type\":\"bool\"},{\"internalType\":\"uint32\",\"name\":\"maxBatchAge\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"minDeposit\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"forcedRequestFee\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"maxPendingPriority\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"priorityInterval\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"exodusClaimWindow\",\"type\":\"uint32\"},{\"internalType\":\"bool\",\"name\":\"blobMode\",\"type\":\"bool\"}],\"internalType\":\"structRollup.Config\",\"name\":\"c\",\"type\":\"tuple\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccountTreeFull\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"AlreadyExited\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadBlobOpening\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"window\",\"type\":\"uint32\"}],\"name\":\"BadClaimWindow\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadConfig\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"delay\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"inBlocks\",\"type\":\"bool\"}],\"name\":\"BadDelay\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"BadForcedFee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"BadLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"BadMarket\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"maxBatchAge\",\"type\":\"uint32\"}],\"name\":\"BadMaxBatchAge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"maxPending\",\"type\":\"uint32\"}],\"name\":\"BadMaxPending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"wait\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"maxDelay\",\"type\":\"uint64\"}],\"name\":\"BadMaxWait\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"minDeposit\",\"type\":\"uint64\"}],\"name\":\"BadMinDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint16\",\"name\":\"bps\",\"type\":\"uint16\"}],\"name\":\"BadOracleBand\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"maxAge\",\"type\":\"uint32\"}],\"name\":\"BadOracleMaxAge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"interval\",\"type\":\"uint32\"}],\"name\":\"BadPriorityInterval\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"BadPubdataLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"last\",\"type\":\"uint64\"}],\"name\":\"BatchTimeBeforePrevious\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchTime\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"now\",\"type\":\"uint256\"}],\"name\":\"BatchTimeInFuture\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchTime\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"now\",\"type\":\"uint256\"}],\"name\":\"BatchTooOld\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BlobOpeningInvalid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"until\",\"type\":\"uint64\"}],\"name\":\"ClaimWindowClosed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"until\",\"type\":\"uint64\"}],\"name\":\"ClaimWindowOpen\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"DeadlineNotReached\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"deposited\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DepositCapExceeded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"needed\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"available\",\"type\":\"uint64\"}],\"name\":\"DepositQueueShort\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"received\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"minimum\",\"type\":\"uint64\"}],\"name\":\"DepositTooSmall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"DuplicateMark\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ExodusActive\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"FeesAlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"ForcedClosePending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"ForcedWithdrawalPending\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"KeyMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint256\",\"name\":\"mark\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"oracle\",\"type\":\"int256\"}],\"name\":\"MarkPriceOutOfBand\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"roundId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"last\",\"type\":\"uint64\"}],\"name\":\"MarkRoundBackwards\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"roundId\",\"type\":\"uint64\"}],\"name\":\"MarkRoundFuture\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"roundId\",\"type\":\"uint64\"}],\"name\":\"MarkRoundNotLatest\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoBlob\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoPendingPriorityOp\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"NonCanonical\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotInExodus\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"}],\"name\":\"NotRefundable\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"OracleInvalid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint256\",\"name\":\"updatedAt\",\"type\":\"uint256\"}],\"name\":\"OracleStale\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"pending\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"maxPending\",\"type\":\"uint32\"}],\"name\":\"PriorityQueueFull\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Reentrancy\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"computed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"stored\",\"type\":\"uint256\"}],\"name\":\"RootMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"TokenHasNoCode\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UnknownAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"sent\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"WrongForcedFee\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"}],\"name\":\"AccountRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"oldRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"newRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"depositCursor\",\"type\":\"uint64\"}],\"name\":\"BatchVerified\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"queueHash\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"}],\"name\":\"DepositQueued\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"DepositRefunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"ExitPaid\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Exited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"stateRoot\",\"type\":\"uint256\"}],\"name\":\"ExodusActivated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"pool\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"totalClaims\",\"type\":\"uint256\"}],\"name\":\"ExodusPoolFixed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"FeeClaimPaid\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"FeeClaimRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"FeesClaimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"ForcedCloseRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"}],\"name\":\"ForcedCloseServed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"ForcedFeeRefunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"deadline\",\"type\":\"uint64\"}],\"name\":\"ForcedWithdrawalRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"}],\"name\":\"ForcedWithdrawalServed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"WithdrawalCredited\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_ACCOUNT_DEPOSITS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_BATCH_AGE\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CLAIM_WINDOW\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_DELAY_BLOCKS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_DELAY_SECONDS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_FORCED_FEE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ORACLE_BAND_BPS\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ORACLE_MAX_AGE\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_PENDING_LIMIT\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_BATCH_AGE\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_CLAIM_WINDOW\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_DELAY_BLOCKS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_DELAY_SECONDS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_ORACLE_MAX_AGE\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"accountDepth\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"accountOf\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"accounts\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"index\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"deposited\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"activateExodus\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchNumber\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"blobMode\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claimFees\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claimWindowEnd\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositCursor\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"depositHashAt\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"depositHead\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domain\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"},{\"internalType\":\"uint32\",\"name\":\"nonce\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"free\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"ordersRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256[]\",\"name\":\"accountSiblings\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"positions\",\"type\":\"uint256[]\"},{\"components\":[{\"internalType\":\"uint256\",\"name\":\"params\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"mstate\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"funds\",\"type\":\"uint256\"}],\"internalType\":\"structLeaves.Market[]\",\"name\":\"markets\",\"type\":\"tuple[]\"}],\"internalType\":\"structRollup.ExitProof\",\"name\":\"p\",\"type\":\"tuple\"}],\"name\":\"exit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"name\":\"exitClaim\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"name\":\"exited\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"exodus\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"exodusClaimWindow\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"exodusPool\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"feeClaim\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"feeClaimRegistered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"feesEarned\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"},{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"name\":\"forcedCloseDeadline\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"name\":\"forcedDeadline\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"forcedDelayInBlocks\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"forcedRequestFee\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"forcedWithdrawalDelay\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastBatchTime\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"name\":\"lastMarkRound\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"maxBatchAge\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"maxPendingPriority\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minDeposit\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextAccount\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"x\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"y\",\"type\":\"uint256\"}],\"name\":\"onCurve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"oracle\",\"outputs\":[{\"internalType\":\"contractIPriceOracle\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"oracleBandBps\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"oracleMaxAge\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"payout\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"payoutFees\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pendingDepositAmount\",\"outputs\":[{\"internalType\":\"uint128\",\"name\":\"\",\"type\":\"uint128\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"pendingDeposits\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"deadline\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pendingForcedExits\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"poolFixed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"positionDepth\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"priorityInterval\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"queueIndex\",\"type\":\"uint64\"}],\"name\":\"refundDeposit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"accountsRoot\",\"type\":\"uint256\"},{\"components\":[{\"internalType\":\"uint256\",\"name\":\"params\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"mstate\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"funds\",\"type\":\"uint256\"}],\"internalType\":\"structLeaves.Market[]\",\"name\":\"markets\",\"type\":\"tuple[]\"}],\"name\":\"registerFeeClaim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"requestForcedClose\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"pkX\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"pkY\",\"type\":\"uint256\"}],\"name\":\"requestForcedWithdrawal\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slots\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"stateRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"newRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"batchTime\",\"type\":\"uint64\"},{\"internalType\":\"uint256[]\",\"name\":\"pubdata\",\"type\":\"uint256[]\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"blob\",\"type\":\"bytes\"}],\"name\":\"submitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalClaimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalClaims\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIPlonkVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x6102e06040526001805463ffffffff60c01b1916600160c01b179055348015610026575f5ffd5b50604051617a22380380617a22833981016040819052610045916117c8565b80516001600160a01b03161580610067575060208101516001600160a01b0316155b8061007d575060408101516001600160a01b0316155b80610093575060608101516001600160a01b0316155b806100a3575060c081015160ff16155b806100b5575060208160c0015160ff16115b806100c5575060e081015160ff16155b806100d7575060088160e0015160ff16115b806100eb575061010081015163ffffffff16155b8061010757505f516020617a025f395f51905f52816080015110155b15610125576040516301f30c8760e21b815260040160405180910390fd5b80602001516001600160a01b03163b5f0361016957602081015160405163d0b1b2a760e01b81526001600160a01b0390911660048201526024015b60405180910390fd5b8061018001516101b757603c6001600160401b03168161016001516001600160401b031610806101b2575062278d006001600160401b03168161016001516001600160401b0316115b6101f6565b60056001600160401b03168161016001516001600160401b031610806101f6575062034bc06001600160401b03168161016001516001600160401b0316115b156102335761016081015161018082015160405163cd34c44160e01b81526001600160401b03909216600483015215156024820152604401610160565b61022081015163ffffffff16158061026357508061016001516001600160401b031681610220015163ffffffff16115b15610290576102208101516040516332bf449d60e11b815263ffffffff9091166004820152602401610160565b61020081015163ffffffff1615806102bb57506201000063ffffffff1681610200015163ffffffff16115b156102e857610200810151604051632c4b505360e01b815263ffffffff9091166004820152602401610160565b5f81610220015163ffffffff1682610200015163ffffffff1661030b9190611955565b8261016001516001600160401b03166103249190611972565b90505f82610180015161033a5762278d0061033f565b62034bc05b9050806001600160401b031682111561037d57604051636b979f9960e11b8152600481018390526001600160401b0382166024820152604401610160565b505061012081015161ffff1615806103a357506109c461ffff1681610120015161ffff16115b156103ce5761012081015160405163df2ba47f60e01b815261ffff9091166004820152602401610160565b603c63ffffffff1681610140015163ffffffff16108061040157506202a30063ffffffff1681610140015163ffffffff16115b1561042e57610140810151604051630ede27fb60e01b815263ffffffff9091166004820152602401610160565b61025863ffffffff16816101a0015163ffffffff161080610462575062093a8063ffffffff16816101a0015163ffffffff16115b1561048f576101a081015160405163e9fa29a560e01b815263ffffffff9091166004820152602401610160565b6101c08101516001600160401b031615806104c857506780000000000000006001600160401b0316816101c001516001600160401b0316115b156104f8576101c08101516040516354fb6ba160e11b81526001600160401b039091166004820152602401610160565b670de0b6b3a7640000816101e00151111561052f57806101e00151604051635963930360e01b815260040161016091815260200190565b603c63ffffffff1681610240015163ffffffff1610806105625750624f1a0063ffffffff1681610240015163ffffffff16115b1561058f5761024081015160405163fb19d16760e01b815263ffffffff9091166004820152602401610160565b600181516001600160a01b0390811660809081526020840151821660a09081526040850151831660c0908152606086015190931660e09081529285015160ff90811661010090815293860151166101209081529285015163ffffffff9081166101409081526102608088015115156102a0529487015161ffff16610160908152908701518216610180908152908701516001600160401b039081166101a09081529188015115156101c09081529188015183166101e090815291880151166102009081529087015161022090815290870151821661024090815290870151821690945292850151831661028052908401515f55830151600a8054600160401b600160801b0319169190921668010000000000000000021790556106b246306106be565b6102c052506119859050565b5f516020617a025f395f51905f52918290069190819006905f908284018085018185017f1da4d6adfb0d0b494584f763db50a81908580a5f5e295e168b9b8d31770fac4f82017f0946129a2e33b4e819707a56a3b3790eab80d0a0c7a0c63451fab2a59acc074c82018686838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f2a39b9d5376afd35580abd6952986570867b87303b07140268794dad4b8f82ea8301907f27605717d1245c20c546b3c7014e5fa3e4a70e66ecd6de5d32448eea5e3069b283019086838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f24c896cb2594e17b973653193a470ed7e771ebb09a228d638e50809c037736328301907f0911096c45dd9cda0d61d783957003db6d8701c7869a919ad8042e1b7d597a49830190868380099050868388838409099250868283099050868288838409098381019650928601945085830187900693507f26ff6166f1e4b99e27eee6d352a8ce26f1daba01aad28021f11f38a70603afdc850192915086838009905086838883840909925083838401019450868460030284010693507e8e2faedcf76d08ad6591ff90e50fea79bcb5e18cfb7d954d5b89437bf64b7e8501925086838409905086838883840909925083838401019450868460030284010693507f19c9da2379b598ace3ad4d1872470830f6184a3cec71eeb632f98820eb353d788501925086838409905086838883840909925083838401019450868460030284010693507f0f7c4eb15d8b0b62a8f6a090ec9610a2ab3dfcdb57e2539aa459a40583dfe96b8501925086838409905086838883840909925083838401019450868460030284010693507f18b99417dc26b5e079750eba282362d1d46900b47dd5ff809171588b08ac39838501925086838409905086838883840909925083838401019450868460030284010693507f1ee044081160b3eee2d4493feab82141c73f1c054b76320a8848af08a8d91a268501925086838409905086838883840909925083838401019450868460030284010693507f29bb95c8763efd3e0e87f5df12ee8a150455b6d7a14780d19122220366c258dc8501925086838409905086838883840909925083838401019450868460030284010693507f22c23eec9cb13ff8a3ee9a363d740653215e8991f7f9ec12067b4705e9a5c9fb8501925086838409905086838883840909925083838401019450868460030284010693507f23589e033a31a667680c8b18926c3be09115c7644c4f905cc7deefc1690b42dc8501925086838409905086838883840909925083838401019450868460030284010693507f304e99b887f2e1e92c9c0cde5f2bdd4764f60b98a219f1f0dd64ec938a6a247c8501925086838409905086838883840909925083838401019450868460030284010693507f22e817865236ad3a76fbe88bbdf31fcae792f326271d53a3a493b2de7f7d8b4c8501925086838409905086838883840909925083838401019450868460030284010693507f10c9efe573e86fa5b238a3f5c70a00bf02bc7dcfcc4878e026b77c881dc8b1c98501925086838409905086838883840909925083838401019450868460030284010693507f0a94f16be920d85f4d6f80e745c6bddbc084f309edffef023ea283c72b89bbb68501925086838409905086838883840909925083838401019450868460030284010693507f23ed72b4d01d14e3c7888fedb770494abc2c1ea81d6465b5df3da0ebcd69101a8501925086838409905086838883840909925083838401019450868460030284010693507f17c5115640e4cebeed0e6cbb511ac38498df815a77cb162de8d8f1022eb6bb748501925086838409905086838883840909925083838401019450868460030284010693507f2e507fcca290d0d9cf765245750eb04773e09e1fc813959fb99680a82772e4fc8501925086838409905086838883840909925083838401019450868460030284010693507f0d4a98999f5b39176af6cce65c8d12162433f055cb71d70dfc8803013292bbbf8501925086838409905086838883840909925083838401019450868460030284010693507f238d8022cc09c21ab3c01261a03dc125321d829e22a7a3b7a1bd3c335eccfa218501925086838409905086838883840909925083838401019450868460030284010693507f010cd8e4c2b7051cb81dc8292e35d8e943ce365613d5b39770e454ed9f4ae1658501925086838409905086838883840909925083838401019450868460030284010693507f088027e54f2a3604b11178cf0ea3c6aa861173a90fb231238e03539590ecc0278501925086838409905086838883840909925083838401019450868460030284010693507f1b840f5311a2b1d4b4cd7aa7e5a9a6d161165468daa938108302b73e464819db8501925086838409905086838883840909925083838401019450868460030284010693507f2bf51a5da1828a1cf9b764b1e16c15929a3a346e44198ea0cb366fcd8db78dc18501925086838409905086838883840909925083838401019450868460030284010693507f206ad089d8d296ffe68a6a86767a7fe726b8872f9c7beef9d56a3a50f6f238278501925086838409905086838883840909925083838401019450868460030284010693507f24d19193171494fa1a54e0a99ac16d05eaec4b6d617c7c199fc07ff88eac550c8501925086838409905086838883840909925083838401019450868460030284010693507f1dd654a2ca9d9f24f33d88246a40dfb32c40662278b9c0b995d9f9fbaf1521388501925086838409905086838883840909925083838401019450868460030284010693507f0d171025c925f6e259d20ecbd3a601108c85f05b0fe7793b8acf57f3789785e48501925086838409905086838883840909925083838401019450868460030284010693507f055bef435a43aec245cd99ccb0f7c8791d9e8cf2b80d95dd98b9908fed877d558501925086838409905086838883840909925083838401019450868460030284010693507f10d2ac8c61c8a2e88a2a3f42d9359a14be63d0ad4cfd9f203b75765d0e595f0e8501925086838409905086838883840909925083838401019450868460030284010693507f103479710e70996982a84057ec3ba6b2254d7966ddc41e85296e3d0790dcfa568501925086838409905086838883840909925083838401019450868460030284010693507f2a366f0448fda3c05914ffb48c765da8de96f9aa340db1638225f8372921807b8501925086838409905086838883840909925083838401019450868460030284010693507f16be0fb8ef62da17919b6e0378d00594153bb8899aeb686c04626b63285837a48501925086838409905086838883840909925083838401019450868460030284010693507f0417038500e9d06c60abbc7f0d0d24c32dec8a0b2aa5a4d52cfd8c78a15bc3708501925086838409905086838883840909925083838401019450868460030284010693507f26a6873b43ffd2ccf66ec6f4493ff9b54f4d76480bc486a3e5a0308fdd0138128501925086838409905086838883840909925083838401019450868460030284010693507f0a3314a838f32630a96251914fe5ad262f3db9b2aa8aa9f7391922d36278c4988501925086838409905086838883840909925083838401019450868460030284010693507f0fde0c5429a6beb07f462d4821f48f86aeadb46a090b15a044f4b59399027da48501925086838409905086838883840909925083838401019450868460030284010693507f0abc2d5049972a6b9b357e4163793b0bb517e1eb535a984df11a1c89cda2c8a98501925086838409905086838883840909925083838401019450868460030284010693507f0dab51d6e3ebfa661d21722fb21e55051b427a5f173f7f17735205dbb77c464e8501925086838409905086838883840909925083838401019450868460030284010693507f29c36622598b511d51af6cc37123652fb21be5c2d68fb8efe9b92e70a8c1ae038501925086838409905086838883840909925083838401019450868460030284010693507f2c03ec80adac2a33ae846bc0b700d0bcc41c4096e53ac6990d6bbe7ea2fbc85c8501925086838409905086838883840909925083838401019450868460030284010693507f0918fdbe9cf3a59fbdb4c6852d065105317303116017d893b8b521e3cebe1e0d8501925086838409905086838883840909925083838401019450868460030284010693507f1f19ec22e69ca33f599dd13cd7e495a8176a79df4f7acf79a9d2135acabe23598501925086838409905086838883840909925083838401019450868460030284010693507f1c4b037c8ae85ee1eb32b872eb7f76928c4c76b29ceb001346447b29110807048501925086838409905086838883840909925083838401019450868460030284010693507f2b68900ed906616d6c826d0bde341766ba3131e04d420de5af0a69c534efd8db8501925086838409905086838883840909925083838401019450868460030284010693507f20ca92aa222fcc69448f8dac653c8daaa180ff6dfb397cef723d4f0c782bc7f08501925086838409905086838883840909925083838401019450868460030284010693507f10d22d05bdff6bb375276fc82057db337045a5ab7ac053941f6186289b66b2b68501925086838409905086838883840909925083838401019450868460030284010693507f0b1ffdbb529367bb98f32ba45784cb435aa910b4a00636d1e5ca79e88bdd6cd98501925086838409905086838883840909925083838401019450868460030284010693507f2da32b38e7984bc2ed757ec705eccf8282c7b4f82e5e515f6f89bcc33022ce9f8501925086838409905086838883840909925083838401019450868460030284010693507f042593ad87403f6d2674b8b55a886725b87eb33958031e94d292cecc6abed1bb8501925086838409905086838883840909925083838401019450868460030284010693507f181fa1b4d067783a19d7367bf49b3f01051faedab463a6de9308fbd6e7d419f18501925086838409905086838883840909925083838401019450868460030284010693507f15aaa6cc9b7900b15683c95515c26028a8e35b00ed8a815c34927188c60de6608501925086838409905086838883840909925083838401019450868460030284010693507f1bf28a93209084bbbc63234f057254c280b1a636f5a0eced6787320212f75a7a850192507f1cdb8c8bee5426f02cd9e229776118f156273b312f805c8e6f8c9d81a620cb6f8401915086838409905086838883840909925086828309905086828883840909838101965092860194509185019250507f08299c0abf196d53162e0facb5f1876f516df2505cc387a0f8ea0e8760d5ca7e8301907f221643d205fe82778a7b7b58cb65c4962d76c0072cabd1124117269d7c710b8a83019086838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f2d036a95f81cf49bb7a0143a28c88767f6bd10c3f74b22db487920d43343dbff8301907f08a50897c06aafe6ea414fb1bceca2267cd4a39486729fbc6d5d1bb7a172ebd2830190868380099050868388838409099250868283099050868288838409099283019092019790970194909406979650505050505050565b60405161028081016001600160401b038111828210171561174e57634e487b7160e01b5f52604160045260245ffd5b60405290565b80516001600160a01b038116811461176a575f5ffd5b919050565b805163ffffffff8116811461176a575f5ffd5b805160ff8116811461176a575f5ffd5b805161ffff8116811461176a575f5ffd5b80516001600160401b038116811461176a575f5ffd5b8051801515811461176a575f5ffd5b5f6102808284031280156117da575f5ffd5b506117e361171f565b6117ec83611754565b81526117fa60208401611754565b602082015261180b60408401611754565b604082015261181c60608401611754565b60608201526080838101519082015261183760a0840161176f565b60a082015261184860c08401611782565b60c082015261185960e08401611782565b60e082015261186b610100840161176f565b61010082015261187e6101208401611792565b610120820152611891610140840161176f565b6101408201526118a461016084016117a3565b6101608201526118b761018084016117b9565b6101808201526118ca6101a0840161176f565b6101a08201526118dd6101c084016117a3565b6101c08201526101e083810151908201526118fb610200840161176f565b61020082015261190e610220840161176f565b610220820152611921610240840161176f565b61024082015261193461026084016117b9565b6102608201529392505050565b634e487b7160e01b5f52601160045260245ffd5b808202811582820484141761196c5761196c611941565b92915050565b8082018082111561196c5761196c611941565b60805160a05160c05160e05161010051610120516101405161016051610180516101a0516101c0516101e05161020051610220516102405161026051610280516102a0516102c051615e87611b7b5f395f8181610c5f0152614e1001525f8181610d7d015281816115b90152614e3901525f81816107060152611e3e01525f8181610b3a015261494201525f8181610fcd0152818161485e015281816148b1015261490801525f81816105380152818161109d015281816141a2015281816141dc01526151ba01525f8181610778015281816120e30152818161213a0152818161233e015261239501525f8181610d4a0152613f1a01525f8181610c92015261469f01525f81816109a1015261497301525f8181610b6d015261561c01525f8181610e5d01526157c801525f81816107f401528181613e1a0152613e5b01525f8181610f22015281816112e70152818161168b0152611a2901525f8181610f6701528181611963015281816119b8015261221f01525f818161089b015281816113ac015281816115110152818161153801528181611fe70152818161200e0152613dd501525f8181610a800152818161541f015261552401525f8181610f9a0152818161267001528181613bca015281816146ed01528181614782015261530b01525f818161065e0152614ee90152615e875ff3fe60806040526004361061042c575f3560e01c80637a2f49081161022b578063ce09ca3211610129578063e6d9ce3d116100b3578063f84af83511610078578063f84af83514610ef2578063f84b8bdd14610f11578063f86be70814610f56578063fc0c546a14610f89578063fe9f3e1914610fbc575f5ffd5b8063e6d9ce3d14610dc5578063e83b4da814610e4c578063ec403ff914610e7f578063ed56f78b14610e94578063eda6d6be14610eb4575f5ffd5b8063e153e834116100f9578063e153e83414610d0e578063e2d0192414610d22578063e478773a14610d39578063e4b26e5f14610d6c578063e5efd58514610d9f575f5ffd5b8063ce09ca3214610cb4578063d294f09314610cca578063d34159a114610cde578063d50509f514610cf9575f5ffd5b80639eb6aa84116101b5578063ad91f51a1161017a578063ad91f51a14610bdc578063ba87306514610c10578063c18f0ccf14610c2f578063c2fb26a614610c4e578063ccda889d14610c81575f5ffd5b80639eb6aa8414610b8f578063a0cc982414610ba2578063a68f9f9314610bc8578063a921153914610bdc578063ad1d0dcf14610bf0575f5ffd5b806381dc2774116101fb57806381dc277414610adc5780638ed4558914610aff5780639588eca214610b1557806398cf268314610b295780639c56b27214610b5c575f5ffd5b80637a2f490814610a3a5780637a441a1914610a505780637dc0d1d014610a6f5780638086b8ba14610aa2575f5ffd5b8063402914f5116103385780635925f4ab116102c2578063669d944811610287578063669d9448146109715780636db22f7d146109905780636e78613b146109c357806373e3c042146109f157806374cd646514610a25575f5ffd5b80635925f4ab1461086b5780635c1bba381461088a5780635e5c06e2146108bd578063606316791461093357806362e3534f1461095e575f5ffd5b80634838ed19116103085780634838ed19146107ce57806348547d69146107e35780634c5b2beb146108165780634d35e34c1461082a578063517aaad714610855575f5ffd5b8063402914f51461073c57806341b3d1851461076757806341c613831461079a5780634360405f146107af575f5ffd5b806326211c70116103b95780632dfdf0b5116103895780632dfdf0b51461068057806331d6ce34146106a65780633ab7742a146106c55780633c1cd4bc146106f55780633ccfd60b14610728575f5ffd5b806326211c70146105c7578063281f2fe3146105f157806328fe3c09146106195780632b7ac3f31461064d575f5ffd5b806310857660116103ff57806310857660146104d25780631c28e8b7146105115780631fdd92b51461052757806323356eaf1461055a57806323b7ec3b1461057b575f5ffd5b8063029e638c146104305780630445be7b1461047157806306467b321461049d5780630bbdc213146104b3575b5f5ffd5b34801561043b575f5ffd5b50600154600160401b90046001600160401b03165f908152600260205260409020545b6040519081526020015b60405180910390f35b34801561047c575f5ffd5b50610485603c81565b6040516001600160401b039091168152602001610468565b3480156104a8575f5ffd5b5061048562278d0081565b3480156104be575f5ffd5b50600d54610485906001600160401b031681565b3480156104dd575f5ffd5b506104856104ec36600461582c565b600c60209081525f92835260408084209091529082529020546001600160401b031681565b34801561051c575f5ffd5b5061048562034bc081565b348015610532575f5ffd5b5061045e7f000000000000000000000000000000000000000000000000000000000000000081565b348015610565575f5ffd5b50610579610574366004615873565b610fef565b005b348015610586575f5ffd5b506105af61059536600461588c565b60056020525f90815260409020546001600160a01b031681565b6040516001600160a01b039091168152602001610468565b3480156105d2575f5ffd5b506105dc61025881565b60405163ffffffff9091168152602001610468565b3480156105fc575f5ffd5b506106066109c481565b60405161ffff9091168152602001610468565b348015610624575f5ffd5b506104856106333660046158a5565b60126020525f90815260409020546001600160401b031681565b348015610658575f5ffd5b506105af7f000000000000000000000000000000000000000000000000000000000000000081565b34801561068b575f5ffd5b5060015461048590600160401b90046001600160401b031681565b3480156106b1575f5ffd5b506105796106c03660046158be565b61127d565b3480156106d0575f5ffd5b50600d546106e590600160481b900460ff1681565b6040519015158152602001610468565b348015610700575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610733575f5ffd5b50610579611407565b348015610747575f5ffd5b5061045e610756366004615936565b60066020525f908152604090205481565b348015610772575f5ffd5b506104857f000000000000000000000000000000000000000000000000000000000000000081565b3480156107a5575f5ffd5b5061045e600f5481565b3480156107ba575f5ffd5b50600a54610485906001600160401b031681565b3480156107d9575f5ffd5b5061045e600b5481565b3480156107ee575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610821575f5ffd5b506105796114ce565b348015610835575f5ffd5b5061045e61084436600461588c565b60116020525f908152604090205481565b348015610860575f5ffd5b506105dc624f1a0081565b348015610876575f5ffd5b506105796108853660046159a0565b611591565b348015610895575f5ffd5b506105af7f000000000000000000000000000000000000000000000000000000000000000081565b3480156108c8575f5ffd5b506109096108d7366004615936565b60046020525f90815260409020805460019091015463ffffffff82169164010000000090046001600160401b03169083565b6040805163ffffffff90941684526001600160401b03909216602084015290820152606001610468565b34801561093e575f5ffd5b5061045e61094d366004615873565b60026020525f908152604090205481565b61057961096c366004615a86565b61162b565b34801561097c575f5ffd5b506106e561098b366004615ab8565b6117e1565b34801561099b575f5ffd5b506104857f000000000000000000000000000000000000000000000000000000000000000081565b3480156109ce575f5ffd5b506106e56109dd36600461588c565b60086020525f908152604090205460ff1681565b3480156109fc575f5ffd5b50610485610a0b36600461588c565b60076020525f90815260409020546001600160401b031681565b348015610a30575f5ffd5b5061045e60105481565b348015610a45575f5ffd5b506105dc6202a30081565b348015610a5b575f5ffd5b50610579610a6a366004615ad8565b611884565b348015610a7a575f5ffd5b506105af7f000000000000000000000000000000000000000000000000000000000000000081565b348015610aad575f5ffd5b506105dc610abc366004615936565b6001600160a01b03165f9081526004602052604090205463ffffffff1690565b348015610ae7575f5ffd5b506001546105dc90600160c01b900463ffffffff1681565b348015610b0a575f5ffd5b506105dc6201000081565b348015610b20575f5ffd5b5061045e5f5481565b348015610b34575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610b67575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b610579610b9d366004615ab8565b611bf4565b348015610bad575f5ffd5b5060015461048590600160801b90046001600160401b031681565b348015610bd3575f5ffd5b50610579611d2c565b348015610be7575f5ffd5b506105dc603c81565b348015610bfb575f5ffd5b506001546106e590600160e01b900460ff1681565b348015610c1b575f5ffd5b50600154610485906001600160401b031681565b348015610c3a575f5ffd5b50610579610c4936600461588c565b611ed0565b348015610c59575f5ffd5b5061045e7f000000000000000000000000000000000000000000000000000000000000000081565b348015610c8c575f5ffd5b506106e57f000000000000000000000000000000000000000000000000000000000000000081565b348015610cbf575f5ffd5b506105dc62093a8081565b348015610cd5575f5ffd5b50610579611f94565b348015610ce9575f5ffd5b5061045e670de0b6b3a764000081565b348015610d04575f5ffd5b5061045e60095481565b348015610d19575f5ffd5b50610485600581565b348015610d2d575f5ffd5b506104856001603f1b81565b348015610d44575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610d77575f5ffd5b506106e57f000000000000000000000000000000000000000000000000000000000000000081565b348015610daa575f5ffd5b50600a5461048590600160401b90046001600160401b031681565b348015610dd0575f5ffd5b50610e19610ddf366004615873565b60036020525f90815260409020546001600160a01b03811690600160a01b81046001600160401b031690600160e01b900463ffffffff1683565b604080516001600160a01b0390941684526001600160401b03909216602084015263ffffffff1690820152606001610468565b348015610e57575f5ffd5b506106067f000000000000000000000000000000000000000000000000000000000000000081565b348015610e8a575f5ffd5b5061045e600e5481565b348015610e9f575f5ffd5b50600d546106e590600160401b900460ff1681565b348015610ebf575f5ffd5b50600a54610eda90600160801b90046001600160801b031681565b6040516001600160801b039091168152602001610468565b348015610efd575f5ffd5b50610579610f0c366004615b0f565b612067565b348015610f1c575f5ffd5b50610f447f000000000000000000000000000000000000000000000000000000000000000081565b60405160ff9091168152602001610468565b348015610f61575f5ffd5b50610f447f000000000000000000000000000000000000000000000000000000000000000081565b348015610f94575f5ffd5b506105af7f000000000000000000000000000000000000000000000000000000000000000081565b348015610fc7575f5ffd5b506105dc7f000000000000000000000000000000000000000000000000000000000000000081565b5f5c1561100f5760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50600154600160e01b900460ff1661103f576040516303aab9b960e41b815260040160405180910390fd5b6001600160401b038181165f81815260036020908152604091829020825160608101845290546001600160a01b0381168252600160a01b8104861692820192909252600160e01b90910463ffffffff169181019190915260015490927f000000000000000000000000000000000000000000000000000000000000000092600160801b9092041611806110da575081516001600160a01b0316155b806110f9575060208201516001600160401b03161580156110f9575080155b15611127576040516312a7fbcb60e21b81526001600160401b03841660048201526024015b60405180910390fd5b6001600160401b038084165f90815260036020908152604082209190915583015116156112155781602001516001600160401b0316600a60108282829054906101000a90046001600160801b031661117f9190615b4c565b92506101000a8154816001600160801b0302191690836001600160801b031602179055506111bd825f015183602001516001600160401b0316612650565b81516020808401516040516001600160401b0391821681526001600160a01b0390931692908616917f51b8983210e90318bd5b39fc4f40d826bda339a12f52f32ec1c1958e7f7a4f42910160405180910390a3611272565b81516112219082612759565b815f01516001600160a01b0316836001600160401b03167f11c0208846703b70e6698caf3bf79ac3ba8e118f81b2d3131948cc8292fed56e8360405161126991815260200190565b60405180910390a35b50505f5f81905d5050565b5f5c1561129d5760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d506112ab6127ce565b600d54600160481b900460ff16156112d657604051634b92c65b60e11b815260040160405180910390fd5b6112df83612833565b5f61130e83837f000000000000000000000000000000000000000000000000000000000000000060ff16612863565b5050905061132461131f8583612a88565b613ae9565b5f805b8381101561136457604185858381811061134357611343615b6b565b90506060020160400135901c8261135a9190615b7f565b9150600101611327565b50600d805469ff0000000000000000001916600160481b1790556010819055600f80548291905f90611397908490615b7f565b90915550506040518181526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016907f33f86d74d492a45f670cacd5ea4d56d04f8092450a308098042577ca7b0a4ab69060200160405180910390a250505f5f81905d50505050565b5f5c156114275760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50335f908152600660205260408120549081900361145d576040516312d37ee560e31b815260040160405180910390fd5b335f908152600660205260408120819055600b8054839290611480908490615b92565b9091555061149090503382612650565b60405181815233907fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a906020015b60405180910390a2505f80805d50565b5f5c156114ee5760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d505f611500601054613b19565b5f60105590508015611536576115367f000000000000000000000000000000000000000000000000000000000000000082612650565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03167fef1e322af8e0456dfe4083b338b50d21f06bfd1e1ddc52a7e3ebde14324f025d826040516114be91815260200190565b5f5c156115b15760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d507f0000000000000000000000000000000000000000000000000000000000000000156115ec576115e78282613ce9565b61160e565b801561160e57604051632a16f58760e11b81526004810182905260240161111e565b61161c888888888888613d9f565b5f80805d505050505050505050565b5f5c1561164b5760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50600154600160e01b900460ff161561167c5760405163129587ff60e31b815260040160405180910390fd5b5f611687848461419f565b90507f000000000000000000000000000000000000000000000000000000000000000060ff168260ff16901c5f146116d7576040516301e91f0160e61b815260ff8316600482015260240161111e565b63ffffffff81165f908152600c6020908152604080832060ff861684529091529020546001600160401b0316801561174257604051631de9628960e11b815263ffffffff8316600482015260ff841660248201526001600160401b038216604482015260640161111e565b5f6117628364ff00000000602087901b16600160611b178888600261429c565b63ffffffff8481165f818152600c6020908152604080832060ff8b1680855290835292819020805467ffffffffffffffff1916958716958617905551938452939450339390927f70a260db7d197c7fd068834ea597b2d17ae22e5f1da55b643ec80271f1b697f1910160405180910390a45050505f5f81905d50505050565b5f5f516020615e675f395f51905f52818185860990505f828061180657611806615ba5565b8586099050828061181957611819615ba5565b838061182757611827615ba5565b848061183557611835615ba5565b8385097f1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e09600108838061186b5761186b615ba5565b826118768587615b92565b081493505050505b92915050565b5f5c156118a45760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d506118b26127ce565b60085f6118c2602084018461588c565b63ffffffff16815260208101919091526040015f205460ff161561190f576118ed602082018261588c565b6040516307a51aa760e21b815263ffffffff909116600482015260240161111e565b5f600581611920602085018561588c565b63ffffffff16815260208101919091526040015f20546001600160a01b031690508061195f57604051638305be2760e01b815260040160405180910390fd5b60ff7f00000000000000000000000000000000000000000000000000000000000000001661199060c0840184615bb9565b9050146119ec576119a460c0830183615bb9565b60405163173945d960e11b815261111e92507f00000000000000000000000000000000000000000000000000000000000000009060040191825260ff16602082015260400190565b6119f98260200135612833565b611a068260400135612833565b611a138260a00135612833565b5f8080611a50611a27610100870187615bfe565b7f000000000000000000000000000000000000000000000000000000000000000060ff16612863565b919450925090505f80611a70611a6960e0890189615bb9565b8686614487565b90925090505f611aae602089013560408a0135611a9360808c0160608d0161588c565b611aa360a08d0160808e01615873565b878d60a001356145ca565b90505f611ada82611ac260208c018c61588c565b63ffffffff16611ad560c08d018d615bb9565b614626565b9050611ae961131f8289612a88565b600160085f611afb60208d018d61588c565b63ffffffff16815260208101919091526040015f908120805460ff19169215159290921790915583611b3360a08c0160808d01615873565b6001600160401b0316611b469190615b7f565b90508060115f611b5960208e018e61588c565b63ffffffff1663ffffffff1681526020019081526020015f208190555080600f5f828254611b879190615b7f565b90915550506001600160a01b038916611ba360208c018c61588c565b63ffffffff167f42f8e0d2f6894529fbcbf588a03466b2855116fac9a80a0ceb1f887f181d271683604051611bda91815260200190565b60405180910390a35050505050505050505f5f81905d5050565b5f5c15611c145760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50600154600160e01b900460ff1615611c455760405163129587ff60e31b815260040160405180910390fd5b5f611c50838361419f565b63ffffffff81165f908152600760205260409020549091506001600160401b03168015611ca757604051630d70917b60e31b815263ffffffff831660048201526001600160401b038216602482015260440161111e565b5f611cba83600160601b8787600161429c565b63ffffffff8481165f81815260076020908152604091829020805467ffffffffffffffff191694861694851790559051928352929350339290917fa6af2da58b634743f42c7ad89429eb9a01b4f2ea0f9fdc78dfde76ef9fd11f35910160405180910390a35050505f5f81905d505050565b5f5c15611d4c5760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50600154600160e01b900460ff1615611d7d5760405163129587ff60e31b815260040160405180910390fd5b6001546001600160401b03600160801b8204811691600160401b9004168103611db957604051633f960fad60e01b815260040160405180910390fd5b6001600160401b0381165f90815260036020526040902054600160e01b900463ffffffff1680611de761469c565b6001600160401b031611611e2157604051631e2e465d60e31b81526001600160401b0380841660048301528216602482015260440161111e565b6001805460ff60e01b1916600160e01b179055611e6463ffffffff7f00000000000000000000000000000000000000000000000000000000000000001642615c42565b600d805467ffffffffffffffff19166001600160401b039283161790556001545f546040805192841683526020830191909152918416917fa53d981dba5fe3e71874d4830d639643a5b0c5afe8ffe91ad5bb93b781d66ea6910160405180910390a250505f5f81905d50565b5f5c15611ef05760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d5063ffffffff81165f90815260116020526040812054611f1490613b19565b63ffffffff83165f90815260116020908152604080832083905560059091529020549091506001600160a01b03168115611f5257611f528183612650565b806001600160a01b03168363ffffffff167f11310d525cd60bb83f7d69d3695c5ca9515d7811cd6b43d2e02ca4dee739c10e8460405161126991815260200190565b5f5c15611fb45760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d506009545f819003611fde576040516312d37ee560e31b815260040160405180910390fd5b5f60095561200c7f000000000000000000000000000000000000000000000000000000000000000082612759565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03167f9493e5bbe4e8e0ac67284469a2d677403d0378a85a59e341d3abc433d0d9a209826040516114be91815260200190565b5f5c156120875760405163558a1e0360e11b815260040160405180910390fd5b6001805f5d50600154600160e01b900460ff16156120b85760405163129587ff60e31b815260040160405180910390fd5b806001600160401b03165f036120e157604051631f2a200560e01b815260040160405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006001600160401b0316816001600160401b031610156121675760405163ccff77b560e01b81526001600160401b0380831660048301527f000000000000000000000000000000000000000000000000000000000000000016602482015260440161111e565b5f516020615e675f395f51905f528310158061219057505f516020615e675f395f51905f528210155b806121a257506121a083836117e1565b155b156121c057604051630eda9c3d60e31b815260040160405180910390fd5b60408051602080820186905281830185905282518083038401815260609092018352815191810191909120335f90815260049092529181208054909163ffffffff909116908190036123035750600154600160c01b900463ffffffff167f000000000000000000000000000000000000000000000000000000000000000060ff1681901c1561226257604051631c59044960e01b815260040160405180910390fd5b61226d816001615c61565b6001805463ffffffff60c01b1916600160c01b63ffffffff93841602178155835463ffffffff1916918316918217845583018490555f818152600560209081526040918290208054336001600160a01b0319909116811790915582518a8152918201899052917fa3afb25527b5877bd611b8e5f5b88476359afcae301f5d430b460206c9579dcb910160405180910390a361232f565b8282600101541461232f576040516317e145d560e21b815263ffffffff8216600482015260240161111e565b5f61233a33866146cc565b90507f00000000000000000000000000000000000000000000000000000000000000006001600160401b0316816001600160401b031610156123c25760405163ccff77b560e01b81526001600160401b0380831660048301527f000000000000000000000000000000000000000000000000000000000000000016602482015260440161111e565b825464010000000090046001600160401b03166123e3816001603f1b615c7d565b6001600160401b0316826001600160401b031611156124345760405163aa77213360e01b815263ffffffff841660048201526001600160401b0380831660248301528316604482015260640161111e565b61243e8282615c42565b84546bffffffffffffffff0000000019166401000000006001600160401b039283160217855560018054600160401b9004909116905f90612480908390614831565b6001600160401b0383165f90815260026020526040812054919250906124a99087878e8e614a35565b90506124b6836001615c42565b600160086101000a8154816001600160401b0302191690836001600160401b031602179055508060025f8560016124ed9190615c42565b6001600160401b03908116825260208083019390935260409182015f90812094909455815160608101835233815289821681850181815263ffffffff8981168487019081528b8616895260039097529490962091518254965195516001600160a01b039091166001600160e01b031990971696909617600160a01b9590931694909402919091176001600160e01b0316600160e01b949092169390930217909155600a80546010906125b0908490600160801b90046001600160801b0316615c9c565b82546001600160801b039182166101009390930a928302919092021990911617905550604080516001600160401b038088168252602082018e90529181018c90529084166060820152608081018290525f60a0820152339063ffffffff8816907f97a07fdc2423a444ce4f2bdd43cadaa28b150a38c55e4fc4b48075615d3e89a29060c00160405180910390a350505050505050505f5f81905d50505050565b6040516001600160a01b038381166024830152604482018390525f9182917f0000000000000000000000000000000000000000000000000000000000000000169060640160408051601f198184030181529181526020820180516001600160e01b031663a9059cbb60e01b179052516126c99190615cbb565b5f604051808303815f865af19150503d805f8114612702576040519150601f19603f3d011682016040523d82523d5f602084013e612707565b606091505b509150915081158061273557508051158015906127355750808060200190518101906127339190615cd1565b155b15612753576040516312171d8360e31b815260040160405180910390fd5b50505050565b5f826001600160a01b0316826040515f6040518083038185875af1925050503d805f81146127a2576040519150601f19603f3d011682016040523d82523d5f602084013e6127a7565b606091505b50509050806127c9576040516312171d8360e31b815260040160405180910390fd5b505050565b600154600160e01b900460ff166127f8576040516303aab9b960e41b815260040160405180910390fd5b600d546001600160401b03164281101561283057604051637a0191bb60e01b81526001600160401b038216600482015260240161111e565b50565b5f516020615e675f395f51905f528110612830576040516388a1745b60e01b81526004810182905260240161111e565b5f6060806001841b8581146128955760405163173945d960e11b8152600481018790526024810182905260440161111e565b5f816001600160401b038111156128ae576128ae615cf0565b6040519080825280602002602001820160405280156128d7578160200160208202803683370190505b509050816001600160401b038111156128f2576128f2615cf0565b60405190808252806020026020018201604052801561291b578160200160208202803683370190505b509350816001600160401b0381111561293657612936615cf0565b60405190808252806020026020018201604052801561295f578160200160208202803683370190505b5092505f5b82811015612a71573689898381811061297f5761297f615b6b565b9050606002019050612993815f0135612833565b6129a08160200135612833565b6129ad8160400135612833565b5f6129ba60048335612a88565b90506129ca818360200135612a88565b90506129da818360400135612a88565b8484815181106129ec576129ec615b6b565b60200260200101818152505065ffffffffffff826020013516878481518110612a1757612a17615b6b565b602002602001018181525050612a4a677fffffffffffffff60308460200135901c16606f8460200135901c600116614a6d565b868481518110612a5c57612a5c615b6b565b60209081029190910101525050600101612964565b50612a7b81614a8c565b9450505093509350939050565b5f516020615e675f395f51905f52918290069190819006905f908284018085018185017f1da4d6adfb0d0b494584f763db50a81908580a5f5e295e168b9b8d31770fac4f82017f0946129a2e33b4e819707a56a3b3790eab80d0a0c7a0c63451fab2a59acc074c82018686838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f2a39b9d5376afd35580abd6952986570867b87303b07140268794dad4b8f82ea8301907f27605717d1245c20c546b3c7014e5fa3e4a70e66ecd6de5d32448eea5e3069b283019086838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f24c896cb2594e17b973653193a470ed7e771ebb09a228d638e50809c037736328301907f0911096c45dd9cda0d61d783957003db6d8701c7869a919ad8042e1b7d597a49830190868380099050868388838409099250868283099050868288838409098381019650928601945085830187900693507f26ff6166f1e4b99e27eee6d352a8ce26f1daba01aad28021f11f38a70603afdc850192915086838009905086838883840909925083838401019450868460030284010693507e8e2faedcf76d08ad6591ff90e50fea79bcb5e18cfb7d954d5b89437bf64b7e8501925086838409905086838883840909925083838401019450868460030284010693507f19c9da2379b598ace3ad4d1872470830f6184a3cec71eeb632f98820eb353d788501925086838409905086838883840909925083838401019450868460030284010693507f0f7c4eb15d8b0b62a8f6a090ec9610a2ab3dfcdb57e2539aa459a40583dfe96b8501925086838409905086838883840909925083838401019450868460030284010693507f18b99417dc26b5e079750eba282362d1d46900b47dd5ff809171588b08ac39838501925086838409905086838883840909925083838401019450868460030284010693507f1ee044081160b3eee2d4493feab82141c73f1c054b76320a8848af08a8d91a268501925086838409905086838883840909925083838401019450868460030284010693507f29bb95c8763efd3e0e87f5df12ee8a150455b6d7a14780d19122220366c258dc8501925086838409905086838883840909925083838401019450868460030284010693507f22c23eec9cb13ff8a3ee9a363d740653215e8991f7f9ec12067b4705e9a5c9fb8501925086838409905086838883840909925083838401019450868460030284010693507f23589e033a31a667680c8b18926c3be09115c7644c4f905cc7deefc1690b42dc8501925086838409905086838883840909925083838401019450868460030284010693507f304e99b887f2e1e92c9c0cde5f2bdd4764f60b98a219f1f0dd64ec938a6a247c8501925086838409905086838883840909925083838401019450868460030284010693507f22e817865236ad3a76fbe88bbdf31fcae792f326271d53a3a493b2de7f7d8b4c8501925086838409905086838883840909925083838401019450868460030284010693507f10c9efe573e86fa5b238a3f5c70a00bf02bc7dcfcc4878e026b77c881dc8b1c98501925086838409905086838883840909925083838401019450868460030284010693507f0a94f16be920d85f4d6f80e745c6bddbc084f309edffef023ea283c72b89bbb68501925086838409905086838883840909925083838401019450868460030284010693507f23ed72b4d01d14e3c7888fedb770494abc2c1ea81d6465b5df3da0ebcd69101a8501925086838409905086838883840909925083838401019450868460030284010693507f17c5115640e4cebeed0e6cbb511ac38498df815a77cb162de8d8f1022eb6bb748501925086838409905086838883840909925083838401019450868460030284010693507f2e507fcca290d0d9cf765245750eb04773e09e1fc813959fb99680a82772e4fc8501925086838409905086838883840909925083838401019450868460030284010693507f0d4a98999f5b39176af6cce65c8d12162433f055cb71d70dfc8803013292bbbf8501925086838409905086838883840909925083838401019450868460030284010693507f238d8022cc09c21ab3c01261a03dc125321d829e22a7a3b7a1bd3c335eccfa218501925086838409905086838883840909925083838401019450868460030284010693507f010cd8e4c2b7051cb81dc8292e35d8e943ce365613d5b39770e454ed9f4ae1658501925086838409905086838883840909925083838401019450868460030284010693507f088027e54f2a3604b11178cf0ea3c6aa861173a90fb231238e03539590ecc0278501925086838409905086838883840909925083838401019450868460030284010693507f1b840f5311a2b1d4b4cd7aa7e5a9a6d161165468daa938108302b73e464819db8501925086838409905086838883840909925083838401019450868460030284010693507f2bf51a5da1828a1cf9b764b1e16c15929a3a346e44198ea0cb366fcd8db78dc18501925086838409905086838883840909925083838401019450868460030284010693507f206ad089d8d296ffe68a6a86767a7fe726b8872f9c7beef9d56a3a50f6f238278501925086838409905086838883840909925083838401019450868460030284010693507f24d19193171494fa1a54e0a99ac16d05eaec4b6d617c7c199fc07ff88eac550c8501925086838409905086838883840909925083838401019450868460030284010693507f1dd654a2ca9d9f24f33d88246a40dfb32c40662278b9c0b995d9f9fbaf1521388501925086838409905086838883840909925083838401019450868460030284010693507f0d171025c925f6e259d20ecbd3a601108c85f05b0fe7793b8acf57f3789785e48501925086838409905086838883840909925083838401019450868460030284010693507f055bef435a43aec245cd99ccb0f7c8791d9e8cf2b80d95dd98b9908fed877d558501925086838409905086838883840909925083838401019450868460030284010693507f10d2ac8c61c8a2e88a2a3f42d9359a14be63d0ad4cfd9f203b75765d0e595f0e8501925086838409905086838883840909925083838401019450868460030284010693507f103479710e70996982a84057ec3ba6b2254d7966ddc41e85296e3d0790dcfa568501925086838409905086838883840909925083838401019450868460030284010693507f2a366f0448fda3c05914ffb48c765da8de96f9aa340db1638225f8372921807b8501925086838409905086838883840909925083838401019450868460030284010693507f16be0fb8ef62da17919b6e0378d00594153bb8899aeb686c04626b63285837a48501925086838409905086838883840909925083838401019450868460030284010693507f0417038500e9d06c60abbc7f0d0d24c32dec8a0b2aa5a4d52cfd8c78a15bc3708501925086838409905086838883840909925083838401019450868460030284010693507f26a6873b43ffd2ccf66ec6f4493ff9b54f4d76480bc486a3e5a0308fdd0138128501925086838409905086838883840909925083838401019450868460030284010693507f0a3314a838f32630a96251914fe5ad262f3db9b2aa8aa9f7391922d36278c4988501925086838409905086838883840909925083838401019450868460030284010693507f0fde0c5429a6beb07f462d4821f48f86aeadb46a090b15a044f4b59399027da48501925086838409905086838883840909925083838401019450868460030284010693507f0abc2d5049972a6b9b357e4163793b0bb517e1eb535a984df11a1c89cda2c8a98501925086838409905086838883840909925083838401019450868460030284010693507f0dab51d6e3ebfa661d21722fb21e55051b427a5f173f7f17735205dbb77c464e8501925086838409905086838883840909925083838401019450868460030284010693507f29c36622598b511d51af6cc37123652fb21be5c2d68fb8efe9b92e70a8c1ae038501925086838409905086838883840909925083838401019450868460030284010693507f2c03ec80adac2a33ae846bc0b700d0bcc41c4096e53ac6990d6bbe7ea2fbc85c8501925086838409905086838883840909925083838401019450868460030284010693507f0918fdbe9cf3a59fbdb4c6852d065105317303116017d893b8b521e3cebe1e0d8501925086838409905086838883840909925083838401019450868460030284010693507f1f19ec22e69ca33f599dd13cd7e495a8176a79df4f7acf79a9d2135acabe23598501925086838409905086838883840909925083838401019450868460030284010693507f1c4b037c8ae85ee1eb32b872eb7f76928c4c76b29ceb001346447b29110807048501925086838409905086838883840909925083838401019450868460030284010693507f2b68900ed906616d6c826d0bde341766ba3131e04d420de5af0a69c534efd8db8501925086838409905086838883840909925083838401019450868460030284010693507f20ca92aa222fcc69448f8dac653c8daaa180ff6dfb397cef723d4f0c782bc7f08501925086838409905086838883840909925083838401019450868460030284010693507f10d22d05bdff6bb375276fc82057db337045a5ab7ac053941f6186289b66b2b68501925086838409905086838883840909925083838401019450868460030284010693507f0b1ffdbb529367bb98f32ba45784cb435aa910b4a00636d1e5ca79e88bdd6cd98501925086838409905086838883840909925083838401019450868460030284010693507f2da32b38e7984bc2ed757ec705eccf8282c7b4f82e5e515f6f89bcc33022ce9f8501925086838409905086838883840909925083838401019450868460030284010693507f042593ad87403f6d2674b8b55a886725b87eb33958031e94d292cecc6abed1bb8501925086838409905086838883840909925083838401019450868460030284010693507f181fa1b4d067783a19d7367bf49b3f01051faedab463a6de9308fbd6e7d419f18501925086838409905086838883840909925083838401019450868460030284010693507f15aaa6cc9b7900b15683c95515c26028a8e35b00ed8a815c34927188c60de6608501925086838409905086838883840909925083838401019450868460030284010693507f1bf28a93209084bbbc63234f057254c280b1a636f5a0eced6787320212f75a7a850192507f1cdb8c8bee5426f02cd9e229776118f156273b312f805c8e6f8c9d81a620cb6f8401915086838409905086838883840909925086828309905086828883840909838101965092860194509185019250507f08299c0abf196d53162e0facb5f1876f516df2505cc387a0f8ea0e8760d5ca7e8301907f221643d205fe82778a7b7b58cb65c4962d76c0072cabd1124117269d7c710b8a83019086838009905086838883840909925086828309905086828883840909838101965092860194509185019250507f2d036a95f81cf49bb7a0143a28c88767f6bd10c3f74b22db487920d43343dbff8301907f08a50897c06aafe6ea414fb1bceca2267cd4a39486729fbc6d5d1bb7a172ebd2830190868380099050868388838409099250868283099050868288838409099283019092019790970194909406979650505050505050565b5f54818114613b1557604051633abdd9bb60e11b8152600481018390526024810182905260440161111e565b5050565b6001545f90600160e01b900460ff16613b45576040516303aab9b960e41b815260040160405180910390fd5b600d546001600160401b0316428110613b7c576040516365ead6db60e01b81526001600160401b038216600482015260240161111e565b825f03613b9c576040516312d37ee560e31b815260040160405180910390fd5b600e54600f54600d54600160401b900460ff16613cd5576040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa158015613c17573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190613c3b9190615d04565b600a54600b549192505f91613c6091600160801b90046001600160801b031690615b7f565b9050808211613c6f575f613c79565b613c798183615b92565b600e819055600d805468ff00000000000000001916600160401b17905560408051828152602081018690529195507fc86d136d736dcec0179e40ce8d2b98ce1706f57fa3a62f21e0c608c42b8017ad910160405180910390a150505b613ce0858383614b51565b95945050505050565b60a08114613d0d57604051632a16f58760e11b81526004810182905260240161111e565b5f5f498015613d5c5760405181815260a085602083013760405f60c083600a5afa3d6040141692505083356c7a6b706572702e626c6f622e7a5d60208401356c7a6b706572702e626c6f622e795d5b50806127c9575f804990819003613d86576040516375963dc760e11b815260040160405180910390fd5b6040516376dadfc360e01b815260040160405180910390fd5b60015460e081901c60ff168015613dc95760405163129587ff60e31b815260040160405180910390fd5b50336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614613e13576040516314f8a09f60e21b815260040160405180910390fd5b63ffffffff7f0000000000000000000000000000000000000000000000000000000000000000168414613e8857604051636b96379760e01b81526004810185905263ffffffff7f000000000000000000000000000000000000000000000000000000000000000016602482015260440161111e565b42866001600160401b03161115613ec3576040516329bf8cad60e21b81526001600160401b038716600482015242602482015260440161111e565b600a546001600160401b03600160401b9091048116908716811115613f0e5760405163b8cb958560e01b81526001600160401b0380891660048301528216602482015260440161111e565b5042613f4963ffffffff7f0000000000000000000000000000000000000000000000000000000000000000166001600160401b038916615b7f565b1015613f785760405162564dc360e81b81526001600160401b038716600482015242602482015260440161111e565b600a80546fffffffffffffffff00000000000000001916600160401b6001600160401b038916021790555f85600586901b8082019060e01681035b80831015614027576001600760e0850135161b6001600760c0860135161b176001600760a0860135161b600160076080870135161b1717600160076060860135161b600160076040870135161b17600160076020870135161b600160078735161b1717178417935061010083019250613fb3565b505b8082101561404857600160078335161b83179250602082019150614029565b505f90508060a2831615614074575f61406289898c614bff565b60089190911b95909517949093509150505b6001600160401b0384811690608086901c811690604087901c165f61409a846001615c42565b6001600160401b031690505f6140b08785615b7f565b9050828111156140e657604051633c54fb8560e01b81526001600160401b0380831660048301528416602482015260440161111e565b85156141355785600a60108282829054906101000a90046001600160801b03166141109190615b4c565b92506101000a8154816001600160801b0302191690836001600160801b031602179055505b60801b1777ffffffffffffffff0000000000000000ffffffffffffffff19979097169690961795505f9150614172905087878b8b8f8f8b8a614d18565b5f8c90556001869055905061010484161561419257614192898983614faf565b5050505050505050505050565b5f7f0000000000000000000000000000000000000000000000000000000000000000341461420857604051630d533f7560e01b81523460048201527f0000000000000000000000000000000000000000000000000000000000000000602482015260440161111e565b50335f908152600460205260408120805463ffffffff169182900361424057604051638305be2760e01b815260040160405180910390fd5b604080516020810186905290810184905260600160405160208183030381529060405280519060200120816001015414614295576040516317e145d560e21b815263ffffffff8316600482015260240161111e565b5092915050565b6001545f90600160401b90046001600160401b03166142bb8183614831565b600a8054919350905f906142d7906001600160401b0316615d1b565b91906101000a8154816001600160401b0302191690836001600160401b031602179055505f61433160025f846001600160401b03166001600160401b031681526020019081526020015f2054888a63ffffffff1617612a88565b90506143466143408288612a88565b86612a88565b9050614353826001615c42565b600160086101000a8154816001600160401b0302191690836001600160401b031602179055508060025f84600161438a9190615c42565b6001600160401b03908116825260208083019390935260409182015f908120949094558151606080820184523380835282860187815263ffffffff8b81168588019081528b8716808b5260038a52888b2096518754945192518416600160e01b026001600160e01b0393909916600160a01b026001600160e01b03199095166001600160a01b039091161793909317169590951790935584519687529486018c90529285018a9052918401919091526080830184905260ff871660a08401529091908a16907f97a07fdc2423a444ce4f2bdd43cadaa28b150a38c55e4fc4b48075615d3e89a29060c00160405180910390a3505095945050505050565b81515f9081908581146144b75760405163173945d960e11b8152600481018790526024810182905260440161111e565b5f816001600160401b038111156144d0576144d0615cf0565b6040519080825280602002602001820160405280156144f9578160200160208202803683370190505b5090505f5b828110156145b3575f89898381811061451957614519615b6b565b90506020020135905061452b81612833565b614536600282612a88565b83838151811061454857614548615b6b565b6020026020010181815250505f614592828a858151811061456b5761456b615b6b565b60200260200101518a868151811061458557614585615b6b565b6020026020010151615227565b90505f8113156145a9576145a68187615b7f565b95505b50506001016144fe565b506145bd81614a8c565b9350505094509492505050565b5f6145d6600188612a88565b90506145e28187612a88565b905061460381856001600160401b031660408863ffffffff16901b17612a88565b905061460f8184612a88565b905061461b8183612a88565b979650505050505050565b835f5b8281101561469357600185821c165f036146665761465f8285858481811061465357614653615b6b565b90506020020135612a88565b915061468b565b61468884848381811061467b5761467b615b6b565b9050602002013583612a88565b91505b600101614629565b50949350505050565b5f7f00000000000000000000000000000000000000000000000000000000000000006146c757504290565b504390565b6040516370a0823160e01b81523060048201525f9081906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016906370a0823190602401602060405180830381865afa158015614732573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906147569190615d04565b905061476b84846001600160401b03166152e5565b6040516370a0823160e01b81523060048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316906370a0823190602401602060405180830381865afa1580156147cf573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906147f39190615d04565b90505f828211614803575f61480d565b61480d8383615b92565b9050846001600160401b031681106148255784614827565b805b9695505050505050565b6001545f90819061485290600160801b90046001600160401b031685615c7d565b905082801561489057507f000000000000000000000000000000000000000000000000000000000000000063ffffffff16816001600160401b031610155b1561493757600a545f906148ad906001600160401b031683615c7d565b90507f000000000000000000000000000000000000000000000000000000000000000063ffffffff16816001600160401b0316106149355760405163d33f9c0960e01b81526001600160401b038216600482015263ffffffff7f000000000000000000000000000000000000000000000000000000000000000016602482015260440161111e565b505b5f61497163ffffffff7f0000000000000000000000000000000000000000000000000000000000000000166001600160401b038416615d45565b7f00000000000000000000000000000000000000000000000000000000000000006001600160401b03166149a361469c565b6001600160401b03166149b69190615b7f565b6149c09190615b7f565b90506001600160401b03821615614a16575f6003816149e0600189615c7d565b6001600160401b0316815260208101919091526040015f2054600160e01b900463ffffffff16905081811115614a14578091505b505b63ffffffff8111614a275780613ce0565b63ffffffff95945050505050565b5f614a55866020866001600160401b0316901b8763ffffffff1617612a88565b9050614a618184612a88565b90506148278183612a88565b5f81600114614a7c5782614a85565b614a8583615d5c565b9392505050565b80515f905b6001811115614b2f5760011c5f5b81811015614b2957614b0484614ab6836002615d45565b81518110614ac657614ac6615b6b565b602002602001015185836002614adc9190615d45565b614ae7906001615b7f565b81518110614af757614af7615b6b565b6020026020010151612a88565b848281518110614b1657614b16615b6b565b6020908102919091010152600101614a9f565b50614a91565b825f81518110614b4157614b41615b6b565b6020026020010151915050919050565b5f838302815f1985870982811083820303915050805f03614b8557838281614b7b57614b7b615ba5565b0492505050614a85565b808411614b9457614b94615d76565b5f848688095f868103871696879004966002600389028118808a02820302808a02820302808a02820302808a02820302808a02820302808a02909103029181900381900460010186841190950394909402919094039290920491909117919091029150509392505050565b5f808080805b86811015614d0d575f888883818110614c2057614c20615b6b565b6020029190910135915050600781165f198101614c7b57600196870196606383901c1615614c515760019550614d03565b602382901c6001600160401b031685019450606482901c6001165f14614c7657600195505b614d03565b6004198101614c9e576001602b83901c1615614c76576001968701969550614d03565b6006198101614d0357600382901c600160ff821686901c1615614cd95760405163105b547f60e21b815260ff8216600482015260240161111e565b8060ff166001901b85179450614d0181600b85901c65ffffffffffff16603b86901c8c615364565b505b5050600101614c05565b505093509350939050565b5f5f5f5f6001600160401b03865f60031b1c1693506001600160401b0386601060031b1c169250604051601f19601f8d0116633f27bd4560e11b8252604060048301528060600160248301528c60448301525f816044840101528c8e60648401375f80546001600160401b0387168252600260205260408220549095509290910160640192508615614ddf5760025f614dba896001600160401b038916615b92565b6001600160401b03166001600160401b031681526020019081526020015f2054614de1565b815b60078c01845260208401859052604084018b90526060840187905260808401525060a082015260c081018790527f000000000000000000000000000000000000000000000000000000000000000060e08201526101007f000000000000000000000000000000000000000000000000000000000000000015614edd575f496c7a6b706572702e626c6f622e795c6001600160801b03600c8d0185528260801c6101008601528083166101208601526c7a6b706572702e626c6f622e7a5c6101408601525f6c7a6b706572702e626c6f622e7a5d5f6c7a6b706572702e626c6f622e795d608082901c61016086015216610180840152506101a090505b8960051b8b828401375f7f000000000000000000000000000000000000000000000000000000000000000090505f604051808d60051b850186010360205f8284875afa9250505060015f5114601f3d11168116905080614f50576040516309bde33960e01b815260040160405180910390fd5b60408051868152602081018d90526001600160401b03888116828401529151918916917f528864f7e5e2696560b5364a7ea7345773e6f3ab07c2ffda5a224e55d2b629169181900360600190a250505050505098975050505050505050565b5f80805b84811015615167575f868683818110614fce57614fce615b6b565b602002919091013591505060078116600119810161500257614ff986600384901c602385901c6156ed565b8401935061515d565b60018114801561501857506001606383901c1615155b1561509657600382901c6150318782602386901c6156ed565b63ffffffff82165f81815260076020526040808220805467ffffffffffffffff19169055516001999099019897909201966001600160401b038a16927fd497e3da91e15fd946a3a500189719f987bf89547170f8ebf9b70e84e53bef1f91a35061515d565b6001811480156150ac57506001606483901c1615155b156150c457614ff986600384901c602385901c6156ed565b6005811480156150da57506001602b83901c1615155b1561515d57600382901c63ffffffff81165f818152600c60209081526040808320602388901c60ff811680865291909352818420805467ffffffffffffffff19169055905160019a909a019991936001600160401b038c1693919290917f0737404d20228fc8c0e14db6424335b499091f10d601bbc1302002f1653f5f9e91a450505b5050600101614fb3565b506001600160401b0382161561520357600a80548391905f906151949084906001600160401b0316615c7d565b92506101000a8154816001600160401b0302191690836001600160401b031602179055507f0000000000000000000000000000000000000000000000000000000000000000826001600160401b03166151ed9190615d45565b60095f8282546151fd9190615b7f565b90915550505b80156152205780600b5f82825461521a9190615b7f565b90915550505b5050505050565b5f6001603085901c168161524365ffffffffffff871683614a6d565b90505f6001600160401b03603188901c1690505f61526e6001600160401b0360718a901c1685614a6d565b90505f615290677fffffffffffffff60b18b901c1660f08b901c600116614a6d565b90505f8261529e8a87615d8a565b6152a89190615db9565b90505f6152b5838a615db9565b6152bf9087615d8a565b9050806152cc8387615dd8565b6152d69190615db9565b9b9a5050505050505050505050565b6040516001600160a01b038381166024830152306044830152606482018390525f9182917f0000000000000000000000000000000000000000000000000000000000000000169060840160408051601f198184030181529181526020820180516001600160e01b03166323b872dd60e01b179052516126c99190615cbb565b6001600160401b0382111561539157604051636942813760e11b815260ff8516600482015260240161111e565b60ff84165f908152601260205260409020546001600160401b0316808310156153e9576040516332490ec960e21b815260ff861660048201526001600160401b0380851660248301528216604482015260640161111e565b60405163e1c2e6e560e01b815260ff8616600482015269ffffffffffffffffffff841660248201525f9081906001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169063e1c2e6e59060440160a060405180830381865afa925050508015615482575060408051601f3d908101601f1916820190925261547f91810190615e18565b60015b6154a457604051636942813760e11b815260ff8816600482015260240161111e565b5091945090925050505f821315806154ba575080155b156154dd57604051636942813760e11b815260ff8816600482015260240161111e565b836001600160401b031681111561551a57604051626da0f760e91b815260ff881660048201526001600160401b038616602482015260440161111e565b6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001663e1c2e6e588615555886001615b7f565b6040516001600160e01b031960e085901b16815260ff909216600483015269ffffffffffffffffffff16602482015260440160a060405180830381865afa9250505080156155c0575060408051601f3d908101601f191682019092526155bd91810190615e18565b60015b156156155781158015906155dd5750886001600160401b03168211155b1561560f5760405163f3e2633f60e01b815260ff8d1660048201526001600160401b038b16602482015260440161111e565b50505050505b63ffffffff7f00000000000000000000000000000000000000000000000000000000000000001661564f826001600160401b038716615b92565b111561567a57604051632029da3760e11b815260ff881660048201526024810182905260440161111e565b615684868361579c565b6156b457604051631da237d960e01b815260ff88166004820152602481018790526044810183905260640161111e565b50505060ff9093165f90815260126020526040902080546001600160401b0390921667ffffffffffffffff199092169190911790555050565b63ffffffff82165f908152600560209081526040808320546001600160a01b03168084526006909252822080546001600160401b03851691908490615733908490615b7f565b90915550506040516001600160401b0384811682526001600160a01b0383169163ffffffff8716918816907fe141fdb2dd18f4ed915f70a5d196cad77b6e5b4a377ea0c4648dd7c880d43d519060200160405180910390a450506001600160401b031692915050565b5f5f8284116157b4576157af8484615b92565b6157be565b6157be8385615b92565b90506157ee61ffff7f00000000000000000000000000000000000000000000000000000000000000001684615d45565b6157fa82612710615d45565b1115949350505050565b803563ffffffff81168114615817575f5ffd5b919050565b803560ff81168114615817575f5ffd5b5f5f6040838503121561583d575f5ffd5b61584683615804565b91506158546020840161581c565b90509250929050565b80356001600160401b0381168114615817575f5ffd5b5f60208284031215615883575f5ffd5b614a858261585d565b5f6020828403121561589c575f5ffd5b614a8582615804565b5f602082840312156158b5575f5ffd5b614a858261581c565b5f5f5f604084860312156158d0575f5ffd5b8335925060208401356001600160401b038111156158ec575f5ffd5b8401601f810186136158fc575f5ffd5b80356001600160401b03811115615911575f5ffd5b866020606083028401011115615925575f5ffd5b939660209190910195509293505050565b5f60208284031215615946575f5ffd5b81356001600160a01b0381168114614a85575f5ffd5b5f5f83601f84011261596c575f5ffd5b5081356001600160401b03811115615982575f5ffd5b602083019150836020828501011115615999575f5ffd5b9250929050565b5f5f5f5f5f5f5f5f60a0898b0312156159b7575f5ffd5b883597506159c760208a0161585d565b965060408901356001600160401b038111156159e1575f5ffd5b8901601f81018b136159f1575f5ffd5b80356001600160401b03811115615a06575f5ffd5b8b60208260051b8401011115615a1a575f5ffd5b6020919091019650945060608901356001600160401b03811115615a3c575f5ffd5b615a488b828c0161595c565b90955093505060808901356001600160401b03811115615a66575f5ffd5b615a728b828c0161595c565b999c989b5096995094979396929594505050565b5f5f5f60608486031215615a98575f5ffd5b8335925060208401359150615aaf6040850161581c565b90509250925092565b5f5f60408385031215615ac9575f5ffd5b50508035926020909101359150565b5f60208284031215615ae8575f5ffd5b81356001600160401b03811115615afd575f5ffd5b82016101208185031215614a85575f5ffd5b5f5f5f60608486031215615b21575f5ffd5b8335925060208401359150615aaf6040850161585d565b634e487b7160e01b5f52601160045260245ffd5b6001600160801b03828116828216039081111561187e5761187e615b38565b634e487b7160e01b5f52603260045260245ffd5b8082018082111561187e5761187e615b38565b8181038181111561187e5761187e615b38565b634e487b7160e01b5f52601260045260245ffd5b5f5f8335601e19843603018112615bce575f5ffd5b8301803591506001600160401b03821115615be7575f5ffd5b6020019150600581901b3603821315615999575f5ffd5b5f5f8335601e19843603018112615c13575f5ffd5b8301803591506001600160401b03821115615c2c575f5ffd5b6020019150606081023603821315615999575f5ffd5b6001600160401b03818116838216019081111561187e5761187e615b38565b63ffffffff818116838216019081111561187e5761187e615b38565b6001600160401b03828116828216039081111561187e5761187e615b38565b6001600160801b03818116838216019081111561187e5761187e615b38565b5f82518060208501845e5f920191825250919050565b5f60208284031215615ce1575f5ffd5b81518015158114614a85575f5ffd5b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215615d14575f5ffd5b5051919050565b5f6001600160401b0382166001600160401b038103615d3c57615d3c615b38565b60010192915050565b808202811582820484141761187e5761187e615b38565b5f600160ff1b8201615d7057615d70615b38565b505f0390565b634e487b7160e01b5f52600160045260245ffd5b8082025f8212600160ff1b84141615615da557615da5615b38565b818105831482151761187e5761187e615b38565b8181035f83128015838313168383128216171561429557614295615b38565b8082018281125f831280158216821582161715615df757615df7615b38565b505092915050565b805169ffffffffffffffffffff81168114615817575f5ffd5b5f5f5f5f5f60a08688031215615e2c575f5ffd5b615e3586615dff565b60208701516040880151606089015192975090955093509150615e5a60808701615dff565b9050929550929590935056fe30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000130644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
}

// Rollup is an auto generated Go binding around an Ethereum contract.
type Rollup struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Rollup) GetABI() abi.ABI {
	return c.abi
}

// NewRollup creates a new instance of Rollup.
func NewRollup() *Rollup {
	parsed, err := RollupMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Rollup{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Rollup) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor((address,address,address,address,uint256,uint32,uint8,uint8,uint32,uint16,uint32,uint64,bool,uint32,uint64,uint256,uint32,uint32,uint32,bool) c) returns()
func (rollup *Rollup) PackConstructor(c RollupConfig) []byte {
	enc, err := rollup.abi.Pack("", c)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXACCOUNTDEPOSITS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe2d01924.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ACCOUNT_DEPOSITS() view returns(uint64)
func (rollup *Rollup) PackMAXACCOUNTDEPOSITS() []byte {
	enc, err := rollup.abi.Pack("MAX_ACCOUNT_DEPOSITS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXACCOUNTDEPOSITS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe2d01924.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ACCOUNT_DEPOSITS() view returns(uint64)
func (rollup *Rollup) TryPackMAXACCOUNTDEPOSITS() ([]byte, error) {
	return rollup.abi.Pack("MAX_ACCOUNT_DEPOSITS")
}

// UnpackMAXACCOUNTDEPOSITS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe2d01924.
//
// Solidity: function MAX_ACCOUNT_DEPOSITS() view returns(uint64)
func (rollup *Rollup) UnpackMAXACCOUNTDEPOSITS(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("MAX_ACCOUNT_DEPOSITS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMAXBATCHAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce09ca32.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) PackMAXBATCHAGE() []byte {
	enc, err := rollup.abi.Pack("MAX_BATCH_AGE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXBATCHAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xce09ca32.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) TryPackMAXBATCHAGE() ([]byte, error) {
	return rollup.abi.Pack("MAX_BATCH_AGE")
}

// UnpackMAXBATCHAGE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xce09ca32.
//
// Solidity: function MAX_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) UnpackMAXBATCHAGE(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MAX_BATCH_AGE", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMAXCLAIMWINDOW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x517aaad7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) PackMAXCLAIMWINDOW() []byte {
	enc, err := rollup.abi.Pack("MAX_CLAIM_WINDOW")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCLAIMWINDOW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x517aaad7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) TryPackMAXCLAIMWINDOW() ([]byte, error) {
	return rollup.abi.Pack("MAX_CLAIM_WINDOW")
}

// UnpackMAXCLAIMWINDOW is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x517aaad7.
//
// Solidity: function MAX_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) UnpackMAXCLAIMWINDOW(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MAX_CLAIM_WINDOW", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMAXDELAYBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c28e8b7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) PackMAXDELAYBLOCKS() []byte {
	enc, err := rollup.abi.Pack("MAX_DELAY_BLOCKS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXDELAYBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c28e8b7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) TryPackMAXDELAYBLOCKS() ([]byte, error) {
	return rollup.abi.Pack("MAX_DELAY_BLOCKS")
}

// UnpackMAXDELAYBLOCKS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1c28e8b7.
//
// Solidity: function MAX_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) UnpackMAXDELAYBLOCKS(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("MAX_DELAY_BLOCKS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMAXDELAYSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06467b32.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) PackMAXDELAYSECONDS() []byte {
	enc, err := rollup.abi.Pack("MAX_DELAY_SECONDS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXDELAYSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06467b32.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) TryPackMAXDELAYSECONDS() ([]byte, error) {
	return rollup.abi.Pack("MAX_DELAY_SECONDS")
}

// UnpackMAXDELAYSECONDS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06467b32.
//
// Solidity: function MAX_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) UnpackMAXDELAYSECONDS(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("MAX_DELAY_SECONDS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMAXFORCEDFEE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd34159a1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_FORCED_FEE() view returns(uint256)
func (rollup *Rollup) PackMAXFORCEDFEE() []byte {
	enc, err := rollup.abi.Pack("MAX_FORCED_FEE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXFORCEDFEE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd34159a1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_FORCED_FEE() view returns(uint256)
func (rollup *Rollup) TryPackMAXFORCEDFEE() ([]byte, error) {
	return rollup.abi.Pack("MAX_FORCED_FEE")
}

// UnpackMAXFORCEDFEE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd34159a1.
//
// Solidity: function MAX_FORCED_FEE() view returns(uint256)
func (rollup *Rollup) UnpackMAXFORCEDFEE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("MAX_FORCED_FEE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXORACLEBANDBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x281f2fe3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ORACLE_BAND_BPS() view returns(uint16)
func (rollup *Rollup) PackMAXORACLEBANDBPS() []byte {
	enc, err := rollup.abi.Pack("MAX_ORACLE_BAND_BPS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXORACLEBANDBPS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x281f2fe3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ORACLE_BAND_BPS() view returns(uint16)
func (rollup *Rollup) TryPackMAXORACLEBANDBPS() ([]byte, error) {
	return rollup.abi.Pack("MAX_ORACLE_BAND_BPS")
}

// UnpackMAXORACLEBANDBPS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x281f2fe3.
//
// Solidity: function MAX_ORACLE_BAND_BPS() view returns(uint16)
func (rollup *Rollup) UnpackMAXORACLEBANDBPS(data []byte) (uint16, error) {
	out, err := rollup.abi.Unpack("MAX_ORACLE_BAND_BPS", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackMAXORACLEMAXAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7a2f4908.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) PackMAXORACLEMAXAGE() []byte {
	enc, err := rollup.abi.Pack("MAX_ORACLE_MAX_AGE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXORACLEMAXAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7a2f4908.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) TryPackMAXORACLEMAXAGE() ([]byte, error) {
	return rollup.abi.Pack("MAX_ORACLE_MAX_AGE")
}

// UnpackMAXORACLEMAXAGE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7a2f4908.
//
// Solidity: function MAX_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) UnpackMAXORACLEMAXAGE(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MAX_ORACLE_MAX_AGE", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMAXPENDINGLIMIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ed45589.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_PENDING_LIMIT() view returns(uint32)
func (rollup *Rollup) PackMAXPENDINGLIMIT() []byte {
	enc, err := rollup.abi.Pack("MAX_PENDING_LIMIT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXPENDINGLIMIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ed45589.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_PENDING_LIMIT() view returns(uint32)
func (rollup *Rollup) TryPackMAXPENDINGLIMIT() ([]byte, error) {
	return rollup.abi.Pack("MAX_PENDING_LIMIT")
}

// UnpackMAXPENDINGLIMIT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8ed45589.
//
// Solidity: function MAX_PENDING_LIMIT() view returns(uint32)
func (rollup *Rollup) UnpackMAXPENDINGLIMIT(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MAX_PENDING_LIMIT", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMINBATCHAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x26211c70.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MIN_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) PackMINBATCHAGE() []byte {
	enc, err := rollup.abi.Pack("MIN_BATCH_AGE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINBATCHAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x26211c70.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MIN_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) TryPackMINBATCHAGE() ([]byte, error) {
	return rollup.abi.Pack("MIN_BATCH_AGE")
}

// UnpackMINBATCHAGE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x26211c70.
//
// Solidity: function MIN_BATCH_AGE() view returns(uint32)
func (rollup *Rollup) UnpackMINBATCHAGE(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MIN_BATCH_AGE", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMINCLAIMWINDOW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9211539.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MIN_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) PackMINCLAIMWINDOW() []byte {
	enc, err := rollup.abi.Pack("MIN_CLAIM_WINDOW")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINCLAIMWINDOW is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9211539.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MIN_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) TryPackMINCLAIMWINDOW() ([]byte, error) {
	return rollup.abi.Pack("MIN_CLAIM_WINDOW")
}

// UnpackMINCLAIMWINDOW is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9211539.
//
// Solidity: function MIN_CLAIM_WINDOW() view returns(uint32)
func (rollup *Rollup) UnpackMINCLAIMWINDOW(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MIN_CLAIM_WINDOW", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMINDELAYBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe153e834.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MIN_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) PackMINDELAYBLOCKS() []byte {
	enc, err := rollup.abi.Pack("MIN_DELAY_BLOCKS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINDELAYBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe153e834.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MIN_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) TryPackMINDELAYBLOCKS() ([]byte, error) {
	return rollup.abi.Pack("MIN_DELAY_BLOCKS")
}

// UnpackMINDELAYBLOCKS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe153e834.
//
// Solidity: function MIN_DELAY_BLOCKS() view returns(uint64)
func (rollup *Rollup) UnpackMINDELAYBLOCKS(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("MIN_DELAY_BLOCKS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMINDELAYSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0445be7b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MIN_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) PackMINDELAYSECONDS() []byte {
	enc, err := rollup.abi.Pack("MIN_DELAY_SECONDS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINDELAYSECONDS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0445be7b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MIN_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) TryPackMINDELAYSECONDS() ([]byte, error) {
	return rollup.abi.Pack("MIN_DELAY_SECONDS")
}

// UnpackMINDELAYSECONDS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0445be7b.
//
// Solidity: function MIN_DELAY_SECONDS() view returns(uint64)
func (rollup *Rollup) UnpackMINDELAYSECONDS(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("MIN_DELAY_SECONDS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMINORACLEMAXAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad91f51a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MIN_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) PackMINORACLEMAXAGE() []byte {
	enc, err := rollup.abi.Pack("MIN_ORACLE_MAX_AGE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINORACLEMAXAGE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad91f51a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MIN_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) TryPackMINORACLEMAXAGE() ([]byte, error) {
	return rollup.abi.Pack("MIN_ORACLE_MAX_AGE")
}

// UnpackMINORACLEMAXAGE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xad91f51a.
//
// Solidity: function MIN_ORACLE_MAX_AGE() view returns(uint32)
func (rollup *Rollup) UnpackMINORACLEMAXAGE(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("MIN_ORACLE_MAX_AGE", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackAccountDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf86be708.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function accountDepth() view returns(uint8)
func (rollup *Rollup) PackAccountDepth() []byte {
	enc, err := rollup.abi.Pack("accountDepth")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAccountDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf86be708.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function accountDepth() view returns(uint8)
func (rollup *Rollup) TryPackAccountDepth() ([]byte, error) {
	return rollup.abi.Pack("accountDepth")
}

// UnpackAccountDepth is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf86be708.
//
// Solidity: function accountDepth() view returns(uint8)
func (rollup *Rollup) UnpackAccountDepth(data []byte) (uint8, error) {
	out, err := rollup.abi.Unpack("accountDepth", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackAccountOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8086b8ba.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function accountOf(address owner) view returns(uint32)
func (rollup *Rollup) PackAccountOf(owner common.Address) []byte {
	enc, err := rollup.abi.Pack("accountOf", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAccountOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8086b8ba.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function accountOf(address owner) view returns(uint32)
func (rollup *Rollup) TryPackAccountOf(owner common.Address) ([]byte, error) {
	return rollup.abi.Pack("accountOf", owner)
}

// UnpackAccountOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8086b8ba.
//
// Solidity: function accountOf(address owner) view returns(uint32)
func (rollup *Rollup) UnpackAccountOf(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("accountOf", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackAccounts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5e5c06e2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function accounts(address ) view returns(uint32 index, uint64 deposited, bytes32 keyHash)
func (rollup *Rollup) PackAccounts(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("accounts", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAccounts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5e5c06e2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function accounts(address ) view returns(uint32 index, uint64 deposited, bytes32 keyHash)
func (rollup *Rollup) TryPackAccounts(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("accounts", arg0)
}

// AccountsOutput serves as a container for the return parameters of contract
// method Accounts.
type AccountsOutput struct {
	Index     uint32
	Deposited uint64
	KeyHash   [32]byte
}

// UnpackAccounts is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5e5c06e2.
//
// Solidity: function accounts(address ) view returns(uint32 index, uint64 deposited, bytes32 keyHash)
func (rollup *Rollup) UnpackAccounts(data []byte) (AccountsOutput, error) {
	out, err := rollup.abi.Unpack("accounts", data)
	outstruct := new(AccountsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Index = *abi.ConvertType(out[0], new(uint32)).(*uint32)
	outstruct.Deposited = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.KeyHash = *abi.ConvertType(out[2], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackActivateExodus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa68f9f93.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function activateExodus() returns()
func (rollup *Rollup) PackActivateExodus() []byte {
	enc, err := rollup.abi.Pack("activateExodus")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackActivateExodus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa68f9f93.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function activateExodus() returns()
func (rollup *Rollup) TryPackActivateExodus() ([]byte, error) {
	return rollup.abi.Pack("activateExodus")
}

// PackBatchNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba873065.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchNumber() view returns(uint64)
func (rollup *Rollup) PackBatchNumber() []byte {
	enc, err := rollup.abi.Pack("batchNumber")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba873065.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchNumber() view returns(uint64)
func (rollup *Rollup) TryPackBatchNumber() ([]byte, error) {
	return rollup.abi.Pack("batchNumber")
}

// UnpackBatchNumber is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xba873065.
//
// Solidity: function batchNumber() view returns(uint64)
func (rollup *Rollup) UnpackBatchNumber(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("batchNumber", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackBlobMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4b26e5f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function blobMode() view returns(bool)
func (rollup *Rollup) PackBlobMode() []byte {
	enc, err := rollup.abi.Pack("blobMode")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBlobMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4b26e5f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function blobMode() view returns(bool)
func (rollup *Rollup) TryPackBlobMode() ([]byte, error) {
	return rollup.abi.Pack("blobMode")
}

// UnpackBlobMode is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe4b26e5f.
//
// Solidity: function blobMode() view returns(bool)
func (rollup *Rollup) UnpackBlobMode(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("blobMode", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackClaimFees is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd294f093.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimFees() returns()
func (rollup *Rollup) PackClaimFees() []byte {
	enc, err := rollup.abi.Pack("claimFees")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimFees is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd294f093.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimFees() returns()
func (rollup *Rollup) TryPackClaimFees() ([]byte, error) {
	return rollup.abi.Pack("claimFees")
}

// PackClaimWindowEnd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0bbdc213.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimWindowEnd() view returns(uint64)
func (rollup *Rollup) PackClaimWindowEnd() []byte {
	enc, err := rollup.abi.Pack("claimWindowEnd")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimWindowEnd is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0bbdc213.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimWindowEnd() view returns(uint64)
func (rollup *Rollup) TryPackClaimWindowEnd() ([]byte, error) {
	return rollup.abi.Pack("claimWindowEnd")
}

// UnpackClaimWindowEnd is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0bbdc213.
//
// Solidity: function claimWindowEnd() view returns(uint64)
func (rollup *Rollup) UnpackClaimWindowEnd(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("claimWindowEnd", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) PackClaimable(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("claimable", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) TryPackClaimable(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("claimable", arg0)
}

// UnpackClaimable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) UnpackClaimable(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("claimable", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf84af835.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(uint256 pkX, uint256 pkY, uint64 amount) returns()
func (rollup *Rollup) PackDeposit(pkX *big.Int, pkY *big.Int, amount uint64) []byte {
	enc, err := rollup.abi.Pack("deposit", pkX, pkY, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf84af835.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(uint256 pkX, uint256 pkY, uint64 amount) returns()
func (rollup *Rollup) TryPackDeposit(pkX *big.Int, pkY *big.Int, amount uint64) ([]byte, error) {
	return rollup.abi.Pack("deposit", pkX, pkY, amount)
}

// PackDepositCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2dfdf0b5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositCount() view returns(uint64)
func (rollup *Rollup) PackDepositCount() []byte {
	enc, err := rollup.abi.Pack("depositCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2dfdf0b5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositCount() view returns(uint64)
func (rollup *Rollup) TryPackDepositCount() ([]byte, error) {
	return rollup.abi.Pack("depositCount")
}

// UnpackDepositCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2dfdf0b5.
//
// Solidity: function depositCount() view returns(uint64)
func (rollup *Rollup) UnpackDepositCount(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("depositCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDepositCursor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa0cc9824.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositCursor() view returns(uint64)
func (rollup *Rollup) PackDepositCursor() []byte {
	enc, err := rollup.abi.Pack("depositCursor")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositCursor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa0cc9824.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositCursor() view returns(uint64)
func (rollup *Rollup) TryPackDepositCursor() ([]byte, error) {
	return rollup.abi.Pack("depositCursor")
}

// UnpackDepositCursor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa0cc9824.
//
// Solidity: function depositCursor() view returns(uint64)
func (rollup *Rollup) UnpackDepositCursor(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("depositCursor", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDepositHashAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60631679.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositHashAt(uint64 ) view returns(uint256)
func (rollup *Rollup) PackDepositHashAt(arg0 uint64) []byte {
	enc, err := rollup.abi.Pack("depositHashAt", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositHashAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60631679.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositHashAt(uint64 ) view returns(uint256)
func (rollup *Rollup) TryPackDepositHashAt(arg0 uint64) ([]byte, error) {
	return rollup.abi.Pack("depositHashAt", arg0)
}

// UnpackDepositHashAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x60631679.
//
// Solidity: function depositHashAt(uint64 ) view returns(uint256)
func (rollup *Rollup) UnpackDepositHashAt(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("depositHashAt", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDepositHead is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x029e638c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositHead() view returns(uint256)
func (rollup *Rollup) PackDepositHead() []byte {
	enc, err := rollup.abi.Pack("depositHead")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositHead is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x029e638c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositHead() view returns(uint256)
func (rollup *Rollup) TryPackDepositHead() ([]byte, error) {
	return rollup.abi.Pack("depositHead")
}

// UnpackDepositHead is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x029e638c.
//
// Solidity: function depositHead() view returns(uint256)
func (rollup *Rollup) UnpackDepositHead(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("depositHead", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2fb26a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domain() view returns(uint256)
func (rollup *Rollup) PackDomain() []byte {
	enc, err := rollup.abi.Pack("domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2fb26a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domain() view returns(uint256)
func (rollup *Rollup) TryPackDomain() ([]byte, error) {
	return rollup.abi.Pack("domain")
}

// UnpackDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc2fb26a6.
//
// Solidity: function domain() view returns(uint256)
func (rollup *Rollup) UnpackDomain(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("domain", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7a441a19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exit((uint32,uint256,uint256,uint32,uint64,uint256,uint256[],uint256[],(uint256,uint256,uint256)[]) p) returns()
func (rollup *Rollup) PackExit(p RollupExitProof) []byte {
	enc, err := rollup.abi.Pack("exit", p)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7a441a19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exit((uint32,uint256,uint256,uint32,uint64,uint256,uint256[],uint256[],(uint256,uint256,uint256)[]) p) returns()
func (rollup *Rollup) TryPackExit(p RollupExitProof) ([]byte, error) {
	return rollup.abi.Pack("exit", p)
}

// PackExitClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4d35e34c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exitClaim(uint32 ) view returns(uint256)
func (rollup *Rollup) PackExitClaim(arg0 uint32) []byte {
	enc, err := rollup.abi.Pack("exitClaim", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExitClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4d35e34c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exitClaim(uint32 ) view returns(uint256)
func (rollup *Rollup) TryPackExitClaim(arg0 uint32) ([]byte, error) {
	return rollup.abi.Pack("exitClaim", arg0)
}

// UnpackExitClaim is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4d35e34c.
//
// Solidity: function exitClaim(uint32 ) view returns(uint256)
func (rollup *Rollup) UnpackExitClaim(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("exitClaim", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackExited is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6e78613b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exited(uint32 ) view returns(bool)
func (rollup *Rollup) PackExited(arg0 uint32) []byte {
	enc, err := rollup.abi.Pack("exited", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExited is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6e78613b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exited(uint32 ) view returns(bool)
func (rollup *Rollup) TryPackExited(arg0 uint32) ([]byte, error) {
	return rollup.abi.Pack("exited", arg0)
}

// UnpackExited is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6e78613b.
//
// Solidity: function exited(uint32 ) view returns(bool)
func (rollup *Rollup) UnpackExited(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("exited", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackExodus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad1d0dcf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exodus() view returns(bool)
func (rollup *Rollup) PackExodus() []byte {
	enc, err := rollup.abi.Pack("exodus")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExodus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xad1d0dcf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exodus() view returns(bool)
func (rollup *Rollup) TryPackExodus() ([]byte, error) {
	return rollup.abi.Pack("exodus")
}

// UnpackExodus is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xad1d0dcf.
//
// Solidity: function exodus() view returns(bool)
func (rollup *Rollup) UnpackExodus(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("exodus", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackExodusClaimWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c1cd4bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exodusClaimWindow() view returns(uint32)
func (rollup *Rollup) PackExodusClaimWindow() []byte {
	enc, err := rollup.abi.Pack("exodusClaimWindow")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExodusClaimWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c1cd4bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exodusClaimWindow() view returns(uint32)
func (rollup *Rollup) TryPackExodusClaimWindow() ([]byte, error) {
	return rollup.abi.Pack("exodusClaimWindow")
}

// UnpackExodusClaimWindow is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3c1cd4bc.
//
// Solidity: function exodusClaimWindow() view returns(uint32)
func (rollup *Rollup) UnpackExodusClaimWindow(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("exodusClaimWindow", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackExodusPool is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xec403ff9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function exodusPool() view returns(uint256)
func (rollup *Rollup) PackExodusPool() []byte {
	enc, err := rollup.abi.Pack("exodusPool")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExodusPool is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xec403ff9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function exodusPool() view returns(uint256)
func (rollup *Rollup) TryPackExodusPool() ([]byte, error) {
	return rollup.abi.Pack("exodusPool")
}

// UnpackExodusPool is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xec403ff9.
//
// Solidity: function exodusPool() view returns(uint256)
func (rollup *Rollup) UnpackExodusPool(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("exodusPool", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackFeeClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74cd6465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function feeClaim() view returns(uint256)
func (rollup *Rollup) PackFeeClaim() []byte {
	enc, err := rollup.abi.Pack("feeClaim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFeeClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x74cd6465.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function feeClaim() view returns(uint256)
func (rollup *Rollup) TryPackFeeClaim() ([]byte, error) {
	return rollup.abi.Pack("feeClaim")
}

// UnpackFeeClaim is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x74cd6465.
//
// Solidity: function feeClaim() view returns(uint256)
func (rollup *Rollup) UnpackFeeClaim(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("feeClaim", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackFeeClaimRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ab7742a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function feeClaimRegistered() view returns(bool)
func (rollup *Rollup) PackFeeClaimRegistered() []byte {
	enc, err := rollup.abi.Pack("feeClaimRegistered")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFeeClaimRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ab7742a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function feeClaimRegistered() view returns(bool)
func (rollup *Rollup) TryPackFeeClaimRegistered() ([]byte, error) {
	return rollup.abi.Pack("feeClaimRegistered")
}

// UnpackFeeClaimRegistered is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3ab7742a.
//
// Solidity: function feeClaimRegistered() view returns(bool)
func (rollup *Rollup) UnpackFeeClaimRegistered(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("feeClaimRegistered", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackFeesEarned is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd50509f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function feesEarned() view returns(uint256)
func (rollup *Rollup) PackFeesEarned() []byte {
	enc, err := rollup.abi.Pack("feesEarned")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFeesEarned is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd50509f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function feesEarned() view returns(uint256)
func (rollup *Rollup) TryPackFeesEarned() ([]byte, error) {
	return rollup.abi.Pack("feesEarned")
}

// UnpackFeesEarned is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd50509f5.
//
// Solidity: function feesEarned() view returns(uint256)
func (rollup *Rollup) UnpackFeesEarned(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("feesEarned", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackForcedCloseDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10857660.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forcedCloseDeadline(uint32 , uint8 ) view returns(uint64)
func (rollup *Rollup) PackForcedCloseDeadline(arg0 uint32, arg1 uint8) []byte {
	enc, err := rollup.abi.Pack("forcedCloseDeadline", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForcedCloseDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10857660.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forcedCloseDeadline(uint32 , uint8 ) view returns(uint64)
func (rollup *Rollup) TryPackForcedCloseDeadline(arg0 uint32, arg1 uint8) ([]byte, error) {
	return rollup.abi.Pack("forcedCloseDeadline", arg0, arg1)
}

// UnpackForcedCloseDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10857660.
//
// Solidity: function forcedCloseDeadline(uint32 , uint8 ) view returns(uint64)
func (rollup *Rollup) UnpackForcedCloseDeadline(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("forcedCloseDeadline", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackForcedDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73e3c042.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forcedDeadline(uint32 ) view returns(uint64)
func (rollup *Rollup) PackForcedDeadline(arg0 uint32) []byte {
	enc, err := rollup.abi.Pack("forcedDeadline", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForcedDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73e3c042.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forcedDeadline(uint32 ) view returns(uint64)
func (rollup *Rollup) TryPackForcedDeadline(arg0 uint32) ([]byte, error) {
	return rollup.abi.Pack("forcedDeadline", arg0)
}

// UnpackForcedDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x73e3c042.
//
// Solidity: function forcedDeadline(uint32 ) view returns(uint64)
func (rollup *Rollup) UnpackForcedDeadline(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("forcedDeadline", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackForcedDelayInBlocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xccda889d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forcedDelayInBlocks() view returns(bool)
func (rollup *Rollup) PackForcedDelayInBlocks() []byte {
	enc, err := rollup.abi.Pack("forcedDelayInBlocks")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForcedDelayInBlocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xccda889d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forcedDelayInBlocks() view returns(bool)
func (rollup *Rollup) TryPackForcedDelayInBlocks() ([]byte, error) {
	return rollup.abi.Pack("forcedDelayInBlocks")
}

// UnpackForcedDelayInBlocks is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xccda889d.
//
// Solidity: function forcedDelayInBlocks() view returns(bool)
func (rollup *Rollup) UnpackForcedDelayInBlocks(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("forcedDelayInBlocks", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackForcedRequestFee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fdd92b5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forcedRequestFee() view returns(uint256)
func (rollup *Rollup) PackForcedRequestFee() []byte {
	enc, err := rollup.abi.Pack("forcedRequestFee")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForcedRequestFee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fdd92b5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forcedRequestFee() view returns(uint256)
func (rollup *Rollup) TryPackForcedRequestFee() ([]byte, error) {
	return rollup.abi.Pack("forcedRequestFee")
}

// UnpackForcedRequestFee is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1fdd92b5.
//
// Solidity: function forcedRequestFee() view returns(uint256)
func (rollup *Rollup) UnpackForcedRequestFee(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("forcedRequestFee", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackForcedWithdrawalDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6db22f7d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forcedWithdrawalDelay() view returns(uint64)
func (rollup *Rollup) PackForcedWithdrawalDelay() []byte {
	enc, err := rollup.abi.Pack("forcedWithdrawalDelay")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForcedWithdrawalDelay is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6db22f7d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forcedWithdrawalDelay() view returns(uint64)
func (rollup *Rollup) TryPackForcedWithdrawalDelay() ([]byte, error) {
	return rollup.abi.Pack("forcedWithdrawalDelay")
}

// UnpackForcedWithdrawalDelay is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6db22f7d.
//
// Solidity: function forcedWithdrawalDelay() view returns(uint64)
func (rollup *Rollup) UnpackForcedWithdrawalDelay(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("forcedWithdrawalDelay", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLastBatchTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5efd585.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastBatchTime() view returns(uint64)
func (rollup *Rollup) PackLastBatchTime() []byte {
	enc, err := rollup.abi.Pack("lastBatchTime")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastBatchTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5efd585.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastBatchTime() view returns(uint64)
func (rollup *Rollup) TryPackLastBatchTime() ([]byte, error) {
	return rollup.abi.Pack("lastBatchTime")
}

// UnpackLastBatchTime is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5efd585.
//
// Solidity: function lastBatchTime() view returns(uint64)
func (rollup *Rollup) UnpackLastBatchTime(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("lastBatchTime", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLastMarkRound is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28fe3c09.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastMarkRound(uint8 ) view returns(uint64)
func (rollup *Rollup) PackLastMarkRound(arg0 uint8) []byte {
	enc, err := rollup.abi.Pack("lastMarkRound", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastMarkRound is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28fe3c09.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastMarkRound(uint8 ) view returns(uint64)
func (rollup *Rollup) TryPackLastMarkRound(arg0 uint8) ([]byte, error) {
	return rollup.abi.Pack("lastMarkRound", arg0)
}

// UnpackLastMarkRound is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x28fe3c09.
//
// Solidity: function lastMarkRound(uint8 ) view returns(uint64)
func (rollup *Rollup) UnpackLastMarkRound(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("lastMarkRound", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackMaxBatchAge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe478773a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function maxBatchAge() view returns(uint32)
func (rollup *Rollup) PackMaxBatchAge() []byte {
	enc, err := rollup.abi.Pack("maxBatchAge")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMaxBatchAge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe478773a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function maxBatchAge() view returns(uint32)
func (rollup *Rollup) TryPackMaxBatchAge() ([]byte, error) {
	return rollup.abi.Pack("maxBatchAge")
}

// UnpackMaxBatchAge is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe478773a.
//
// Solidity: function maxBatchAge() view returns(uint32)
func (rollup *Rollup) UnpackMaxBatchAge(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("maxBatchAge", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMaxPendingPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe9f3e19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function maxPendingPriority() view returns(uint32)
func (rollup *Rollup) PackMaxPendingPriority() []byte {
	enc, err := rollup.abi.Pack("maxPendingPriority")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMaxPendingPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe9f3e19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function maxPendingPriority() view returns(uint32)
func (rollup *Rollup) TryPackMaxPendingPriority() ([]byte, error) {
	return rollup.abi.Pack("maxPendingPriority")
}

// UnpackMaxPendingPriority is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfe9f3e19.
//
// Solidity: function maxPendingPriority() view returns(uint32)
func (rollup *Rollup) UnpackMaxPendingPriority(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("maxPendingPriority", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackMinDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41b3d185.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minDeposit() view returns(uint64)
func (rollup *Rollup) PackMinDeposit() []byte {
	enc, err := rollup.abi.Pack("minDeposit")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41b3d185.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minDeposit() view returns(uint64)
func (rollup *Rollup) TryPackMinDeposit() ([]byte, error) {
	return rollup.abi.Pack("minDeposit")
}

// UnpackMinDeposit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x41b3d185.
//
// Solidity: function minDeposit() view returns(uint64)
func (rollup *Rollup) UnpackMinDeposit(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("minDeposit", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackNextAccount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x81dc2774.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextAccount() view returns(uint32)
func (rollup *Rollup) PackNextAccount() []byte {
	enc, err := rollup.abi.Pack("nextAccount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextAccount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x81dc2774.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextAccount() view returns(uint32)
func (rollup *Rollup) TryPackNextAccount() ([]byte, error) {
	return rollup.abi.Pack("nextAccount")
}

// UnpackNextAccount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x81dc2774.
//
// Solidity: function nextAccount() view returns(uint32)
func (rollup *Rollup) UnpackNextAccount(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("nextAccount", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackOnCurve is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x669d9448.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function onCurve(uint256 x, uint256 y) pure returns(bool)
func (rollup *Rollup) PackOnCurve(x *big.Int, y *big.Int) []byte {
	enc, err := rollup.abi.Pack("onCurve", x, y)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOnCurve is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x669d9448.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function onCurve(uint256 x, uint256 y) pure returns(bool)
func (rollup *Rollup) TryPackOnCurve(x *big.Int, y *big.Int) ([]byte, error) {
	return rollup.abi.Pack("onCurve", x, y)
}

// UnpackOnCurve is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x669d9448.
//
// Solidity: function onCurve(uint256 x, uint256 y) pure returns(bool)
func (rollup *Rollup) UnpackOnCurve(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("onCurve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackOracle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7dc0d1d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function oracle() view returns(address)
func (rollup *Rollup) PackOracle() []byte {
	enc, err := rollup.abi.Pack("oracle")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOracle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7dc0d1d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function oracle() view returns(address)
func (rollup *Rollup) TryPackOracle() ([]byte, error) {
	return rollup.abi.Pack("oracle")
}

// UnpackOracle is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7dc0d1d0.
//
// Solidity: function oracle() view returns(address)
func (rollup *Rollup) UnpackOracle(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("oracle", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackOracleBandBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe83b4da8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function oracleBandBps() view returns(uint16)
func (rollup *Rollup) PackOracleBandBps() []byte {
	enc, err := rollup.abi.Pack("oracleBandBps")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOracleBandBps is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe83b4da8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function oracleBandBps() view returns(uint16)
func (rollup *Rollup) TryPackOracleBandBps() ([]byte, error) {
	return rollup.abi.Pack("oracleBandBps")
}

// UnpackOracleBandBps is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe83b4da8.
//
// Solidity: function oracleBandBps() view returns(uint16)
func (rollup *Rollup) UnpackOracleBandBps(data []byte) (uint16, error) {
	out, err := rollup.abi.Unpack("oracleBandBps", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackOracleMaxAge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9c56b272.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function oracleMaxAge() view returns(uint32)
func (rollup *Rollup) PackOracleMaxAge() []byte {
	enc, err := rollup.abi.Pack("oracleMaxAge")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOracleMaxAge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9c56b272.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function oracleMaxAge() view returns(uint32)
func (rollup *Rollup) TryPackOracleMaxAge() ([]byte, error) {
	return rollup.abi.Pack("oracleMaxAge")
}

// UnpackOracleMaxAge is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9c56b272.
//
// Solidity: function oracleMaxAge() view returns(uint32)
func (rollup *Rollup) UnpackOracleMaxAge(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("oracleMaxAge", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b7ec3b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(uint32 ) view returns(address)
func (rollup *Rollup) PackOwnerOf(arg0 uint32) []byte {
	enc, err := rollup.abi.Pack("ownerOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b7ec3b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(uint32 ) view returns(address)
func (rollup *Rollup) TryPackOwnerOf(arg0 uint32) ([]byte, error) {
	return rollup.abi.Pack("ownerOf", arg0)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b7ec3b.
//
// Solidity: function ownerOf(uint32 ) view returns(address)
func (rollup *Rollup) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("ownerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc18f0ccf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payout(uint32 account) returns()
func (rollup *Rollup) PackPayout(account uint32) []byte {
	enc, err := rollup.abi.Pack("payout", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPayout is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc18f0ccf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function payout(uint32 account) returns()
func (rollup *Rollup) TryPackPayout(account uint32) ([]byte, error) {
	return rollup.abi.Pack("payout", account)
}

// PackPayoutFees is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c5b2beb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function payoutFees() returns()
func (rollup *Rollup) PackPayoutFees() []byte {
	enc, err := rollup.abi.Pack("payoutFees")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPayoutFees is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c5b2beb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function payoutFees() returns()
func (rollup *Rollup) TryPackPayoutFees() ([]byte, error) {
	return rollup.abi.Pack("payoutFees")
}

// PackPendingDepositAmount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeda6d6be.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingDepositAmount() view returns(uint128)
func (rollup *Rollup) PackPendingDepositAmount() []byte {
	enc, err := rollup.abi.Pack("pendingDepositAmount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingDepositAmount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeda6d6be.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingDepositAmount() view returns(uint128)
func (rollup *Rollup) TryPackPendingDepositAmount() ([]byte, error) {
	return rollup.abi.Pack("pendingDepositAmount")
}

// UnpackPendingDepositAmount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeda6d6be.
//
// Solidity: function pendingDepositAmount() view returns(uint128)
func (rollup *Rollup) UnpackPendingDepositAmount(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("pendingDepositAmount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPendingDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe6d9ce3d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingDeposits(uint64 ) view returns(address owner, uint64 amount, uint32 deadline)
func (rollup *Rollup) PackPendingDeposits(arg0 uint64) []byte {
	enc, err := rollup.abi.Pack("pendingDeposits", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe6d9ce3d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingDeposits(uint64 ) view returns(address owner, uint64 amount, uint32 deadline)
func (rollup *Rollup) TryPackPendingDeposits(arg0 uint64) ([]byte, error) {
	return rollup.abi.Pack("pendingDeposits", arg0)
}

// PendingDepositsOutput serves as a container for the return parameters of contract
// method PendingDeposits.
type PendingDepositsOutput struct {
	Owner    common.Address
	Amount   uint64
	Deadline uint32
}

// UnpackPendingDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe6d9ce3d.
//
// Solidity: function pendingDeposits(uint64 ) view returns(address owner, uint64 amount, uint32 deadline)
func (rollup *Rollup) UnpackPendingDeposits(data []byte) (PendingDepositsOutput, error) {
	out, err := rollup.abi.Unpack("pendingDeposits", data)
	outstruct := new(PendingDepositsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Owner = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Amount = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.Deadline = *abi.ConvertType(out[2], new(uint32)).(*uint32)
	return *outstruct, nil
}

// PackPendingForcedExits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4360405f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingForcedExits() view returns(uint64)
func (rollup *Rollup) PackPendingForcedExits() []byte {
	enc, err := rollup.abi.Pack("pendingForcedExits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingForcedExits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4360405f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingForcedExits() view returns(uint64)
func (rollup *Rollup) TryPackPendingForcedExits() ([]byte, error) {
	return rollup.abi.Pack("pendingForcedExits")
}

// UnpackPendingForcedExits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4360405f.
//
// Solidity: function pendingForcedExits() view returns(uint64)
func (rollup *Rollup) UnpackPendingForcedExits(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("pendingForcedExits", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPoolFixed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed56f78b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function poolFixed() view returns(bool)
func (rollup *Rollup) PackPoolFixed() []byte {
	enc, err := rollup.abi.Pack("poolFixed")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPoolFixed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed56f78b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function poolFixed() view returns(bool)
func (rollup *Rollup) TryPackPoolFixed() ([]byte, error) {
	return rollup.abi.Pack("poolFixed")
}

// UnpackPoolFixed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xed56f78b.
//
// Solidity: function poolFixed() view returns(bool)
func (rollup *Rollup) UnpackPoolFixed(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("poolFixed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackPositionDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf84b8bdd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function positionDepth() view returns(uint8)
func (rollup *Rollup) PackPositionDepth() []byte {
	enc, err := rollup.abi.Pack("positionDepth")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPositionDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf84b8bdd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function positionDepth() view returns(uint8)
func (rollup *Rollup) TryPackPositionDepth() ([]byte, error) {
	return rollup.abi.Pack("positionDepth")
}

// UnpackPositionDepth is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf84b8bdd.
//
// Solidity: function positionDepth() view returns(uint8)
func (rollup *Rollup) UnpackPositionDepth(data []byte) (uint8, error) {
	out, err := rollup.abi.Unpack("positionDepth", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackPriorityInterval is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98cf2683.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function priorityInterval() view returns(uint32)
func (rollup *Rollup) PackPriorityInterval() []byte {
	enc, err := rollup.abi.Pack("priorityInterval")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPriorityInterval is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x98cf2683.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function priorityInterval() view returns(uint32)
func (rollup *Rollup) TryPackPriorityInterval() ([]byte, error) {
	return rollup.abi.Pack("priorityInterval")
}

// UnpackPriorityInterval is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x98cf2683.
//
// Solidity: function priorityInterval() view returns(uint32)
func (rollup *Rollup) UnpackPriorityInterval(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("priorityInterval", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackRefundDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23356eaf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function refundDeposit(uint64 queueIndex) returns()
func (rollup *Rollup) PackRefundDeposit(queueIndex uint64) []byte {
	enc, err := rollup.abi.Pack("refundDeposit", queueIndex)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRefundDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23356eaf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function refundDeposit(uint64 queueIndex) returns()
func (rollup *Rollup) TryPackRefundDeposit(queueIndex uint64) ([]byte, error) {
	return rollup.abi.Pack("refundDeposit", queueIndex)
}

// PackRegisterFeeClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x31d6ce34.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerFeeClaim(uint256 accountsRoot, (uint256,uint256,uint256)[] markets) returns()
func (rollup *Rollup) PackRegisterFeeClaim(accountsRoot *big.Int, markets []LeavesMarket) []byte {
	enc, err := rollup.abi.Pack("registerFeeClaim", accountsRoot, markets)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterFeeClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x31d6ce34.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerFeeClaim(uint256 accountsRoot, (uint256,uint256,uint256)[] markets) returns()
func (rollup *Rollup) TryPackRegisterFeeClaim(accountsRoot *big.Int, markets []LeavesMarket) ([]byte, error) {
	return rollup.abi.Pack("registerFeeClaim", accountsRoot, markets)
}

// PackRequestForcedClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x62e3534f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestForcedClose(uint256 pkX, uint256 pkY, uint8 market) payable returns()
func (rollup *Rollup) PackRequestForcedClose(pkX *big.Int, pkY *big.Int, market uint8) []byte {
	enc, err := rollup.abi.Pack("requestForcedClose", pkX, pkY, market)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestForcedClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x62e3534f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestForcedClose(uint256 pkX, uint256 pkY, uint8 market) payable returns()
func (rollup *Rollup) TryPackRequestForcedClose(pkX *big.Int, pkY *big.Int, market uint8) ([]byte, error) {
	return rollup.abi.Pack("requestForcedClose", pkX, pkY, market)
}

// PackRequestForcedWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9eb6aa84.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestForcedWithdrawal(uint256 pkX, uint256 pkY) payable returns()
func (rollup *Rollup) PackRequestForcedWithdrawal(pkX *big.Int, pkY *big.Int) []byte {
	enc, err := rollup.abi.Pack("requestForcedWithdrawal", pkX, pkY)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestForcedWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9eb6aa84.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestForcedWithdrawal(uint256 pkX, uint256 pkY) payable returns()
func (rollup *Rollup) TryPackRequestForcedWithdrawal(pkX *big.Int, pkY *big.Int) ([]byte, error) {
	return rollup.abi.Pack("requestForcedWithdrawal", pkX, pkY)
}

// PackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) PackSequencer() []byte {
	enc, err := rollup.abi.Pack("sequencer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) TryPackSequencer() ([]byte, error) {
	return rollup.abi.Pack("sequencer")
}

// UnpackSequencer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c1bba38.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) UnpackSequencer(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("sequencer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slots() view returns(uint32)
func (rollup *Rollup) PackSlots() []byte {
	enc, err := rollup.abi.Pack("slots")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slots() view returns(uint32)
func (rollup *Rollup) TryPackSlots() ([]byte, error) {
	return rollup.abi.Pack("slots")
}

// UnpackSlots is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x48547d69.
//
// Solidity: function slots() view returns(uint32)
func (rollup *Rollup) UnpackSlots(data []byte) (uint32, error) {
	out, err := rollup.abi.Unpack("slots", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9588eca2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stateRoot() view returns(uint256)
func (rollup *Rollup) PackStateRoot() []byte {
	enc, err := rollup.abi.Pack("stateRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9588eca2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stateRoot() view returns(uint256)
func (rollup *Rollup) TryPackStateRoot() ([]byte, error) {
	return rollup.abi.Pack("stateRoot")
}

// UnpackStateRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9588eca2.
//
// Solidity: function stateRoot() view returns(uint256)
func (rollup *Rollup) UnpackStateRoot(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("stateRoot", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSubmitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5925f4ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitBatch(uint256 newRoot, uint64 batchTime, uint256[] pubdata, bytes proof, bytes blob) returns()
func (rollup *Rollup) PackSubmitBatch(newRoot *big.Int, batchTime uint64, pubdata []*big.Int, proof []byte, blob []byte) []byte {
	enc, err := rollup.abi.Pack("submitBatch", newRoot, batchTime, pubdata, proof, blob)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5925f4ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitBatch(uint256 newRoot, uint64 batchTime, uint256[] pubdata, bytes proof, bytes blob) returns()
func (rollup *Rollup) TryPackSubmitBatch(newRoot *big.Int, batchTime uint64, pubdata []*big.Int, proof []byte, blob []byte) ([]byte, error) {
	return rollup.abi.Pack("submitBatch", newRoot, batchTime, pubdata, proof, blob)
}

// PackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function token() view returns(address)
func (rollup *Rollup) PackToken() []byte {
	enc, err := rollup.abi.Pack("token")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackToken is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc0c546a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function token() view returns(address)
func (rollup *Rollup) TryPackToken() ([]byte, error) {
	return rollup.abi.Pack("token")
}

// UnpackToken is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (rollup *Rollup) UnpackToken(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("token", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTotalClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4838ed19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalClaimable() view returns(uint256)
func (rollup *Rollup) PackTotalClaimable() []byte {
	enc, err := rollup.abi.Pack("totalClaimable")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4838ed19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalClaimable() view returns(uint256)
func (rollup *Rollup) TryPackTotalClaimable() ([]byte, error) {
	return rollup.abi.Pack("totalClaimable")
}

// UnpackTotalClaimable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4838ed19.
//
// Solidity: function totalClaimable() view returns(uint256)
func (rollup *Rollup) UnpackTotalClaimable(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("totalClaimable", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTotalClaims is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41c61383.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalClaims() view returns(uint256)
func (rollup *Rollup) PackTotalClaims() []byte {
	enc, err := rollup.abi.Pack("totalClaims")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalClaims is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41c61383.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalClaims() view returns(uint256)
func (rollup *Rollup) TryPackTotalClaims() ([]byte, error) {
	return rollup.abi.Pack("totalClaims")
}

// UnpackTotalClaims is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x41c61383.
//
// Solidity: function totalClaims() view returns(uint256)
func (rollup *Rollup) UnpackTotalClaims(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("totalClaims", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) PackVerifier() []byte {
	enc, err := rollup.abi.Pack("verifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) TryPackVerifier() ([]byte, error) {
	return rollup.abi.Pack("verifier")
}

// UnpackVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b7ac3f3.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) UnpackVerifier(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("verifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ccfd60b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw() returns()
func (rollup *Rollup) PackWithdraw() []byte {
	enc, err := rollup.abi.Pack("withdraw")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3ccfd60b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw() returns()
func (rollup *Rollup) TryPackWithdraw() ([]byte, error) {
	return rollup.abi.Pack("withdraw")
}

// RollupAccountRegistered represents a AccountRegistered event raised by the Rollup contract.
type RollupAccountRegistered struct {
	Owner   common.Address
	Account uint32
	PkX     *big.Int
	PkY     *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const RollupAccountRegisteredEventName = "AccountRegistered"

// ContractEventName returns the user-defined event name.
func (RollupAccountRegistered) ContractEventName() string {
	return RollupAccountRegisteredEventName
}

// UnpackAccountRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccountRegistered(address indexed owner, uint32 indexed account, uint256 pkX, uint256 pkY)
func (rollup *Rollup) UnpackAccountRegisteredEvent(log *types.Log) (*RollupAccountRegistered, error) {
	event := "AccountRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupAccountRegistered)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupBatchVerified represents a BatchVerified event raised by the Rollup contract.
type RollupBatchVerified struct {
	BatchNumber   uint64
	OldRoot       *big.Int
	NewRoot       *big.Int
	DepositCursor uint64
	Raw           *types.Log // Blockchain specific contextual infos
}

const RollupBatchVerifiedEventName = "BatchVerified"

// ContractEventName returns the user-defined event name.
func (RollupBatchVerified) ContractEventName() string {
	return RollupBatchVerifiedEventName
}

// UnpackBatchVerifiedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchVerified(uint64 indexed batchNumber, uint256 oldRoot, uint256 newRoot, uint64 depositCursor)
func (rollup *Rollup) UnpackBatchVerifiedEvent(log *types.Log) (*RollupBatchVerified, error) {
	event := "BatchVerified"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBatchVerified)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupClaimed represents a Claimed event raised by the Rollup contract.
type RollupClaimed struct {
	Owner  common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (RollupClaimed) ContractEventName() string {
	return RollupClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed owner, uint256 amount)
func (rollup *Rollup) UnpackClaimedEvent(log *types.Log) (*RollupClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupClaimed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupDepositQueued represents a DepositQueued event raised by the Rollup contract.
type RollupDepositQueued struct {
	Account    uint32
	Owner      common.Address
	Amount     uint64
	PkX        *big.Int
	PkY        *big.Int
	QueueIndex uint64
	QueueHash  *big.Int
	Kind       uint8
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupDepositQueuedEventName = "DepositQueued"

// ContractEventName returns the user-defined event name.
func (RollupDepositQueued) ContractEventName() string {
	return RollupDepositQueuedEventName
}

// UnpackDepositQueuedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DepositQueued(uint32 indexed account, address indexed owner, uint64 amount, uint256 pkX, uint256 pkY, uint64 queueIndex, uint256 queueHash, uint8 kind)
func (rollup *Rollup) UnpackDepositQueuedEvent(log *types.Log) (*RollupDepositQueued, error) {
	event := "DepositQueued"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupDepositQueued)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupDepositRefunded represents a DepositRefunded event raised by the Rollup contract.
type RollupDepositRefunded struct {
	QueueIndex uint64
	Owner      common.Address
	Amount     uint64
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupDepositRefundedEventName = "DepositRefunded"

// ContractEventName returns the user-defined event name.
func (RollupDepositRefunded) ContractEventName() string {
	return RollupDepositRefundedEventName
}

// UnpackDepositRefundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DepositRefunded(uint64 indexed queueIndex, address indexed owner, uint64 amount)
func (rollup *Rollup) UnpackDepositRefundedEvent(log *types.Log) (*RollupDepositRefunded, error) {
	event := "DepositRefunded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupDepositRefunded)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupExitPaid represents a ExitPaid event raised by the Rollup contract.
type RollupExitPaid struct {
	Account uint32
	Owner   common.Address
	Amount  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const RollupExitPaidEventName = "ExitPaid"

// ContractEventName returns the user-defined event name.
func (RollupExitPaid) ContractEventName() string {
	return RollupExitPaidEventName
}

// UnpackExitPaidEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ExitPaid(uint32 indexed account, address indexed owner, uint256 amount)
func (rollup *Rollup) UnpackExitPaidEvent(log *types.Log) (*RollupExitPaid, error) {
	event := "ExitPaid"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupExitPaid)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupExited represents a Exited event raised by the Rollup contract.
type RollupExited struct {
	Account uint32
	Owner   common.Address
	Amount  *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const RollupExitedEventName = "Exited"

// ContractEventName returns the user-defined event name.
func (RollupExited) ContractEventName() string {
	return RollupExitedEventName
}

// UnpackExitedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Exited(uint32 indexed account, address indexed owner, uint256 amount)
func (rollup *Rollup) UnpackExitedEvent(log *types.Log) (*RollupExited, error) {
	event := "Exited"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupExited)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupExodusActivated represents a ExodusActivated event raised by the Rollup contract.
type RollupExodusActivated struct {
	QueueIndex  uint64
	BatchNumber uint64
	StateRoot   *big.Int
	Raw         *types.Log // Blockchain specific contextual infos
}

const RollupExodusActivatedEventName = "ExodusActivated"

// ContractEventName returns the user-defined event name.
func (RollupExodusActivated) ContractEventName() string {
	return RollupExodusActivatedEventName
}

// UnpackExodusActivatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ExodusActivated(uint64 indexed queueIndex, uint64 batchNumber, uint256 stateRoot)
func (rollup *Rollup) UnpackExodusActivatedEvent(log *types.Log) (*RollupExodusActivated, error) {
	event := "ExodusActivated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupExodusActivated)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupExodusPoolFixed represents a ExodusPoolFixed event raised by the Rollup contract.
type RollupExodusPoolFixed struct {
	Pool        *big.Int
	TotalClaims *big.Int
	Raw         *types.Log // Blockchain specific contextual infos
}

const RollupExodusPoolFixedEventName = "ExodusPoolFixed"

// ContractEventName returns the user-defined event name.
func (RollupExodusPoolFixed) ContractEventName() string {
	return RollupExodusPoolFixedEventName
}

// UnpackExodusPoolFixedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ExodusPoolFixed(uint256 pool, uint256 totalClaims)
func (rollup *Rollup) UnpackExodusPoolFixedEvent(log *types.Log) (*RollupExodusPoolFixed, error) {
	event := "ExodusPoolFixed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupExodusPoolFixed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupFeeClaimPaid represents a FeeClaimPaid event raised by the Rollup contract.
type RollupFeeClaimPaid struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupFeeClaimPaidEventName = "FeeClaimPaid"

// ContractEventName returns the user-defined event name.
func (RollupFeeClaimPaid) ContractEventName() string {
	return RollupFeeClaimPaidEventName
}

// UnpackFeeClaimPaidEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FeeClaimPaid(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackFeeClaimPaidEvent(log *types.Log) (*RollupFeeClaimPaid, error) {
	event := "FeeClaimPaid"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupFeeClaimPaid)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupFeeClaimRegistered represents a FeeClaimRegistered event raised by the Rollup contract.
type RollupFeeClaimRegistered struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupFeeClaimRegisteredEventName = "FeeClaimRegistered"

// ContractEventName returns the user-defined event name.
func (RollupFeeClaimRegistered) ContractEventName() string {
	return RollupFeeClaimRegisteredEventName
}

// UnpackFeeClaimRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FeeClaimRegistered(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackFeeClaimRegisteredEvent(log *types.Log) (*RollupFeeClaimRegistered, error) {
	event := "FeeClaimRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupFeeClaimRegistered)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupFeesClaimed represents a FeesClaimed event raised by the Rollup contract.
type RollupFeesClaimed struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupFeesClaimedEventName = "FeesClaimed"

// ContractEventName returns the user-defined event name.
func (RollupFeesClaimed) ContractEventName() string {
	return RollupFeesClaimedEventName
}

// UnpackFeesClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FeesClaimed(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackFeesClaimedEvent(log *types.Log) (*RollupFeesClaimed, error) {
	event := "FeesClaimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupFeesClaimed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedCloseRequested represents a ForcedCloseRequested event raised by the Rollup contract.
type RollupForcedCloseRequested struct {
	Account  uint32
	Market   uint8
	Owner    common.Address
	Deadline uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const RollupForcedCloseRequestedEventName = "ForcedCloseRequested"

// ContractEventName returns the user-defined event name.
func (RollupForcedCloseRequested) ContractEventName() string {
	return RollupForcedCloseRequestedEventName
}

// UnpackForcedCloseRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedCloseRequested(uint32 indexed account, uint8 indexed market, address indexed owner, uint64 deadline)
func (rollup *Rollup) UnpackForcedCloseRequestedEvent(log *types.Log) (*RollupForcedCloseRequested, error) {
	event := "ForcedCloseRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedCloseRequested)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedCloseServed represents a ForcedCloseServed event raised by the Rollup contract.
type RollupForcedCloseServed struct {
	Account     uint32
	Market      uint8
	BatchNumber uint64
	Raw         *types.Log // Blockchain specific contextual infos
}

const RollupForcedCloseServedEventName = "ForcedCloseServed"

// ContractEventName returns the user-defined event name.
func (RollupForcedCloseServed) ContractEventName() string {
	return RollupForcedCloseServedEventName
}

// UnpackForcedCloseServedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedCloseServed(uint32 indexed account, uint8 indexed market, uint64 indexed batchNumber)
func (rollup *Rollup) UnpackForcedCloseServedEvent(log *types.Log) (*RollupForcedCloseServed, error) {
	event := "ForcedCloseServed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedCloseServed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedFeeRefunded represents a ForcedFeeRefunded event raised by the Rollup contract.
type RollupForcedFeeRefunded struct {
	QueueIndex uint64
	Owner      common.Address
	Fee        *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupForcedFeeRefundedEventName = "ForcedFeeRefunded"

// ContractEventName returns the user-defined event name.
func (RollupForcedFeeRefunded) ContractEventName() string {
	return RollupForcedFeeRefundedEventName
}

// UnpackForcedFeeRefundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedFeeRefunded(uint64 indexed queueIndex, address indexed owner, uint256 fee)
func (rollup *Rollup) UnpackForcedFeeRefundedEvent(log *types.Log) (*RollupForcedFeeRefunded, error) {
	event := "ForcedFeeRefunded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedFeeRefunded)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedWithdrawalRequested represents a ForcedWithdrawalRequested event raised by the Rollup contract.
type RollupForcedWithdrawalRequested struct {
	Account  uint32
	Owner    common.Address
	Deadline uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const RollupForcedWithdrawalRequestedEventName = "ForcedWithdrawalRequested"

// ContractEventName returns the user-defined event name.
func (RollupForcedWithdrawalRequested) ContractEventName() string {
	return RollupForcedWithdrawalRequestedEventName
}

// UnpackForcedWithdrawalRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedWithdrawalRequested(uint32 indexed account, address indexed owner, uint64 deadline)
func (rollup *Rollup) UnpackForcedWithdrawalRequestedEvent(log *types.Log) (*RollupForcedWithdrawalRequested, error) {
	event := "ForcedWithdrawalRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedWithdrawalRequested)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupForcedWithdrawalServed represents a ForcedWithdrawalServed event raised by the Rollup contract.
type RollupForcedWithdrawalServed struct {
	Account     uint32
	BatchNumber uint64
	Raw         *types.Log // Blockchain specific contextual infos
}

const RollupForcedWithdrawalServedEventName = "ForcedWithdrawalServed"

// ContractEventName returns the user-defined event name.
func (RollupForcedWithdrawalServed) ContractEventName() string {
	return RollupForcedWithdrawalServedEventName
}

// UnpackForcedWithdrawalServedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedWithdrawalServed(uint32 indexed account, uint64 indexed batchNumber)
func (rollup *Rollup) UnpackForcedWithdrawalServedEvent(log *types.Log) (*RollupForcedWithdrawalServed, error) {
	event := "ForcedWithdrawalServed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedWithdrawalServed)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupWithdrawalCredited represents a WithdrawalCredited event raised by the Rollup contract.
type RollupWithdrawalCredited struct {
	BatchNumber uint64
	Account     uint32
	Owner       common.Address
	Amount      uint64
	Raw         *types.Log // Blockchain specific contextual infos
}

const RollupWithdrawalCreditedEventName = "WithdrawalCredited"

// ContractEventName returns the user-defined event name.
func (RollupWithdrawalCredited) ContractEventName() string {
	return RollupWithdrawalCreditedEventName
}

// UnpackWithdrawalCreditedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event WithdrawalCredited(uint64 indexed batchNumber, uint32 indexed account, address indexed owner, uint64 amount)
func (rollup *Rollup) UnpackWithdrawalCreditedEvent(log *types.Log) (*RollupWithdrawalCredited, error) {
	event := "WithdrawalCredited"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupWithdrawalCredited)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (rollup *Rollup) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], rollup.abi.Errors["AccountTreeFull"].ID.Bytes()[:4]) {
		return rollup.UnpackAccountTreeFullError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["AlreadyExited"].ID.Bytes()[:4]) {
		return rollup.UnpackAlreadyExitedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadBlobOpening"].ID.Bytes()[:4]) {
		return rollup.UnpackBadBlobOpeningError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadClaimWindow"].ID.Bytes()[:4]) {
		return rollup.UnpackBadClaimWindowError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadConfig"].ID.Bytes()[:4]) {
		return rollup.UnpackBadConfigError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadDelay"].ID.Bytes()[:4]) {
		return rollup.UnpackBadDelayError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadForcedFee"].ID.Bytes()[:4]) {
		return rollup.UnpackBadForcedFeeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadLength"].ID.Bytes()[:4]) {
		return rollup.UnpackBadLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadMarket"].ID.Bytes()[:4]) {
		return rollup.UnpackBadMarketError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadMaxBatchAge"].ID.Bytes()[:4]) {
		return rollup.UnpackBadMaxBatchAgeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadMaxPending"].ID.Bytes()[:4]) {
		return rollup.UnpackBadMaxPendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadMaxWait"].ID.Bytes()[:4]) {
		return rollup.UnpackBadMaxWaitError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadMinDeposit"].ID.Bytes()[:4]) {
		return rollup.UnpackBadMinDepositError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadOracleBand"].ID.Bytes()[:4]) {
		return rollup.UnpackBadOracleBandError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadOracleMaxAge"].ID.Bytes()[:4]) {
		return rollup.UnpackBadOracleMaxAgeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPriorityInterval"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPriorityIntervalError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPubdataLength"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPubdataLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BatchTimeBeforePrevious"].ID.Bytes()[:4]) {
		return rollup.UnpackBatchTimeBeforePreviousError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BatchTimeInFuture"].ID.Bytes()[:4]) {
		return rollup.UnpackBatchTimeInFutureError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BatchTooOld"].ID.Bytes()[:4]) {
		return rollup.UnpackBatchTooOldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BlobOpeningInvalid"].ID.Bytes()[:4]) {
		return rollup.UnpackBlobOpeningInvalidError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ClaimWindowClosed"].ID.Bytes()[:4]) {
		return rollup.UnpackClaimWindowClosedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ClaimWindowOpen"].ID.Bytes()[:4]) {
		return rollup.UnpackClaimWindowOpenError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["DeadlineNotReached"].ID.Bytes()[:4]) {
		return rollup.UnpackDeadlineNotReachedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["DepositCapExceeded"].ID.Bytes()[:4]) {
		return rollup.UnpackDepositCapExceededError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["DepositQueueShort"].ID.Bytes()[:4]) {
		return rollup.UnpackDepositQueueShortError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["DepositTooSmall"].ID.Bytes()[:4]) {
		return rollup.UnpackDepositTooSmallError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["DuplicateMark"].ID.Bytes()[:4]) {
		return rollup.UnpackDuplicateMarkError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ExodusActive"].ID.Bytes()[:4]) {
		return rollup.UnpackExodusActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["FeesAlreadyRegistered"].ID.Bytes()[:4]) {
		return rollup.UnpackFeesAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ForcedClosePending"].ID.Bytes()[:4]) {
		return rollup.UnpackForcedClosePendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ForcedWithdrawalPending"].ID.Bytes()[:4]) {
		return rollup.UnpackForcedWithdrawalPendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["InvalidKey"].ID.Bytes()[:4]) {
		return rollup.UnpackInvalidKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["InvalidProof"].ID.Bytes()[:4]) {
		return rollup.UnpackInvalidProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["KeyMismatch"].ID.Bytes()[:4]) {
		return rollup.UnpackKeyMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["MarkPriceOutOfBand"].ID.Bytes()[:4]) {
		return rollup.UnpackMarkPriceOutOfBandError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["MarkRoundBackwards"].ID.Bytes()[:4]) {
		return rollup.UnpackMarkRoundBackwardsError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["MarkRoundFuture"].ID.Bytes()[:4]) {
		return rollup.UnpackMarkRoundFutureError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["MarkRoundNotLatest"].ID.Bytes()[:4]) {
		return rollup.UnpackMarkRoundNotLatestError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NoBlob"].ID.Bytes()[:4]) {
		return rollup.UnpackNoBlobError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NoPendingPriorityOp"].ID.Bytes()[:4]) {
		return rollup.UnpackNoPendingPriorityOpError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NonCanonical"].ID.Bytes()[:4]) {
		return rollup.UnpackNonCanonicalError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotInExodus"].ID.Bytes()[:4]) {
		return rollup.UnpackNotInExodusError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotRefundable"].ID.Bytes()[:4]) {
		return rollup.UnpackNotRefundableError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotSequencer"].ID.Bytes()[:4]) {
		return rollup.UnpackNotSequencerError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return rollup.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["OracleInvalid"].ID.Bytes()[:4]) {
		return rollup.UnpackOracleInvalidError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["OracleStale"].ID.Bytes()[:4]) {
		return rollup.UnpackOracleStaleError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PriorityQueueFull"].ID.Bytes()[:4]) {
		return rollup.UnpackPriorityQueueFullError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["Reentrancy"].ID.Bytes()[:4]) {
		return rollup.UnpackReentrancyError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["RootMismatch"].ID.Bytes()[:4]) {
		return rollup.UnpackRootMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["TokenHasNoCode"].ID.Bytes()[:4]) {
		return rollup.UnpackTokenHasNoCodeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return rollup.UnpackTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["UnknownAccount"].ID.Bytes()[:4]) {
		return rollup.UnpackUnknownAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["WrongForcedFee"].ID.Bytes()[:4]) {
		return rollup.UnpackWrongForcedFeeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return rollup.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupAccountTreeFull represents a AccountTreeFull error raised by the Rollup contract.
type RollupAccountTreeFull struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccountTreeFull()
func RollupAccountTreeFullErrorID() common.Hash {
	return common.HexToHash("0x1c590449853869ac19fd60584c6172fca3e7033c8089d7503a95f945c09f2cc1")
}

// UnpackAccountTreeFullError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccountTreeFull()
func (rollup *Rollup) UnpackAccountTreeFullError(raw []byte) (*RollupAccountTreeFull, error) {
	out := new(RollupAccountTreeFull)
	if err := rollup.abi.UnpackIntoInterface(out, "AccountTreeFull", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupAlreadyExited represents a AlreadyExited error raised by the Rollup contract.
type RollupAlreadyExited struct {
	Account uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyExited(uint32 account)
func RollupAlreadyExitedErrorID() common.Hash {
	return common.HexToHash("0x1e946a9cbe17a94b277ae278c816181edc664bd818928696d8181d27188dae3e")
}

// UnpackAlreadyExitedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyExited(uint32 account)
func (rollup *Rollup) UnpackAlreadyExitedError(raw []byte) (*RollupAlreadyExited, error) {
	out := new(RollupAlreadyExited)
	if err := rollup.abi.UnpackIntoInterface(out, "AlreadyExited", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadBlobOpening represents a BadBlobOpening error raised by the Rollup contract.
type RollupBadBlobOpening struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadBlobOpening(uint256 length)
func RollupBadBlobOpeningErrorID() common.Hash {
	return common.HexToHash("0x542deb0e7c686938c3e03d71d624f6cf03b9a90b91004a68c45777b03528bc1e")
}

// UnpackBadBlobOpeningError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadBlobOpening(uint256 length)
func (rollup *Rollup) UnpackBadBlobOpeningError(raw []byte) (*RollupBadBlobOpening, error) {
	out := new(RollupBadBlobOpening)
	if err := rollup.abi.UnpackIntoInterface(out, "BadBlobOpening", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadClaimWindow represents a BadClaimWindow error raised by the Rollup contract.
type RollupBadClaimWindow struct {
	Window uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadClaimWindow(uint32 window)
func RollupBadClaimWindowErrorID() common.Hash {
	return common.HexToHash("0xfb19d167c58bc5fc6f5c48ecddcebc604829cbd0a44cc06b026a79c13d1a1ae4")
}

// UnpackBadClaimWindowError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadClaimWindow(uint32 window)
func (rollup *Rollup) UnpackBadClaimWindowError(raw []byte) (*RollupBadClaimWindow, error) {
	out := new(RollupBadClaimWindow)
	if err := rollup.abi.UnpackIntoInterface(out, "BadClaimWindow", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadConfig represents a BadConfig error raised by the Rollup contract.
type RollupBadConfig struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadConfig()
func RollupBadConfigErrorID() common.Hash {
	return common.HexToHash("0x07cc321ce71a3eebb30014b3b8f136f5e867b17e2b76292bf086143aa7c7b50c")
}

// UnpackBadConfigError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadConfig()
func (rollup *Rollup) UnpackBadConfigError(raw []byte) (*RollupBadConfig, error) {
	out := new(RollupBadConfig)
	if err := rollup.abi.UnpackIntoInterface(out, "BadConfig", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadDelay represents a BadDelay error raised by the Rollup contract.
type RollupBadDelay struct {
	Delay    uint64
	InBlocks bool
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadDelay(uint64 delay, bool inBlocks)
func RollupBadDelayErrorID() common.Hash {
	return common.HexToHash("0xcd34c44139a29c221be29067a9de5ed86044566b6c5d6d74841dc5a8b10999b9")
}

// UnpackBadDelayError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadDelay(uint64 delay, bool inBlocks)
func (rollup *Rollup) UnpackBadDelayError(raw []byte) (*RollupBadDelay, error) {
	out := new(RollupBadDelay)
	if err := rollup.abi.UnpackIntoInterface(out, "BadDelay", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadForcedFee represents a BadForcedFee error raised by the Rollup contract.
type RollupBadForcedFee struct {
	Fee *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadForcedFee(uint256 fee)
func RollupBadForcedFeeErrorID() common.Hash {
	return common.HexToHash("0x59639303e2141e31bc59b8c45a2f0c6388cc34b36e1984b1f33b100b0af9b21a")
}

// UnpackBadForcedFeeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadForcedFee(uint256 fee)
func (rollup *Rollup) UnpackBadForcedFeeError(raw []byte) (*RollupBadForcedFee, error) {
	out := new(RollupBadForcedFee)
	if err := rollup.abi.UnpackIntoInterface(out, "BadForcedFee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadLength represents a BadLength error raised by the Rollup contract.
type RollupBadLength struct {
	Got  *big.Int
	Want *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadLength(uint256 got, uint256 want)
func RollupBadLengthErrorID() common.Hash {
	return common.HexToHash("0x2e728bb299a4350a54b785ec273eba735876e184e92418ebbfc635323754ea50")
}

// UnpackBadLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadLength(uint256 got, uint256 want)
func (rollup *Rollup) UnpackBadLengthError(raw []byte) (*RollupBadLength, error) {
	out := new(RollupBadLength)
	if err := rollup.abi.UnpackIntoInterface(out, "BadLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadMarket represents a BadMarket error raised by the Rollup contract.
type RollupBadMarket struct {
	Market uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMarket(uint8 market)
func RollupBadMarketErrorID() common.Hash {
	return common.HexToHash("0x7a47c0406fbec814b41ecdbfa189e30e1e122bd00becb054b9eae68d4846ea44")
}

// UnpackBadMarketError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMarket(uint8 market)
func (rollup *Rollup) UnpackBadMarketError(raw []byte) (*RollupBadMarket, error) {
	out := new(RollupBadMarket)
	if err := rollup.abi.UnpackIntoInterface(out, "BadMarket", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadMaxBatchAge represents a BadMaxBatchAge error raised by the Rollup contract.
type RollupBadMaxBatchAge struct {
	MaxBatchAge uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMaxBatchAge(uint32 maxBatchAge)
func RollupBadMaxBatchAgeErrorID() common.Hash {
	return common.HexToHash("0xe9fa29a5bad600fbbbd84a80efdd1e0b514b6c9f3c0a738d7de444e7cb2d2f00")
}

// UnpackBadMaxBatchAgeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMaxBatchAge(uint32 maxBatchAge)
func (rollup *Rollup) UnpackBadMaxBatchAgeError(raw []byte) (*RollupBadMaxBatchAge, error) {
	out := new(RollupBadMaxBatchAge)
	if err := rollup.abi.UnpackIntoInterface(out, "BadMaxBatchAge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadMaxPending represents a BadMaxPending error raised by the Rollup contract.
type RollupBadMaxPending struct {
	MaxPending uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMaxPending(uint32 maxPending)
func RollupBadMaxPendingErrorID() common.Hash {
	return common.HexToHash("0x2c4b505385c3114fca8e1c5d25afd55408eb363eb873b3a9e085fd40b9a549bd")
}

// UnpackBadMaxPendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMaxPending(uint32 maxPending)
func (rollup *Rollup) UnpackBadMaxPendingError(raw []byte) (*RollupBadMaxPending, error) {
	out := new(RollupBadMaxPending)
	if err := rollup.abi.UnpackIntoInterface(out, "BadMaxPending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadMaxWait represents a BadMaxWait error raised by the Rollup contract.
type RollupBadMaxWait struct {
	Wait     *big.Int
	MaxDelay uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMaxWait(uint256 wait, uint64 maxDelay)
func RollupBadMaxWaitErrorID() common.Hash {
	return common.HexToHash("0xd72f3f32747accfa232fa6ab5c19841807f3a5a99c556be5adf28686546c47b3")
}

// UnpackBadMaxWaitError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMaxWait(uint256 wait, uint64 maxDelay)
func (rollup *Rollup) UnpackBadMaxWaitError(raw []byte) (*RollupBadMaxWait, error) {
	out := new(RollupBadMaxWait)
	if err := rollup.abi.UnpackIntoInterface(out, "BadMaxWait", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadMinDeposit represents a BadMinDeposit error raised by the Rollup contract.
type RollupBadMinDeposit struct {
	MinDeposit uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadMinDeposit(uint64 minDeposit)
func RollupBadMinDepositErrorID() common.Hash {
	return common.HexToHash("0xa9f6d742f53a46ad13e2e5e5782fc20330b7941db777d58394a15538fd55d788")
}

// UnpackBadMinDepositError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadMinDeposit(uint64 minDeposit)
func (rollup *Rollup) UnpackBadMinDepositError(raw []byte) (*RollupBadMinDeposit, error) {
	out := new(RollupBadMinDeposit)
	if err := rollup.abi.UnpackIntoInterface(out, "BadMinDeposit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadOracleBand represents a BadOracleBand error raised by the Rollup contract.
type RollupBadOracleBand struct {
	Bps uint16
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadOracleBand(uint16 bps)
func RollupBadOracleBandErrorID() common.Hash {
	return common.HexToHash("0xdf2ba47fee958ac2dd2f057c254aed820b3e63faa5ca3f8ce75eb085342bc339")
}

// UnpackBadOracleBandError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadOracleBand(uint16 bps)
func (rollup *Rollup) UnpackBadOracleBandError(raw []byte) (*RollupBadOracleBand, error) {
	out := new(RollupBadOracleBand)
	if err := rollup.abi.UnpackIntoInterface(out, "BadOracleBand", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadOracleMaxAge represents a BadOracleMaxAge error raised by the Rollup contract.
type RollupBadOracleMaxAge struct {
	MaxAge uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadOracleMaxAge(uint32 maxAge)
func RollupBadOracleMaxAgeErrorID() common.Hash {
	return common.HexToHash("0x0ede27fb3361006f2c02a47557ea8fd7aeccc25e0151f2c2d4f156576be8e8ac")
}

// UnpackBadOracleMaxAgeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadOracleMaxAge(uint32 maxAge)
func (rollup *Rollup) UnpackBadOracleMaxAgeError(raw []byte) (*RollupBadOracleMaxAge, error) {
	out := new(RollupBadOracleMaxAge)
	if err := rollup.abi.UnpackIntoInterface(out, "BadOracleMaxAge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadPriorityInterval represents a BadPriorityInterval error raised by the Rollup contract.
type RollupBadPriorityInterval struct {
	Interval uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPriorityInterval(uint32 interval)
func RollupBadPriorityIntervalErrorID() common.Hash {
	return common.HexToHash("0x657e893ac88ab08a95e822007aa226577f8f58fa676f0635286653bbcb35b2ed")
}

// UnpackBadPriorityIntervalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPriorityInterval(uint32 interval)
func (rollup *Rollup) UnpackBadPriorityIntervalError(raw []byte) (*RollupBadPriorityInterval, error) {
	out := new(RollupBadPriorityInterval)
	if err := rollup.abi.UnpackIntoInterface(out, "BadPriorityInterval", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadPubdataLength represents a BadPubdataLength error raised by the Rollup contract.
type RollupBadPubdataLength struct {
	Got  *big.Int
	Want *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPubdataLength(uint256 got, uint256 want)
func RollupBadPubdataLengthErrorID() common.Hash {
	return common.HexToHash("0x6b9637973f87da237d9edcee1a573d53f20a2c7fb19309ca05cff87e50077942")
}

// UnpackBadPubdataLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPubdataLength(uint256 got, uint256 want)
func (rollup *Rollup) UnpackBadPubdataLengthError(raw []byte) (*RollupBadPubdataLength, error) {
	out := new(RollupBadPubdataLength)
	if err := rollup.abi.UnpackIntoInterface(out, "BadPubdataLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBatchTimeBeforePrevious represents a BatchTimeBeforePrevious error raised by the Rollup contract.
type RollupBatchTimeBeforePrevious struct {
	BatchTime uint64
	Last      uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchTimeBeforePrevious(uint64 batchTime, uint64 last)
func RollupBatchTimeBeforePreviousErrorID() common.Hash {
	return common.HexToHash("0xb8cb95855e9cbbd71a91d3b867f5e29aed869bc8a29b159bf18c9f1e17003513")
}

// UnpackBatchTimeBeforePreviousError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchTimeBeforePrevious(uint64 batchTime, uint64 last)
func (rollup *Rollup) UnpackBatchTimeBeforePreviousError(raw []byte) (*RollupBatchTimeBeforePrevious, error) {
	out := new(RollupBatchTimeBeforePrevious)
	if err := rollup.abi.UnpackIntoInterface(out, "BatchTimeBeforePrevious", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBatchTimeInFuture represents a BatchTimeInFuture error raised by the Rollup contract.
type RollupBatchTimeInFuture struct {
	BatchTime uint64
	Now       *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchTimeInFuture(uint64 batchTime, uint256 now)
func RollupBatchTimeInFutureErrorID() common.Hash {
	return common.HexToHash("0xa6fe32b40fbbe246f9188ff909253cc05e791a71a6fd3ef04cc73799c17894fb")
}

// UnpackBatchTimeInFutureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchTimeInFuture(uint64 batchTime, uint256 now)
func (rollup *Rollup) UnpackBatchTimeInFutureError(raw []byte) (*RollupBatchTimeInFuture, error) {
	out := new(RollupBatchTimeInFuture)
	if err := rollup.abi.UnpackIntoInterface(out, "BatchTimeInFuture", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBatchTooOld represents a BatchTooOld error raised by the Rollup contract.
type RollupBatchTooOld struct {
	BatchTime uint64
	Now       *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchTooOld(uint64 batchTime, uint256 now)
func RollupBatchTooOldErrorID() common.Hash {
	return common.HexToHash("0x564dc30066421ca4ed75596e5edc616d00689992d28a50da7dadbf7a95c335bc")
}

// UnpackBatchTooOldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchTooOld(uint64 batchTime, uint256 now)
func (rollup *Rollup) UnpackBatchTooOldError(raw []byte) (*RollupBatchTooOld, error) {
	out := new(RollupBatchTooOld)
	if err := rollup.abi.UnpackIntoInterface(out, "BatchTooOld", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBlobOpeningInvalid represents a BlobOpeningInvalid error raised by the Rollup contract.
type RollupBlobOpeningInvalid struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlobOpeningInvalid()
func RollupBlobOpeningInvalidErrorID() common.Hash {
	return common.HexToHash("0x76dadfc367f38e8ebd273d8502ba6b69b86aafcfcf3617304cd753e7223bb0c6")
}

// UnpackBlobOpeningInvalidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlobOpeningInvalid()
func (rollup *Rollup) UnpackBlobOpeningInvalidError(raw []byte) (*RollupBlobOpeningInvalid, error) {
	out := new(RollupBlobOpeningInvalid)
	if err := rollup.abi.UnpackIntoInterface(out, "BlobOpeningInvalid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupClaimWindowClosed represents a ClaimWindowClosed error raised by the Rollup contract.
type RollupClaimWindowClosed struct {
	Until uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ClaimWindowClosed(uint64 until)
func RollupClaimWindowClosedErrorID() common.Hash {
	return common.HexToHash("0x7a0191bb6e10033c71be038f0505c80cce79f1c0821f3e4c58d099c3faac7690")
}

// UnpackClaimWindowClosedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ClaimWindowClosed(uint64 until)
func (rollup *Rollup) UnpackClaimWindowClosedError(raw []byte) (*RollupClaimWindowClosed, error) {
	out := new(RollupClaimWindowClosed)
	if err := rollup.abi.UnpackIntoInterface(out, "ClaimWindowClosed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupClaimWindowOpen represents a ClaimWindowOpen error raised by the Rollup contract.
type RollupClaimWindowOpen struct {
	Until uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ClaimWindowOpen(uint64 until)
func RollupClaimWindowOpenErrorID() common.Hash {
	return common.HexToHash("0x65ead6db87aeff64ca93d491f568e22b907bed06406e734635cbb51e00d88ba0")
}

// UnpackClaimWindowOpenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ClaimWindowOpen(uint64 until)
func (rollup *Rollup) UnpackClaimWindowOpenError(raw []byte) (*RollupClaimWindowOpen, error) {
	out := new(RollupClaimWindowOpen)
	if err := rollup.abi.UnpackIntoInterface(out, "ClaimWindowOpen", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupDeadlineNotReached represents a DeadlineNotReached error raised by the Rollup contract.
type RollupDeadlineNotReached struct {
	QueueIndex uint64
	Deadline   uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DeadlineNotReached(uint64 queueIndex, uint64 deadline)
func RollupDeadlineNotReachedErrorID() common.Hash {
	return common.HexToHash("0xf17232e872cc035b0ee12893344f1952a5e51f3b2b5c75499001640e9b2e2252")
}

// UnpackDeadlineNotReachedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DeadlineNotReached(uint64 queueIndex, uint64 deadline)
func (rollup *Rollup) UnpackDeadlineNotReachedError(raw []byte) (*RollupDeadlineNotReached, error) {
	out := new(RollupDeadlineNotReached)
	if err := rollup.abi.UnpackIntoInterface(out, "DeadlineNotReached", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupDepositCapExceeded represents a DepositCapExceeded error raised by the Rollup contract.
type RollupDepositCapExceeded struct {
	Account   uint32
	Deposited uint64
	Amount    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositCapExceeded(uint32 account, uint64 deposited, uint256 amount)
func RollupDepositCapExceededErrorID() common.Hash {
	return common.HexToHash("0xaa7721332e7d785996ecee85269bfa37fd216813e944a38e8e9090c359b7203b")
}

// UnpackDepositCapExceededError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositCapExceeded(uint32 account, uint64 deposited, uint256 amount)
func (rollup *Rollup) UnpackDepositCapExceededError(raw []byte) (*RollupDepositCapExceeded, error) {
	out := new(RollupDepositCapExceeded)
	if err := rollup.abi.UnpackIntoInterface(out, "DepositCapExceeded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupDepositQueueShort represents a DepositQueueShort error raised by the Rollup contract.
type RollupDepositQueueShort struct {
	Needed    uint64
	Available uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositQueueShort(uint64 needed, uint64 available)
func RollupDepositQueueShortErrorID() common.Hash {
	return common.HexToHash("0x3c54fb85d598ff5318281be5b32866fd366de049a352ef42ee1c56cd04f9d7ed")
}

// UnpackDepositQueueShortError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositQueueShort(uint64 needed, uint64 available)
func (rollup *Rollup) UnpackDepositQueueShortError(raw []byte) (*RollupDepositQueueShort, error) {
	out := new(RollupDepositQueueShort)
	if err := rollup.abi.UnpackIntoInterface(out, "DepositQueueShort", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupDepositTooSmall represents a DepositTooSmall error raised by the Rollup contract.
type RollupDepositTooSmall struct {
	Received *big.Int
	Minimum  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositTooSmall(uint256 received, uint64 minimum)
func RollupDepositTooSmallErrorID() common.Hash {
	return common.HexToHash("0xccff77b5526ca8ccee4a231967604c82750ec54c0ea0bf6e3096ec703b160bd1")
}

// UnpackDepositTooSmallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositTooSmall(uint256 received, uint64 minimum)
func (rollup *Rollup) UnpackDepositTooSmallError(raw []byte) (*RollupDepositTooSmall, error) {
	out := new(RollupDepositTooSmall)
	if err := rollup.abi.UnpackIntoInterface(out, "DepositTooSmall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupDuplicateMark represents a DuplicateMark error raised by the Rollup contract.
type RollupDuplicateMark struct {
	Market uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateMark(uint8 market)
func RollupDuplicateMarkErrorID() common.Hash {
	return common.HexToHash("0x416d51fcc05163ae8ad6ce3ce55f15fab03636182b2cb4ccffd0f508e1bb090c")
}

// UnpackDuplicateMarkError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateMark(uint8 market)
func (rollup *Rollup) UnpackDuplicateMarkError(raw []byte) (*RollupDuplicateMark, error) {
	out := new(RollupDuplicateMark)
	if err := rollup.abi.UnpackIntoInterface(out, "DuplicateMark", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupExodusActive represents a ExodusActive error raised by the Rollup contract.
type RollupExodusActive struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ExodusActive()
func RollupExodusActiveErrorID() common.Hash {
	return common.HexToHash("0x94ac3ff88ca8609afe91caa8580667cefcbed46865e29cbea78523f20ca7d2b2")
}

// UnpackExodusActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ExodusActive()
func (rollup *Rollup) UnpackExodusActiveError(raw []byte) (*RollupExodusActive, error) {
	out := new(RollupExodusActive)
	if err := rollup.abi.UnpackIntoInterface(out, "ExodusActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupFeesAlreadyRegistered represents a FeesAlreadyRegistered error raised by the Rollup contract.
type RollupFeesAlreadyRegistered struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FeesAlreadyRegistered()
func RollupFeesAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0x97258cb613d98876b044082de2a2c4634da204924463cc680f9910789a9c2a8f")
}

// UnpackFeesAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FeesAlreadyRegistered()
func (rollup *Rollup) UnpackFeesAlreadyRegisteredError(raw []byte) (*RollupFeesAlreadyRegistered, error) {
	out := new(RollupFeesAlreadyRegistered)
	if err := rollup.abi.UnpackIntoInterface(out, "FeesAlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupForcedClosePending represents a ForcedClosePending error raised by the Rollup contract.
type RollupForcedClosePending struct {
	Account  uint32
	Market   uint8
	Deadline uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ForcedClosePending(uint32 account, uint8 market, uint64 deadline)
func RollupForcedClosePendingErrorID() common.Hash {
	return common.HexToHash("0x3bd2c512ddffb5b104b146097d2520c11f403cffb62e8e688582183b45cecb90")
}

// UnpackForcedClosePendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ForcedClosePending(uint32 account, uint8 market, uint64 deadline)
func (rollup *Rollup) UnpackForcedClosePendingError(raw []byte) (*RollupForcedClosePending, error) {
	out := new(RollupForcedClosePending)
	if err := rollup.abi.UnpackIntoInterface(out, "ForcedClosePending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupForcedWithdrawalPending represents a ForcedWithdrawalPending error raised by the Rollup contract.
type RollupForcedWithdrawalPending struct {
	Account  uint32
	Deadline uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ForcedWithdrawalPending(uint32 account, uint64 deadline)
func RollupForcedWithdrawalPendingErrorID() common.Hash {
	return common.HexToHash("0x6b848bd8ec7ea983c53538da642bd7bae5c106e60240e3076102679d453f40c0")
}

// UnpackForcedWithdrawalPendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ForcedWithdrawalPending(uint32 account, uint64 deadline)
func (rollup *Rollup) UnpackForcedWithdrawalPendingError(raw []byte) (*RollupForcedWithdrawalPending, error) {
	out := new(RollupForcedWithdrawalPending)
	if err := rollup.abi.UnpackIntoInterface(out, "ForcedWithdrawalPending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupInvalidKey represents a InvalidKey error raised by the Rollup contract.
type RollupInvalidKey struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidKey()
func RollupInvalidKeyErrorID() common.Hash {
	return common.HexToHash("0x76d4e1e8439f6d9c3d1cf835f307989788cf73aa0b95b7a7c935c1e0e543d094")
}

// UnpackInvalidKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidKey()
func (rollup *Rollup) UnpackInvalidKeyError(raw []byte) (*RollupInvalidKey, error) {
	out := new(RollupInvalidKey)
	if err := rollup.abi.UnpackIntoInterface(out, "InvalidKey", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupInvalidProof represents a InvalidProof error raised by the Rollup contract.
type RollupInvalidProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProof()
func RollupInvalidProofErrorID() common.Hash {
	return common.HexToHash("0x09bde339c6b182be216ee7ef8ccff6338c6ef7993445216112ae575c5438fd27")
}

// UnpackInvalidProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProof()
func (rollup *Rollup) UnpackInvalidProofError(raw []byte) (*RollupInvalidProof, error) {
	out := new(RollupInvalidProof)
	if err := rollup.abi.UnpackIntoInterface(out, "InvalidProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupKeyMismatch represents a KeyMismatch error raised by the Rollup contract.
type RollupKeyMismatch struct {
	Account uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error KeyMismatch(uint32 account)
func RollupKeyMismatchErrorID() common.Hash {
	return common.HexToHash("0x5f851754077ea6f9ee849eb82695dea1c4f8d3d2aeefdecf71396a5dd52a053a")
}

// UnpackKeyMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error KeyMismatch(uint32 account)
func (rollup *Rollup) UnpackKeyMismatchError(raw []byte) (*RollupKeyMismatch, error) {
	out := new(RollupKeyMismatch)
	if err := rollup.abi.UnpackIntoInterface(out, "KeyMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupMarkPriceOutOfBand represents a MarkPriceOutOfBand error raised by the Rollup contract.
type RollupMarkPriceOutOfBand struct {
	Market uint8
	Mark   *big.Int
	Oracle *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MarkPriceOutOfBand(uint8 market, uint256 mark, int256 oracle)
func RollupMarkPriceOutOfBandErrorID() common.Hash {
	return common.HexToHash("0x1da237d9fe2f9078b3896ea65f6eb28a92848f68c391f8a0b1267ec6d4db0626")
}

// UnpackMarkPriceOutOfBandError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MarkPriceOutOfBand(uint8 market, uint256 mark, int256 oracle)
func (rollup *Rollup) UnpackMarkPriceOutOfBandError(raw []byte) (*RollupMarkPriceOutOfBand, error) {
	out := new(RollupMarkPriceOutOfBand)
	if err := rollup.abi.UnpackIntoInterface(out, "MarkPriceOutOfBand", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupMarkRoundBackwards represents a MarkRoundBackwards error raised by the Rollup contract.
type RollupMarkRoundBackwards struct {
	Market  uint8
	RoundId uint64
	Last    uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MarkRoundBackwards(uint8 market, uint64 roundId, uint64 last)
func RollupMarkRoundBackwardsErrorID() common.Hash {
	return common.HexToHash("0xc9243b24f05f41858279e43bf5b343c493d091d3689c039e08a40eec0863a9b5")
}

// UnpackMarkRoundBackwardsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MarkRoundBackwards(uint8 market, uint64 roundId, uint64 last)
func (rollup *Rollup) UnpackMarkRoundBackwardsError(raw []byte) (*RollupMarkRoundBackwards, error) {
	out := new(RollupMarkRoundBackwards)
	if err := rollup.abi.UnpackIntoInterface(out, "MarkRoundBackwards", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupMarkRoundFuture represents a MarkRoundFuture error raised by the Rollup contract.
type RollupMarkRoundFuture struct {
	Market  uint8
	RoundId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MarkRoundFuture(uint8 market, uint64 roundId)
func RollupMarkRoundFutureErrorID() common.Hash {
	return common.HexToHash("0xdb41ee00e20036e91faa1aacc42061e0f9e1214de6717ce79987c0bba8874d6d")
}

// UnpackMarkRoundFutureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MarkRoundFuture(uint8 market, uint64 roundId)
func (rollup *Rollup) UnpackMarkRoundFutureError(raw []byte) (*RollupMarkRoundFuture, error) {
	out := new(RollupMarkRoundFuture)
	if err := rollup.abi.UnpackIntoInterface(out, "MarkRoundFuture", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupMarkRoundNotLatest represents a MarkRoundNotLatest error raised by the Rollup contract.
type RollupMarkRoundNotLatest struct {
	Market  uint8
	RoundId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MarkRoundNotLatest(uint8 market, uint64 roundId)
func RollupMarkRoundNotLatestErrorID() common.Hash {
	return common.HexToHash("0xf3e2633ff31b62a094bcd53e3e6164f6c598c934b155406330c2e2b03abad227")
}

// UnpackMarkRoundNotLatestError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MarkRoundNotLatest(uint8 market, uint64 roundId)
func (rollup *Rollup) UnpackMarkRoundNotLatestError(raw []byte) (*RollupMarkRoundNotLatest, error) {
	out := new(RollupMarkRoundNotLatest)
	if err := rollup.abi.UnpackIntoInterface(out, "MarkRoundNotLatest", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNoBlob represents a NoBlob error raised by the Rollup contract.
type RollupNoBlob struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoBlob()
func RollupNoBlobErrorID() common.Hash {
	return common.HexToHash("0xeb2c7b8ebda0fac4b27afef0933d2d4b6f90daa567d76de9b23546985e8886e9")
}

// UnpackNoBlobError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoBlob()
func (rollup *Rollup) UnpackNoBlobError(raw []byte) (*RollupNoBlob, error) {
	out := new(RollupNoBlob)
	if err := rollup.abi.UnpackIntoInterface(out, "NoBlob", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNoPendingPriorityOp represents a NoPendingPriorityOp error raised by the Rollup contract.
type RollupNoPendingPriorityOp struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoPendingPriorityOp()
func RollupNoPendingPriorityOpErrorID() common.Hash {
	return common.HexToHash("0x3f960fad20769081dbfa47c4779fcacb89ca21fb6fbf1579a364535c07f971fa")
}

// UnpackNoPendingPriorityOpError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoPendingPriorityOp()
func (rollup *Rollup) UnpackNoPendingPriorityOpError(raw []byte) (*RollupNoPendingPriorityOp, error) {
	out := new(RollupNoPendingPriorityOp)
	if err := rollup.abi.UnpackIntoInterface(out, "NoPendingPriorityOp", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNonCanonical represents a NonCanonical error raised by the Rollup contract.
type RollupNonCanonical struct {
	Value *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NonCanonical(uint256 value)
func RollupNonCanonicalErrorID() common.Hash {
	return common.HexToHash("0x88a1745be8779e93e575d9e8bd024856da35a5ed4e25085570d42dbf3daf1bbf")
}

// UnpackNonCanonicalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NonCanonical(uint256 value)
func (rollup *Rollup) UnpackNonCanonicalError(raw []byte) (*RollupNonCanonical, error) {
	out := new(RollupNonCanonical)
	if err := rollup.abi.UnpackIntoInterface(out, "NonCanonical", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotInExodus represents a NotInExodus error raised by the Rollup contract.
type RollupNotInExodus struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotInExodus()
func RollupNotInExodusErrorID() common.Hash {
	return common.HexToHash("0x3aab9b9080a97b89d51f6290978e4fda20b3122b5f97d4b236c9f9aa7ed8e21d")
}

// UnpackNotInExodusError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotInExodus()
func (rollup *Rollup) UnpackNotInExodusError(raw []byte) (*RollupNotInExodus, error) {
	out := new(RollupNotInExodus)
	if err := rollup.abi.UnpackIntoInterface(out, "NotInExodus", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotRefundable represents a NotRefundable error raised by the Rollup contract.
type RollupNotRefundable struct {
	QueueIndex uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRefundable(uint64 queueIndex)
func RollupNotRefundableErrorID() common.Hash {
	return common.HexToHash("0x4a9fef2c5a510c1104df5dccb385eb9cd03ce188adf0bc55d52826389fbf5420")
}

// UnpackNotRefundableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRefundable(uint64 queueIndex)
func (rollup *Rollup) UnpackNotRefundableError(raw []byte) (*RollupNotRefundable, error) {
	out := new(RollupNotRefundable)
	if err := rollup.abi.UnpackIntoInterface(out, "NotRefundable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotSequencer represents a NotSequencer error raised by the Rollup contract.
type RollupNotSequencer struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotSequencer()
func RollupNotSequencerErrorID() common.Hash {
	return common.HexToHash("0x53e2827c451a0a0f171a8880e9c351ab8000b3d4f27c8efd66e3187f39b035eb")
}

// UnpackNotSequencerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotSequencer()
func (rollup *Rollup) UnpackNotSequencerError(raw []byte) (*RollupNotSequencer, error) {
	out := new(RollupNotSequencer)
	if err := rollup.abi.UnpackIntoInterface(out, "NotSequencer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNothingToClaim represents a NothingToClaim error raised by the Rollup contract.
type RollupNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func RollupNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (rollup *Rollup) UnpackNothingToClaimError(raw []byte) (*RollupNothingToClaim, error) {
	out := new(RollupNothingToClaim)
	if err := rollup.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupOracleInvalid represents a OracleInvalid error raised by the Rollup contract.
type RollupOracleInvalid struct {
	Market uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OracleInvalid(uint8 market)
func RollupOracleInvalidErrorID() common.Hash {
	return common.HexToHash("0xd285026ee75f0a030a7b437d256481bc2c0bc3f3ab6160cae9723a9b1092805a")
}

// UnpackOracleInvalidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OracleInvalid(uint8 market)
func (rollup *Rollup) UnpackOracleInvalidError(raw []byte) (*RollupOracleInvalid, error) {
	out := new(RollupOracleInvalid)
	if err := rollup.abi.UnpackIntoInterface(out, "OracleInvalid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupOracleStale represents a OracleStale error raised by the Rollup contract.
type RollupOracleStale struct {
	Market    uint8
	UpdatedAt *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OracleStale(uint8 market, uint256 updatedAt)
func RollupOracleStaleErrorID() common.Hash {
	return common.HexToHash("0x4053b46e245808e816263adf8c40eefc3bf8519f8449ab3496c5dd250aaaef83")
}

// UnpackOracleStaleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OracleStale(uint8 market, uint256 updatedAt)
func (rollup *Rollup) UnpackOracleStaleError(raw []byte) (*RollupOracleStale, error) {
	out := new(RollupOracleStale)
	if err := rollup.abi.UnpackIntoInterface(out, "OracleStale", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPriorityQueueFull represents a PriorityQueueFull error raised by the Rollup contract.
type RollupPriorityQueueFull struct {
	Pending    uint64
	MaxPending uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PriorityQueueFull(uint64 pending, uint32 maxPending)
func RollupPriorityQueueFullErrorID() common.Hash {
	return common.HexToHash("0xd33f9c090d98fee31a450ae7a69f6e621ea19ecb09cdb5c08b6db6c9404461d8")
}

// UnpackPriorityQueueFullError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PriorityQueueFull(uint64 pending, uint32 maxPending)
func (rollup *Rollup) UnpackPriorityQueueFullError(raw []byte) (*RollupPriorityQueueFull, error) {
	out := new(RollupPriorityQueueFull)
	if err := rollup.abi.UnpackIntoInterface(out, "PriorityQueueFull", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupReentrancy represents a Reentrancy error raised by the Rollup contract.
type RollupReentrancy struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Reentrancy()
func RollupReentrancyErrorID() common.Hash {
	return common.HexToHash("0xab143c06c9772d69bbbc9f2fe74acd02f810e93b099f3d1dac8448ac9ae35991")
}

// UnpackReentrancyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Reentrancy()
func (rollup *Rollup) UnpackReentrancyError(raw []byte) (*RollupReentrancy, error) {
	out := new(RollupReentrancy)
	if err := rollup.abi.UnpackIntoInterface(out, "Reentrancy", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupRootMismatch represents a RootMismatch error raised by the Rollup contract.
type RollupRootMismatch struct {
	Computed *big.Int
	Stored   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootMismatch(uint256 computed, uint256 stored)
func RollupRootMismatchErrorID() common.Hash {
	return common.HexToHash("0x757bb37621c65e4feb9066cd3dc1ce3b28c5163f1314afc11a64512a65225e0f")
}

// UnpackRootMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootMismatch(uint256 computed, uint256 stored)
func (rollup *Rollup) UnpackRootMismatchError(raw []byte) (*RollupRootMismatch, error) {
	out := new(RollupRootMismatch)
	if err := rollup.abi.UnpackIntoInterface(out, "RootMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupTokenHasNoCode represents a TokenHasNoCode error raised by the Rollup contract.
type RollupTokenHasNoCode struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TokenHasNoCode(address token)
func RollupTokenHasNoCodeErrorID() common.Hash {
	return common.HexToHash("0xd0b1b2a7df4721a70ce9221ad01fae470035c185f197cbdf52b18117f777c29b")
}

// UnpackTokenHasNoCodeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TokenHasNoCode(address token)
func (rollup *Rollup) UnpackTokenHasNoCodeError(raw []byte) (*RollupTokenHasNoCode, error) {
	out := new(RollupTokenHasNoCode)
	if err := rollup.abi.UnpackIntoInterface(out, "TokenHasNoCode", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupTransferFailed represents a TransferFailed error raised by the Rollup contract.
type RollupTransferFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed()
func RollupTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x90b8ec1877afffd816d05d9b13947f3ff18ec5851c38bad15ec2b710f92391b1")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed()
func (rollup *Rollup) UnpackTransferFailedError(raw []byte) (*RollupTransferFailed, error) {
	out := new(RollupTransferFailed)
	if err := rollup.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupUnknownAccount represents a UnknownAccount error raised by the Rollup contract.
type RollupUnknownAccount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownAccount()
func RollupUnknownAccountErrorID() common.Hash {
	return common.HexToHash("0x8305be278d7e89b3119e005893171a9aaa3f7050918c0a127fa73bf0a16621d0")
}

// UnpackUnknownAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownAccount()
func (rollup *Rollup) UnpackUnknownAccountError(raw []byte) (*RollupUnknownAccount, error) {
	out := new(RollupUnknownAccount)
	if err := rollup.abi.UnpackIntoInterface(out, "UnknownAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupWrongForcedFee represents a WrongForcedFee error raised by the Rollup contract.
type RollupWrongForcedFee struct {
	Sent *big.Int
	Fee  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongForcedFee(uint256 sent, uint256 fee)
func RollupWrongForcedFeeErrorID() common.Hash {
	return common.HexToHash("0x0d533f75f82868dd55e0a6b186d099f88f5e9d401357bd6212ff06cd91837a58")
}

// UnpackWrongForcedFeeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongForcedFee(uint256 sent, uint256 fee)
func (rollup *Rollup) UnpackWrongForcedFeeError(raw []byte) (*RollupWrongForcedFee, error) {
	out := new(RollupWrongForcedFee)
	if err := rollup.abi.UnpackIntoInterface(out, "WrongForcedFee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupZeroAmount represents a ZeroAmount error raised by the Rollup contract.
type RollupZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func RollupZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (rollup *Rollup) UnpackZeroAmountError(raw []byte) (*RollupZeroAmount, error) {
	out := new(RollupZeroAmount)
	if err := rollup.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
