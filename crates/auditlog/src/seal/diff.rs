//! Naming what changed: the CRC-32s a seal kept for each line, set against the lines a file
//! holds now, walked in step. Where they part, the first difference is named: a line changed,
//! sealed lines removed, lines put in, two lines swapped, or the file ending early.

use std::cell::OnceCell;
use std::collections::HashMap;

/// One difference between the sealed lines and the file's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The line at this index is not the line sealed there.
    Changed(usize),
    /// `count` sealed lines are missing before the line at this index.
    Removed(usize, usize),
    /// `count` lines from this index on were never sealed.
    Inserted(usize, usize),
    /// The lines at this index and the next are the sealed ones in the other order.
    Swapped(usize),
    /// The file ends at this index, `count` sealed lines early.
    Truncated(usize, usize),
}

/// How many lines must agree after a difference before the walk takes it as understood.
const AGREE: usize = 4;

/// The differences between `sealed` and `found` (CRC-32s of lines), at most `max`, and whether
/// there were more; indices are into `found`. Lines of `found` past the sealed ones are not a
/// difference: they are the unsealed tail.
pub fn diff(sealed: &[u32], found: &[u32], max: usize) -> (Vec<Change>, bool) {
    let sides = Sides {
        sealed,
        found,
        in_sealed: OnceCell::new(),
        in_found: OnceCell::new(),
    };
    let (mut i, mut j) = (0, 0);
    let mut changes = Vec::new();
    while i < sealed.len() {
        if changes.len() == max {
            return (changes, true);
        }
        if j == found.len() {
            changes.push(Change::Truncated(j, sealed.len() - i));
            break;
        }
        if sealed[i] == found[j] {
            i += 1;
            j += 1;
            continue;
        }
        if j + 1 == found.len() && i + 1 < sealed.len() {
            // The file ends within what was sealed: its last line was cut.
            changes.push(Change::Truncated(j, sealed.len() - i));
            break;
        }
        let (change, past_sealed, past_found) = sides.change_at(i, j);
        changes.push(change);
        i += past_sealed;
        j += past_found;
    }
    (changes, false)
}

/// The sealed lines' CRC-32s and the file's, and where each CRC-32 stands among them: built
/// when a difference is not a changed or swapped line, which most edits need neither of.
struct Sides<'a> {
    sealed: &'a [u32],
    found: &'a [u32],
    in_sealed: OnceCell<HashMap<u32, Vec<usize>>>,
    in_found: OnceCell<HashMap<u32, Vec<usize>>>,
}

impl Sides<'_> {
    /// Whether the sealed lines from `i` and the file's from `j` agree for [`AGREE`] lines,
    /// or to the end of either.
    fn agrees(&self, i: usize, j: usize) -> bool {
        let (sealed, found) = (self.sealed, self.found);
        let m = AGREE
            .min(sealed.len() - i.min(sealed.len()))
            .min(found.len() - j.min(found.len()));
        m > 0 && sealed[i..i + m] == found[j..j + m]
    }

    /// The change where sealed line `i` and the file's line `j` differ and both go on, and
    /// how many lines of each it takes.
    fn change_at(&self, i: usize, j: usize) -> (Change, usize, usize) {
        let (sealed, found) = (self.sealed, self.found);
        let swapped = i + 1 < sealed.len()
            && j + 1 < found.len()
            && sealed[i] == found[j + 1]
            && sealed[i + 1] == found[j];
        if swapped {
            return (Change::Swapped(j), 2, 2);
        }
        if i + 1 == sealed.len() || (j + 1 < found.len() && self.agrees(i + 1, j + 1)) {
            return (Change::Changed(j), 1, 1);
        }
        let removed = next(self.in_sealed.get_or_init(|| index(sealed)), found[j], i)
            .into_iter()
            .find(|&p| self.agrees(p, j))
            .map(|p| p - i);
        let inserted = next(self.in_found.get_or_init(|| index(found)), sealed[i], j)
            .into_iter()
            .find(|&p| self.agrees(i, p))
            .map(|p| p - j);
        match (removed, inserted) {
            (Some(r), Some(n)) if r <= n => (Change::Removed(j, r), r, 0),
            (Some(r), None) => (Change::Removed(j, r), r, 0),
            (_, Some(n)) => (Change::Inserted(j, n), 0, n),
            (None, None) => (Change::Changed(j), 1, 1),
        }
    }
}

/// Where each CRC-32 stands among `crcs`, in order.
fn index(crcs: &[u32]) -> HashMap<u32, Vec<usize>> {
    let mut at: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &crc) in crcs.iter().enumerate() {
        at.entry(crc).or_default().push(i);
    }
    at
}

/// The first places (at most 16) after `after` where `crc` stands.
fn next(at: &HashMap<u32, Vec<usize>>, crc: u32, after: usize) -> Vec<usize> {
    at.get(&crc)
        .map(|list| {
            let from = list.partition_point(|&p| p <= after);
            list[from..].iter().copied().take(16).collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{Change, diff};

    fn run(sealed: &[u32], found: &[u32]) -> Vec<Change> {
        diff(sealed, found, 20).0
    }

    #[test]
    fn the_same_lines_and_a_tail_differ_in_nothing() {
        assert_eq!(run(&[1, 2, 3], &[1, 2, 3]), vec![]);
        assert_eq!(run(&[1, 2, 3], &[1, 2, 3, 4, 5]), vec![]);
    }

    #[test]
    fn each_kind_of_difference_is_named_at_its_line() {
        let sealed = [1, 2, 3, 4, 5, 6, 7, 8];
        assert_eq!(
            run(&sealed, &[1, 2, 9, 4, 5, 6, 7, 8]),
            vec![Change::Changed(2)]
        );
        assert_eq!(
            run(&sealed, &[1, 2, 4, 5, 6, 7, 8]),
            vec![Change::Removed(2, 1)]
        );
        assert_eq!(run(&sealed, &[1, 2, 6, 7, 8]), vec![Change::Removed(2, 3)]);
        assert_eq!(
            run(&sealed, &[1, 2, 9, 9, 3, 4, 5, 6, 7, 8]),
            vec![Change::Inserted(2, 2)]
        );
        assert_eq!(
            run(&sealed, &[1, 2, 4, 3, 5, 6, 7, 8]),
            vec![Change::Swapped(2)]
        );
        assert_eq!(run(&sealed, &[1, 2, 3, 4]), vec![Change::Truncated(4, 4)]);
        assert_eq!(run(&sealed, &[1, 2, 3, 99]), vec![Change::Truncated(3, 5)]);
        assert_eq!(
            run(&sealed, &[1, 2, 3, 4, 5, 6, 7, 9]),
            vec![Change::Changed(7)]
        );
        assert_eq!(
            run(&sealed, &[1, 2, 3, 4, 5, 6, 7, 9, 10]),
            vec![Change::Changed(7)]
        );
    }

    #[test]
    fn a_walk_stops_at_the_most_it_may_name() {
        let sealed: Vec<u32> = (0..100).collect();
        let found: Vec<u32> = (0..100)
            .map(|n| if n % 2 == 0 { n + 1000 } else { n })
            .collect();
        let (changes, more) = diff(&sealed, &found, 5);
        assert_eq!(changes.len(), 5);
        assert!(more);
        assert_eq!(changes[0], Change::Changed(0));
        assert_eq!(changes[4], Change::Changed(8));
    }
}
