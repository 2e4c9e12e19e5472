//! Two attendance lists printed side by side and interleaved line by line
//! by the converter (« Etaient présents : Anne ROCHE, Luc Absent(e)(s)
//! représenté(e)(s) : Eva PETIT MORIN, Paul VIDAL, donne pouvoir à … »).
//!
//! The lines are lost, so the rebuild looks for the cut points: the text
//! alternates between a piece of the left list (« Prénom NOM, … ») and a
//! piece of the right one (« Prénom NOM donne pouvoir à Prénom NOM, … »),
//! each piece at most a column wide. A cut is accepted only where both
//! lists read as lists of names and both stay in alphabetical order of
//! surnames (the order of printed roll calls); the rebuild is kept only
//! when exactly one reading of the whole text passes, and every proxy
//! holder is among the left list's names.

use std::collections::HashSet;

use crate::departements::fold;

/// The widest piece of one column, in characters.
const MAX_WIDTH: usize = 60;
/// The narrowest piece of one column but the last, in characters.
const MIN_WIDTH: usize = 12;
/// The most readings compared before giving up.
const MAX_READINGS: usize = 16;
/// The most states explored before giving up.
const BUDGET: usize = 20_000;

/// A word of the text: byte range in the caller's string.
pub type Tok = (usize, usize);

/// A proxy read from the right column: giver's words, holder's words.
pub type Pair = (Vec<Tok>, Vec<Tok>);

/// What a rebuild gives: the left list's names and the right list's
/// proxies, each name as the words it is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Names of the left list (each a list of words).
    pub left: Vec<Vec<Tok>>,
    /// Pairs (giver, holder) of the right list.
    pub right: Vec<Pair>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Caps,
    Mixed,
    Lower,
}

fn kind(w: &str) -> Kind {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return Kind::Lower;
    }
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Kind::Caps
    } else if letters[0].is_uppercase() {
        Kind::Mixed
    } else {
        Kind::Lower
    }
}

/// The reading state of one column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct Col {
    /// 0: before a name; 1: in first names; 2: in the surname; for the right
    /// column 3: in the proxy wording; 4: in the holder's first names; 5: in
    /// the holder's surname.
    state: u8,
    /// Words of the current name.
    cur: Vec<Tok>,
    /// Giver of the current proxy.
    giver: Vec<Tok>,
    /// Surname of the last complete entry, folded, for the order check.
    last: String,
    /// Words of the proxy wording read so far.
    verb: u8,
    /// Whether the last word read ended with a hyphen.
    hyphen: bool,
}

struct Search<'a> {
    s: &'a str,
    toks: &'a [Tok],
    dead: HashSet<(usize, bool, Col, Col)>,
    /// Readings that pass, with how badly their lines are filled.
    found: Vec<(Rebuilt, usize)>,
    /// The pieces of the reading being tried: column, first and last word.
    path: Vec<(bool, usize, usize)>,
    steps: usize,
}

fn surname(s: &str, words: &[Tok]) -> String {
    let w: Vec<&str> = words
        .iter()
        .map(|&(a, b)| &s[a..b])
        .filter(|w| kind(w) == Kind::Caps)
        .collect();
    fold(&w.join(" "))
}

/// The sort key of a name: surname, then the whole name (two members may
/// share a surname, not a name).
fn order_key(s: &str, words: &[Tok]) -> String {
    format!("{}|{}", surname(s, words), fold(&join(s, words)))
}

/// Reads word `t` into a left-column state. Returns the completed name.
fn step_left(s: &str, c: &mut Col, t: Tok) -> Result<Option<Vec<Tok>>, ()> {
    let w = s[t.0..t.1].trim_end_matches(',');
    let comma = s[t.0..t.1].ends_with(',');
    let k = kind(w);
    let cont = c.hyphen;
    c.hyphen = w.ends_with('-');
    match (c.state, k) {
        (_, Kind::Lower) => Err(()),
        (0, Kind::Mixed) if !comma => {
            c.state = 1;
            c.cur.push(t);
            Ok(None)
        }
        (1, Kind::Mixed) if !comma && (cont || c.cur.len() < 3) => {
            c.cur.push(t);
            Ok(None)
        }
        (1 | 2, Kind::Caps) => {
            c.state = 2;
            c.cur.push(t);
            if comma {
                let name = std::mem::take(&mut c.cur);
                let key = order_key(s, &name);
                if key <= c.last {
                    return Err(());
                }
                c.last = key;
                c.state = 0;
                return Ok(Some(name));
            }
            Ok(None)
        }
        _ => Err(()),
    }
}

