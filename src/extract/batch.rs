//! Many files through one function on every core, the results handed back in input order: the
//! engine of `treatygraph extract` over folders.
//!
//! The input is walked on a thread of its own (reading a large folder does not hold up the
//! workers) and handed over in chunks. Each worker takes the next chunk when it is free, so no
//! worker waits for another's slowest file; the caller's thread puts the chunks back in order.
//! Hand-over costs about one wake-up per chunk, not per file. At most `WINDOW` chunks are out at
//! a time, so memory does not grow with the number of inputs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::{Condvar, Mutex, MutexGuard};

use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::error::Result;

/// Files a worker takes at a time: enough that handing them over costs little, few enough that
/// the workers finish together.
const CHUNK: usize = 64;
/// Chunks taken but not yet handed back: enough to keep every core busy behind one slow file.
const WINDOW: usize = 16;

/// Runs `work` on every file of `files` in parallel and gives each outcome to `take`, in the
/// order of `files`. Stops at the first error `take` returns, and returns it.
pub fn in_input_order<T: Send>(
    files: impl Iterator<Item = PathBuf> + Send,
    work: impl Fn(&Path) -> T + Sync,
    mut take: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let (chunks_tx, chunks) = sync_channel::<Vec<PathBuf>>(4);
    let (done_tx, done) = sync_channel::<(usize, Vec<T>)>(4);
    let window = Window::new(WINDOW);
    std::thread::scope(|scope| {
        let window = &window;
        let work = &work;
        scope.spawn(move || {
            let mut files = files.peekable();
            while files.peek().is_some() {
                let chunk = files.by_ref().take(CHUNK).collect();
                if chunks_tx.send(chunk).is_err() {
                    return; // the caller stopped on an error
                }
            }
        });
        scope.spawn(move || {
            let _ = chunks
                .into_iter()
                .enumerate()
                .inspect(|_| window.enter())
                .par_bridge()
                .try_for_each_with(done_tx, |done_tx, (position, chunk)| {
                    let outcomes = chunk.iter().map(|path| work(path)).collect();
                    // Fails when the caller stopped on an error.
                    done_tx.send((position, outcomes))
                });
        });
        let mut waiting = HashMap::new();
        let mut next = 0;
        let take_in_order = || {
            for (position, outcomes) in done {
                waiting.insert(position, outcomes);
                while let Some(outcomes) = waiting.remove(&next) {
                    next += 1;
                    window.leave();
                    outcomes.into_iter().try_for_each(&mut take)?;
                }
            }
            Ok(())
        };
        let taken = take_in_order();
        // After an error, workers waiting for room must not wait for a caller that is gone.
        window.close();
        taken
    })
}

/// A bound on the chunks taken but not yet handed back.
struct Window {
    state: Mutex<WindowState>,
    room: Condvar,
    size: usize,
}

#[derive(Default)]
struct WindowState {
    taken: usize,
    /// Workers waiting for room: only then is there anyone to wake (a wake-up is a system call).
    waiting: usize,
    closed: bool,
}

impl Window {
    fn new(size: usize) -> Window {
        Window {
            state: Mutex::default(),
            room: Condvar::new(),
            size,
        }
    }

    fn state(&self) -> MutexGuard<'_, WindowState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes a place, once fewer than `size` are taken (or the window is closed).
    fn enter(&self) {
        let mut state = self.state();
        while state.taken >= self.size && !state.closed {
            state.waiting += 1;
            state = self
                .room
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            state.waiting -= 1;
        }
        state.taken += 1;
    }

    /// Gives a place back.
    fn leave(&self) {
        let mut state = self.state();
        state.taken -= 1;
        if state.waiting > 0 {
            self.room.notify_one();
        }
    }

    /// Lets every waiting worker through: nothing more will be taken.
    fn close(&self) {
        self.state().closed = true;
        self.room.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(count: usize) -> impl Iterator<Item = PathBuf> + Send {
        (0..count).map(|i| PathBuf::from(i.to_string()))
    }

    fn number(path: &Path) -> usize {
        path.to_str().unwrap().parse().unwrap()
    }

    #[test]
    fn outcomes_come_back_in_input_order_across_many_chunks() {
        let count = CHUNK * WINDOW * 3 + 7;
        let mut seen = Vec::new();
        in_input_order(
            numbered(count),
            |path| {
                // Uneven work, so that chunks finish out of order.
                let n = number(path);
                if n.is_multiple_of(97) {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                n * 2
            },
            |doubled| {
                seen.push(doubled);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..count).map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_from_the_caller_stops_the_run_and_is_returned() {
        let mut taken = 0;
        let outcome = in_input_order(numbered(CHUNK * WINDOW * 10), number, |n| {
            taken += 1;
            if n == 100 {
                return Err(crate::Error::Usage("stop".into()));
            }
            Ok(())
        });
        assert!(matches!(outcome, Err(crate::Error::Usage(reason)) if reason == "stop"));
        assert_eq!(taken, 101);
    }
}
