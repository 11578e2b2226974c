//! Small sets of enum values stored as bit masks (one integer column).

use std::marker::PhantomData;

/// An enum with a fixed list of values, each owning one bit.
pub trait Flag: Copy + Eq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// This value's bit.
    fn bit(self) -> i64;
}

/// A set of [`Flag`] values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSet<T: Flag> {
    bits: i64,
    _marker: PhantomData<T>,
}

impl<T: Flag> FlagSet<T> {
    /// The empty set.
    pub fn empty() -> Self {
        Self::from_bits(0)
    }

    /// The set with every known value.
    pub fn all() -> Self {
        T::ALL.iter().copied().collect()
    }

    /// Rebuilds a set from its stored bits; unknown bits are dropped.
    pub fn from_bits(bits: i64) -> Self {
        let known = T::ALL.iter().fold(0, |acc, f| acc | f.bit());
        Self { bits: bits & known, _marker: PhantomData }
    }

    /// The bits to store.
    pub fn bits(self) -> i64 {
        self.bits
    }

    /// Whether `value` is in the set.
    pub fn contains(self, value: T) -> bool {
        self.bits & value.bit() != 0
    }

    /// The values in the set, in display order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::ALL.iter().copied().filter(move |f| self.contains(*f))
    }

    /// Whether the set has no value.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }
}

impl<T: Flag> FromIterator<T> for FlagSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::from_bits(iter.into_iter().fold(0, |acc, f| acc | f.bit()))
    }
}

impl<T: Flag + serde::Serialize> serde::Serialize for FlagSet<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}
