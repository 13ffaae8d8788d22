//! A small seeded generator for the two things the double makes up: token text and the order of
//! rows that tie on their sort key.
//!
//! It is seeded with a constant, so a test run that sends the same requests sees the same
//! "random" orders and can be replayed; a real generator would make a failing sync test flaky.

/// SplitMix64: tiny, fast, and good enough to shuffle and to make tokens unique per double.
#[derive(Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new() -> Self {
        Self(0x1f0a_de5c_0ffe_e000)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`; `bound` must not be zero.
    fn below(&mut self, bound: usize) -> usize {
        let bound = u64::try_from(bound).unwrap_or(u64::MAX);
        usize::try_from(self.next_u64() % bound).unwrap_or(0)
    }

    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffling_keeps_every_item_and_varies_the_order() {
        let mut rng = Rng::new();
        let mut orders = std::collections::HashSet::new();
        for _ in 0..20 {
            let mut items: Vec<u8> = (0..6).collect();
            rng.shuffle(&mut items);
            let mut sorted = items.clone();
            sorted.sort_unstable();
            assert_eq!(
                sorted,
                (0..6).collect::<Vec<_>>(),
                "a shuffle only reorders"
            );
            orders.insert(items);
        }
        assert!(
            orders.len() > 1,
            "ties must not come back in one fixed order"
        );
    }

    #[test]
    fn the_same_seed_replays_the_same_sequence() {
        let (mut a, mut b) = (Rng::new(), Rng::new());
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second, "runs must be replayable");
    }
}
