//! Work spread over a few threads: the walk's content checks and the library's files.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads for file-system work and parsing: the work is mostly system calls and small
/// allocations that scale with cores; past a handful, threads only contend.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` over `items` on up to `threads` threads, each with its own scratch space; results in
/// the order of `items`. Results may borrow from the items.
pub(crate) fn map<'a, T, R, S, F>(items: &'a [T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    S: Default,
    F: Fn(&mut S, &'a T) -> R + Sync,
{
    let next = AtomicUsize::new(0);
    let work = || {
        let mut buf = S::default();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(&mut buf, item)));
        }
    };
    let threads = threads.clamp(1, items.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for other in others {
            // A panic in a worker goes on in the caller, as it would have without threads: a
            // result with items silently missing would be worse than no result.
            match other.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}
