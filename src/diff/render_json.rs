//! `diff --format json`: the DraftDiff written as compact JSON, streamed
//! straight from the borrowed diff, one clause per line.
//!
//! The shape (fields, names, order) is the `Serialize` form of
//! [`DraftDiff`]; only the white space differs from pretty printing. On a
//! 10 MB draft pretty printing wrote ~50 MB, mostly indentation and field
//! names over 65 000 unchanged clauses; one line per clause writes about
//! half and is still read line by line (`grep '"change":"modified"'`).

use std::io::{self, Write};

use super::model::DraftDiff;

/// Write `diff` as JSON to `w`: the header fields, then `"clauses"` with
/// one clause per line; ends with a newline. Errors: those of `w`.
pub fn write(diff: &DraftDiff<'_>, w: &mut dyn Write) -> io::Result<()> {
    let mut w = w;
    w.write_all(b"{\"from\":")?;
    to(&mut w, &diff.from)?;
    w.write_all(b",\"to\":")?;
    to(&mut w, &diff.to)?;
    w.write_all(b",\"funding_total_from_wan\":")?;
    to(&mut w, &Wan(diff.funding_total_from_wan))?;
    w.write_all(b",\"funding_total_to_wan\":")?;
    to(&mut w, &Wan(diff.funding_total_to_wan))?;
    w.write_all(b",\"summary\":")?;
    to(&mut w, &diff.summary)?;
    w.write_all(b",\"clauses\":[")?;
    for (i, clause) in diff.clauses.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        to(&mut w, clause)?;
    }
    w.write_all(b"\n]}\n")
}

/// One value, compact.
fn to<T: serde::Serialize + ?Sized>(w: &mut &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut **w, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    })
}

/// An amount in 万元 as the pretty form writes it (whole numbers without
/// a fraction).
struct Wan(f64);

impl serde::Serialize for Wan {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::model::wan(&self.0, s)
    }
}
