#!/usr/bin/env python3
"""Independent computation of the known values that zg-sampling's tests check.

Run: python3 zg-sampling/tools/known_values.py   (needs mpmath for the
chi-square quantiles; everything else is the standard library).

- keccak-256 is implemented here from the Keccak reference description
  (FIPS 202's Keccak-f[1600] with the original 0x01 padding that Ethereum
  uses), independently of the Rust crate tiny-keccak; it is checked against
  the well-known keccak256("") digest.
- Sample selection follows the derivation documented in src/select.rs.
- Probabilities are exact rationals (fractions.Fraction), printed to 17
  significant digits.
"""

from fractions import Fraction
from math import comb
import sys

MASK = (1 << 64) - 1


def _rc_constants():
    # Round constants from the degree-8 LFSR of the Keccak reference.
    out = []
    r = 1
    for _ in range(24):
        c = 0
        for j in range(7):
            if r & 1:
                c |= 1 << ((1 << j) - 1)
            r = ((r << 1) ^ 0x71) if (r & 0x80) else (r << 1)
            r &= 0xFF
        out.append(c)
    return out


RC = _rc_constants()
# Rotation offsets r[x][y] from the reference: walk (x, y) -> (y, 2x + 3y).
ROT = [[0] * 5 for _ in range(5)]
_x, _y = 1, 0
for _t in range(24):
    ROT[_x][_y] = ((_t + 1) * (_t + 2) // 2) % 64
    _x, _y = _y, (2 * _x + 3 * _y) % 5


def _rotl(v, n):
    return ((v << n) | (v >> (64 - n))) & MASK if n else v


def keccak_f(a):
    for rnd in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rotl(a[x][y], ROT[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)] for x in range(5)]
        a[0][0] ^= RC[rnd]
    return a


