// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPriceOracle} from "./IPriceOracle.sol";

/// @title Owner-fed price oracle, one Chainlink-style round per market.
/// @notice Prices are in protocol units (collateral quantums per size step), see docs/protocol.md §3.
contract PriceOracle is IPriceOracle {
    error NotOwner();
    error InvalidPrice();
    error NoPrice(uint8 market);
    error ZeroAddress();

    event PriceUpdated(uint8 indexed market, uint80 indexed roundId, int256 answer, uint256 updatedAt);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    struct Round {
        uint80 roundId;
        int256 answer;
        uint256 updatedAt;
    }

    address public owner;
    mapping(uint8 => Round) private rounds;

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
        if (answer <= 0) revert InvalidPrice();
        Round storage r = rounds[market];
        r.roundId += 1;
        r.answer = answer;
        r.updatedAt = block.timestamp;
        emit PriceUpdated(market, r.roundId, answer, block.timestamp);
    }

    function latestRoundData(uint8 market)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round storage r = rounds[market];
        if (r.roundId == 0) revert NoPrice(market);
        return (r.roundId, r.answer, r.updatedAt, r.updatedAt, r.roundId);
    }
}
