//! How glibc's `malloc` grows its heaps: with 16 MiB of room at a time
//! instead of the 128 KiB it keeps by default.
//!
//! Each growth of a heap, and each return of memory at its top, is a
//! system call that changes the process's memory map (`brk` for the main
//! heap, `mprotect` and `madvise` for a thread's). A 1 MB `diff` (two
//! reading threads, 3.85 MB of JSON) made 28 `brk` and `mprotect` calls;
//! asked to keep 16 MiB of room (`M_TOP_PAD`), 12, and it took 0.93–0.95
//! of the time (the same binary with and without, whole processes in turn,
//! 201 and 301 rounds). Which of the calls cost the most was not measured.
//! The room is address space until a page of it is written; memory freed
//! below it stays with the process until it ends, which suits a command
//! that ends. `consult serve`, which runs on, does not ask for it.

/// What each growth of a heap leaves free above the request, in bytes.
pub const TOP_PAD: usize = 16 * 1024 * 1024;

/// Ask glibc's `malloc` to grow its heaps by at least [`TOP_PAD`]; false
/// where it refused or is not glibc (nothing else changes then). Called
/// once, as soon as the command line is read, before the allocations it is
/// meant for.
pub fn widen() -> bool {
    set_top_pad(TOP_PAD)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set_top_pad(bytes: usize) -> bool {
    let Ok(bytes) = libc::c_int::try_from(bytes) else {
        return false;
    };
    // SAFETY: `mallopt` only sets one of malloc's parameters; M_TOP_PAD
    // takes any non-negative size and changes no memory already handed out.
    unsafe { libc::mallopt(libc::M_TOP_PAD, bytes) == 1 }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set_top_pad(_bytes: usize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn glibc_takes_the_padding_and_memory_works_as_before() {
        assert!(widen());
        // Allocations small and large, freed in another order, still work.
        let blocks: Vec<Vec<u8>> = (0..64).map(|k| vec![k as u8; 1 << (k % 20)]).collect();
        for (k, b) in blocks.iter().enumerate() {
            assert!(b.iter().all(|&x| x == k as u8));
        }
        drop(blocks);
        let big = vec![7u8; 40 * 1024 * 1024];
        assert_eq!(
            big.iter().map(|&x| x as usize).sum::<usize>(),
            7 * 40 * 1024 * 1024
        );
    }
}
