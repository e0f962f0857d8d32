// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The verifier exported by gnark (`vk.ExportSolidity`): returns false for a bad proof, reverts on
///         malformed input (wrong number of public inputs, unreduced inputs, bad proof encoding).
interface IPlonkVerifier {
    function Verify(bytes calldata proof, uint256[] calldata public_inputs) external view returns (bool);
}
