//! Asking the kernel for a new buffer's memory at once instead of page by
//! page.
//!
//! Each 4 KiB page of a fresh allocation costs a page fault when it is
//! first written: on a virtual machine a fault costs several microseconds,
//! more than the work done on the page. A long draft's units (65 000 at
//! 10 MB) fill a buffer made at its final size; [`spare`] has the kernel
//! make its pages present in one call (`MADV_POPULATE_WRITE`, Linux 5.14+),
//! which leaves their contents as they are. Where the call is not
//! supported nothing happens, and the pages come one fault at a time.

/// Buffers smaller than this are left alone (a few pages: one call costs
/// more than the faults it saves).
const FROM_BYTES: usize = 64 * 1024;

/// The page size the range is cut to; where pages are larger the range
/// is not aligned, the kernel refuses it and nothing happens.
const PAGE: usize = 4096;

/// Make the pages of `v`'s spare capacity present (whole pages inside
/// it). Returns whether the kernel did; a refusal is no error (the pages
/// then come one fault at a time, as without this call).
pub fn spare<T>(v: &mut Vec<T>) -> bool {
    let spare = v.spare_capacity_mut();
    let bytes = std::mem::size_of_val(spare);
    if bytes < FROM_BYTES {
        return false;
    }
    let start = spare.as_mut_ptr() as usize;
    let from = start.next_multiple_of(PAGE);
    let to = (start + bytes) / PAGE * PAGE;
    to > from && populate(from, to - from)
}

#[cfg(target_os = "linux")]
fn populate(at: usize, len: usize) -> bool {
    use rustix::mm::{Advice, madvise};
    // SAFETY: `at..at + len` is inside a vector's spare capacity: memory
    // this process allocated and nothing reads or refers to yet.
    // MADV_POPULATE_WRITE only makes its pages present and writable, as a
    // first write would; it changes no byte and no mapping.
    unsafe { madvise(at as *mut std::ffi::c_void, len, Advice::LinuxPopulateWrite) }.is_ok()
}

#[cfg(not(target_os = "linux"))]
fn populate(_at: usize, _len: usize) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_populated_buffer_keeps_its_contents_and_takes_more() {
        let mut v: Vec<u64> = Vec::with_capacity(100_000);
        v.extend(0..10);
        spare(&mut v);
        v.extend(10..100_000);
        assert!(v.iter().copied().eq(0..100_000));
        // Small buffers and full ones are left alone.
        let mut small: Vec<u8> = Vec::with_capacity(10);
        assert!(!spare(&mut small));
        let mut full = vec![7u8; 1 << 20];
        assert!(!spare(&mut full));
        assert!(full.iter().all(|&b| b == 7));
    }

    /// Where the kernel populates, filling 4 MiB costs this thread a few
    /// page faults, not one per 4 KiB page (1 024).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_populated_buffer_is_filled_without_a_fault_per_page() {
        let mut v: Vec<u8> = Vec::with_capacity(4 << 20);
        if !spare(&mut v) {
            return; // a kernel before 5.14: nothing to measure
        }
        let before = minor_faults();
        v.resize(4 << 20, 1);
        let faults = minor_faults().zip(before).map(|(a, b)| a - b);
        assert!(faults.is_some_and(|f| f < 64), "{faults:?} faults");
    }

    /// This thread's minor page faults (field 10 of /proc/thread-self/stat).
    #[cfg(target_os = "linux")]
    fn minor_faults() -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        let after_name = stat.get(stat.rfind(')')? + 2..)?;
        after_name.split(' ').nth(7)?.parse().ok()
    }
}
