//! Git merge-conflict markers in consult's own files: recognised, and the
//! two sides read back, so that a disagreement between two clones is named
//! (both versions, both authors) instead of failing as "invalid YAML".

/// Whether `text` holds git conflict markers (a line starting `<<<<<<< `
/// and one starting `>>>>>>> `).
pub fn has_markers(text: &str) -> bool {
    let mut open = false;
    for line in text.lines() {
        if line.starts_with("<<<<<<<") {
            open = true;
        } else if open && line.starts_with(">>>>>>>") {
            return true;
        }
    }
    false
}

/// The two sides of a conflicted file: (ours, theirs). Lines outside the
/// markers belong to both; a diff3 base section is dropped.
pub fn sides(text: &str) -> (String, String) {
    #[derive(PartialEq)]
    enum At {
        Both,
        Ours,
        Base,
        Theirs,
    }
    let mut at = At::Both;
    let (mut ours, mut theirs) = (String::new(), String::new());
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<<") {
            at = At::Ours;
        } else if line.starts_with("|||||||") && at == At::Ours {
            at = At::Base;
        } else if line.starts_with("=======") && at != At::Both {
            at = At::Theirs;
        } else if line.starts_with(">>>>>>>") && at == At::Theirs {
            at = At::Both;
        } else {
            match at {
                At::Both => {
                    ours.push_str(line);
                    theirs.push_str(line);
                }
                At::Ours => ours.push_str(line),
                At::Theirs => theirs.push_str(line),
                At::Base => {}
            }
        }
    }
    (ours, theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_read_back() {
        let text = "<<<<<<< HEAD\na: 1\n=======\na: 2\n>>>>>>> origin/main\nb: 3\n";
        assert!(has_markers(text));
        let (ours, theirs) = sides(text);
        assert_eq!(ours, "a: 1\nb: 3\n");
        assert_eq!(theirs, "a: 2\nb: 3\n");
    }

    #[test]
    fn diff3_base_is_dropped() {
        let text = "x\n<<<<<<< ours\n1\n||||||| base\n0\n=======\n2\n>>>>>>> theirs\n";
        assert_eq!(sides(text), ("x\n1\n".to_string(), "x\n2\n".to_string()));
    }

    #[test]
    fn plain_text_has_no_markers() {
        assert!(!has_markers("a\n=======\nb\n"));
    }
}
