// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Poseidon2} from "./Poseidon2.sol";

/// @notice Test and gas-measurement harness for the Poseidon2 library. Not part of the deployment.
contract Poseidon2Harness {
    function compress(uint256 l, uint256 r) external pure returns (uint256) {
        return Poseidon2.compress(l, r);
    }

    /// @notice Chains `n` compressions h = H(h, i) starting from `seed`; used to measure gas per compression.
    function chain(uint256 seed, uint256 n) external pure returns (uint256 h) {
        h = seed;
        for (uint256 i = 0; i < n; ++i) {
            h = Poseidon2.compress(h, i);
        }
    }
}
