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

// PriceOracleMetaData contains all meta data concerning the PriceOracle contract.
var PriceOracleMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"InvalidPrice\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"NoPrice\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint80\",\"name\":\"roundId\",\"type\":\"uint80\"}],\"name\":\"NoRound\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"uint80\",\"name\":\"roundId\",\"type\":\"uint80\"},{\"indexed\":false,\"internalType\":\"int256\",\"name\":\"answer\",\"type\":\"int256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"updatedAt\",\"type\":\"uint256\"}],\"name\":\"PriceUpdated\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"uint80\",\"name\":\"roundId\",\"type\":\"uint80\"}],\"name\":\"getRoundData\",\"outputs\":[{\"internalType\":\"uint80\",\"name\":\"\",\"type\":\"uint80\"},{\"internalType\":\"int256\",\"name\":\"answer\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"startedAt\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"updatedAt\",\"type\":\"uint256\"},{\"internalType\":\"uint80\",\"name\":\"answeredInRound\",\"type\":\"uint80\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"name\":\"latestRound\",\"outputs\":[{\"internalType\":\"uint80\",\"name\":\"\",\"type\":\"uint80\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"}],\"name\":\"latestRoundData\",\"outputs\":[{\"internalType\":\"uint80\",\"name\":\"roundId\",\"type\":\"uint80\"},{\"internalType\":\"int256\",\"name\":\"answer\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"startedAt\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"updatedAt\",\"type\":\"uint256\"},{\"internalType\":\"uint80\",\"name\":\"answeredInRound\",\"type\":\"uint80\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"market\",\"type\":\"uint8\"},{\"internalType\":\"int256\",\"name\":\"answer\",\"type\":\"int256\"}],\"name\":\"setPrice\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "PriceOracle",
	Bin: "0x6080604052348015600e575f5ffd5b50604051610669380380610669833981016040819052602b91609d565b6001600160a01b03811660515760405163d92e233d60e01b815260040160405180910390fd5b5f80546001600160a01b0319166001600160a01b03831690811782556040519091907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0908290a35060c8565b5f6020828403121560ac575f5ffd5b81516001600160a01b038116811460c1575f5ffd5b9392505050565b610594806100d55f395ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c80634b802c4d146100645780638da5cb5b146100b0578063d6118da9146100da578063e1c2e6e51461011a578063f2be55301461012d578063f2fde38b14610142575b5f5ffd5b6100776100723660046104b5565b610155565b604080516001600160501b03968716815260208101959095528401929092526060830152909116608082015260a0015b60405180910390f35b5f546100c2906001600160a01b031681565b6040516001600160a01b0390911681526020016100a7565b6101026100e83660046104b5565b60016020525f90815260409020546001600160501b031681565b6040516001600160501b0390911681526020016100a7565b6100776101283660046104d5565b6101ea565b61014061013b366004610515565b6102a2565b005b61014061015036600461053d565b6103f6565b60ff81165f908152600160205260408120546001600160501b03169080808084810361019e57604051630648102d60e11b815260ff871660048201526024015b60405180910390fd5b5050505060ff919091165f9081526002602090815260408083206001600160501b03851684529091529020549091601782900b91600160c01b900467ffffffffffffffff169081908490565b5f808080806001600160501b0386161580610222575060ff87165f908152600160205260409020546001600160501b03908116908716115b156102545760405163ad3b756560e01b815260ff881660048201526001600160501b0387166024820152604401610195565b5050505060ff929092165f9081526002602090815260408083206001600160501b03851684529091529020549092601782900b9250600160c01b90910467ffffffffffffffff169081908490565b5f546001600160a01b031633146102cc576040516330cd747160e01b815260040160405180910390fd5b5f811315806102e157506001600160bf1b0381135b156102fe5760405162bfc92160e01b815260040160405180910390fd5b60ff82165f908152600160208190526040822054610327916001600160501b0390911690610563565b60ff84165f81815260016020908152604080832080546001600160501b03871669ffffffffffffffffffff19909116811790915581518083018352601789900b815267ffffffffffffffff4281811683870190815288885260028752858820858952909652958490209151945116600160c01b026001600160c01b039094169390931790925551939450927feec997b553584c2ba59dbd3c656d7f4e7b91060a5ed2a3764e3200f166f75831916103e991879190918252602082015260400190565b60405180910390a3505050565b5f546001600160a01b03163314610420576040516330cd747160e01b815260040160405180910390fd5b6001600160a01b0381166104475760405163d92e233d60e01b815260040160405180910390fd5b5f80546040516001600160a01b03808516939216917f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e091a35f80546001600160a01b0319166001600160a01b0392909216919091179055565b803560ff811681146104b0575f5ffd5b919050565b5f602082840312156104c5575f5ffd5b6104ce826104a0565b9392505050565b5f5f604083850312156104e6575f5ffd5b6104ef836104a0565b915060208301356001600160501b038116811461050a575f5ffd5b809150509250929050565b5f5f60408385031215610526575f5ffd5b61052f836104a0565b946020939093013593505050565b5f6020828403121561054d575f5ffd5b81356001600160a01b03811681146104ce575f5ffd5b6001600160501b03818116838216019081111561058e57634e487b7160e01b5f52601160045260245ffd5b9291505056",
}

