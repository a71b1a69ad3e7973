//! How the binary is linked (`build.rs`, `link_static`): statically on
//! Linux with glibc where the C toolchain has the static libraries, and
//! then still at home where static glibc is weakest (looking up the user
//! without `HOME`: libgit2 falls back to `getpwuid_r`).

use crate::harness::Ws;

/// Whether `cc` finds the static library `name`, as `build.rs` asks.
fn toolchain_has(name: &str) -> bool {
    std::process::Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|path| std::path::PathBuf::from(path.trim()))
        .is_some_and(|path| path.is_absolute() && path.exists())
}

/// Whether the 64-bit little-endian ELF file `bytes` names a program
/// interpreter (a `PT_INTERP` program header): a dynamically linked binary.
fn has_interpreter(bytes: &[u8]) -> bool {
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map_or(0, |b| u16::from_le_bytes([b[0], b[1]]) as usize)
    };
    let u64_at = |at: usize| {
        bytes.get(at..at + 8).map_or(0, |b| {
            u64::from_le_bytes(b.try_into().unwrap_or([0; 8])) as usize
        })
    };
    assert_eq!(bytes.get(..4), Some(&b"\x7fELF"[..]), "not an ELF file");
    let (offset, size, count) = (u64_at(0x20), u16_at(0x36), u16_at(0x38));
    (0..count).any(|k| {
        let at = offset + k * size;
        bytes.get(at..at + 4) == Some(&3u32.to_le_bytes()[..])
    })
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
fn the_binary_is_linked_statically_where_the_toolchain_can() {
    // The static libraries build.rs asks for, all of them.
    let libs = [
        "libc.a",
        "libm.a",
        "librt.a",
        "libdl.a",
        "libutil.a",
        "libpthread.a",
        "libz.a",
        "libgcc_eh.a",
    ];
    let can = libs.iter().all(|lib| toolchain_has(lib))
        && std::env::var("CONSULT_LINK").map_or(true, |v| v != "dynamic");
    let binary = std::fs::read(assert_cmd::cargo::cargo_bin("consult"))
        .unwrap_or_else(|e| panic!("read the binary: {e}"));
    assert_eq!(
        has_interpreter(&binary),
        !can,
        "static libraries found: {can}; the binary should have a loader only without them"
    );
}

#[test]
fn a_round_runs_without_home_or_user() {
    let ws = Ws::example();
    ws.write(
        "in/r.md",
        "---\ndepartment: 市教育局\nreceived: 2023-05-25 10:00\n---\n无修改意见。\n",
    );
    let bare = |args: &[&str]| {
        let mut cmd = ws.std_cmd();
        cmd.env_remove("HOME")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .args(args);
        let out = cmd.output().expect("run consult");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // A write (a git commit: libgit2 looks for the user's configuration)
    // and reads of the history and the status.
    bare(&["ingest", "in/r.md"]);
    assert!(bare(&["log"]).contains("市教育局"));
    assert!(bare(&["status", "--now", "2023-05-25T18:00:00+08:00"]).contains("市教育局"));
}
