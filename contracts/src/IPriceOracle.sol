// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Chainlink AggregatorV3Interface-style price feed, one feed per market id.
///         `answer` is in protocol units: collateral quantums per size step of the market (docs/protocol.md §3).
interface IPriceOracle {
    function latestRoundData(uint8 market)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice A past round of `market` (reverts if the feed has no such round).
    function getRoundData(uint8 market, uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