/// Reads word `t` into a right-column state. Returns the completed proxy.
fn step_right(s: &str, c: &mut Col, t: Tok) -> Result<Option<Pair>, ()> {
    let w = s[t.0..t.1].trim_end_matches(',');
    let comma = s[t.0..t.1].ends_with(',');
    let k = kind(w);
    let cont = c.hyphen;
    c.hyphen = w.ends_with('-');
    match (c.state, k) {
        (0, Kind::Mixed) if !comma => {
            c.state = 1;
            c.cur.push(t);
            Ok(None)
        }
        (1, Kind::Mixed) if !comma && (cont || c.cur.len() < 3) => {
            c.cur.push(t);
            Ok(None)
        }
        (1 | 2, Kind::Caps) if !comma => {
            c.state = 2;
            c.cur.push(t);
            Ok(None)
        }
        (2 | 3, Kind::Lower) if !comma && c.verb < 4 => {
            if c.state == 2 {
                let key = order_key(s, &c.cur);
                if key <= c.last {
                    return Err(());
                }
                c.last = key;
                c.giver = std::mem::take(&mut c.cur);
            }
            c.state = 3;
            c.verb += 1;
            if w == "à" {
                c.verb = 10;
            }
            Ok(None)
        }
        (3, Kind::Mixed) if c.verb == 10 && !comma => {
            c.state = 4;
            c.verb = 0;
            c.cur.push(t);
            Ok(None)
        }
        (4, Kind::Mixed) if !comma && (cont || c.cur.len() < 3) => {
            c.cur.push(t);
            Ok(None)
        }
        (4 | 5, Kind::Caps) => {
            c.state = 5;
            c.cur.push(t);
            if comma {
                c.state = 0;
                let to = std::mem::take(&mut c.cur);
                let from = std::mem::take(&mut c.giver);
                return Ok(Some((from, to)));
            }
            Ok(None)
        }
        _ => Err(()),
    }
}

impl Search<'_> {
    /// How many lines of the reading being tried end early: a line of a
    /// column is ended by the converter only when the next word does not
    /// fit, so a piece that could have taken the first word of the next
    /// piece of its column (within the widest piece of that column) is
    /// unlikely. The first piece of each column (after a heading) and the
    /// last are not counted.
    fn underfilled(&self) -> usize {
        let width = |a: usize, b: usize| self.s[self.toks[a].0..self.toks[b - 1].1].chars().count();
        let mut bad = 0;
        for col in [false, true] {
            let pieces: Vec<(usize, usize)> = self
                .path
                .iter()
                .filter(|p| p.0 == col)
                .map(|p| (p.1, p.2))
                .collect();
            let widest = pieces.iter().map(|&(a, b)| width(a, b)).max().unwrap_or(0);
            for w in pieces.windows(2).skip(1) {
                let (a, b) = w[0];
                let next = w[1].0;
                let word = self.s[self.toks[next].0..self.toks[next].1].chars().count();
                if width(a, b) + 1 + word <= widest {
                    bad += 1;
                }
            }
        }
        bad
    }

    /// Tries every cut for the piece that starts at word `i` in column
    /// `right`, given both columns' states and what was read so far.
    /// Returns whether the end of the text was reached on some path (a
    /// state from which it cannot be is never tried again).
    fn go(&mut self, i: usize, right: bool, l: Col, r: Col, acc: Rebuilt) -> bool {
        if self.found.len() > MAX_READINGS || self.steps > BUDGET {
            return true;
        }
        self.steps += 1;
        if i == self.toks.len() {
            // A list cut by the end of the text: which column its last
            // words belong to is not known, so a name begun is left out (a
            // proxy without its holder is not a proxy anyway).
            if holders_known(self.s, &acc) {
                let bad = self.underfilled();
                match self.found.iter_mut().find(|(r, _)| *r == acc) {
                    Some(f) => f.1 = f.1.min(bad),
                    None => self.found.push((acc, bad)),
                }
            }
            return true;
        }
        let key = (i, right, l.clone(), r.clone());
        if self.dead.contains(&key) {
            return false;
        }
        let start = self.toks[i].0;
        let (mut l2, mut r2, mut acc2) = (l, r, acc);
        let mut j = i;
        let mut alive = false;
        while j < self.toks.len() {
            let t = self.toks[j];
            if self.s[start..t.1].chars().count() > MAX_WIDTH {
                break;
            }
            let ok = if right {
                match step_right(self.s, &mut r2, t) {
                    Ok(Some(p)) => {
                        acc2.right.push(p);
                        true
                    }
                    Ok(None) => true,
                    Err(()) => false,
                }
            } else {
                match step_left(self.s, &mut l2, t) {
                    Ok(Some(n)) => {
                        acc2.left.push(n);
                        true
                    }
                    Ok(None) => true,
                    Err(()) => false,
                }
            };
            if !ok {
                break;
            }
            j += 1;
            // Cut after word j-1: the next piece is the other column.
            if j == self.toks.len() || self.s[start..t.1].chars().count() >= MIN_WIDTH {
                self.path.push((right, i, j));
                alive |= self.go(j, !right, l2.clone(), r2.clone(), acc2.clone());
                self.path.pop();
            }
            if self.found.len() > MAX_READINGS || self.steps > BUDGET {
                return true;
            }
        }
        if !alive {
            self.dead.insert(key);
        }
        alive
    }
}

