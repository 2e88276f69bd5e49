//! DA signer quorums: 0G's vote, ballot and quorum rules, certification and
//! quorum choice.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::single_match_else,
    reason = "test helpers: small known values, failures should panic"
)]

use proptest::prelude::*;
use std::collections::BTreeSet;
use tiny_keccak::{Hasher, Keccak};
use zg_shard::{
    Certification, EpochQuorums, Error, Quorum, QuorumCursor, QuorumParams, SignerId,
    SignerRegistration,
};

fn signer(i: u64, stake: u128) -> SignerRegistration {
    // 64-byte signatures, like a BN254 G1 point.
    let mut sig = vec![0u8; 64];
    sig[..8].copy_from_slice(&(i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).to_be_bytes());
    sig[63] = i as u8;
    SignerRegistration::new(SignerId::from_u64(i), stake, sig)
}

fn params(e: usize, max_quorums: usize) -> QuorumParams {
    QuorumParams::new(10, 1024, e, max_quorums).unwrap()
}

fn keccak(data: &[u8]) -> Vec<u8> {
    let mut h = Keccak::v256();
    h.update(data);
    let mut out = [0u8; 32];
    h.finalize(&mut out);
    out.to_vec()
}

/// An independent, direct transcription of the rule: (content, id) pairs,
/// sorted, sliced.
fn reference(signers: &[SignerRegistration], p: &QuorumParams) -> Vec<Vec<SignerId>> {
    let mut ballots: Vec<(Vec<u8>, SignerId)> = Vec::new();
    for s in signers {
        let votes = (s.stake() / p.tokens_per_vote()).min(u128::from(p.max_votes_per_signer()));
        let mut content = s.signature().to_vec();
        for _ in 0..votes {
            ballots.push((content.clone(), s.id()));
            content = keccak(&content);
        }
    }
    ballots.sort();
    let ids: Vec<SignerId> = ballots.into_iter().map(|(_, id)| id).collect();
    let e = p.slices_per_quorum();
    let mut out = Vec::new();
    if ids.len() >= e {
        let mut i = 0;
        while i + e <= ids.len() && out.len() < p.max_quorums() {
            out.push(ids[i..i + e].to_vec());
            i += e;
        }
        if !ids.len().is_multiple_of(e) && out.len() < p.max_quorums() {
            out.push(ids[ids.len() - e..].to_vec());
        }
    } else if !ids.is_empty() {
        out.push((0..e).map(|i| ids[i % ids.len()]).collect());
    }
    out
}

fn slots(epoch: &EpochQuorums) -> Vec<Vec<SignerId>> {
    epoch.quorums().iter().map(|q| q.slots().to_vec()).collect()
}

#[test]
fn votes_are_stake_over_tokens_capped() {
    let p = QuorumParams::new(10, 200, 10, 10).unwrap();
    assert_eq!(p.votes(9), 0);
    assert_eq!(p.votes(10), 1);
    assert_eq!(p.votes(1999), 199);
    assert_eq!(p.votes(u128::MAX), 200);
    assert_eq!(QuorumParams::ZG_DEFAULT.slices_per_quorum(), 3072);
    assert_eq!(
        QuorumParams::new(0, 1, 1, 1),
        Err(Error::ZeroParameter {
            what: "tokens_per_vote"
        })
    );
    assert!(QuorumParams::new(1, 1, 1, 0).is_err());
}

#[test]
fn quorum_counts_follow_0g_keeper_cases() {
    // The cases of 0G's own keeper test: tokens per vote 10, at most 200
    // votes, at most 10 quorums, 10 slices per quorum, one signer.
    let p = QuorumParams::new(10, 200, 10, 10).unwrap();
    for (stake, quorums) in [(0u128, 0usize), (10, 1), (100, 1), (110, 2), (2110, 10)] {
        let epoch = EpochQuorums::build(&[signer(1, stake)], &p).unwrap();
        assert_eq!(epoch.len(), quorums, "stake {stake}");
        for q in epoch.quorums() {
            assert_eq!(q.len(), 10);
        }
    }
}

