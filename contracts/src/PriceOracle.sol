// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPriceOracle} from "./IPriceOracle.sol";

/// @title Owner-fed price oracle, Chainlink-style rounds per market with their history.
/// @notice Prices are in protocol units (collateral quantums per size step), see docs/protocol.md §3. Round ids of a
///         market are 1, 2, 3, …; every round stays readable with getRoundData (Rollup checks each mark against the
///         round it names, which must be the latest at the batch's time, docs/protocol.md §7).
contract PriceOracle is IPriceOracle {
    error NotOwner();
    error InvalidPrice();
    error NoPrice(uint8 market);
    error NoRound(uint8 market, uint80 roundId);
    error ZeroAddress();

    event PriceUpdated(uint8 indexed market, uint80 indexed roundId, int256 answer, uint256 updatedAt);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    /// @dev One storage slot per round.
    struct Round {
        int192 answer;
        uint64 updatedAt;
    }

    address public owner;
    /// @notice The latest round id of each market (0 = no price yet).
    mapping(uint8 => uint80) public latestRound;
    mapping(uint8 => mapping(uint80 => Round)) private rounds;

    constructor(address owner_) {
        if (owner_ == address(0)) revert ZeroAddress();
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner();
        _;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice Publishes a new round for `market`.
    function setPrice(uint8 market, int256 answer) external onlyOwner {
        if (answer <= 0 || answer > type(int192).max) revert InvalidPrice();
        uint80 id = latestRound[market] + 1;
        latestRound[market] = id;
        rounds[market][id] = Round(int192(answer), uint64(block.timestamp));
        emit PriceUpdated(market, id, answer, block.timestamp);
    }

    function latestRoundData(uint8 market)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = latestRound[market];
        if (roundId == 0) revert NoPrice(market);
        Round storage r = rounds[market][roundId];
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    function getRoundData(uint8 market, uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId == 0 || roundId > latestRound[market]) revert NoRound(market, roundId);
        Round storage r = rounds[market][roundId];
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }
}
