//! Login throttling: after repeated failures for one account or from one
//! address within a window, further attempts are refused, without checking
//! the password, until the oldest failure in the window ages out.

/// Failures counted for one key (an account or an address) within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    /// How many.
    pub count: i64,
    /// When the oldest of them happened (seconds since 1970), if any.
    pub oldest: Option<i64>,
}

/// The limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures per account before refusing.
    pub per_account: i64,
    /// Failures per address before refusing (higher: many people share an address).
    pub per_address: i64,
    /// How far back failures count, in seconds.
    pub window: i64,
}

impl Default for Throttle {
    fn default() -> Self {
        Self { per_account: 5, per_address: 20, window: 15 * 60 }
    }
}

impl Throttle {
    /// The earliest time whose failures still count.
    pub fn since(&self, now: i64) -> i64 {
        now - self.window
    }

    /// `None` if a login may be tried now; else how many seconds to wait.
    pub fn retry_after(&self, account: Failures, address: Failures, now: i64) -> Option<i64> {
        let wait = |f: Failures, limit: i64| {
            (f.count >= limit).then(|| f.oldest.map_or(self.window, |oldest| (oldest + self.window - now).max(1)))
        };
        match (wait(account, self.per_account), wait(address, self.per_address)) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_limit_until_the_oldest_failure_ages_out() {
        let t = Throttle::default();
        let now = 10_000;
        let none = Failures::default();
        assert_eq!(t.retry_after(Failures { count: 4, oldest: Some(now - 60) }, none, now), None);
        assert_eq!(t.retry_after(Failures { count: 5, oldest: Some(now - 60) }, none, now), Some(t.window - 60));
        assert_eq!(t.retry_after(none, Failures { count: 20, oldest: Some(now - 100) }, now), Some(t.window - 100));
        assert_eq!(t.retry_after(none, Failures { count: 19, oldest: Some(now) }, now), None);
        // Both over: the longer wait.
        let a = Failures { count: 9, oldest: Some(now - 10) };
        let b = Failures { count: 30, oldest: Some(now - 500) };
        assert_eq!(t.retry_after(a, b, now), Some(t.window - 10));
        // Never zero or negative.
        assert_eq!(t.retry_after(Failures { count: 5, oldest: Some(now - t.window) }, none, now), Some(1));
    }
}