#[test]
fn ballot_chain_known_answer() {
    // One signer, 3 votes: contents sig, keccak(sig), keccak(keccak(sig)).
    // The second signer's single ballot sorts between them by construction.
    let sig_a = vec![0x80u8; 32];
    let k1 = keccak(&sig_a);
    let k2 = keccak(&k1);
    let mut chain = vec![(sig_a.clone(), 'a'), (k1.clone(), 'a'), (k2.clone(), 'a')];
    let sig_b = vec![0x7fu8, 0xff, 0xff];
    chain.push((sig_b.clone(), 'b'));
    chain.sort();
    let expected: Vec<SignerId> = chain
        .iter()
        .map(|(_, who)| SignerId::from_u64(if *who == 'a' { 1 } else { 2 }))
        .collect();
    let signers = [
        SignerRegistration::new(SignerId::from_u64(1), 30, sig_a),
        SignerRegistration::new(SignerId::from_u64(2), 10, sig_b),
    ];
    let epoch = EpochQuorums::build(&signers, &params(4, 10)).unwrap();
    assert_eq!(epoch.ballots(), 4);
    assert_eq!(slots(&epoch), vec![expected]);
}

#[test]
fn remainder_and_short_rules() {
    // 7 ballots, 3 slots: [0,3), [3,6), then the last 3 = [4,7).
    let signers: Vec<_> = (0..7).map(|i| signer(i, 10)).collect();
    let epoch = EpochQuorums::build(&signers, &params(3, 10)).unwrap();
    assert_eq!(slots(&epoch), reference(&signers, &params(3, 10)));
    assert_eq!(epoch.len(), 3);
    let all = reference(&signers, &params(7, 10)).remove(0);
    assert_eq!(epoch.quorums()[2].slots(), &all[4..7]);
    // The cap stops before the remainder quorum.
    assert_eq!(
        EpochQuorums::build(&signers, &params(3, 2)).unwrap().len(),
        2
    );
    // Exact multiple: no remainder quorum.
    assert_eq!(
        EpochQuorums::build(&signers[..6], &params(3, 10))
            .unwrap()
            .len(),
        2
    );
    // Fewer ballots than slots: one quorum, ballots repeated cyclically.
    let epoch = EpochQuorums::build(&signers[..2], &params(5, 10)).unwrap();
    let q = &epoch.quorums()[0];
    assert_eq!(q.len(), 5);
    assert_eq!(q.slots()[0], q.slots()[2]);
    assert_eq!(q.slots()[1], q.slots()[3]);
    assert_ne!(q.slots()[0], q.slots()[1]);
    // No ballots: no quorum.
    let epoch = EpochQuorums::build(&[signer(1, 9)], &params(5, 10)).unwrap();
    assert!(epoch.is_empty());
    assert_eq!(
        epoch.quorum(0),
        Err(Error::IndexOutOfRange {
            what: "quorum",
            index: 0,
            bound: 0
        })
    );
}

#[test]
fn signer_ids_print_as_addresses() {
    let id = SignerId::from_u64(0x0102_0304_0506_0708);
    let mut bytes = [0u8; 20];
    bytes[12..].copy_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(id.as_bytes(), &bytes);
    assert_eq!(id, SignerId::new(bytes));
    let hex = "0x0000000000000000000000000102030405060708";
    assert_eq!(id.to_string(), hex);
    assert_eq!(format!("{id:?}"), format!("SignerId({hex})"));
}

/// More ballots than positions: refused from the vote counts, before any
/// ballot is made.
#[test]
fn too_many_ballots_rejected() {
    let p = QuorumParams::new(1, 1 << 40, 8, 1).unwrap();
    assert_eq!(
        EpochQuorums::build(&[signer(1, 1 << 40)], &p).err(),
        Some(Error::TooMany {
            what: "ballots",
            got: 1 << 40,
            max: zg_shard::MAX_BALLOTS
        })
    );
}

