package contracts

// NbFixedInputs is the number of batch-proof public inputs before the pubdata, in the order Rollup.submitBatch
// builds them: [oldRoot, newRoot, batchNumber, depositHashBefore, depositHashAfter, batchTime, domain]. A proof of a
// batch of N slots has NbFixedInputs + N public inputs.
const NbFixedInputs = 7
