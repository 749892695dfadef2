//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011) with a single
//! artificial root at the bottom of the stack, and its dynamic oracle (Goldberg and Nivre 2013).
//!
//! Words are numbered `1..=n`; `0` is the root. Transitions:
//! - `SHIFT` moves the first buffer word `b0` onto the stack;
//! - `LEFT(l)` makes `b0` the head of the stack top `s0` (label `l`) and pops `s0`;
//! - `RIGHT(l)` makes `s1` (the word under the top) the head of `s0` and pops `s0`.
//!
//! `RIGHT` onto the root is allowed only when the buffer is empty and one word is left on the
//! stack, so every transition sequence ends in exactly one tree with exactly one root
//! dependent, whatever the scores say.

/// Index of the class `SHIFT`; `LEFT(l)` is `1 + 2l`, `RIGHT(l)` is `2 + 2l`.
pub(crate) const SHIFT: usize = 0;

#[inline]
pub(crate) fn left(label: usize) -> usize {
    1 + 2 * label
}

#[inline]
pub(crate) fn right(label: usize) -> usize {
    2 + 2 * label
}

/// Up to two leftmost and rightmost dependents of a word, with counts and label sets.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Deps {
    /// Leftmost and second leftmost dependent (0 = none; the root is never a dependent).
    pub l1: u32,
    pub l2: u32,
    /// Rightmost and second rightmost dependent.
    pub r1: u32,
    pub r2: u32,
    pub nl: u16,
    pub nr: u16,
    /// Bit sets of the labels of the left and right dependents (label index mod 64).
    pub lset: u64,
    pub rset: u64,
}

/// A parser configuration.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<u32>,
    /// First word of the buffer (`n + 1` when empty).
    pub b: usize,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
    pub deps: Vec<Deps>,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        let mut stack = Vec::with_capacity(n + 1);
        stack.push(0);
        State { n, stack, b: 1, heads: vec![0; n + 1], labels: vec![0; n + 1], deps: vec![Deps::default(); n + 1] }
    }

    pub(crate) fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        self.heads.clear();
        self.heads.resize(n + 1, 0);
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        self.deps.clear();
        self.deps.resize(n + 1, Deps::default());
    }

    #[inline]
    pub(crate) fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    #[inline]
    pub(crate) fn buffer_empty(&self) -> bool {
        self.b > self.n
    }

    /// The `i`-th stack item from the top (`None` past the bottom).
    #[inline]
    pub(crate) fn s(&self, i: usize) -> Option<u32> {
        let len = self.stack.len();
        (i < len).then(|| self.stack[len - 1 - i])
    }

    #[inline]
    pub(crate) fn can_shift(&self) -> bool {
        !self.buffer_empty()
    }

    #[inline]
    pub(crate) fn can_left(&self) -> bool {
        self.stack.len() >= 2 && !self.buffer_empty()
    }

    #[inline]
    pub(crate) fn can_right(&self) -> bool {
        self.stack.len() >= 3 || (self.stack.len() == 2 && self.buffer_empty())
    }

    /// Whether `RIGHT` would attach to the root (only the root label is sensible then).
    #[inline]
    pub(crate) fn right_is_root(&self) -> bool {
        self.stack.len() == 2
    }

    fn attach(&mut self, head: u32, dep: u32, label: u16) {
        self.heads[dep as usize] = head;
        self.labels[dep as usize] = label;
        let d = &mut self.deps[head as usize];
        let bit = 1u64 << (label % 64);
        if dep < head {
            // Left dependents arrive from the inside out in arc-hybrid, but be general.
            if d.l1 == 0 || dep < d.l1 {
                d.l2 = d.l1;
                d.l1 = dep;
            } else if d.l2 == 0 || dep < d.l2 {
                d.l2 = dep;
            }
            d.nl = d.nl.saturating_add(1);
            d.lset |= bit;
        } else {
            if d.r1 == 0 || dep > d.r1 {
                d.r2 = d.r1;
                d.r1 = dep;
            } else if d.r2 == 0 || dep > d.r2 {
                d.r2 = dep;
            }
            d.nr = d.nr.saturating_add(1);
            d.rset |= bit;
        }
    }

    /// Applies class `c` (which must be valid).
    pub(crate) fn apply(&mut self, c: usize) {
        if c == SHIFT {
            self.stack.push(self.b as u32);
            self.b += 1;
            return;
        }
        let label = ((c - 1) / 2) as u16;
        let s0 = self.stack.pop().unwrap_or(0);
        if c % 2 == 1 {
            self.attach(self.b as u32, s0, label);
        } else {
            let s1 = self.stack.last().copied().unwrap_or(0);
            self.attach(s1, s0, label);
        }
    }

    /// Unlabelled costs `(shift, left, right)` against gold heads `gh` (index 0 unused): how many
    /// gold arcs each transition makes unreachable. Valid only for valid transitions.
    pub(crate) fn costs(&self, gh: &[u32]) -> (u32, u32, u32) {
        let s0 = self.s(0).unwrap_or(0);
        let s1 = self.s(1);
        let b0 = self.b as u32;
        let buffer = self.b..=self.n;
        // Dependents of s0 still in the buffer are lost when s0 is popped.
        let s0_deps_in_buffer = if s0 == 0 { 0 } else { buffer.clone().filter(|&d| gh[d] == s0).count() as u32 };
        let h0 = if s0 == 0 { u32::MAX } else { gh[s0 as usize] };
        let h0_in_buffer = h0 != u32::MAX && (h0 as usize) >= self.b && (h0 as usize) <= self.n;
        let left = s0_deps_in_buffer + u32::from(h0 != b0 && (Some(h0) == s1 || h0_in_buffer));
        let right = s0_deps_in_buffer + u32::from(h0_in_buffer);
        let shift = if self.buffer_empty() {
            0
        } else {
            let hb = gh[b0 as usize];
            let mut c = 0;
            for (i, &s) in self.stack.iter().enumerate() {
                let top = i + 1 == self.stack.len();
                // b0's head deeper in the stack than s0 is lost, and so is any stack word
                // whose head is b0.
                if (!top && hb == s) || (s != 0 && gh[s as usize] == b0) {
                    c += 1;
                }
            }
            c
        };
        (shift, left, right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the zero-cost transitions of a projective tree and recovers it exactly.
    #[test]
    fn oracle_recovers_a_projective_tree() {
        // 1 <- 2 -> 4, 3 <- 4, root -> 2, 5 <- 2 (punct)
        let gh = [0u32, 2, 0, 4, 2, 2];
        let mut st = State::new(5);
        while !st.terminal() {
            let (sh, l, r) = st.costs(&gh);
            let c = if st.can_left() && l == 0 {
                left(0)
            } else if st.can_right() && r == 0 {
                right(0)
            } else {
                assert!(st.can_shift() && sh == 0, "no zero-cost transition");
                SHIFT
            };
            st.apply(c);
        }
        assert_eq!(st.heads, gh);
    }

    #[test]
    fn every_sequence_ends_single_rooted() {
        // Always preferring RIGHT, then SHIFT: still one root.
        let mut st = State::new(6);
        while !st.terminal() {
            let c = if st.can_right() { right(0) } else if st.can_shift() { SHIFT } else { left(0) };
            st.apply(c);
        }
        assert_eq!(st.heads[1..].iter().filter(|&&h| h == 0).count(), 1);
    }
}
