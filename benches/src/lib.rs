//! Helpers shared by the zg benchmarks: peak-memory measurement beside the
//! criterion timings.
//!
//! Criterion reports time only. Every bench also runs its operation once
//! under [`measure_peak`] and prints the process's peak resident set, so
//! BENCHMARKS.md can give memory beside every time.

/// Peak resident set size of this process in bytes (`VmHWM`), or `None` where
/// `/proc/self/status` is not available.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Current resident set size of this process in bytes (`VmRSS`).
pub fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the kernel's peak-RSS mark to the current RSS (Linux: writing 5 to
/// `/proc/self/clear_refs`). Returns whether the reset worked.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Runs `op` once and prints `label: peak memory X MiB (Y MiB above the
/// start)`, the peak resident set while it ran. Returns `op`'s result.
pub fn measure_peak<T>(label: &str, op: impl FnOnce() -> T) -> T {
    let reset = reset_peak_rss();
    let before = rss_bytes().unwrap_or(0);
    let out = op();
    match peak_rss_bytes() {
        Some(peak) if reset => eprintln!(
            "{label}: peak memory {:.1} MiB ({:.1} MiB above the start)",
            mib(peak),
            mib(peak.saturating_sub(before))
        ),
        Some(peak) => eprintln!(
            "{label}: process peak memory {:.1} MiB (peak reset unavailable)",
            mib(peak)
        ),
        None => eprintln!("{label}: peak memory unavailable on this platform"),
    }
    out
}

/// A rayon pool of exactly `threads` threads, so a bench states the
/// parallelism it measures instead of inheriting the machine's.
///
/// # Panics
/// When the operating system refuses to start the threads: a bench cannot
/// go on without them.
#[allow(clippy::expect_used, reason = "a bench without its threads cannot run")]
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("start the bench's thread pool")
}

/// Bytes of an EIP-4844 blob: 4096 elements of 32 bytes.
pub const BLOB_BYTES: usize = 131_072;

/// A random EIP-4844 blob: 4096 canonical big-endian field elements (the
/// top byte of each is kept below 0x73, so every element is below the
/// modulus).
pub fn random_blob(rng: &mut impl rand::Rng) -> Vec<u8> {
    let mut blob = vec![0u8; BLOB_BYTES];
    for chunk in blob.chunks_exact_mut(32) {
        rng.fill(&mut chunk[1..]);
        chunk[0] = rng.gen_range(0..0x73);
    }
    blob
}

#[allow(clippy::cast_precision_loss, reason = "display only")]
fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_grows_with_an_allocation() {
        if !reset_peak_rss() {
            return;
        }
        let before = peak_rss_bytes().unwrap();
        let big = measure_peak("alloc", || {
            let v = vec![1u8; 64 << 20];
            v.iter().map(|b| u64::from(*b)).sum::<u64>()
        });
        assert_eq!(big, 64 << 20);
        assert!(peak_rss_bytes().unwrap() >= before + (60 << 20));
    }
}
