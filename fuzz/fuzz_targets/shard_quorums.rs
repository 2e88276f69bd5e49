//! Quorum building on arbitrary signer lists: never panics, every quorum has
//! exactly `slices_per_quorum` slots each held by a signer with votes, the
//! result does not depend on the input order, and certification is monotone.
#![no_main]

use std::collections::BTreeSet;
use zg_shard::{EpochQuorums, Placement, QuorumParams, SignerId, SignerRegistration};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [a, b, c, rest @ ..] = data else {
        return;
    };
    // Small parameters keep each run fast; zero values must be rejected.
    let params = match QuorumParams::new(
        u128::from(*a % 8),
        u64::from(*b % 16),
        usize::from(*c % 64),
        usize::from(*c / 64),
    ) {
        Ok(params) => params,
        Err(_) => return,
    };
    // Each signer: id byte, stake byte, signature length, signature bytes.
    let mut signers = Vec::new();
    let mut input = rest;
    while let [id, stake, len, tail @ ..] = input {
        let len = usize::from(*len % 40).min(tail.len());
        let (signature, tail) = tail.split_at(len);
        signers.push(SignerRegistration::new(
            SignerId::from_u64(u64::from(*id)),
            u128::from(*stake),
            signature.to_vec(),
        ));
        input = tail;
    }
    let Ok(epoch) = EpochQuorums::build(&signers, &params) else {
        // Only repeated ids are rejected here.
        let ids: BTreeSet<_> = signers.iter().map(SignerRegistration::id).collect();
        assert!(ids.len() < signers.len());
        return;
    };
    let voters: BTreeSet<SignerId> = signers
        .iter()
        .filter(|s| params.votes(s.stake()) > 0)
        .map(SignerRegistration::id)
        .collect();
    assert!(epoch.len() <= params.max_quorums());
    assert_eq!(epoch.is_empty(), voters.is_empty());
    let mut reversed = signers.clone();
    reversed.reverse();
    assert_eq!(EpochQuorums::build(&reversed, &params).as_ref(), Ok(&epoch));
    for quorum in epoch.quorums() {
        assert_eq!(quorum.len(), params.slices_per_quorum());
        assert!(quorum.slots().iter().all(|id| voters.contains(id)));
        let mut signed = BTreeSet::new();
        let mut last = 0;
        for id in &voters {
            signed.insert(*id);
            let now = quorum.certification(&signed).signed();
            assert!(now >= last);
            last = now;
        }
        assert_eq!(last, quorum.len());
        let rows = quorum.len().div_ceil(3).max(1);
        let placement = Placement::from_quorum(quorum, rows).expect("rows > 0");
        if let Ok(adversary) = placement.fewest_to_withhold() {
            assert!(
                !placement
                    .is_recoverable(&adversary.nodes)
                    .expect("valid nodes")
            );
        }
    }
});