def keccak256(data: bytes) -> bytes:
    rate = 136
    msg = bytearray(data)
    msg.append(0x01)
    while len(msg) % rate:
        msg.append(0)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        block = msg[off:off + rate]
        for i in range(rate // 8):
            x, y = i % 5, i // 5
            a[x][y] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        a = keccak_f(a)
    out = b""
    for i in range(4):
        x, y = i % 5, i // 5
        out += a[x][y].to_bytes(8, "little")
    return out


assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
assert keccak256(b"abc").hex() == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"


def select(seed: bytes, n: int, k: int):
    tag = b"zg-sampling/select/v1"
    limit = (1 << 64) - ((1 << 64) % n)
    out = []
    j = 0
    while len(out) < k:
        block = keccak256(tag + seed + n.to_bytes(8, "big") + j.to_bytes(8, "big"))
        j += 1
        for i in range(4):
            if len(out) == k:
                break
            x = int.from_bytes(block[8 * i:8 * i + 8], "big")
            if x >= limit:
                continue
            x %= n
            if x not in out:
                out.append(x)
    return out


def undetected(units, needed, k):
    """P(k distinct uniform samples all avoid the units - needed + 1 withheld)."""
    available = needed - 1
    return Fraction(comb(available, k), comb(units, k))


def smallest_k(units, needed, eps):
    for k in range(units + 1):
        if undetected(units, needed, k) <= eps:
            return k
    return None


def reconstruction(units, needed, clients, k):
    """P(the union of `clients` independent k-subsets has >= needed units)."""
    dist = {0: Fraction(1)}
    total = comb(units, k)
    for _ in range(clients):
        nxt = {}
        for m, p in dist.items():
            for j in range(0, k + 1):
                ways = comb(units - m, j) * comb(m, k - j)
                if ways:
                    nxt[m + j] = nxt.get(m + j, 0) + p * Fraction(ways, total)
        dist = nxt
    return sum(p for m, p in dist.items() if m >= needed)


def podas():
    """0G's PoDAS hashes (abi.encodePacked layouts of SampleVerifier.sol)."""
    seed = bytes(range(32))
    epoch, quorum, line, subline = 7, 3, 1234, 17
    root = keccak256(b"zg-sampling podas root")
    lq = keccak256(seed + epoch.to_bytes(32, "big") + quorum.to_bytes(32, "big") + root + line.to_bytes(8, "big"))
    data = bytes(i % 251 for i in range(1024))
    dq = keccak256(lq + subline.to_bytes(32, "big") + data)
    total = int.from_bytes(lq, "big") + int.from_bytes(dq, "big")
    print("podas root:", root.hex())
    print("podas line quality:", lq.hex())
    print("podas data quality:", dq.hex())
    print("podas quality (sum, overflow):", hex(total % 2**256), total >= 2**256)
    for j in range(4):
        dq = keccak256(lq + j.to_bytes(32, "big") + data)
        total = int.from_bytes(lq, "big") + int.from_bytes(dq, "big")
        print(f"podas subline {j}: data quality {dq.hex()}, sum {total:x}, overflow {total >= 2**256}")
    ident = keccak256(root + seed + epoch.to_bytes(8, "big") + quorum.to_bytes(8, "big")
                      + line.to_bytes(4, "big") + subline.to_bytes(4, "big"))
    print("podas identifier:", ident.hex())
    # Target adjustment (DAEntrance._adjustPodasTarget).
    max_target = (2**256 - 1) // 128

    def adjust(target, subs, wanted):
        scaled = target >> 32
        if subs > wanted:
            scaled -= scaled * (subs - wanted) // wanted // 8
        else:
            scaled += scaled * (wanted - subs) // wanted // 8
        return max_target if scaled >= max_target >> 32 else scaled << 32

    t1 = adjust(max_target, 30, 20)
    t2 = adjust(t1, 40, 20)
    t3 = adjust(t2, 5, 20)
    t4 = adjust(max_target, 0, 20)
    for name, t in (("t1 (max, 30/20)", t1), ("t2 (t1, 40/20)", t2), ("t3 (t2, 5/20)", t3), ("t4 (max, 0/20)", t4)):
        print(f"podas target {name}: {t:064x}")


def show(label, frac):
    print(f"{label}: {float(frac):.17e}")


def main():
    print("select zero seed, n=3072, k=8:", select(bytes(32), 3072, 8))
    count = bytes(range(32))
    print("select 0..31 seed, n=128, k=10:", select(count, 128, 10))
    print("select 0..31 seed, n=3, k=3:", select(count, 3, 3))

    # Slices: Ethereum (128 cells, 64 recover), 0G test (192, 64), 0G production (3072, 1024).
    show("eth 128/64 k=30", undetected(128, 64, 30))
    show("eth 128/64 k=8", undetected(128, 64, 8))
    show("eth 128/64 k=63", undetected(128, 64, 63))
    print("eth 128/64 k=64 is zero:", undetected(128, 64, 64) == 0)
    show("0g 3072/1024 k=75", undetected(3072, 1024, 75))
    show("0g 3072/1024 k=30", undetected(3072, 1024, 30))
    show("0g-test 192/64 k=16", undetected(192, 64, 16))
    print("smallest k eth 2^-30:", smallest_k(128, 64, Fraction(1, 2**30)))
    print("smallest k 0g 1e-9:", smallest_k(3072, 1024, Fraction(1, 10**9)))
    print("smallest k 0g 2^-40:", smallest_k(3072, 1024, Fraction(1, 2**40)))
    # Sectors, any-elements decoder: 0G test 192 slices x 4 sectors, 64*4 recover.
    show("0g-test sectors any k=16", undetected(768, 256, 16))
    # Sectors, whole-slice decoder: withheld = slices - rows + 1 = 129 of 768.
    show("0g-test sectors whole-slice k=16", undetected(768, 768 - 128, 16))
    # Rate 1/2 (Ethereum), several light clients.
    show("eth reconstruction 10 clients x 8", reconstruction(128, 64, 10, 8))
    show("eth reconstruction 20 clients x 4", reconstruction(128, 64, 20, 4))
    show("0g-test reconstruction 12 clients x 8", reconstruction(192, 64, 12, 8))

    podas()

    try:
        import mpmath
    except ImportError:
        print("mpmath missing: skipping chi-square quantiles", file=sys.stderr)
        return
    mpmath.mp.dps = 30
    for df in (191, 95):
        q = mpmath.findroot(lambda x: mpmath.gammainc(df / 2, 0, x / 2, regularized=True) - 0.999, df + 50)
        print(f"chi-square 0.999 quantile, {df} dof: {mpmath.nstr(q, 8)}")


if __name__ == "__main__":
    main()
