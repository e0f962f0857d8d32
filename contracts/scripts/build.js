#!/usr/bin/env node
// Compiles contracts/src/*.sol with the pinned solc (contracts/.solc, see install-solc.sh) through standard JSON
// and writes <Contract>.abi / <Contract>.bin for every deployable contract into contracts/build/.
// Usage: node contracts/scripts/build.js   (from anywhere)
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SOLC_VERSION = '0.8.37';
const solc = require(path.join(root, '.solc', 'node_modules', 'solc'));
if (!solc.version().startsWith(SOLC_VERSION + '+')) {
  console.error(`build.js: want solc ${SOLC_VERSION}, have ${solc.version()}`);
  process.exit(1);
}

// Contracts whose ABI and bytecode are written (interfaces and libraries are compiled but not emitted).
const DEPLOYABLE = ['Rollup', 'TestToken', 'FeeOnTransferToken', 'PriceOracle', 'Poseidon2Harness', 'DummyPlonkVerifier', 'DummyPlonkVerifier64', 'DevnetPlonkVerifier'];

const srcDir = path.join(root, 'src');
const allSources = {};
for (const f of fs.readdirSync(srcDir).sort()) {
  if (f.endsWith('.sol')) allSources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}

// gnark's exported PLONK verifiers are standalone and run once per batch: compile them on their own with the
// optimizer tuned for runtime (1,000,000 runs: ~400 gas less per public input, larger code). Everything else keeps
// 200 runs (Rollup must stay under the 24 KB code limit).
const isVerifier = (f) => /Verifier(64)?\.sol$/.test(f) && f !== 'IPlonkVerifier.sol';
const units = [{ runs: 200, files: Object.keys(allSources).filter((f) => !isVerifier(f)) }];
for (const f of Object.keys(allSources).filter(isVerifier)) units.push({ runs: 1000000, files: [f] });

function findImports(p) {
  const f = path.join(srcDir, p);
  if (fs.existsSync(f)) return { contents: fs.readFileSync(f, 'utf8') };
  return { error: 'not found: ' + p };
}

const buildDir = path.join(root, 'build');
fs.mkdirSync(buildDir, { recursive: true });
const seen = new Set();
for (const unit of units) {
  const sources = {};
  for (const f of unit.files) sources[f] = allSources[f];
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: 'osaka',
      viaIR: false,
      optimizer: { enabled: true, runs: unit.runs },
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const e of out.errors || []) {
    if (e.severity === 'error') failed = true;
    if (e.severity === 'error' || !/Warning: (Unused|Function state mutability)/.test(e.formattedMessage)) {
      console.error(e.formattedMessage);
    }
  }
  if (failed) process.exit(1);
  for (const file of Object.keys(out.contracts || {}).sort()) {
    if (!unit.files.includes(file)) continue; // imported dependencies are emitted by their own unit
    for (const [name, c] of Object.entries(out.contracts[file])) {
      if (!DEPLOYABLE.includes(name)) continue;
      seen.add(name);
      fs.writeFileSync(path.join(buildDir, name + '.abi'), JSON.stringify(c.abi, null, 1) + '\n');
      fs.writeFileSync(path.join(buildDir, name + '.bin'), c.evm.bytecode.object + '\n');
      const runtime = c.evm.deployedBytecode.object.length / 2;
      console.log(`${name}: ${runtime} bytes runtime, ${unit.runs} optimizer runs${runtime > 24576 ? ' (OVER EIP-170 LIMIT)' : ''}`);
    }
  }
}
for (const name of DEPLOYABLE) {
  if (!seen.has(name)) {
    console.error('build.js: missing contract ' + name);
    process.exit(1);
  }
}
