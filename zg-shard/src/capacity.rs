//! Write capacity: how much payload a network of DA nodes can take in.

use crate::Error;

/// The idealised network's rates, in bytes per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LinearCapacity {
    /// Payload the network takes in: `n * b / x` (rounded down).
    pub payload_rate: u128,
    /// Encoded bytes the nodes receive together: `n * b`.
    pub encoded_rate: u128,
    /// What each node receives at saturation: `b`.
    pub per_node_load: u128,
}

/// The idealised capacity of `nodes` nodes of bandwidth `bandwidth` bytes/s
/// under expansion `expansion`.
///
/// # What the linear-scaling claim covers
///
/// The linear-scaling claim ("N nodes give N times one node's rate") holds
/// for an idealised network: `n` nodes, each with ingress bandwidth `b`,
/// each storing its own slice set, and an erasure expansion `x` (3 for 0G).
/// Every payload byte becomes `x` stored bytes spread over the nodes, so at
/// saturation the network takes `n * b / x` payload bytes per second and
/// each node receives `b`.
///
/// It stops holding where the idealisation does (see
/// [`EpochQuorums::write_capacity`](crate::EpochQuorums::write_capacity)):
/// - a blob goes to one quorum of `E` slots (3072), and 0G forms at most
///   `max_quorums` quorums (10 by default), so the network's rate is capped
///   at `max_quorums * rows * b` (each slot a distinct node) however many
///   nodes join: [`linear_scaling_ceiling`];
/// - slots are not shared out evenly: a signer with `k` slots of a quorum
///   receives `k` slices of every blob sent there, so the busiest signer
///   caps the quorum at `rows * b / k` (`rows` slices make one blob's worth
///   of payload);
/// - when ballots are fewer than slots the short quorum repeats signers,
///   and a signer present in several quorums shares its bandwidth between
///   them;
/// - the disperser itself must upload `x` times the payload rate.
///
/// Slices are counted as `1 / rows` of the blob's payload; 0G stores 32
/// bytes per 31 payload bytes, a further factor of 32/31 that this model
/// leaves out.
pub fn linear_capacity(
    bandwidth: u64,
    nodes: u64,
    expansion: u64,
) -> Result<LinearCapacity, Error> {
    if expansion == 0 {
        return Err(Error::ZeroParameter { what: "expansion" });
    }
    let encoded = u128::from(bandwidth) * u128::from(nodes);
    Ok(LinearCapacity {
        payload_rate: encoded / u128::from(expansion),
        encoded_rate: encoded,
        per_node_load: u128::from(bandwidth),
    })
}

/// Each node's load when the network takes `payload_rate` bytes/s of
/// payload: `payload_rate * expansion / nodes`, rounded up.
pub fn per_node_load(payload_rate: u128, nodes: u64, expansion: u64) -> Result<u128, Error> {
    if nodes == 0 {
        return Err(Error::ZeroParameter { what: "nodes" });
    }
    Ok(payload_rate
        .saturating_mul(u128::from(expansion))
        .div_ceil(u128::from(nodes)))
}

/// The payload rate no number of nodes can exceed under 0G's quorum rule:
/// `max_quorums * rows * bandwidth` (every slot of every quorum a distinct
/// node of bandwidth `bandwidth`). Past `max_quorums * slices_per_quorum`
/// single-slot nodes, more nodes add no write capacity.
pub fn linear_scaling_ceiling(bandwidth: u64, max_quorums: usize, rows: usize) -> u128 {
    u128::from(bandwidth) * max_quorums as u128 * rows as u128
}

/// The write capacity of an epoch's quorums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QuorumCapacity {
    /// Payload bytes/s the epoch can take in.
    pub payload_rate: u128,
    /// Slots (over all quorums) of the busiest signer, which sets the rate.
    pub busiest_slots: usize,
    /// Quorums sharing the load.
    pub quorums: usize,
}

impl crate::EpochQuorums {
    /// The payload rate this epoch's quorums can take in when every signer
    /// has ingress bandwidth `bandwidth` bytes/s and blobs are spread evenly
    /// over the quorums (0G's round-robin [`QuorumCursor`](crate::QuorumCursor)).
    ///
    /// A signer holding `k_q` slots of quorum `q` receives `k_q` slices of
    /// each blob sent to `q`, a slice being `1 / rows` of the payload. With
    /// `Q` quorums each taking `R / Q`, the signer's load is
    /// `R * sum_q k_q / (Q * rows)`, so the rate is
    /// `bandwidth * Q * rows / max_signer sum_q k_q`.
    pub fn write_capacity(&self, bandwidth: u64, rows: usize) -> Result<QuorumCapacity, Error> {
        if self.is_empty() {
            return Err(Error::NoQuorums);
        }
        let mut slots: alloc::collections::BTreeMap<crate::SignerId, usize> =
            alloc::collections::BTreeMap::new();
        for quorum in self.quorums() {
            for signer in quorum.slots() {
                *slots.entry(*signer).or_insert(0) += 1;
            }
        }
        let busiest = slots.values().copied().max().unwrap_or(1).max(1);
        let quorums = self.len();
        Ok(QuorumCapacity {
            payload_rate: u128::from(bandwidth) * quorums as u128 * rows as u128 / busiest as u128,
            busiest_slots: busiest,
            quorums,
        })
    }
}
