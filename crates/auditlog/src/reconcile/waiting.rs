//! The items of one side that wait for their partner: found by ID, or by account, request and
//! stamp; let go, oldest first, once the other side's front has passed them.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

use super::Partner;

pub(super) struct Waiting<T> {
    /// Each item by the number it was put under.
    items: HashMap<u64, T>,
    /// The number of the item of each ID.
    ids: HashMap<u64, u64>,
    /// The numbers of the items that pair by stamp, by account and then request.
    keys: HashMap<String, HashMap<String, Vec<u64>>>,
    /// Every number put, with its item's instant, in the order put; those taken since are
    /// passed over when they come to the front.
    order: VecDeque<(DateTime<Utc>, u64)>,
    next: u64,
}

impl<T> Default for Waiting<T> {
    fn default() -> Waiting<T> {
        Waiting {
            items: HashMap::new(),
            ids: HashMap::new(),
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
        if item.pairs_by_stamp() {
            let (account, request) = item.key();
            self.keys
                .entry(account.to_owned())
                .or_default()
                .entry(request.to_owned())
                .or_default()
                .push(n);
        }
        self.order.push_back((item.at(), n));
        self.items.insert(n, item);
    }

    /// How many items wait.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    /// The item of this ID.
    pub(super) fn take_id(&mut self, id: u64) -> Option<T> {
        let n = self.ids.get(&id).copied()?;
        self.take(n)
    }

    /// Of the items that pair by stamp, of this account and request, the one stamped nearest
    /// `at`, if within `skew`.
    pub(super) fn take_near(
        &mut self,
        (account, request): (&str, &str),
        at: DateTime<Utc>,
        skew: Duration,
    ) -> Option<T> {
        let numbers = self.keys.get(account)?.get(request)?;
        let distance = |n: &u64| (self.items[n].at() - at).abs();
        let nearest = numbers.iter().min_by_key(|n| distance(n)).copied()?;
        (distance(&nearest) <= skew)
            .then_some(nearest)
            .and_then(|n| self.take(n))
    }

    /// The items put at an instant before `cutoff`, in the order put (each stops at the first
    /// put at or after it: the order put is about the order of time).
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
        let order = std::mem::take(&mut self.order);
        order
            .into_iter()
            .filter_map(|(_, n)| self.take(n))
            .collect()
    }

    fn take(&mut self, n: u64) -> Option<T> {
        let item = self.items.remove(&n)?;
        if let Some(id) = item.id()
            && self.ids.get(&id) == Some(&n)
        {
            self.ids.remove(&id);
        }
        if item.pairs_by_stamp() {
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