/// Ballot positions are `u32`; a 32-bit target can allocate fewer ballots.
#[test]
fn ballot_limit_follows_the_target() {
    let expected = if usize::BITS >= 64 {
        u32::MAX as usize
    } else {
        53_687_091
    };
    assert_eq!(zg_shard::MAX_BALLOTS, expected);
}

#[test]
fn duplicate_signers_rejected() {
    let signers = [signer(1, 10), signer(2, 10), signer(1, 20)];
    assert_eq!(
        EpochQuorums::build(&signers, &params(3, 10)),
        Err(Error::DuplicateSigner { index: 2, first: 0 })
    );
}

#[test]
fn slots_and_slices_agree() {
    let signers: Vec<_> = (0..20)
        .map(|i| signer(i, 10 * (1 + u128::from(i) % 5)))
        .collect();
    let epoch = EpochQuorums::build(&signers, &params(16, 10)).unwrap();
    assert!(Quorum::from_slots(Vec::new()).is_empty());
    for q in epoch.quorums() {
        assert!(!q.is_empty());
        let by_signer = q.slices_by_signer();
        let mut seen = vec![false; q.len()];
        for (id, slices) in &by_signer {
            assert_eq!(&q.slices_of(id), slices);
            assert_eq!(q.slot_counts()[id], slices.len());
            for s in slices {
                assert_eq!(q.signer_of(*s).unwrap(), *id);
                assert!(!seen[*s]);
                seen[*s] = true;
            }
        }
        assert!(seen.iter().all(|s| *s));
        assert!(q.signer_of(q.len()).is_err());
    }
}

#[test]
fn certification_threshold() {
    assert_eq!(Certification::threshold(3072), 2048);
    assert_eq!(Certification::threshold(10), 7);
    let ids: Vec<SignerId> = (0..3).map(SignerId::from_u64).collect();
    // 6 slots: a a b b c c. Two signers = 4 of 6 = exactly 2/3.
    let q = Quorum::from_slots(vec![ids[0], ids[0], ids[1], ids[1], ids[2], ids[2]]);
    let c = q.certification(&[ids[0], ids[1]].into_iter().collect());
    assert_eq!((c.total(), c.signed()), (6, 4));
    assert!(c.is_certified());
    assert!(
        !q.certification(&[ids[0]].into_iter().collect())
            .is_certified()
    );
}

#[test]
fn unsigned_duplicate_slots_never_count() {
    // Signer x holds slots 0, 3 and 5 but did not sign; y and z signed.
    let (x, y, z) = (
        SignerId::from_u64(1),
        SignerId::from_u64(2),
        SignerId::from_u64(3),
    );
    let q = Quorum::from_slots(vec![x, y, z, x, y, x]);
    let signed: BTreeSet<_> = [y, z].into_iter().collect();
    let c = q.certification(&signed);
    assert_eq!(c.signed(), 3);
    assert!(!c.is_certified());
    // 0G's aggregation would count slots 3 and 5 of x had x's bit been set at
    // slot 0 only; this crate reads such a bitmap as inconsistent.
    assert_eq!(
        q.signers_from_bitmap(&[0b0000_0111]),
        Err(Error::InconsistentBitmap {
            marked: 0,
            unmarked: 3
        })
    );
    assert_eq!(
        q.signers_from_bitmap(&[0b0011_0110]),
        Err(Error::InconsistentBitmap {
            marked: 5,
            unmarked: 0
        })
    );
    // Consistent bitmaps.
    assert_eq!(q.signers_from_bitmap(&[0b0001_0110]).unwrap(), signed);
    let all = q.signers_from_bitmap(&[0b1111_1111]).unwrap();
    assert!(q.certification(&all).is_certified());
    assert_eq!(
        q.signers_from_bitmap(&[0, 0]),
        Err(Error::WrongLength {
            what: "quorum bitmap",
            expected: 1,
            actual: 2
        })
    );
}

