#!/usr/bin/env python3
"""Runs a wasm32-wasip1 program (a test binary that cargo built) under
Wasmtime, through the `wasmtime` package from PyPI, so that
`cargo test --target wasm32-wasip1` runs the library crates' tests on a
32-bit target. Cargo calls it as the target's runner:
`python3 .ci/wasi-run.py <program.wasm> [args...]`.

The program sees the whole file system (the tests read the vectors in
test_vectors/ by absolute path) and this process's environment. A Rust
panic aborts on this target, which Wasmtime reports as a trap: the runner
then exits with a non-zero status, so the test run fails as it should.
(Node.js's WASI, tried first, crashed at random inside V8.)
"""

import os
import sys

import wasmtime


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: python3 .ci/wasi-run.py <program.wasm> [args...]", file=sys.stderr)
        return 2
    program, args = sys.argv[1], sys.argv[2:]
    engine = wasmtime.Engine()
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, program)
    wasi = wasmtime.WasiConfig()
    wasi.argv = [program, *args]
    wasi.env = list(os.environ.items())
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    wasi.preopen_dir("/", "/")
    store = wasmtime.Store(engine)
    store.set_wasi(wasi)
    instance = linker.instantiate(store, module)
    start = instance.exports(store)["_start"]
    try:
        start(store)
    except wasmtime.ExitTrap as exit_trap:
        return exit_trap.code
    except wasmtime.Trap as trap:
        print(f"wasi-run: the program trapped: {trap}", file=sys.stderr)
        return 101
    return 0


if __name__ == "__main__":
    sys.exit(main())
