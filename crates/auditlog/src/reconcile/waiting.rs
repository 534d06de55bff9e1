//! The items of one side that wait for their partner: found by ID, or by account, request and
//! stamp; let go, oldest first, once the other side's front has passed them.

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

/// What either side's items tell the waiting room: the ID, when they carry one, the account
/// and request, and the instant.
pub(super) trait Partner {
    fn id(&self) -> Option<u64>;
    fn key(&self) -> (&str, &str);
    fn at(&self) -> DateTime<Utc>;
    /// Whether a partner without an ID may pair with it by stamp, and whether it waits by
    /// time: a row does both; a line only when it has no ID of its own (one with an ID waits
    /// for the rows to reach its ID).
    fn by_stamp(&self) -> bool;
}

pub(super) struct Waiting<T> {
    /// Each item by the number it was put under.
    items: HashMap<u64, T>,
    /// The number of the item of each ID, in the order of the IDs.
    ids: BTreeMap<u64, u64>,
    /// The numbers of the items that pair by stamp, by account and then request.
    keys: HashMap<String, HashMap<String, Vec<u64>>>,
    /// The numbers of the items that wait by time, with their instants, in the order put;
    /// those taken since are passed over when they come to the front.
    order: VecDeque<(DateTime<Utc>, u64)>,
    next: u64,
}

impl<T> Default for Waiting<T> {
    fn default() -> Waiting<T> {
        Waiting {
            items: HashMap::new(),
            ids: BTreeMap::new(),
            keys: HashMap::new(),
            order: VecDeque::new(),
            next: 0,
        }
    }
}

impl<T: Partner> Waiting<T> {
    pub(super) fn put(&mut self, item: T) {
        let n = self.next;
        self.next += 1;
        if let Some(id) = item.id() {
            self.ids.insert(id, n);
        }
        if item.by_stamp() {
            let (account, request) = item.key();
            self.keys
                .entry(account.to_owned())
                .or_default()
                .entry(request.to_owned())
                .or_default()
                .push(n);
            self.order.push_back((item.at(), n));
        }
        self.items.insert(n, item);
    }

    /// How many items wait.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether none waits.
    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item of this ID.
    pub(super) fn take_id(&mut self, id: u64) -> Option<T> {
        let n = self.ids.get(&id).copied()?;
        self.take(n)
    }

    /// Of the items that pair by stamp, of this account and request, stamped within `skew` of
    /// `at`: the one `differing` finds fewest differences with, the nearest of those.
    pub(super) fn take_near(
        &mut self,
        (account, request): (&str, &str),
        at: DateTime<Utc>,
        skew: Duration,
        differing: &dyn Fn(&T) -> usize,
    ) -> Option<T> {
        let numbers = self.keys.get(account)?.get(request)?;
        let distance = |n: &u64| (self.items[n].at() - at).abs();
        let best = numbers
            .iter()
            .filter(|n| distance(n) <= skew)
            .min_by_key(|n| (differing(&self.items[n]), distance(n)))
            .copied()?;
        self.take(best)
    }

    /// The items with an ID up to `last`, in the order of their IDs.
    pub(super) fn expire_ids(&mut self, last: u64) -> Vec<T> {
        let numbers: Vec<u64> = self.ids.range(..=last).map(|(_, &n)| n).collect();
        numbers.into_iter().filter_map(|n| self.take(n)).collect()
    }

    /// The items that wait by time put at an instant before `cutoff`, in the order put (it
    /// stops at the first put at or after it: the order put is about the order of time).
    pub(super) fn expire(&mut self, cutoff: DateTime<Utc>) -> Vec<T> {
        let mut gone = Vec::new();
        while let Some(&(at, n)) = self.order.front() {
            if at >= cutoff {
                break;
            }
            self.order.pop_front();
            gone.extend(self.take(n));
        }
        gone
    }

    /// Every item left, in the order put.
    pub(super) fn drain(&mut self) -> Vec<T> {
        let mut numbers: Vec<u64> = self.items.keys().copied().collect();
        numbers.sort_unstable();
        numbers.into_iter().filter_map(|n| self.take(n)).collect()
    }

    fn take(&mut self, n: u64) -> Option<T> {
        let item = self.items.remove(&n)?;
        if let Some(id) = item.id()
            && self.ids.get(&id) == Some(&n)
        {
            self.ids.remove(&id);
        }
        if item.by_stamp() {
            let (account, request) = item.key();
            if let Some(requests) = self.keys.get_mut(account) {
                if let Some(numbers) = requests.get_mut(request) {
                    numbers.retain(|&m| m != n);
                    if numbers.is_empty() {
                        requests.remove(request);
                    }
                }
                if requests.is_empty() {
                    self.keys.remove(account);
                }
            }
        }
        Some(item)
    }
}
