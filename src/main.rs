//! The `consult` binary: runs the library and exits with its code.

fn main() {
    std::process::exit(consult::run(std::env::args_os()));
}
