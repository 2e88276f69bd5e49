// Runs a wasm32-wasip1 program (a test binary that cargo built) under
// Node's WASI, so that `cargo test --target wasm32-wasip1` runs the library
// crates' tests on a 32-bit target without another runtime (by hand: see
// the README's CI section).
// Cargo calls it as the target's runner: `node .ci/wasi-run.mjs <wasm> <args...>`.
// The program sees the whole file system (the tests read the vectors in
// test_vectors/ by absolute path) and this process's environment.
import { readFile } from 'node:fs/promises';
import { argv, env, exit } from 'node:process';
import { WASI } from 'node:wasi';

const [, , program, ...args] = argv;
if (!program) {
    console.error('usage: node .ci/wasi-run.mjs <program.wasm> [args...]');
    exit(2);
}
const wasi = new WASI({
    version: 'preview1',
    args: [program, ...args],
    env,
    preopens: { '/': '/' },
    returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
// Node 20 crashed now and then (SIGSEGV or SIGBUS in V8): in about half
// the runs of zg-kzg's cells::msm tests, after they had passed. With the
// memory grown to 2 GiB before the program starts, none of 36 runs here
// crashed, but a CI run still did, in the middle of zg-erasure's recovery
// tests; so .ci/run does not use this runner. Such a crash shows as a
// signal in cargo's report. The grown pages are only reserved: untouched
// ones take no RAM.
const memory = instance.exports.memory;
const pages = memory.buffer.byteLength / 65536;
if (pages < 32768) {
    memory.grow(32768 - pages);
}
// A Rust panic aborts on this target: the trap propagates and node exits
// with a non-zero status, which fails the test run as it should.
exit(wasi.start(instance));
