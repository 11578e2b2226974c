//! The exact solver behind a rotation plan.
//!
//! The problem: choose blocks (intervals of days, each with a cost in cents and a value in whole
//! points) that do not overlap, whose costs add up to at most a cap, maximising the sum of their
//! values less a travel penalty between consecutive picks (none in the same city, half of it in
//! the same state, all of it otherwise).
//!
//! The algorithm: dynamic programming over blocks by start day, keeping Pareto fronts. For each
//! block `j`, `front(j)` holds every (value, cost) of a plan that ends with `j` and that no other
//! such plan beats on both (at most the cost, at least the value). A plan ending with `j` is `j`
//! added to the empty plan or to a plan ending with a block that finishes before `j` starts. Three
//! running fronts hold the best of those finished plans: all of them, those whose last block is in
//! `j`'s state, those whose last block is in `j`'s city. `front(j)` is `j` added to the merge of
//! the city front, the state front less half the penalty and the whole front less the penalty. A
//! remote block (a telerotation) is reached from anywhere (the whole front as it is) and joins
//! only the whole front: the block in person after it pays the full penalty, a move from
//! elsewhere, so a telerotation never shortens a journey.
//! Taking the best of the three tiers never undercounts the true penalty's plan and overcounts
//! none: a same-city plan also sits in the other fronts with a larger penalty, which the merge
//! drops. When a block's last day has passed it joins the running fronts.
//!
//! Why it is exact: a front is a complete answer to "the best value for each cost" among plans
//! ending there (a dominated plan can be replaced by the one dominating it in any extension,
//! because what may follow depends only on the last block's end and place), and every plan is
//! some block added to a plan that ends before it. Values are integers, so a front has at most one
//! point per value: the work is at most blocks × distinct values, pseudo-polynomial like a
//! knapsack, and in practice the fronts are short because few values fit under the cap.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One block as the solver sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// First day (any day number, e.g. days since the common era).
    pub start: i32,
    /// Last day, inclusive.
    pub end: i32,
    /// Cost in cents, at least 0.
    pub cost: i64,
    /// Value in points.
    pub value: i64,
    /// The city, as a number (the same city in two states must be two numbers).
    pub city: u32,
    /// The state, as a number.
    pub state: u32,
    /// Done from anywhere (a telerotation): no travel to it; the next block in person counts as a
    /// move from elsewhere.
    pub remote: bool,
}

/// The penalty between two consecutive picks.
pub fn penalty(travel: i64, a: &Item, b: &Item) -> i64 {
    if b.remote {
        0
    } else if a.remote {
        travel
    } else if a.city == b.city {
        0
    } else if a.state == b.state {
        travel / 2
    } else {
        travel
    }
}

/// A plan's value: its items' values less the travel between them, taken in order of start.
pub fn value_of(items: &[Item], picks: &[usize], travel: i64) -> i64 {
    let mut sorted: Vec<&Item> = picks.iter().map(|&i| &items[i]).collect();
    sorted.sort_by_key(|i| i.start);
    let own: i64 = sorted.iter().map(|i| i.value).sum();
    own - sorted.windows(2).map(|w| penalty(travel, w[0], w[1])).sum::<i64>()
}

/// A plan asked of one run: the most it may cost, and, if given, the day by which all its blocks
/// must have ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ask {
    /// The most it may cost, in cents.
    pub cap: i64,
    /// Only blocks ending on or before this day.
    pub until: Option<i32>,
}

