//! Charts drawn on the server as inline SVG: the bodies per reply state,
//! and the replies received over time against the deadline. Every text in
//! them is escaped; no script, no outside resource.

use chrono::{DateTime, FixedOffset};

use crate::status::{Counts, State};

/// Escape text for SVG/HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The colour class of a state (see app.css).
pub fn state_class(s: State) -> &'static str {
    s.key()
}

/// Horizontal bars: how many bodies are in each state.
pub fn states(counts: &Counts) -> String {
    let rows = [
        (State::Replied, counts.replied),
        (State::NoObjection, counts.no_objection),
        (State::Late, counts.late),
        (State::Pending, counts.pending),
        (State::Silent, counts.silent),
    ];
    let total = counts.total.max(1) as f64;
    let (w, row_h, label_w) = (420.0, 26.0, 120.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {}" role="img" aria-label="states" xmlns="http://www.w3.org/2000/svg">"#,
        row_h * rows.len() as f64 + 4.0
    );
    for (i, (state, n)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 2.0;
        let bar = (w - label_w - 40.0) * *n as f64 / total;
        svg.push_str(&format!(
            r#"<text x="0" y="{ty}" class="lbl">{label}</text><rect x="{label_w}" y="{y}" width="{bar:.1}" height="{h}" class="bar {cls}"/><text x="{tx:.1}" y="{ty}" class="num">{n}</text>"#,
            ty = y + 17.0,
            label = esc(state.label()),
            h = row_h - 8.0,
            cls = state_class(*state),
            tx = label_w + bar + 6.0,
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Replies received over time (a cumulative step line; late replies in
/// their own colour) against the deadline and, when it falls inside, now.
pub fn timeline(
    received: &[DateTime<FixedOffset>],
    deadline: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    total_bodies: usize,
) -> String {
    let mut times: Vec<_> = received.to_vec();
    times.sort();
    let week = chrono::Duration::days(7);
    let start = times
        .first()
        .copied()
        .unwrap_or(deadline - week)
        .min(deadline - week);
    let last = times.last().copied().unwrap_or(deadline).max(deadline);
    let end = if now > last && now - last < week {
        now
    } else {
        last
    };
    let span = (end - start).num_seconds().max(1) as f64 * 1.08;
    let (w, h, left, top, bottom) = (720.0, 220.0, 40.0, 14.0, 30.0);
    let plot_w = w - left - 12.0;
    let plot_h = h - top - bottom;
    let max_y = times.len().max(total_bodies).max(1) as f64;
    let x = |t: DateTime<FixedOffset>| left + plot_w * (t - start).num_seconds() as f64 / span;
    let y = |n: usize| top + plot_h * (1.0 - n as f64 / max_y);
    let mut svg = format!(
        r#"<svg class="chart timeline" viewBox="0 0 {w} {h}" role="img" aria-label="timeline" xmlns="http://www.w3.org/2000/svg">"#
    );
    svg.push_str(&format!(
        r#"<line x1="{left}" y1="{b}" x2="{r}" y2="{b}" class="axis"/><line x1="{left}" y1="{top}" x2="{left}" y2="{b}" class="axis"/><text x="{lx}" y="{ty}" class="lbl" text-anchor="end">{m}</text><text x="{lx}" y="{b}" class="lbl" text-anchor="end">0</text>"#,
        b = top + plot_h,
        r = w - 12.0,
        lx = left - 4.0,
        ty = top + 10.0,
        m = max_y as usize,
    ));
    let mut path = format!("M{left:.1},{:.1}", y(0));
    for (i, t) in times.iter().enumerate() {
        let px = x(*t);
        path.push_str(&format!(" L{px:.1},{:.1} L{px:.1},{:.1}", y(i), y(i + 1)));
    }
    path.push_str(&format!(" L{:.1},{:.1}", x(end), y(times.len())));
    svg.push_str(&format!(r#"<path d="{path}" class="step"/>"#));
    for (i, t) in times.iter().enumerate() {
        let cls = if *t > deadline { "dot late" } else { "dot" };
        svg.push_str(&format!(
            r#"<circle cx="{:.1}" cy="{:.1}" r="4" class="{cls}"/>"#,
            x(*t),
            y(i + 1)
        ));
    }
    let dx = x(deadline);
    svg.push_str(&format!(
        r#"<line x1="{dx:.1}" y1="{top}" x2="{dx:.1}" y2="{b}" class="deadline"/><text x="{dx:.1}" y="{tb}" class="lbl" text-anchor="middle">{d}</text>"#,
        b = top + plot_h,
        tb = h - 8.0,
        d = esc(&deadline.format("%m-%d %H:%M").to_string()),
    ));
    if now >= start && now <= end {
        let nx = x(now);
        svg.push_str(&format!(
            r#"<line x1="{nx:.1}" y1="{top}" x2="{nx:.1}" y2="{b}" class="now"/>"#,
            b = top + plot_h
        ));
    }
    svg.push_str(&format!(
        r#"<text x="{left}" y="{tb}" class="lbl">{s}</text>"#,
        tb = h - 8.0,
        s = esc(&start.format("%m-%d").to_string())
    ));
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_marks_late_replies() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let d = t("2023-05-26T17:30:00+08:00");
        let svg = timeline(
            &[
                t("2023-05-24T10:00:00+08:00"),
                t("2023-05-29T09:00:00+08:00"),
            ],
            d,
            t("2023-05-30T09:00:00+08:00"),
            25,
        );
        assert_eq!(svg.matches("class=\"dot late\"").count(), 1);
        assert_eq!(svg.matches("class=\"dot\"").count(), 1);
        assert!(svg.contains("class=\"deadline\""));
    }
}