/// Rebuilds two interleaved columns. `left_lead` are the words of the left
/// column before the right column's heading, `rest` the words after that
/// heading (the right column's first piece comes first). Returns `None`
/// when no reading passes, or too many.
pub fn rebuild(s: &str, left_lead: &[Tok], rest: &[Tok]) -> Option<Rebuilt> {
    let mut l = Col::default();
    let mut acc = Rebuilt {
        left: Vec::new(),
        right: Vec::new(),
    };
    for &t in left_lead {
        if let Some(n) = step_left(s, &mut l, t).ok()? {
            acc.left.push(n);
        }
    }
    let mut search = Search {
        s,
        toks: rest,
        dead: HashSet::new(),
        found: Vec::new(),
        path: Vec::new(),
        steps: 0,
    };
    search.go(0, true, l, Col::default(), acc);
    if search.found.is_empty() || search.found.len() > MAX_READINGS || search.steps > BUDGET {
        return None;
    }
    // The readings whose lines are best filled; where they still differ,
    // the text does not decide: keep only what every one of them gives.
    let best = search.found.iter().map(|f| f.1).min()?;
    let mut readings: Vec<Rebuilt> = search
        .found
        .into_iter()
        .filter(|f| f.1 == best)
        .map(|f| f.0)
        .collect();
    let mut found = readings.pop()?;
    for other in &readings {
        found.left.retain(|n| other.left.contains(n));
        found.right.retain(|p| other.right.contains(p));
    }
    (!found.right.is_empty()).then_some(found)
}

/// Whether every proxy holder is a name of the left list, or comes after
/// its last name in alphabetical order (a left list cut by the end of the
/// text).
fn holders_known(s: &str, r: &Rebuilt) -> bool {
    let key = |n: &[Tok]| fold(&join(s, n)).replace(['-', ' '], "");
    let keys: HashSet<String> = r.left.iter().map(|n| key(n)).collect();
    let last = r.left.last().map(|n| surname(s, n)).unwrap_or_default();
    r.right
        .iter()
        .all(|(_, to)| keys.contains(&key(to)) || surname(s, to) > last)
}

/// The words of a name joined by spaces.
pub fn join(s: &str, words: &[Tok]) -> String {
    words
        .iter()
        .map(|&(a, b)| s[a..b].trim_end_matches(','))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of `s[a..b]` as byte ranges of `s`.
pub fn words(s: &str, a: usize, b: usize) -> Vec<Tok> {
    let mut out = Vec::new();
    for w in s[a..b].split_whitespace() {
        // `w` is a slice of `s`: its offset is where `find` would put it.
        let at = crate::person::offset_in(s, w);
        out.push((at, at + w.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_two_alphabetical_columns() {
        // Left: présents; right: proxies, cut into pieces of a column.
        let s = "Anne ARNAUD, Luc HEAD Eva BASTIEN donne pouvoir BAILLY, Marc CARON, à Anne ARNAUD, Paul DUMAS Lise DENIS, Ida donne pouvoir à Luc FABRE, ESTIVAL, Luc FABRE, Max";
        let head = s.find("HEAD").unwrap();
        let lead = words(s, 0, head);
        let rest = words(s, head + 5, s.len());
        let r = rebuild(s, &lead, &rest).expect("one reading");
        let left: Vec<String> = r.left.iter().map(|n| join(s, n)).collect();
        assert_eq!(
            left,
            [
                "Anne ARNAUD",
                "Luc BAILLY",
                "Marc CARON",
                "Lise DENIS",
                "Ida ESTIVAL",
                "Luc FABRE"
            ]
        );
        let right: Vec<(String, String)> = r
            .right
            .iter()
            .map(|(a, b)| (join(s, a), join(s, b)))
            .collect();
        assert_eq!(
            right,
            [
                ("Eva BASTIEN".to_owned(), "Anne ARNAUD".to_owned()),
                ("Paul DUMAS".to_owned(), "Luc FABRE".to_owned())
            ]
        );
    }

    #[test]
    fn gives_up_without_evidence() {
        let s = "Anne ARNAUD, Luc HEAD Eva BASTIEN donne pouvoir à Zoé ZOLA,";
        let head = s.find("HEAD").unwrap();
        let lead = words(s, 0, head);
        let rest = words(s, head + 5, s.len());
        // The holder is in no left list: not a rebuild.
        assert!(rebuild(s, &lead, &rest).is_none());
    }
}