/// The best plan for each ask: the items (indices, by start) of a plan of greatest value within
/// the ask's cap and day. One run answers them all: pops come in order of end, so the running
/// front, just before the first block ending after a day joins it, holds exactly the plans of
/// blocks ending by then. Travel is at least 0.
pub fn solve(items: &[Item], travel: i64, asks: &[Ask]) -> Vec<Vec<usize>> {
    let cap = asks.iter().map(|a| a.cap).max().unwrap_or(0);
    let mut days: Vec<i32> = asks.iter().filter_map(|a| a.until).collect();
    days.sort_unstable();
    days.dedup();
    let (finals, kept, nodes) = Fronts::new(items, travel.max(0), cap).run(&days);
    asks.iter()
        .map(|a| {
            let front = match a.until {
                None => &finals,
                Some(day) => &kept[days.binary_search(&day).unwrap_or(0)],
            };
            best_within(front, &nodes, a.cap)
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
struct Point {
    value: i64,
    cost: i64,
    node: u32,
}

const NONE: u32 = u32::MAX;

fn best_within(front: &[Point], nodes: &[(u32, u32)], cap: i64) -> Vec<usize> {
    let Some(best) = front.iter().filter(|p| p.cost <= cap && p.value > 0).max_by_key(|p| (p.value, Reverse(p.cost))) else {
        return Vec::new();
    };
    let mut picks = Vec::new();
    let mut node = best.node;
    while node != NONE {
        let (item, prev) = nodes[node as usize];
        picks.push(item as usize);
        node = prev;
    }
    picks.reverse();
    picks
}

struct Fronts<'a> {
    items: &'a [Item],
    travel: i64,
    cap: i64,
    nodes: Vec<(u32, u32)>,
    all: Vec<Point>,
    by_state: Vec<Vec<Point>>,
    by_city: Vec<Vec<Point>>,
    scratch: Vec<Point>,
}

/// The final front, the front kept at each day asked for, and the chains their points stand for.
type Run = (Vec<Point>, Vec<Vec<Point>>, Vec<(u32, u32)>);

impl<'a> Fronts<'a> {
    fn new(items: &'a [Item], travel: i64, cap: i64) -> Self {
        let states = items.iter().map(|i| i.state as usize + 1).max().unwrap_or(0);
        let cities = items.iter().map(|i| i.city as usize + 1).max().unwrap_or(0);
        Self {
            items,
            travel,
            cap,
            nodes: Vec::new(),
            all: Vec::new(),
            by_state: vec![Vec::new(); states],
            by_city: vec![Vec::new(); cities],
            scratch: Vec::new(),
        }
    }

    fn run(mut self, days: &[i32]) -> Run {
        let mut order: Vec<usize> = (0..self.items.len()).filter(|&i| self.items[i].cost <= self.cap).collect();
        order.sort_by_key(|&i| (self.items[i].start, i));
        let mut waiting: BinaryHeap<Reverse<(i32, usize)>> = BinaryHeap::new();
        let mut fronts: Vec<Vec<Point>> = vec![Vec::new(); self.items.len()];
        let mut kept: Vec<Vec<Point>> = Vec::with_capacity(days.len());
        let empty = [Point { value: 0, cost: 0, node: NONE }];
        for j in order {
            let item = self.items[j];
            while let Some(&Reverse((end, i))) = waiting.peek() {
                if end >= item.start {
                    break;
                }
                waiting.pop();
                while kept.len() < days.len() && days[kept.len()] < end {
                    kept.push(self.all.clone());
                }
                let done = std::mem::take(&mut fronts[i]);
                self.finish(i, &done);
            }
            let mut own = Vec::new();
            if item.remote {
                merge(&[(&empty[..], 0), (&self.all[..], 0)], self.cap - item.cost, &mut own);
            } else {
                let sources = [
                    (&empty[..], 0),
                    (&self.by_city[item.city as usize][..], 0),
                    (&self.by_state[item.state as usize][..], -(self.travel / 2)),
                    (&self.all[..], -self.travel),
                ];
                merge(&sources, self.cap - item.cost, &mut own);
            }
            for p in &mut own {
                self.nodes.push((j as u32, p.node));
                *p = Point { value: p.value + item.value, cost: p.cost + item.cost, node: (self.nodes.len() - 1) as u32 };
            }
            fronts[j] = own;
            waiting.push(Reverse((item.end, j)));
        }
        while let Some(Reverse((end, i))) = waiting.pop() {
            while kept.len() < days.len() && days[kept.len()] < end {
                kept.push(self.all.clone());
            }
            let done = std::mem::take(&mut fronts[i]);
            self.finish(i, &done);
        }
        while kept.len() < days.len() {
            kept.push(self.all.clone());
        }
        (self.all, kept, self.nodes)
    }

    /// A block's plans join the running fronts once its last day has passed.
    fn finish(&mut self, i: usize, done: &[Point]) {
        if done.is_empty() {
            return;
        }
        let item = self.items[i];
        let fronts: Vec<&mut Vec<Point>> = if item.remote {
            vec![&mut self.all]
        } else {
            vec![&mut self.all, &mut self.by_state[item.state as usize], &mut self.by_city[item.city as usize]]
        };
        for front in fronts {
            merge(&[(&front[..], 0), (done, 0)], i64::MAX, &mut self.scratch);
            std::mem::swap(front, &mut self.scratch);
        }
    }
}

/// The points of `sources` (each shifted in value by its amount) costing at most `limit` that no
/// other beats, by cost, into `out`. Every source is a front: by cost, values rising; at most five.
fn merge(sources: &[(&[Point], i64)], limit: i64, out: &mut Vec<Point>) {
    out.clear();
    let mut at = [0usize; 5];
    loop {
        let mut next: Option<(usize, Point)> = None;
        for (k, (front, shift)) in sources.iter().enumerate() {
            if let Some(p) = front.get(at[k]) {
                let p = Point { value: p.value + shift, ..*p };
                if next.is_none_or(|(_, q)| (p.cost, Reverse(p.value)) < (q.cost, Reverse(q.value))) {
                    next = Some((k, p));
                }
            }
        }
        let Some((k, p)) = next else { break };
        if p.cost > limit {
            break;
        }
        at[k] += 1;
        if out.last().is_none_or(|last| p.value > last.value) {
            out.push(p);
        }
    }
}
