//! Offset maps: how a byte offset in transformed text (decoded, then
//! normalized) goes back to a byte offset in the text it came from.
//!
//! Text is mostly copied unchanged, so a map stores only the replaced
//! stretches; between them the two texts advance together.

use std::cell::Cell;

/// `v.partition_point(pred)` for a `pred` true on a prefix of `v`, tried
/// first at `hint` and the place after it, then by binary search; `hint`
/// is set to the answer.
pub(crate) fn partition_near<T>(v: &[T], hint: &Cell<usize>, pred: impl Fn(&T) -> bool) -> usize {
    let fits = |p: usize| (p == 0 || pred(&v[p - 1])) && (p == v.len() || !pred(&v[p]));
    let h = hint.get().min(v.len());
    let p = if fits(h) {
        h
    } else if h < v.len() && fits(h + 1) {
        h + 1
    } else {
        v.partition_point(pred)
    };
    hint.set(p);
    p
}

/// A replaced stretch: `norm[n0..n1]` stands for `src[s0..s1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    n0: usize,
    n1: usize,
    s0: usize,
    s1: usize,
    /// Inside the stretch, each byte of the derived text stands for two
    /// source bytes (ASCII decoded from UTF-16).
    wide: bool,
}

/// Maps offsets of a derived text back to its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    shift: usize,
    edits: Vec<Edit>,
}

impl OffsetMap {
    /// The map of a copy.
    pub fn identity() -> Self {
        OffsetMap::default()
    }

    /// The map of a copy that dropped the first `shift` bytes (a BOM).
    pub fn shifted(shift: usize) -> Self {
        OffsetMap {
            shift,
            edits: Vec::new(),
        }
    }

    /// Starts a map built edit by edit, in order.
    pub fn builder() -> OffsetMapBuilder {
        OffsetMapBuilder {
            map: OffsetMap::default(),
        }
    }

    /// Source offset of the character that starts at `n`.
    pub fn to_source(&self, n: usize) -> usize {
        self.to_source_near(n, &Cell::new(0))
    }

    /// As [`OffsetMap::to_source`], starting the search from `hint` (the
    /// edit the previous lookup ended at), which it updates: extractors
    /// ask for spans mostly in text order, so the answer is usually there
    /// or one edit on, without a binary search over a long map.
    pub fn to_source_near(&self, n: usize, hint: &Cell<usize>) -> usize {
        let i = partition_near(&self.edits, hint, |e| e.n0 <= n);
        if i == 0 {
            return n + self.shift;
        }
        let e = self.edits[i - 1];
        if n < e.n1 {
            if e.wide { e.s0 + 2 * (n - e.n0) } else { e.s0 }
        } else {
            e.s1 + (n - e.n1)
        }
    }

    /// Source offset just past the character that ends at `n`.
    pub fn to_source_end(&self, n: usize) -> usize {
        self.to_source_end_near(n, &Cell::new(0))
    }

    /// As [`OffsetMap::to_source_end`], from `hint` (see
    /// [`OffsetMap::to_source_near`]).
    pub fn to_source_end_near(&self, n: usize, hint: &Cell<usize>) -> usize {
        let i = partition_near(&self.edits, hint, |e| e.n0 < n);
        if i == 0 {
            return n + self.shift;
        }
        let e = self.edits[i - 1];
        if n <= e.n1 {
            if e.wide { e.s0 + 2 * (n - e.n0) } else { e.s1 }
        } else {
            e.s1 + (n - e.n1)
        }
    }

    /// Number of replaced stretches (for tests and statistics).
    pub fn len(&self) -> usize {
        self.edits.len()
    }

    /// Whether the map is a plain (possibly shifted) copy.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }
}

/// Builds an [`OffsetMap`] from edits given in increasing order.
#[derive(Debug)]
pub struct OffsetMapBuilder {
    map: OffsetMap,
}

impl OffsetMapBuilder {
    /// Records that `norm[n0..n1]` replaces `src[s0..s1]`.
    pub fn replaced(&mut self, n0: usize, s0: usize, n1: usize, s1: usize) {
        debug_assert!(n1 >= n0 && s1 >= s0);
        if let Some(last) = self.map.edits.last_mut() {
            // A deletion right after an edit extends it: keeps maps small
            // without losing precision.
            if n0 == n1 && last.n1 == n0 && last.s1 == s0 && !last.wide {
                last.s1 = s1;
                return;
            }
        }
        self.map.edits.push(Edit {
            n0,
            n1,
            s0,
            s1,
            wide: false,
        });
    }

    /// Records that `len` bytes of ASCII at `norm[n0..]` stand for `2 * len`
    /// bytes at `src[s0..]` (UTF-16).
    pub fn wide(&mut self, n0: usize, s0: usize, len: usize) {
        if let Some(last) = self.map.edits.last_mut() {
            if last.wide && last.n1 == n0 && last.s1 == s0 {
                last.n1 += len;
                last.s1 += 2 * len;
                return;
            }
        }
        self.map.edits.push(Edit {
            n0,
            n1: n0 + len,
            s0,
            s1: s0 + 2 * len,
            wide: true,
        });
    }

    /// The finished map.
    pub fn finish(self, _norm_len: usize, _src_len: usize) -> OffsetMap {
        self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_between_edits() {
        // src "a  ,b" -> norm "a,b": the two spaces before the comma dropped.
        let mut b = OffsetMap::builder();
        b.replaced(1, 1, 1, 3);
        let m = b.finish(3, 5);
        assert_eq!(m.to_source(0), 0);
        assert_eq!(m.to_source(1), 3);
        assert_eq!(m.to_source(2), 4);
        assert_eq!(m.to_source_end(1), 1);
        assert_eq!(m.to_source_end(3), 5);
    }

    #[test]
    fn replacement_maps_to_its_whole_source() {
        // src "x**bold**" -> "xbold"
        let mut b = OffsetMap::builder();
        b.replaced(1, 1, 1, 3);
        b.replaced(5, 7, 5, 9);
        let m = b.finish(5, 9);
        assert_eq!(m.to_source(1), 3);
        assert_eq!(m.to_source_end(5), 7);
    }

    proptest::proptest! {
        /// With one hint shared by queries in any order, the answer is the
        /// binary search's.
        #[test]
        fn partition_near_is_partition_point(
            mut v in proptest::collection::vec(0usize..500, 0..60),
            queries in proptest::collection::vec(0usize..520, 1..40),
            start in 0usize..80,
        ) {
            v.sort_unstable();
            let hint = Cell::new(start);
            for q in queries {
                let want = v.partition_point(|&x| x <= q);
                proptest::prop_assert_eq!(partition_near(&v, &hint, |&x| x <= q), want);
                let want = v.partition_point(|&x| x < q);
                proptest::prop_assert_eq!(partition_near(&v, &hint, |&x| x < q), want);
            }
        }
    }
}
