//! Helper threads that run beside the thread that starts them, on another
//! CPU, from their first microsecond.
//!
//! Linux puts a new thread on its parent's CPU and moves it to an idle one
//! only when it balances the load, up to a few milliseconds later: on a
//! two-CPU machine a `diff` of two 1 MB drafts read its two sides one
//! after the other (or taking turns on one CPU) in about half its runs,
//! the other CPU idle. A helper started by [`spawn`] first takes its
//! parent's CPU out of the set it may run on (the kernel moves it at
//! once), and the parent yields once so that a helper queued behind it
//! gets to do so. Where the CPU cannot be read or set (other systems, a
//! process allowed one CPU) the helper runs where the kernel puts it.

use std::thread::{Scope, ScopedJoinHandle};

/// Run `f` on a scoped thread kept off the calling thread's CPU (when the
/// process may use another). Same contract as [`Scope::spawn`].
pub fn spawn<'scope, 'env, T, F>(
    scope: &'scope Scope<'scope, 'env>,
    f: F,
) -> ScopedJoinHandle<'scope, T>
where
    F: FnOnce() -> T + Send + 'scope,
    T: Send + 'scope,
{
    let parent = current_cpu();
    let handle = scope.spawn(move || {
        if let Some(cpu) = parent {
            leave(cpu);
        }
        f()
    });
    if parent.is_some() {
        std::thread::yield_now();
    }
    handle
}

/// Run `f` on a thread of its own, kept off the calling thread's CPU as
/// [`spawn`] keeps it, and not joined: the caller does not wait for it
/// (the process may end first). Returns whether the thread was started.
pub fn spawn_detached(f: impl FnOnce() + Send + 'static) -> bool {
    let parent = current_cpu();
    let started = std::thread::Builder::new()
        .spawn(move || {
            if let Some(cpu) = parent {
                leave(cpu);
            }
            f()
        })
        .is_ok();
    if started && parent.is_some() {
        std::thread::yield_now();
    }
    started
}

/// How long [`recv_soon`] keeps looking before it sleeps.
const SPIN: std::time::Duration = std::time::Duration::from_micros(3000);

/// Receive from `rx` as [`Receiver::recv`](std::sync::mpsc::Receiver::recv)
/// does, looking again and again for up to [`SPIN`] before sleeping: for
/// a value expected within a fraction of a millisecond from a thread on
/// the other CPU. A thread asleep in `recv` took 50–70 µs to wake on a
/// two-CPU virtual machine, as long as the work it waited for (half a
/// 1 MB draft's summary). Errors: the sender is gone.
pub fn recv_soon<T>(rx: &std::sync::mpsc::Receiver<T>) -> Result<T, std::sync::mpsc::RecvError> {
    use std::sync::mpsc::TryRecvError;
    let start = std::time::Instant::now();
    let mut looks = 0u32;
    loop {
        match rx.try_recv() {
            Ok(value) => return Ok(value),
            Err(TryRecvError::Disconnected) => return Err(std::sync::mpsc::RecvError),
            Err(TryRecvError::Empty) => {}
        }
        looks = looks.wrapping_add(1);
        if looks.is_multiple_of(64) && start.elapsed() > SPIN {
            return rx.recv();
        }
        std::hint::spin_loop();
    }
}

/// The CPU the calling thread runs on.
#[cfg(target_os = "linux")]
fn current_cpu() -> Option<usize> {
    Some(rustix::thread::sched_getcpu())
}

#[cfg(not(target_os = "linux"))]
fn current_cpu() -> Option<usize> {
    None
}

/// Keep the calling thread off `cpu`, unless that would leave it none.
/// Returns whether the thread's CPU set was changed.
#[cfg(target_os = "linux")]
fn leave(cpu: usize) -> bool {
    use rustix::thread::{sched_getaffinity, sched_setaffinity};
    let Ok(mut set) = sched_getaffinity(None) else {
        return false;
    };
    if !set.is_set(cpu) || set.count() < 2 {
        return false;
    }
    set.unset(cpu);
    sched_setaffinity(None, &set).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn leave(_cpu: usize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_helper_returns_its_result_and_runs_off_the_parents_cpu_when_it_can() {
        let parent = current_cpu();
        let allowed = allowed_cpus();
        let (value, ran_on) = std::thread::scope(|s| {
            let helper = spawn(s, || (6 * 7, current_cpu()));
            helper.join().unwrap_or((0, None))
        });
        assert_eq!(value, 42);
        if let (Some(parent), Some(ran_on)) = (parent, ran_on)
            && allowed > 1
        {
            assert_ne!(parent, ran_on, "the helper ran on its parent's CPU");
        }
    }

    #[test]
    fn a_detached_helper_runs_off_the_parents_cpu_when_it_can() {
        let parent = current_cpu();
        let (done, arrived) = std::sync::mpsc::channel();
        assert!(spawn_detached(move || {
            let _ = done.send((6 * 7, current_cpu()));
        }));
        let (value, ran_on) = arrived.recv().unwrap_or((0, None));
        assert_eq!(value, 42);
        if let (Some(parent), Some(ran_on)) = (parent, ran_on)
            && allowed_cpus() > 1
        {
            assert_ne!(parent, ran_on, "the helper ran on its parent's CPU");
        }
    }

    #[test]
    fn the_parents_cpu_set_is_left_as_it_was() {
        let before = allowed_cpus();
        std::thread::scope(|s| spawn(s, || ()).join().unwrap_or(()));
        assert_eq!(allowed_cpus(), before);
    }

    #[test]
    fn recv_soon_takes_a_value_sent_early_or_late_and_sees_the_sender_gone() {
        let (tx, rx) = std::sync::mpsc::channel();
        assert!(tx.send(1).is_ok());
        assert_eq!(recv_soon(&rx), Ok(1));
        // Later than the spin: the value comes by the sleeping `recv`.
        let late = std::thread::spawn(move || {
            std::thread::sleep(SPIN * 2);
            let _ = tx.send(2);
        });
        assert_eq!(recv_soon(&rx), Ok(2));
        let _ = late.join();
        assert_eq!(recv_soon(&rx), Err(std::sync::mpsc::RecvError));
    }

    fn allowed_cpus() -> u32 {
        #[cfg(target_os = "linux")]
        return rustix::thread::sched_getaffinity(None).map_or(1, |s| s.count());
        #[cfg(not(target_os = "linux"))]
        1
    }
}