#[test]
fn quorum_cursor_is_the_contract_counter() {
    let mut cursor = QuorumCursor::default();
    let got: Vec<u64> = (0..5).map(|_| cursor.next(3).unwrap()).collect();
    assert_eq!(got, vec![1, 2, 0, 1, 2]);
    for n in 0..10 {
        assert_eq!(
            QuorumCursor::quorum_for_submission(n, 3).unwrap(),
            got.get(n as usize).copied().unwrap_or((n + 1) % 3)
        );
    }
    // The quorum count shrinks between epochs: the counter is reduced.
    let mut cursor = QuorumCursor::new(7);
    assert_eq!(cursor.next(2).unwrap(), 0);
    assert_eq!(cursor.next(0), Err(Error::NoQuorums));
    assert_eq!(QuorumCursor::quorum_for_submission(0, 1).unwrap(), 0);
    assert_eq!(cursor.index(), 0);
    // At the top of the counter's range nothing overflows (2^64 - 1 is a
    // multiple of 3).
    let mut cursor = QuorumCursor::new(u64::MAX);
    assert_eq!(cursor.next(3).unwrap(), 1);
    assert_eq!(cursor.index(), 1);
    assert_eq!(QuorumCursor::quorum_for_submission(u64::MAX, 3).unwrap(), 1);
}

fn signer_list() -> impl Strategy<Value = Vec<SignerRegistration>> {
    prop::collection::vec(
        (
            any::<u64>(),
            0u128..200,
            prop::collection::vec(any::<u8>(), 0..40),
        ),
        0..25,
    )
    .prop_map(|raw| {
        let mut seen = BTreeSet::new();
        raw.into_iter()
            .filter(|(id, _, _)| seen.insert(*id))
            .map(|(id, stake, sig)| SignerRegistration::new(SignerId::from_u64(id), stake, sig))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn matches_the_reference_and_is_permutation_invariant(
        signers in signer_list(),
        e in 1usize..40,
        max_quorums in 1usize..6,
        rotate in any::<usize>(),
    ) {
        let p = params(e, max_quorums);
        let epoch = EpochQuorums::build(&signers, &p).unwrap();
        prop_assert_eq!(slots(&epoch), reference(&signers, &p));
        let mut shuffled = signers.clone();
        shuffled.reverse();
        if !shuffled.is_empty() {
            let k = rotate % shuffled.len();
            shuffled.rotate_left(k);
        }
        prop_assert_eq!(&EpochQuorums::build(&shuffled, &p).unwrap(), &epoch);
        // Every slot has exactly one signer, and it is one with votes.
        let voters: BTreeSet<SignerId> = signers.iter().filter(|s| p.votes(s.stake()) > 0).map(SignerRegistration::id).collect();
        prop_assert!(epoch.len() <= max_quorums);
        for q in epoch.quorums() {
            prop_assert_eq!(q.len(), e);
            prop_assert!(q.slots().iter().all(|id| voters.contains(id)));
        }
    }

    #[test]
    fn certification_is_monotone(
        signers in signer_list(),
        mask in any::<u64>(),
        extra in any::<u64>(),
    ) {
        let epoch = EpochQuorums::build(&signers, &params(12, 3)).unwrap();
        let ids: Vec<SignerId> = signers.iter().map(SignerRegistration::id).collect();
        let small: BTreeSet<SignerId> = ids.iter().enumerate().filter(|(i, _)| mask >> (i % 64) & 1 == 1).map(|(_, id)| *id).collect();
        let mut large = small.clone();
        large.extend(ids.iter().enumerate().filter(|(i, _)| extra >> (i % 64) & 1 == 1).map(|(_, id)| *id));
        for q in epoch.quorums() {
            let (a, b) = (q.certification(&small), q.certification(&large));
            let brute = q.slots().iter().filter(|id| small.contains(id)).count();
            prop_assert_eq!(a.signed(), brute);
            let members: usize = q.members().iter().map(|(_, c)| c).sum();
            prop_assert_eq!(members, q.len());
            prop_assert!(a.signed() <= b.signed());
            prop_assert!(!a.is_certified() || b.is_certified());
            let everyone: BTreeSet<SignerId> = ids.iter().copied().collect();
            prop_assert_eq!(q.certification(&everyone).signed(), q.len());
        }
    }
}