// PriceOracle is an auto generated Go binding around an Ethereum contract.
type PriceOracle struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *PriceOracle) GetABI() abi.ABI {
	return c.abi
}

// NewPriceOracle creates a new instance of PriceOracle.
func NewPriceOracle() *PriceOracle {
	parsed, err := PriceOracleMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &PriceOracle{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *PriceOracle) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address owner_) returns()
func (priceOracle *PriceOracle) PackConstructor(owner_ common.Address) []byte {
	enc, err := priceOracle.abi.Pack("", owner_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackGetRoundData is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1c2e6e5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRoundData(uint8 market, uint80 roundId) view returns(uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) PackGetRoundData(market uint8, roundId *big.Int) []byte {
	enc, err := priceOracle.abi.Pack("getRoundData", market, roundId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRoundData is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1c2e6e5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRoundData(uint8 market, uint80 roundId) view returns(uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) TryPackGetRoundData(market uint8, roundId *big.Int) ([]byte, error) {
	return priceOracle.abi.Pack("getRoundData", market, roundId)
}

// GetRoundDataOutput serves as a container for the return parameters of contract
// method GetRoundData.
type GetRoundDataOutput struct {
	Arg0            *big.Int
	Answer          *big.Int
	StartedAt       *big.Int
	UpdatedAt       *big.Int
	AnsweredInRound *big.Int
}

// UnpackGetRoundData is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe1c2e6e5.
//
// Solidity: function getRoundData(uint8 market, uint80 roundId) view returns(uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) UnpackGetRoundData(data []byte) (GetRoundDataOutput, error) {
	out, err := priceOracle.abi.Unpack("getRoundData", data)
	outstruct := new(GetRoundDataOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Arg0 = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Answer = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.StartedAt = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	outstruct.UpdatedAt = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.AnsweredInRound = abi.ConvertType(out[4], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackLatestRound is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6118da9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestRound(uint8 ) view returns(uint80)
func (priceOracle *PriceOracle) PackLatestRound(arg0 uint8) []byte {
	enc, err := priceOracle.abi.Pack("latestRound", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestRound is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6118da9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestRound(uint8 ) view returns(uint80)
func (priceOracle *PriceOracle) TryPackLatestRound(arg0 uint8) ([]byte, error) {
	return priceOracle.abi.Pack("latestRound", arg0)
}

// UnpackLatestRound is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6118da9.
//
// Solidity: function latestRound(uint8 ) view returns(uint80)
func (priceOracle *PriceOracle) UnpackLatestRound(data []byte) (*big.Int, error) {
	out, err := priceOracle.abi.Unpack("latestRound", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLatestRoundData is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b802c4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestRoundData(uint8 market) view returns(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) PackLatestRoundData(market uint8) []byte {
	enc, err := priceOracle.abi.Pack("latestRoundData", market)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestRoundData is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b802c4d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestRoundData(uint8 market) view returns(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) TryPackLatestRoundData(market uint8) ([]byte, error) {
	return priceOracle.abi.Pack("latestRoundData", market)
}

// LatestRoundDataOutput serves as a container for the return parameters of contract
// method LatestRoundData.
type LatestRoundDataOutput struct {
	RoundId         *big.Int
	Answer          *big.Int
	StartedAt       *big.Int
	UpdatedAt       *big.Int
	AnsweredInRound *big.Int
}

// UnpackLatestRoundData is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4b802c4d.
//
// Solidity: function latestRoundData(uint8 market) view returns(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
func (priceOracle *PriceOracle) UnpackLatestRoundData(data []byte) (LatestRoundDataOutput, error) {
	out, err := priceOracle.abi.Unpack("latestRoundData", data)
	outstruct := new(LatestRoundDataOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.RoundId = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Answer = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.StartedAt = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	outstruct.UpdatedAt = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.AnsweredInRound = abi.ConvertType(out[4], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function owner() view returns(address)
func (priceOracle *PriceOracle) PackOwner() []byte {
	enc, err := priceOracle.abi.Pack("owner")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8da5cb5b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function owner() view returns(address)
func (priceOracle *PriceOracle) TryPackOwner() ([]byte, error) {
	return priceOracle.abi.Pack("owner")
}

// UnpackOwner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (priceOracle *PriceOracle) UnpackOwner(data []byte) (common.Address, error) {
	out, err := priceOracle.abi.Unpack("owner", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSetPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2be5530.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setPrice(uint8 market, int256 answer) returns()
func (priceOracle *PriceOracle) PackSetPrice(market uint8, answer *big.Int) []byte {
	enc, err := priceOracle.abi.Pack("setPrice", market, answer)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetPrice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2be5530.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setPrice(uint8 market, int256 answer) returns()
func (priceOracle *PriceOracle) TryPackSetPrice(market uint8, answer *big.Int) ([]byte, error) {
	return priceOracle.abi.Pack("setPrice", market, answer)
}

// PackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (priceOracle *PriceOracle) PackTransferOwnership(newOwner common.Address) []byte {
	enc, err := priceOracle.abi.Pack("transferOwnership", newOwner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferOwnership is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf2fde38b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (priceOracle *PriceOracle) TryPackTransferOwnership(newOwner common.Address) ([]byte, error) {
	return priceOracle.abi.Pack("transferOwnership", newOwner)
}

// PriceOracleOwnershipTransferred represents a OwnershipTransferred event raised by the PriceOracle contract.
type PriceOracleOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const PriceOracleOwnershipTransferredEventName = "OwnershipTransferred"

// ContractEventName returns the user-defined event name.
func (PriceOracleOwnershipTransferred) ContractEventName() string {
	return PriceOracleOwnershipTransferredEventName
}

// UnpackOwnershipTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (priceOracle *PriceOracle) UnpackOwnershipTransferredEvent(log *types.Log) (*PriceOracleOwnershipTransferred, error) {
	event := "OwnershipTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != priceOracle.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(PriceOracleOwnershipTransferred)
	if len(log.Data) > 0 {
		if err := priceOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range priceOracle.abi.Events[event].Inputs {
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

// PriceOraclePriceUpdated represents a PriceUpdated event raised by the PriceOracle contract.
type PriceOraclePriceUpdated struct {
	Market    uint8
	RoundId   *big.Int
	Answer    *big.Int
	UpdatedAt *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const PriceOraclePriceUpdatedEventName = "PriceUpdated"

// ContractEventName returns the user-defined event name.
func (PriceOraclePriceUpdated) ContractEventName() string {
	return PriceOraclePriceUpdatedEventName
}

// UnpackPriceUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PriceUpdated(uint8 indexed market, uint80 indexed roundId, int256 answer, uint256 updatedAt)
func (priceOracle *PriceOracle) UnpackPriceUpdatedEvent(log *types.Log) (*PriceOraclePriceUpdated, error) {
	event := "PriceUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != priceOracle.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(PriceOraclePriceUpdated)
	if len(log.Data) > 0 {
		if err := priceOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range priceOracle.abi.Events[event].Inputs {
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
func (priceOracle *PriceOracle) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], priceOracle.abi.Errors["InvalidPrice"].ID.Bytes()[:4]) {
		return priceOracle.UnpackInvalidPriceError(raw[4:])
	}
	if bytes.Equal(raw[:4], priceOracle.abi.Errors["NoPrice"].ID.Bytes()[:4]) {
		return priceOracle.UnpackNoPriceError(raw[4:])
	}
	if bytes.Equal(raw[:4], priceOracle.abi.Errors["NoRound"].ID.Bytes()[:4]) {
		return priceOracle.UnpackNoRoundError(raw[4:])
	}
	if bytes.Equal(raw[:4], priceOracle.abi.Errors["NotOwner"].ID.Bytes()[:4]) {
		return priceOracle.UnpackNotOwnerError(raw[4:])
	}
	if bytes.Equal(raw[:4], priceOracle.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return priceOracle.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// PriceOracleInvalidPrice represents a InvalidPrice error raised by the PriceOracle contract.
type PriceOracleInvalidPrice struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPrice()
func PriceOracleInvalidPriceErrorID() common.Hash {
	return common.HexToHash("0x00bfc9219afe7e8e3b9f14a4708e4cd3d8acb04e325ce992b2a60a58a519683a")
}

// UnpackInvalidPriceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPrice()
func (priceOracle *PriceOracle) UnpackInvalidPriceError(raw []byte) (*PriceOracleInvalidPrice, error) {
	out := new(PriceOracleInvalidPrice)
	if err := priceOracle.abi.UnpackIntoInterface(out, "InvalidPrice", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// PriceOracleNoPrice represents a NoPrice error raised by the PriceOracle contract.
type PriceOracleNoPrice struct {
	Market uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoPrice(uint8 market)
func PriceOracleNoPriceErrorID() common.Hash {
	return common.HexToHash("0x0c90205a33be33d2da60f0c36162d85f2c4b76deea5875026286bf666707d707")
}

// UnpackNoPriceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoPrice(uint8 market)
func (priceOracle *PriceOracle) UnpackNoPriceError(raw []byte) (*PriceOracleNoPrice, error) {
	out := new(PriceOracleNoPrice)
	if err := priceOracle.abi.UnpackIntoInterface(out, "NoPrice", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// PriceOracleNoRound represents a NoRound error raised by the PriceOracle contract.
type PriceOracleNoRound struct {
	Market  uint8
	RoundId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoRound(uint8 market, uint80 roundId)
func PriceOracleNoRoundErrorID() common.Hash {
	return common.HexToHash("0xad3b756577c87fd8ad1bde7d6e1d77644ead9698c3242a850f50c6568dde6732")
}

// UnpackNoRoundError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoRound(uint8 market, uint80 roundId)
func (priceOracle *PriceOracle) UnpackNoRoundError(raw []byte) (*PriceOracleNoRound, error) {
	out := new(PriceOracleNoRound)
	if err := priceOracle.abi.UnpackIntoInterface(out, "NoRound", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// PriceOracleNotOwner represents a NotOwner error raised by the PriceOracle contract.
type PriceOracleNotOwner struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOwner()
func PriceOracleNotOwnerErrorID() common.Hash {
	return common.HexToHash("0x30cd74712f59d478562d48e2d35de830db72c60a63dd08ae59199eec990b5bc4")
}

// UnpackNotOwnerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOwner()
func (priceOracle *PriceOracle) UnpackNotOwnerError(raw []byte) (*PriceOracleNotOwner, error) {
	out := new(PriceOracleNotOwner)
	if err := priceOracle.abi.UnpackIntoInterface(out, "NotOwner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// PriceOracleZeroAddress represents a ZeroAddress error raised by the PriceOracle contract.
type PriceOracleZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func PriceOracleZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (priceOracle *PriceOracle) UnpackZeroAddressError(raw []byte) (*PriceOracleZeroAddress, error) {
	out := new(PriceOracleZeroAddress)
	if err := priceOracle.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}
