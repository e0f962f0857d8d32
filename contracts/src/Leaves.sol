// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Poseidon2} from "./Poseidon2.sol";

/// @title Leaf encodings, Merkle roots and exodus payouts of docs/protocol.md §2–§4.
library Leaves {
    error NonCanonical(uint256 value);
    error BadLength(uint256 got, uint256 want);

    uint256 internal constant TAG_ACCOUNT = 1;
    uint256 internal constant TAG_POSITION = 2;
    uint256 internal constant TAG_MARKET = 4;
    uint256 internal constant TAG_DEPOSIT = 5;

    uint256 private constant M48 = (1 << 48) - 1;
    uint256 private constant M63 = (1 << 63) - 1;
    uint256 private constant M64 = (1 << 64) - 1;

    /// @notice A market leaf: Chain(4, params, mstate, funds).
    struct Market {
        uint256 params;
        uint256 mstate;
        uint256 funds;
    }

    function canonical(uint256 v) internal pure {
        if (v >= Poseidon2.R) revert NonCanonical(v);
    }

    /// @notice Chain(1, pkX, pkY, nonce·2^64 + free, positionsRoot, ordersRoot).
    function account(uint256 pkX, uint256 pkY, uint32 nonce, uint64 free, uint256 positionsRoot, uint256 ordersRoot)
        internal
        pure
        returns (uint256 h)
    {
        h = Poseidon2.compress(TAG_ACCOUNT, pkX);
        h = Poseidon2.compress(h, pkY);
        h = Poseidon2.compress(h, (uint256(nonce) << 64) | free);
        h = Poseidon2.compress(h, positionsRoot);
        h = Poseidon2.compress(h, ordersRoot);
    }

    /// @notice Deposit queue step: H(H(H(q, account + 2^32·amount), pkX), pkY).
    function depositStep(uint256 q, uint32 acct, uint64 amount, uint256 pkX, uint256 pkY)
        internal
        pure
        returns (uint256 h)
    {
        h = Poseidon2.compress(q, uint256(acct) | (uint256(amount) << 32));
        h = Poseidon2.compress(h, pkX);
        h = Poseidon2.compress(h, pkY);
    }

    /// @notice Root of the account tree from a leaf and its siblings (bottom-up; index bit i = side at level i).
    function merkleRoot(uint256 leaf, uint256 index, uint256[] calldata siblings) internal pure returns (uint256 h) {
        h = leaf;
        for (uint256 i = 0; i < siblings.length; ++i) {
            if ((index >> i) & 1 == 0) {
                h = Poseidon2.compress(h, siblings[i]);
            } else {
                h = Poseidon2.compress(siblings[i], h);
            }
        }
    }

    /// @notice Root of a complete tree over `leaves` (length 2^depth); overwrites the array.
    function fullRoot(uint256[] memory leaves) internal pure returns (uint256) {
        uint256 n = leaves.length;
        while (n > 1) {
            n >>= 1;
            for (uint256 i = 0; i < n; ++i) {
                leaves[i] = Poseidon2.compress(leaves[2 * i], leaves[2 * i + 1]);
            }
        }
        return leaves[0];
    }

    /// @notice Hashes all market leaves to the markets root; returns it with each market's mark and funding index.
    function marketsRoot(Market[] calldata markets, uint256 depth)
        internal
        pure
        returns (uint256 root, uint256[] memory marks, int256[] memory funding)
    {
        uint256 n = 1 << depth;
        if (markets.length != n) revert BadLength(markets.length, n);
        uint256[] memory leaves = new uint256[](n);
        marks = new uint256[](n);
        funding = new int256[](n);
        for (uint256 i = 0; i < n; ++i) {
            Market calldata m = markets[i];
            canonical(m.params);
            canonical(m.mstate);
            canonical(m.funds);
            uint256 h = Poseidon2.compress(TAG_MARKET, m.params);
            h = Poseidon2.compress(h, m.mstate);
            leaves[i] = Poseidon2.compress(h, m.funds);
            marks[i] = m.mstate & M48;
            funding[i] = signed((m.mstate >> 48) & M63, (m.mstate >> 111) & 1);
        }
        root = fullRoot(leaves);
    }

    /// @notice Hashes all position leaves to the positions root and sums max(equity, 0) over the positions,
    ///         valued at each market's mark with unsettled funding (docs/protocol.md §4).
    function positionsRootAndEquity(uint256[] calldata positions, uint256[] memory marks, int256[] memory funding)
        internal
        pure
        returns (uint256 root, uint256 equitySum)
    {
        uint256 n = marks.length;
        if (positions.length != n) revert BadLength(positions.length, n);
        uint256[] memory leaves = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            uint256 p = positions[i];
            canonical(p);
            leaves[i] = Poseidon2.compress(TAG_POSITION, p);
            int256 e = equity(p, marks[i], funding[i]);
            if (e > 0) equitySum += uint256(e);
        }
        root = fullRoot(leaves);
    }

    /// @notice equity = C + pnl − owed with pnl = s·M − signedEntry, owed = s·(F − fund).
    function equity(uint256 p, uint256 mark, int256 index) internal pure returns (int256) {
        uint256 neg = (p >> 48) & 1;
        int256 size = signed(p & M48, neg);
        int256 collateral = int256((p >> 49) & M64);
        int256 entry = signed((p >> 113) & M64, neg);
        int256 fund = signed((p >> 177) & M63, (p >> 240) & 1);
        int256 pnl = size * int256(mark) - entry;
        int256 owed = size * (index - fund);
        return collateral + pnl - owed;
    }

    function signed(uint256 mag, uint256 neg) private pure returns (int256) {
        return neg == 1 ? -int256(mag) : int256(mag);
    }
}
