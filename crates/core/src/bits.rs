//! A fixed-size set of document numbers, one bit each.

/// Documents as bits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bits(Vec<u64>);

impl Bits {
    /// The empty set for `n` documents.
    pub fn none(n: usize) -> Self {
        Self(vec![0; n.div_ceil(64)])
    }

    /// Adds document `i`.
    pub fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Whether document `i` is in the set.
    pub fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Keeps only the documents also in `other`.
    pub fn and(&mut self, other: &Bits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a &= b);
    }

    /// The documents in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn sets_intersects_and_lists() {
        let mut a = Bits::none(200);
        let mut b = Bits::none(200);
        for i in [0, 5, 63, 64, 130, 199] {
            a.set(i);
        }
        for i in [5, 64, 199, 100] {
            b.set(i);
        }
        assert!(a.has(63) && !a.has(62) && !a.has(10_000));
        a.and(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), [5, 64, 199]);
    }
}
