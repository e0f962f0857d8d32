// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "./IERC20.sol";
import {IPlonkVerifier} from "./IPlonkVerifier.sol";
import {IPriceOracle} from "./IPriceOracle.sol";
import {Leaves} from "./Leaves.sol";
import {Poseidon2} from "./Poseidon2.sol";

/// @title zkperp rollup: state root, batches, deposit queue, withdrawals, forced withdrawals and closes, exodus.
/// @notice Implements docs/protocol.md §5–§7. See docs/contracts.md for the ABI surface.
contract Rollup {
    // ---------------------------------------------------------------- types

    struct Config {
        address verifier; // gnark-exported PLONK verifier of the batch circuit
        address token; // ERC-20 collateral
        address oracle; // IPriceOracle
        address sequencer; // the only batch submitter
        uint256 genesisRoot; // root of the all-default state
        uint32 genesisTime; // the genesis state's time (docs/protocol.md §2): the first batch's time is not before it
        uint8 accountDepth; // account tree depth
        uint8 positionDepth; // positions (and markets) tree depth
        uint32 slots; // calldata mode: tx slots per batch (N), 7 + N public inputs; blob mode: L1-op words (K), 12 + K
        uint16 oracleBandBps; // max |mark − oracle| / oracle, in basis points
        uint32 oracleMaxAge; // max age in seconds, at the batch's time, of the oracle round a mark is checked against
        uint64 forcedWithdrawalDelay; // blocks or seconds the sequencer has to consume a priority-queue entry
        bool forcedDelayInBlocks; // true: delay and interval count blocks; false: seconds
        uint32 maxBatchAge; // seconds: a batch's time may lag the L1 block's time by at most this much
        uint64 minDeposit; // smallest deposit (quantums actually received)
        uint256 forcedRequestFee; // wei a forced-exit request escrows: to the sequencer when served, back in exodus
        uint32 maxPendingPriority; // cap on unconsumed deposits in the priority queue (forced exits are not capped)
        uint32 priorityInterval; // blocks or seconds per entry ahead: the queue's documented minimum service rate
        uint32 exodusClaimWindow; // seconds after exodus during which exits are registered; payouts follow
        bool blobMode; // the batch's pubdata is in the submitBatch tx's blob (EIP-4844); only L1 ops in calldata
    }

    /// @notice Everything an exodus exit proves about one account against the last verified root.
    struct ExitProof {
        uint32 account;
        uint256 pkX;
        uint256 pkY;
        uint32 nonce;
        uint64 free;
        uint256 ordersRoot;
        uint256[] accountSiblings; // bottom-up, accountDepth entries
        uint256[] positions; // all 2^positionDepth packed position values p (protocol.md §2)
        Leaves.Market[] markets; // all 2^positionDepth market leaves
    }

    /// @notice One priority-queue entry (one storage slot): a deposit (amount > 0), a forced exit or a forced close
    ///         (amount 0).
    struct PendingDeposit {
        address owner;
        uint64 amount;
        uint32 deadline; // block number or timestamp (forcedDelayInBlocks) after which the entry allows exodus
    }

    struct AccountInfo {
        uint32 index;
        uint64 deposited; // quantums ever credited by deposits (capped at MAX_ACCOUNT_DEPOSITS); same slot as index
        bytes32 keyHash; // keccak256(pkX, pkY)
    }

    // ---------------------------------------------------------------- errors

    error NotSequencer();
    error ExodusActive();
    error NotInExodus();
    error Reentrancy();
    error BadConfig();
    error BadPubdataLength(uint256 got, uint256 want);
    error DepositQueueShort(uint64 needed, uint64 available);
    error InvalidProof();
    error MarkPriceOutOfBand(uint8 market, uint256 mark, int256 oracle);
    error OracleInvalid(uint8 market);
    error OracleStale(uint8 market, uint256 updatedAt);
    error MarkRoundFuture(uint8 market, uint64 roundId);
    error MarkRoundNotLatest(uint8 market, uint64 roundId);
    error MarkRoundBackwards(uint8 market, uint64 roundId, uint64 last);
    error DuplicateMark(uint8 market);
    error BatchTimeInFuture(uint64 batchTime, uint256 now);
    error BatchTimeBeforePrevious(uint64 batchTime, uint64 last);
    error BatchTooOld(uint64 batchTime, uint256 now);
    error ZeroAmount();
    error InvalidKey();
    error KeyMismatch(uint32 account);
    error AccountTreeFull();
    error UnknownAccount();
    error NothingToClaim();
    error ForcedWithdrawalPending(uint32 account, uint64 deadline);
    error NoPendingPriorityOp();
    error DeadlineNotReached(uint64 queueIndex, uint64 deadline);
    error AlreadyExited(uint32 account);
    error RootMismatch(uint256 computed, uint256 stored);
    error NotRefundable(uint64 queueIndex);
    error TransferFailed();
    error BadDelay(uint64 delay, bool inBlocks);
    error BadPriorityInterval(uint32 interval);
    error BadMaxPending(uint32 maxPending);
    error BadOracleBand(uint16 bps);
    error BadOracleMaxAge(uint32 maxAge);
    error BadMaxBatchAge(uint32 maxBatchAge);
    error BadMinDeposit(uint64 minDeposit);
    error BadForcedFee(uint256 fee);
    error TokenHasNoCode(address token);
    error DepositTooSmall(uint256 received, uint64 minimum);
    error DepositCapExceeded(uint32 account, uint64 deposited, uint256 amount);
    error PriorityQueueFull(uint64 pending, uint32 maxPending);
    error BadMaxWait(uint256 wait, uint64 maxDelay);
    error WrongForcedFee(uint256 sent, uint256 fee);
    error BadClaimWindow(uint32 window);
    error ClaimWindowClosed(uint64 until);
    error ClaimWindowOpen(uint64 until);
    error FeesAlreadyRegistered();
    error ForcedClosePending(uint32 account, uint8 market, uint64 deadline);
    error BadMarket(uint8 market);
    error BadBlobOpening(uint256 length);
    error NoBlob();
    error BlobOpeningInvalid();

    // ---------------------------------------------------------------- events

    event AccountRegistered(address indexed owner, uint32 indexed account, uint256 pkX, uint256 pkY);
    /// @notice A priority-queue entry: kind 0 a deposit of `amount`, kind 1 a forced exit, kind 2 a forced close
    ///         (amount 0).
    event DepositQueued(
        uint32 indexed account,
        address indexed owner,
        uint64 amount,
        uint256 pkX,
        uint256 pkY,
        uint64 queueIndex,
        uint256 queueHash,
        uint8 kind
    );
    event BatchVerified(uint64 indexed batchNumber, uint256 oldRoot, uint256 newRoot, uint64 depositCursor);
    event WithdrawalCredited(uint64 indexed batchNumber, uint32 indexed account, address indexed owner, uint64 amount);
    event Claimed(address indexed owner, uint256 amount);
    event ForcedWithdrawalRequested(uint32 indexed account, address indexed owner, uint64 deadline);
    event ForcedWithdrawalServed(uint32 indexed account, uint64 indexed batchNumber);
    event ExodusActivated(uint64 indexed queueIndex, uint64 batchNumber, uint256 stateRoot);
    /// @notice Exodus: the account's claim (free + Σ max(equity, 0)) is registered; payout pays its pro-rata share.
    event Exited(uint32 indexed account, address indexed owner, uint256 amount);
    event ExitPaid(uint32 indexed account, address indexed owner, uint256 amount);
    event FeeClaimRegistered(address indexed to, uint256 amount);
    event FeeClaimPaid(address indexed to, uint256 amount);
    /// @notice The exodus pool, fixed at the first payout: each claim gets claim · pool / totalClaims.
    event ExodusPoolFixed(uint256 pool, uint256 totalClaims);
    event ForcedCloseRequested(uint32 indexed account, uint8 indexed market, address indexed owner, uint64 deadline);
    event ForcedCloseServed(uint32 indexed account, uint8 indexed market, uint64 indexed batchNumber);
    event DepositRefunded(uint64 indexed queueIndex, address indexed owner, uint64 amount);
    event ForcedFeeRefunded(uint64 indexed queueIndex, address indexed owner, uint256 fee);
    event FeesClaimed(address indexed to, uint256 amount);

    // ---------------------------------------------------------------- config

    IPlonkVerifier public immutable verifier;
    IERC20 public immutable token;
    IPriceOracle public immutable oracle;
    address public immutable sequencer;
    uint8 public immutable accountDepth;
    uint8 public immutable positionDepth;
    uint32 public immutable slots;
    uint16 public immutable oracleBandBps;
    uint32 public immutable oracleMaxAge;
    uint64 public immutable forcedWithdrawalDelay;
    bool public immutable forcedDelayInBlocks;
    uint32 public immutable maxBatchAge;
    uint64 public immutable minDeposit;
    uint256 public immutable forcedRequestFee;
    uint32 public immutable maxPendingPriority;
    uint32 public immutable priorityInterval;
    uint32 public immutable exodusClaimWindow;
    /// blob DA mode (docs/contracts.md "Blob DA mode"): submitBatch's `pubdata` holds only the L1 ops and the batch's
    /// words are in the transaction's blob, opened at the proof's point z with the point-evaluation precompile
    bool public immutable blobMode;
    /// the domain every L2 signature commits to and a public input of every batch proof:
    /// Poseidon2.compress(chainid, address(this)) (docs/protocol.md §1), so proofs and signatures made for one
    /// deployment are worthless on another
    uint256 public immutable domain;

    // Documented parameter ranges (docs/contracts.md "Parameters"); the constructor rejects anything outside them.
    uint64 public constant MIN_DELAY_BLOCKS = 5;
    uint64 public constant MAX_DELAY_BLOCKS = 216_000; // 30 days of 12 s blocks
    uint64 public constant MIN_DELAY_SECONDS = 60;
    uint64 public constant MAX_DELAY_SECONDS = 30 days;
    uint16 public constant MAX_ORACLE_BAND_BPS = 2_500; // 25%
    uint32 public constant MIN_ORACLE_MAX_AGE = 60;
    uint32 public constant MAX_ORACLE_MAX_AGE = 2 days;
    uint32 public constant MIN_BATCH_AGE = 10 minutes;
    uint32 public constant MAX_BATCH_AGE = 7 days;
    uint32 public constant MAX_PENDING_LIMIT = 65_536;
    uint256 public constant MAX_FORCED_FEE = 1 ether;
    /// the floor allows devnets (a drill on a chain that cannot be time-travelled); production should use days
    uint32 public constant MIN_CLAIM_WINDOW = 60;
    uint32 public constant MAX_CLAIM_WINDOW = 60 days;
    /// an account's deposits, summed over its life, stay at or below this: half of what its free collateral (64 bits)
    /// can hold, the rest is room for profits, so a queued deposit never overflows the state
    uint64 public constant MAX_ACCOUNT_DEPOSITS = 1 << 63;

    /// transient-storage slots where checkBlob leaves the opening's z and y for verify
    uint256 private constant BLOB_Z_TSLOT = 0x7a6b706572702e626c6f622e7a; // "zkperp.blob.z" (transient)
    uint256 private constant BLOB_Y_TSLOT = 0x7a6b706572702e626c6f622e79; // "zkperp.blob.y" (transient)

    uint8 private constant TX_DEPOSIT = 1;
    uint8 private constant TX_WITHDRAW = 2;
    uint8 private constant TX_LIQUIDATE = 5;
    uint8 private constant TX_MARK_PRICE = 7;
    /// the kind bit of a Deposit-type slot: 1 = forced exit (docs/protocol.md §5)
    uint256 private constant FORCED_EXIT_BIT = 99;
    /// the refund bit of a plain deposit's slot: free collateral could not hold it, it is credited back to its owner
    uint256 private constant REFUND_BIT = 100;
    /// the forced bit of a Liquidate slot: 1 = a forced close, a priority-queue entry (docs/protocol.md §5)
    uint256 private constant FORCED_CLOSE_BIT = 43;
    /// a bit of submitBatch's slot-type set (types use bits 0–7): the batch has a forced exit or a forced close
    uint256 private constant FORCED_EXIT_SEEN = 8;
    uint8 private constant KIND_DEPOSIT = 0;
    uint8 private constant KIND_FORCED_EXIT = 1;
    uint8 private constant KIND_FORCED_CLOSE = 2;
    /// IPlonkVerifier.Verify.selector, left-aligned (checked against the interface in the constructor)
    uint256 private constant VERIFY_SELECTOR = 0x7e4f7a8a << 224;

    // ---------------------------------------------------------------- state

    uint256 public stateRoot;
    // The next five share one slot; submitBatch reads and writes it as a whole (keep them together, in this order).
    uint64 public batchNumber; // number of verified batches; the next batch has batchNumber + 1
    uint64 public depositCount; // deposits ever queued
    uint64 public depositCursor; // deposits consumed by verified batches
    uint32 public nextAccount = 1; // account 0 is the backstop account
    bool public exodus;

    mapping(uint64 => uint256) public depositHashAt; // rolling hash after the first i deposits; [0] = 0
    mapping(uint64 => PendingDeposit) public pendingDeposits; // by queue index: exodus deadlines and refunds
    mapping(address => AccountInfo) public accounts;
    mapping(uint32 => address) public ownerOf;
    mapping(address => uint256) public claimable;
    mapping(uint32 => uint64) public forcedDeadline; // deadline of the account's queued forced exit; 0 = none
    mapping(uint32 => bool) public exited;
    uint256 public feesEarned; // forced-request fees of served requests, claimable by the sequencer (claimFees)
    /// forced exits and forced closes queued and not yet served: the priority queue's other entries are deposits,
    /// which alone count against maxPendingPriority
    uint64 public pendingForcedExits;
    /// the time of the last verified batch (unix seconds; 0 before the first): batch times never decrease. Shares
    /// pendingForcedExits' slot.
    uint64 public lastBatchTime;
    /// the amounts of the queued deposits that no verified batch consumed (refundDeposit returns them in exodus):
    /// not part of the exodus pool. Shares pendingForcedExits' slot.
    uint128 public pendingDepositAmount;
    /// Σ claimable: credited withdrawals not yet withdrawn, not part of the exodus pool
    uint256 public totalClaimable;
    /// deadline of the account's queued forced close of a market; 0 = none
    mapping(uint32 => mapping(uint8 => uint64)) public forcedCloseDeadline;

    // Exodus claims (docs/contracts.md "Exodus"): registered in the claim window, paid pro rata after it.
    /// unix seconds: exits and the fee claim are registered until then, paid after it; 0 before exodus
    uint64 public claimWindowEnd;
    bool public poolFixed;
    bool public feeClaimRegistered;
    /// the token balance less totalClaimable and pendingDepositAmount, fixed at the first payout
    uint256 public exodusPool;
    /// Σ registered claims (accounts' and the fee claim)
    uint256 public totalClaims;
    /// the registered fee claim (Σ feePool over the markets), to the sequencer; 0 once paid
    uint256 public feeClaim;
    /// the account's registered claim; 0 once paid
    mapping(uint32 => uint256) public exitClaim;
    /// the oracle round id of the last verified MarkPrice of each market (0 = none yet): marks never go back a round
    mapping(uint8 => uint64) public lastMarkRound;

    uint256 private transient locked; // a full word: set and cleared without read-modify-write

    modifier nonReentrant() {
        if (locked != 0) revert Reentrancy();
        locked = 1;
        _;
        locked = 0;
    }

    modifier notExodus() {
        if (exodus) revert ExodusActive();
        _;
    }

    constructor(Config memory c) {
        if (
            c.verifier == address(0) || c.token == address(0) || c.oracle == address(0) || c.sequencer == address(0)
                || c.accountDepth == 0 || c.accountDepth > 32 || c.positionDepth == 0 || c.positionDepth > 8
                || c.slots == 0 || c.genesisRoot >= Poseidon2.R
        ) revert BadConfig();
        if (c.token.code.length == 0) revert TokenHasNoCode(c.token);
        if (
            c.forcedDelayInBlocks
                ? (c.forcedWithdrawalDelay < MIN_DELAY_BLOCKS || c.forcedWithdrawalDelay > MAX_DELAY_BLOCKS)
                : (c.forcedWithdrawalDelay < MIN_DELAY_SECONDS || c.forcedWithdrawalDelay > MAX_DELAY_SECONDS)
        ) revert BadDelay(c.forcedWithdrawalDelay, c.forcedDelayInBlocks);
        if (c.priorityInterval == 0 || c.priorityInterval > c.forcedWithdrawalDelay) {
            revert BadPriorityInterval(c.priorityInterval);
        }
        if (c.maxPendingPriority == 0 || c.maxPendingPriority > MAX_PENDING_LIMIT) {
            revert BadMaxPending(c.maxPendingPriority);
        }
        {
            // The worst-case wait a full deposit queue adds to a new entry's deadline stays within the delay bound
            // (so deadlines never saturate at type(uint32).max and the hatch stays reachable).
            uint256 maxWait = uint256(c.forcedWithdrawalDelay) + uint256(c.maxPendingPriority) * c.priorityInterval;
            uint64 maxDelay = c.forcedDelayInBlocks ? MAX_DELAY_BLOCKS : MAX_DELAY_SECONDS;
            if (maxWait > maxDelay) revert BadMaxWait(maxWait, maxDelay);
        }
        if (c.oracleBandBps == 0 || c.oracleBandBps > MAX_ORACLE_BAND_BPS) revert BadOracleBand(c.oracleBandBps);
        if (c.oracleMaxAge < MIN_ORACLE_MAX_AGE || c.oracleMaxAge > MAX_ORACLE_MAX_AGE) {
            revert BadOracleMaxAge(c.oracleMaxAge);
        }
        if (c.maxBatchAge < MIN_BATCH_AGE || c.maxBatchAge > MAX_BATCH_AGE) revert BadMaxBatchAge(c.maxBatchAge);
        if (c.minDeposit == 0 || c.minDeposit > MAX_ACCOUNT_DEPOSITS) revert BadMinDeposit(c.minDeposit);
        if (c.forcedRequestFee > MAX_FORCED_FEE) revert BadForcedFee(c.forcedRequestFee);
        if (c.exodusClaimWindow < MIN_CLAIM_WINDOW || c.exodusClaimWindow > MAX_CLAIM_WINDOW) {
            revert BadClaimWindow(c.exodusClaimWindow);
        }
        assert(bytes4(bytes32(VERIFY_SELECTOR)) == IPlonkVerifier.Verify.selector);
        bool sameSlot;
        assembly ("memory-safe") {
            sameSlot := and(and(eq(batchNumber.slot, depositCount.slot), eq(batchNumber.slot, depositCursor.slot)),
                eq(batchNumber.slot, exodus.slot))
        }
        assert(sameSlot); // submitBatch reads and writes them as one word
        verifier = IPlonkVerifier(c.verifier);
        token = IERC20(c.token);
        oracle = IPriceOracle(c.oracle);
        sequencer = c.sequencer;
        accountDepth = c.accountDepth;
        positionDepth = c.positionDepth;
        slots = c.slots;
        blobMode = c.blobMode;
        oracleBandBps = c.oracleBandBps;
        oracleMaxAge = c.oracleMaxAge;
        forcedWithdrawalDelay = c.forcedWithdrawalDelay;
        forcedDelayInBlocks = c.forcedDelayInBlocks;
        maxBatchAge = c.maxBatchAge;
        minDeposit = c.minDeposit;
        forcedRequestFee = c.forcedRequestFee;
        maxPendingPriority = c.maxPendingPriority;
        priorityInterval = c.priorityInterval;
        exodusClaimWindow = c.exodusClaimWindow;
        stateRoot = c.genesisRoot;
        // markets' funding clocks and mark times start at the genesis time: no batch is dated before it
        lastBatchTime = c.genesisTime;
        domain = Poseidon2.compress(block.chainid, uint256(uint160(address(this))));
    }

    // ---------------------------------------------------------------- batches

    /// @notice Verifies and applies batch `batchNumber + 1`, whose transactions were checked at `batchTime` (unix
    ///         seconds): lastBatchTime ≤ batchTime ≤ block.timestamp ≤ batchTime + maxBatchAge. Public inputs:
    ///         [stateRoot, newRoot, batchNumber + 1, depositHashAt[cursor], depositHashAt[cursor + deposits],
    ///         batchTime, domain, pubdata...]. Each MarkPrice slot names the oracle round it was taken from, which must
    ///         be the latest round at batchTime (checkMark).
    /// @dev Gas (docs/contracts.md): an unrolled scan collects the slot types present (≈20 gas a slot); the Deposit
    ///      count / MarkPrice checks and the Withdraw crediting are further passes run only when the batch has such
    ///      slots; one SLOAD and one SSTORE of the packed (batchNumber, depositCount, depositCursor, nextAccount, exodus)
    ///      slot and of the (pendingForcedExits, lastBatchTime) slot; the verifier's calldata is ABI-encoded in place
    ///      from this call's calldata (no public-input array).
    function submitBatch(
        uint256 newRoot,
        uint64 batchTime,
        uint256[] calldata pubdata,
        bytes calldata proof,
        bytes calldata blob
) external nonReentrant {
        if (blobMode) checkBlob(blob);
        else if (blob.length != 0) revert BadBlobOpening(blob.length);
        submit(newRoot, batchTime, pubdata, proof);
    }

    function submit(uint256 newRoot, uint64 batchTime, uint256[] calldata pubdata, bytes calldata proof) private {
        // batchNumber, depositCount, depositCursor, nextAccount and exodus share one slot (declared in that order).
        uint256 packed;
        {
            bool inExodus;
            assembly ("memory-safe") {
                packed := sload(batchNumber.slot)
                inExodus := and(shr(shl(3, exodus.offset), packed), 0xff)
            }
            if (inExodus) revert ExodusActive();
        }
        if (msg.sender != sequencer) revert NotSequencer();
        if (pubdata.length != slots) revert BadPubdataLength(pubdata.length, slots);
        if (batchTime > block.timestamp) revert BatchTimeInFuture(batchTime, block.timestamp);
        {
            uint64 last = lastBatchTime;
            if (batchTime < last) revert BatchTimeBeforePrevious(batchTime, last);
        }
        if (uint256(batchTime) + maxBatchAge < block.timestamp) revert BatchTooOld(batchTime, block.timestamp);
        lastBatchTime = batchTime;

        // Fast scan, 8 slots per iteration: the set of slot types present (bit k: some slot has type k). A batch of
        // NoOps and Fills needs nothing more.
        uint256 kinds;
        assembly ("memory-safe") {
            let p := pubdata.offset
            let end := add(p, shl(5, pubdata.length))
            let end8 := sub(end, and(shl(5, pubdata.length), 0xe0))
            for {} lt(p, end8) { p := add(p, 0x100) } {
                kinds := or(
                    kinds,
                    or(
                        or(
                            or(shl(and(calldataload(p), 7), 1), shl(and(calldataload(add(p, 0x20)), 7), 1)),
                            or(shl(and(calldataload(add(p, 0x40)), 7), 1), shl(and(calldataload(add(p, 0x60)), 7), 1))
                        ),
                        or(
                            or(shl(and(calldataload(add(p, 0x80)), 7), 1), shl(and(calldataload(add(p, 0xa0)), 7), 1)),
                            or(shl(and(calldataload(add(p, 0xc0)), 7), 1), shl(and(calldataload(add(p, 0xe0)), 7), 1))
                        )
                    )
                )
            }
            for {} lt(p, end) { p := add(p, 0x20) } { kinds := or(kinds, shl(and(calldataload(p), 7), 1)) }
        }
        // Count the priority-queue entries consumed (Deposit-type slots and forced Liquidate slots) and check every
        // MarkPrice slot against the oracle (only if the batch has any such slot type). A forced exit (Deposit-type
        // slot with the kind bit) is credited like a Withdraw and a forced close clears its pending flag: bit
        // FORCED_EXIT_SEEN of `kinds` notes one.
        uint256 deposits;
        uint256 amounts; // Σ amounts of the plain deposits consumed
        if (kinds & ((1 << TX_DEPOSIT) | (1 << TX_LIQUIDATE) | (1 << TX_MARK_PRICE)) != 0) {
            uint256 forcedSeen;
            (deposits, forcedSeen, amounts) = depositsAndMarks(pubdata, batchTime);
            kinds |= forcedSeen << FORCED_EXIT_SEEN;
        }

        // The packed slot after this batch: batchNumber + 1, depositCursor + deposits.
        {
            uint64 lastNumber;
            uint256 cursor;
            uint256 count;
            assembly ("memory-safe") {
                lastNumber := and(shr(shl(3, batchNumber.offset), packed), 0xffffffffffffffff)
                cursor := and(shr(shl(3, depositCursor.offset), packed), 0xffffffffffffffff)
                count := and(shr(shl(3, depositCount.offset), packed), 0xffffffffffffffff)
            }
            uint256 following = lastNumber + 1; // checked: batch 2^64 panics as before
            uint256 cursor2 = cursor + deposits;
            if (cursor2 > count) revert DepositQueueShort(uint64(cursor2), uint64(count));
            // checked: a valid proof consumes exactly the queued amounts (the queue hash binds them)
            if (amounts != 0) pendingDepositAmount -= uint128(amounts);
            assembly ("memory-safe") {
                let mask := 0xffffffffffffffff
                let bn := shl(3, batchNumber.offset)
                let dc := shl(3, depositCursor.offset)
                packed := or(and(packed, not(or(shl(bn, mask), shl(dc, mask)))), or(shl(bn, following), shl(dc, cursor2)))
            }
        }
        uint64 nextNumber = verify(proof, pubdata, newRoot, batchTime, packed, deposits);

        stateRoot = newRoot;
        assembly ("memory-safe") {
            sstore(batchNumber.slot, packed)
        }

        if (kinds & ((1 << TX_WITHDRAW) | (1 << FORCED_EXIT_SEEN)) != 0) creditSlots(pubdata, nextNumber);
    }

    /// @dev The last pass of submitBatch: credits each Withdraw and forced exit to the account's owner (and their
    ///      sum to totalClaimable), clears the pending flag of each forced exit and forced close served, and pays
    ///      their fees into feesEarned.
    function creditSlots(uint256[] calldata pubdata, uint64 number) private {
        uint64 served;
        uint256 credited;
        unchecked {
            for (uint256 i = 0; i < pubdata.length; ++i) {
                uint256 e = pubdata[i];
                uint256 kind = e & 7;
                if (kind == TX_WITHDRAW) {
                    credited += creditWithdrawal(number, uint32(e >> 3), uint64(e >> 35));
                } else if (kind == TX_DEPOSIT && (e >> FORCED_EXIT_BIT) & 1 != 0) {
                    uint32 account = uint32(e >> 3);
                    credited += creditWithdrawal(number, account, uint64(e >> 35));
                    delete forcedDeadline[account];
                    ++served;
                    emit ForcedWithdrawalServed(account, number);
                } else if (kind == TX_DEPOSIT && (e >> REFUND_BIT) & 1 != 0) {
                    // the state refused the deposit (free collateral full): its owner gets it back
                    credited += creditWithdrawal(number, uint32(e >> 3), uint64(e >> 35));
                } else if (kind == TX_LIQUIDATE && (e >> FORCED_CLOSE_BIT) & 1 != 0) {
                    uint32 account = uint32(e >> 3);
                    uint8 market = uint8(e >> 35);
                    delete forcedCloseDeadline[account][market];
                    ++served;
                    emit ForcedCloseServed(account, market, number);
                }
            }
        }
        if (served != 0) {
            pendingForcedExits -= served;
            feesEarned += served * forcedRequestFee;
        }
        if (credited != 0) totalClaimable += credited;
    }

    /// @dev Calls verifier.Verify(proof, [stateRoot, newRoot, batchNumber', depositHashAt[cursor],
    ///      depositHashAt[cursor'], batchTime, domain, pubdata...]) where batchNumber' and cursor' = cursor + deposits
    ///      come from the updated packed slot `next`. The calldata is ABI-encoded in free memory (not allocated: nothing uses it
    ///      afterwards). Reverts InvalidProof unless the verifier returns true (a revert, a short return or any other
    ///      value fails). Emits BatchVerified (submitBatch has no stack room for the values it needs).
    function verify(
        bytes calldata proof,
        uint256[] calldata pubdata,
        uint256 newRoot,
        uint64 batchTime,
        uint256 next,
        uint256 deposits
    ) private returns (uint64 batch) {
        uint64 cursorAfter;
        uint256 oldRoot;
        uint256 q; // start of the public-input array in the encoded calldata
        assembly ("memory-safe") {
            batch := and(shr(shl(3, batchNumber.offset), next), 0xffffffffffffffff)
            cursorAfter := and(shr(shl(3, depositCursor.offset), next), 0xffffffffffffffff)
            let m := mload(0x40)
            let ppad := and(add(proof.length, 31), not(31))
            mstore(m, VERIFY_SELECTOR)
            mstore(add(m, 0x04), 0x40) // offset of proof
            mstore(add(m, 0x24), add(0x60, ppad)) // offset of the inputs
            mstore(add(m, 0x44), proof.length)
            mstore(add(add(m, 0x44), ppad), 0) // zero padding of the proof's last word (overwritten if none)
            calldatacopy(add(m, 0x64), proof.offset, proof.length)
            q := add(add(m, 0x64), ppad)
        }
        oldRoot = stateRoot;
        {
            uint256 hashAfter = depositHashAt[cursorAfter];
            uint256 hashBefore = deposits == 0 ? hashAfter : depositHashAt[uint64(cursorAfter - deposits)];
            uint256 d = domain;
            assembly ("memory-safe") {
                mstore(q, add(pubdata.length, 7))
                mstore(add(q, 0x20), oldRoot)
                mstore(add(q, 0x40), newRoot)
                mstore(add(q, 0x60), batch)
                mstore(add(q, 0x80), hashBefore)
                mstore(add(q, 0xa0), hashAfter)
                mstore(add(q, 0xc0), batchTime)
                mstore(add(q, 0xe0), d)
            }
        }
        uint256 head = 0x100; // where the pubdata (calldata mode) or the blob inputs and the L1 ops (blob mode) go
        if (blobMode) {
            // blob mode: vhHi, vhLo, z, yHi, yLo (checkBlob checked the opening against BLOBHASH(0) and left z, y in
            // transient storage)
            assembly ("memory-safe") {
                let vh := blobhash(0)
                let y := tload(BLOB_Y_TSLOT)
                let lo := 0xffffffffffffffffffffffffffffffff
                mstore(q, add(pubdata.length, 12))
                mstore(add(q, 0x100), shr(128, vh))
                mstore(add(q, 0x120), and(vh, lo))
                mstore(add(q, 0x140), tload(BLOB_Z_TSLOT))
                tstore(BLOB_Z_TSLOT, 0) // cleared within the call that set them
                tstore(BLOB_Y_TSLOT, 0)
                mstore(add(q, 0x160), shr(128, y))
                mstore(add(q, 0x180), and(y, lo))
            }
            head = 0x1a0;
        }
        assembly ("memory-safe") {
            calldatacopy(add(q, head), pubdata.offset, shl(5, pubdata.length))
        }
        address v = address(verifier);
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            let size := sub(add(q, add(head, shl(5, pubdata.length))), m)
            ok := staticcall(gas(), v, m, size, 0, 0x20)
            // (Yul evaluates arguments right to left: read the return data only after the call)
            ok := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0), 1)))
        }
        if (!ok) revert InvalidProof();
        emit BatchVerified(batch, oldRoot, newRoot, cursorAfter);
    }

    /// @dev Blob mode: `blob` is z ‖ y ‖ commitment (48 bytes) ‖ KZG proof (48 bytes); the transaction's first blob
    ///      must open to y at z (point-evaluation precompile 0x0a with BLOBHASH(0), which also checks that the
    ///      commitment is the blob's). The proof binds z and y to the batch's words (docs/circuits.md "Blob DA mode").
    function checkBlob(bytes calldata blob) private {
        if (blob.length != 160) revert BadBlobOpening(blob.length);
        bool ok;
        assembly ("memory-safe") {
            let vh := blobhash(0)
            if vh {
                let m := mload(0x40)
                mstore(m, vh)
                calldatacopy(add(m, 0x20), blob.offset, 160)
                ok := staticcall(gas(), 0x0a, m, 192, 0, 0x40)
                ok := and(ok, eq(returndatasize(), 0x40))
                tstore(BLOB_Z_TSLOT, calldataload(blob.offset))
                tstore(BLOB_Y_TSLOT, calldataload(add(blob.offset, 0x20)))
            }
        }
        if (!ok) {
            bytes32 vh0;
            assembly ("memory-safe") {
                vh0 := blobhash(0)
            }
            if (vh0 == 0) revert NoBlob();
            revert BlobOpeningInvalid();
        }
    }

    /// @dev The second pass of submitBatch: counts the priority-queue entries the batch consumes (Deposit-type slots
    ///      and forced Liquidate slots; returns 1 in `forcedSeen` if one of them is a forced exit or a forced close,
    ///      and the sum of the plain deposits' amounts: a forced exit's amount is not a queued amount), and checks
    ///      every MarkPrice slot (checkMark), at most one per market (DuplicateMark: a 256-bit set of the markets
    ///      seen).
    function depositsAndMarks(uint256[] calldata pubdata, uint64 batchTime)
        private
        returns (uint256 deposits, uint256 forcedSeen, uint256 amounts)
    {
        uint256 marked; // bit m: the batch has a MarkPrice of market m
        unchecked {
            for (uint256 i = 0; i < pubdata.length; ++i) {
                uint256 e = pubdata[i];
                uint256 kind = e & 7;
                if (kind == TX_DEPOSIT) {
                    ++deposits;
                    if ((e >> FORCED_EXIT_BIT) & 1 != 0) {
                        forcedSeen = 1;
                    } else {
                        amounts += uint64(e >> 35);
                        // a refunded deposit (the account's free collateral could not hold it) is credited back
                        if ((e >> REFUND_BIT) & 1 != 0) forcedSeen = 1;
                    }
                } else if (kind == TX_LIQUIDATE) {
                    if ((e >> FORCED_CLOSE_BIT) & 1 != 0) {
                        ++deposits;
                        forcedSeen = 1;
                    }
                } else if (kind == TX_MARK_PRICE) {
                    uint8 market = uint8(e >> 3);
                    if ((marked >> market) & 1 != 0) revert DuplicateMark(market);
                    marked |= 1 << market;
                    checkMark(market, (e >> 11) & ((1 << 48) - 1), e >> 59, batchTime);
                }
            }
        }
    }

    /// @dev Checks the MarkPrice `mark` of `market`, taken from oracle round `roundId`, for a batch at `batchTime`
    ///      (docs/protocol.md §7): the round exists with a positive answer, was published by batchTime and was still
    ///      the latest at batchTime (round roundId + 1 does not exist or came later), is at most oracleMaxAge old at
    ///      batchTime, is not before the last round a verified mark of the market used, and the mark is within
    ///      oracleBandBps of its answer. So the operator has no choice of round: given batchTime, which the L1 clock
    ///      bounds, the round is determined. Records the round in lastMarkRound.
    function checkMark(uint8 market, uint256 mark, uint256 roundId, uint64 batchTime) private {
        // the circuit range-checks roundId to 64 bits: anything wider names no round
        if (roundId > type(uint64).max) revert OracleInvalid(market);
        uint64 last = lastMarkRound[market];
        if (roundId < last) revert MarkRoundBackwards(market, uint64(roundId), last);
        int256 answer;
        uint256 updatedAt;
        try oracle.getRoundData(market, uint80(roundId)) returns (uint80, int256 a, uint256, uint256 u, uint80) {
            (answer, updatedAt) = (a, u);
        } catch {
            revert OracleInvalid(market);
        }
        if (answer <= 0 || updatedAt == 0) revert OracleInvalid(market);
        if (updatedAt > batchTime) revert MarkRoundFuture(market, uint64(roundId));
        // An oracle that cannot return round roundId + 1 (PriceOracle reverts NoRound; a Chainlink feed reverts or
        // returns updatedAt 0) has not published it: round roundId is the latest. (A caller cannot fake that revert by
        // starving the call of gas: it leaves 1/64 of the gas to the caller, and the proof check after it needs far
        // more than 64 times what this call needs.)
        try oracle.getRoundData(market, uint80(roundId + 1)) returns (uint80, int256, uint256, uint256 nextAt, uint80) {
            if (nextAt != 0 && nextAt <= batchTime) revert MarkRoundNotLatest(market, uint64(roundId));
        } catch {}
        if (batchTime - updatedAt > oracleMaxAge) revert OracleStale(market, updatedAt);
        if (!inBand(mark, uint256(answer))) revert MarkPriceOutOfBand(market, mark, answer);
        lastMarkRound[market] = uint64(roundId);
    }

    function inBand(uint256 mark, uint256 o) private view returns (bool) {
        uint256 diff = mark > o ? mark - o : o - mark;
        return diff * 10_000 <= o * oracleBandBps;
    }

    function creditWithdrawal(uint64 number, uint32 account, uint64 amount) private returns (uint256) {
        address owner = ownerOf[account];
        // A Withdraw needs the account's L2 signature and a forced exit is queued by the owner, so an account without
        // an L1 owner cannot produce one; if it ever did, the amount stays locked rather than blocking the batch.
        claimable[owner] += amount;
        emit WithdrawalCredited(number, account, owner, amount);
        return amount;
    }

    // ---------------------------------------------------------------- deposits and withdrawals

    /// @dev d of the BN254 twisted Edwards curve −x² + y² = 1 + d·x²·y² of the L2 keys (gnark-crypto's; a Go test
    ///      checks it).
    uint256 internal constant EDWARDS_D = 12181644023421730124874158521699555681764249180949974110617291017600649128846;

    /// @notice Whether (x, y) is on the L2 keys' curve. Every account key is (deposits check it), so the batch
    ///         circuit's signature check can rely on keys on the curve.
    function onCurve(uint256 x, uint256 y) public pure returns (bool) {
        uint256 r = Poseidon2.R;
        uint256 x2 = mulmod(x, x, r);
        uint256 y2 = mulmod(y, y, r);
        return addmod(r - x2, y2, r) == addmod(1, mulmod(EDWARDS_D, mulmod(x2, y2, r), r), r);
    }

    /// @notice Queues a deposit of `amount` quantums (needs an ERC-20 allowance). The first deposit of an address
    ///         registers the next account index and binds the L2 key (pkX, pkY); later deposits must repeat it.
    ///         The account is credited what the rollup's token balance actually grew by (at most `amount`), which
    ///         must be at least minDeposit and keep the account's lifetime deposits within MAX_ACCOUNT_DEPOSITS.
    function deposit(uint256 pkX, uint256 pkY, uint64 amount) external nonReentrant notExodus {
        if (amount == 0) revert ZeroAmount();
        if (amount < minDeposit) revert DepositTooSmall(amount, minDeposit);
        if (pkX >= Poseidon2.R || pkY >= Poseidon2.R || !onCurve(pkX, pkY)) revert InvalidKey();
        bytes32 keyHash = keccak256(abi.encode(pkX, pkY));
        AccountInfo storage info = accounts[msg.sender];
        uint32 account = info.index;
        if (account == 0) {
            account = nextAccount;
            if (uint256(account) >> accountDepth != 0) revert AccountTreeFull();
            nextAccount = account + 1;
            info.index = account;
            info.keyHash = keyHash;
            ownerOf[account] = msg.sender;
            emit AccountRegistered(msg.sender, account, pkX, pkY);
        } else if (info.keyHash != keyHash) {
            revert KeyMismatch(account);
        }
        uint64 credited = pullReceived(msg.sender, amount);
        if (credited < minDeposit) revert DepositTooSmall(credited, minDeposit);
        uint64 deposited = info.deposited;
        if (credited > MAX_ACCOUNT_DEPOSITS - deposited) revert DepositCapExceeded(account, deposited, credited);
        info.deposited = deposited + credited;

        uint64 index = depositCount;
        uint32 deadline = nextDeadline(index, true);
        uint256 q = Leaves.depositStep(depositHashAt[index], account, credited, pkX, pkY);
        depositCount = index + 1;
        depositHashAt[index + 1] = q;
        pendingDeposits[index] = PendingDeposit(msg.sender, credited, deadline);
        pendingDepositAmount += credited;
        emit DepositQueued(account, msg.sender, credited, pkX, pkY, index, q, KIND_DEPOSIT);
    }

    /// @notice Pays out everything credited to the caller by verified Withdraw transactions.
    function withdraw() external nonReentrant {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim();
        claimable[msg.sender] = 0;
        totalClaimable -= amount;
        push(msg.sender, amount);
        emit Claimed(msg.sender, amount);
    }

    // ---------------------------------------------------------------- forced withdrawal and exodus

    /// @notice Queues a forced exit of the caller's account in the priority queue: the batch that consumes it
    ///         withdraws the account's entire free collateral to the caller, unsigned (docs/protocol.md §5–§6).
    ///         (pkX, pkY) must be the account's registered key (its queue entry carries it). One pending request per
    ///         account. If no batch consumes the entry before the deadline, anyone may activate exodus. The call
    ///         must send exactly forcedRequestFee wei: paid to the sequencer when a batch serves the request,
    ///         returned by refundDeposit if exodus comes first.
    function requestForcedWithdrawal(uint256 pkX, uint256 pkY) external payable nonReentrant notExodus {
        uint32 account = forcedRequester(pkX, pkY);
        uint64 pending = forcedDeadline[account];
        if (pending != 0) revert ForcedWithdrawalPending(account, pending);
        // q' = H(H(H(q, account + 2^32·0 + 2^96·1), pkX), pkY)
        uint32 deadline = enqueueForced(account, uint256(KIND_FORCED_EXIT) << 96, pkX, pkY, KIND_FORCED_EXIT);
        forcedDeadline[account] = deadline;
        emit ForcedWithdrawalRequested(account, msg.sender, deadline);
    }

    /// @notice Queues a forced close of the caller's position in `market` in the priority queue: the batch that
    ///         consumes it (a Liquidate slot with the forced bit) closes the position at the market's mark against
    ///         the backstop account, with no maintenance condition and no penalty, and credits the remaining equity
    ///         to the account's free collateral (docs/protocol.md §5.5); a forced exit queued after it then takes
    ///         everything out. Same fee, deadline and exodus rules as requestForcedWithdrawal; one pending request per
    ///         (account, market); `market` must be below 2^positionDepth.
    function requestForcedClose(uint256 pkX, uint256 pkY, uint8 market) external payable nonReentrant notExodus {
        uint32 account = forcedRequester(pkX, pkY);
        if (uint256(market) >> positionDepth != 0) revert BadMarket(market);
        uint64 pending = forcedCloseDeadline[account][market];
        if (pending != 0) revert ForcedClosePending(account, market, pending);
        // q' = H(H(H(q, account + 2^32·market + 2^96·2), pkX), pkY)
        uint32 deadline = enqueueForced(
            account, (uint256(market) << 32) | (uint256(KIND_FORCED_CLOSE) << 96), pkX, pkY, KIND_FORCED_CLOSE
        );
        forcedCloseDeadline[account][market] = deadline;
        emit ForcedCloseRequested(account, market, msg.sender, deadline);
    }

    /// @dev The caller's account for a forced request: the fee is exactly forcedRequestFee, the caller has an account
    ///      and (pkX, pkY) is its key.
    function forcedRequester(uint256 pkX, uint256 pkY) private view returns (uint32 account) {
        if (msg.value != forcedRequestFee) revert WrongForcedFee(msg.value, forcedRequestFee);
        AccountInfo storage info = accounts[msg.sender];
        account = info.index;
        if (account == 0) revert UnknownAccount();
        if (info.keyHash != keccak256(abi.encode(pkX, pkY))) revert KeyMismatch(account);
    }

    /// @dev Appends a forced entry (amount 0) to the priority queue: q' = H(H(H(q, account + field), pkX), pkY), where
    ///      `field` holds the market and the kind; counts it in pendingForcedExits; returns its deadline.
    function enqueueForced(uint32 account, uint256 field, uint256 pkX, uint256 pkY, uint8 kind)
        private
        returns (uint32 deadline)
    {
        uint64 index = depositCount;
        deadline = nextDeadline(index, false);
        ++pendingForcedExits;
        uint256 q = Poseidon2.compress(depositHashAt[index], uint256(account) | field);
        q = Poseidon2.compress(Poseidon2.compress(q, pkX), pkY);
        depositCount = index + 1;
        depositHashAt[index + 1] = q;
        pendingDeposits[index] = PendingDeposit(msg.sender, 0, deadline);
        emit DepositQueued(account, msg.sender, 0, pkX, pkY, index, q, kind);
    }

    /// @notice Freezes the rollup when the deadline of the oldest priority-queue entry (deposit, forced exit or forced
    ///         close) that no verified batch consumed has passed (deadlines never decrease along the queue:
    ///         nextDeadline), and opens the claim window: exodusClaimWindow seconds from now.
    function activateExodus() external nonReentrant notExodus {
        uint64 cursor = depositCursor;
        if (cursor == depositCount) revert NoPendingPriorityOp();
        uint64 deadline = pendingDeposits[cursor].deadline;
        if (now64() <= deadline) revert DeadlineNotReached(cursor, deadline);
        exodus = true;
        claimWindowEnd = uint64(block.timestamp) + exodusClaimWindow;
        emit ExodusActivated(cursor, batchNumber, stateRoot);
    }

    /// @notice Exodus exit, in the claim window: proves the account leaf, all its positions and all markets against
    ///         the last verified root and registers the account's claim free + Σ max(equity at mark, 0) (a bankrupt
    ///         position's debt does not reduce it). Once per account. payout pays it after the window.
    function exit(ExitProof calldata p) external nonReentrant {
        checkClaimWindow();
        if (exited[p.account]) revert AlreadyExited(p.account);
        address owner = ownerOf[p.account];
        if (owner == address(0)) revert UnknownAccount();
        if (p.accountSiblings.length != accountDepth) revert Leaves.BadLength(p.accountSiblings.length, accountDepth);
        Leaves.canonical(p.pkX);
        Leaves.canonical(p.pkY);
        Leaves.canonical(p.ordersRoot);

        (uint256 mRoot, uint256[] memory marks, int256[] memory funding) = Leaves.marketsRoot(p.markets, positionDepth);
        (uint256 pRoot, uint256 equitySum) = Leaves.positionsRootAndEquity(p.positions, marks, funding);
        uint256 leaf = Leaves.account(p.pkX, p.pkY, p.nonce, p.free, pRoot, p.ordersRoot);
        uint256 aRoot = Leaves.merkleRoot(leaf, p.account, p.accountSiblings);
        checkRoot(Poseidon2.compress(aRoot, mRoot));

        exited[p.account] = true;
        uint256 claim = uint256(p.free) + equitySum;
        exitClaim[p.account] = claim;
        totalClaims += claim;
        emit Exited(p.account, owner, claim);
    }

    /// @notice Exodus, in the claim window: registers the fee pools (Σ feePool over all markets, proven from the
    ///         market leaves and the accounts root against the last verified root) as one claim of the sequencer,
    ///         paid pro rata with the accounts' claims by payoutFees. Once.
    function registerFeeClaim(uint256 accountsRoot, Leaves.Market[] calldata markets) external nonReentrant {
        checkClaimWindow();
        if (feeClaimRegistered) revert FeesAlreadyRegistered();
        Leaves.canonical(accountsRoot);
        (uint256 mRoot,,) = Leaves.marketsRoot(markets, positionDepth);
        checkRoot(Poseidon2.compress(accountsRoot, mRoot));
        uint256 fees;
        for (uint256 i = 0; i < markets.length; ++i) {
            fees += markets[i].funds >> 65; // funds = insMag + 2^64·insNeg + 2^65·feePool
        }
        feeClaimRegistered = true;
        feeClaim = fees;
        totalClaims += fees;
        emit FeeClaimRegistered(sequencer, fees);
    }

    /// @notice Exodus, after the claim window: pays the account's L1 owner its share claim · pool / totalClaims
    ///         (floor) of the pool (exodusPool). Anyone may call it; once per account.
    function payout(uint32 account) external nonReentrant {
        uint256 amount = share(exitClaim[account]);
        exitClaim[account] = 0;
        address owner = ownerOf[account];
        if (amount != 0) push(owner, amount);
        emit ExitPaid(account, owner, amount);
    }

    /// @notice Exodus, after the claim window: pays the sequencer the fee claim's share of the pool. Anyone may call
    ///         it; once.
    function payoutFees() external nonReentrant {
        uint256 amount = share(feeClaim);
        feeClaim = 0;
        if (amount != 0) push(sequencer, amount);
        emit FeeClaimPaid(sequencer, amount);
    }

    /// @notice In exodus, returns a queued deposit that no verified batch consumed, or the fee a never-served forced
    ///         exit or forced close escrowed (nothing if the fee is 0).
    function refundDeposit(uint64 queueIndex) external nonReentrant {
        if (!exodus) revert NotInExodus();
        PendingDeposit memory d = pendingDeposits[queueIndex];
        uint256 fee = forcedRequestFee;
        if (queueIndex < depositCursor || d.owner == address(0) || (d.amount == 0 && fee == 0)) {
            revert NotRefundable(queueIndex);
        }
        delete pendingDeposits[queueIndex];
        if (d.amount != 0) {
            pendingDepositAmount -= d.amount;
            push(d.owner, d.amount);
            emit DepositRefunded(queueIndex, d.owner, d.amount);
        } else {
            sendEth(d.owner, fee);
            emit ForcedFeeRefunded(queueIndex, d.owner, fee);
        }
    }

    /// @notice Pays the sequencer the fees of the forced-exit requests its batches served.
    function claimFees() external nonReentrant {
        uint256 amount = feesEarned;
        if (amount == 0) revert NothingToClaim();
        feesEarned = 0;
        sendEth(sequencer, amount);
        emit FeesClaimed(sequencer, amount);
    }

    // ---------------------------------------------------------------- views

    /// @notice The priority-queue hash after all queued entries (deposits, forced exits and forced closes).
    function depositHead() external view returns (uint256) {
        return depositHashAt[depositCount];
    }

    /// @notice The account index of `owner` (0 = none).
    function accountOf(address owner) external view returns (uint32) {
        return accounts[owner].index;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Exit and fee-claim registration happen in exodus, up to claimWindowEnd.
    function checkClaimWindow() private view {
        if (!exodus) revert NotInExodus();
        uint64 until = claimWindowEnd;
        if (block.timestamp > until) revert ClaimWindowClosed(until);
    }

    function checkRoot(uint256 root) private view {
        uint256 stored = stateRoot;
        if (root != stored) revert RootMismatch(root, stored);
    }

    /// @dev A registered claim's payout after the claim window: claim · pool / totalClaims (floor). The first payout
    ///      fixes the pool: the token balance less what is owed outside the claims (totalClaimable: credited
    ///      withdrawals; pendingDepositAmount: unconsumed deposits, refundable). So Σ payouts ≤ pool, the dust left
    ///      is below the number of claims, and no payout can fail for lack of funds.
    function share(uint256 claim) private returns (uint256) {
        if (!exodus) revert NotInExodus();
        uint64 until = claimWindowEnd;
        if (block.timestamp <= until) revert ClaimWindowOpen(until);
        if (claim == 0) revert NothingToClaim();
        uint256 pool = exodusPool;
        uint256 total = totalClaims;
        if (!poolFixed) {
            uint256 bal = token.balanceOf(address(this));
            uint256 reserved = totalClaimable + pendingDepositAmount;
            pool = bal > reserved ? bal - reserved : 0;
            exodusPool = pool;
            poolFixed = true;
            emit ExodusPoolFixed(pool, total);
        }
        return mulDiv(claim, pool, total);
    }

    /// @dev floor(x · y / d) with a 512-bit product, for x ≤ d (so the result ≤ y fits). Remco Bloemen's method
    ///      (as in OpenZeppelin's Math.mulDiv).
    function mulDiv(uint256 x, uint256 y, uint256 d) private pure returns (uint256 result) {
        unchecked {
            uint256 prod0 = x * y;
            uint256 prod1;
            assembly ("memory-safe") {
                let mm := mulmod(x, y, not(0))
                prod1 := sub(sub(mm, prod0), lt(mm, prod0))
            }
            if (prod1 == 0) return prod0 / d;
            assert(d > prod1);
            uint256 rem;
            assembly ("memory-safe") {
                rem := mulmod(x, y, d)
                prod1 := sub(prod1, gt(rem, prod0))
                prod0 := sub(prod0, rem)
            }
            uint256 twos = d & (0 - d);
            assembly ("memory-safe") {
                d := div(d, twos)
                prod0 := div(prod0, twos)
                twos := add(div(sub(0, twos), twos), 1)
            }
            prod0 |= prod1 * twos;
            uint256 inv = (3 * d) ^ 2;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            inv *= 2 - d * inv;
            result = prod0 * inv;
        }
    }

    function now64() private view returns (uint64) {
        return uint64(forcedDelayInBlocks ? block.number : block.timestamp);
    }

    /// @dev The deadline of a new entry at queue index `index` (docs/protocol.md §6): now + delay + interval for each
    ///      unconsumed entry ahead of it, and never before the deadline of the entry ahead (so the head's deadline is
    ///      the earliest), so a flood pushes deadlines back instead of forcing exodus on a sequencer that serves one
    ///      entry per interval. A new deposit (`isDeposit`) reverts PriorityQueueFull at maxPendingPriority unconsumed
    ///      deposits; a forced exit is never refused for a full queue (it is limited to one pending per account and
    ///      carries a fee), so a deposit flood cannot block the escape hatch. The deposits ahead add at most
    ///      maxPendingPriority·interval, which the constructor keeps within the maximum delay with the delay itself.
    function nextDeadline(uint64 index, bool isDeposit) private view returns (uint32) {
        uint64 ahead = index - depositCursor;
        if (isDeposit && ahead >= maxPendingPriority) {
            // (deposits ahead ≤ ahead: the forced-exit count is read only when the queue could be full)
            uint64 depositsAhead = ahead - pendingForcedExits;
            if (depositsAhead >= maxPendingPriority) revert PriorityQueueFull(depositsAhead, maxPendingPriority);
        }
        uint256 d = uint256(now64()) + forcedWithdrawalDelay + uint256(ahead) * priorityInterval;
        if (ahead != 0) {
            uint256 prev = pendingDeposits[index - 1].deadline;
            if (prev > d) d = prev;
        }
        // block numbers and timestamps fit 32 bits until 2106; saturate rather than wrap after that
        return d > type(uint32).max ? type(uint32).max : uint32(d);
    }

    /// @dev transferFrom(from, this, amount) and returns what this contract's balance grew by, at most `amount`
    ///      (a fee-on-transfer token credits less; a balance that grows by more credits `amount`).
    function pullReceived(address from, uint64 amount) private returns (uint64) {
        uint256 before = token.balanceOf(address(this));
        pull(from, amount);
        uint256 afterBal = token.balanceOf(address(this));
        uint256 received = afterBal > before ? afterBal - before : 0;
        return received < amount ? uint64(received) : amount;
    }

    function sendEth(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    function pull(address from, uint256 amount) private {
        (bool ok, bytes memory ret) =
            address(token).call(abi.encodeCall(IERC20.transferFrom, (from, address(this), amount)));
        if (!ok || (ret.length != 0 && !abi.decode(ret, (bool)))) revert TransferFailed();
    }

    function push(address to, uint256 amount) private {
        (bool ok, bytes memory ret) = address(token).call(abi.encodeCall(IERC20.transfer, (to, amount)));
        if (!ok || (ret.length != 0 && !abi.decode(ret, (bool)))) revert TransferFailed();
    }
}
