//! PDF replies: the text layer read with poppler's `pdftotext` (reading
//! order, CJK through the fonts' ToUnicode maps), pages without text but
//! with images read by OCR: a page holding one image (a scanner's) as the
//! image is stored (`pdfimages`), any other rendered (`pdftoppm`, 300 dpi).
//!
//! Before any program touches the file it is checked in bounded time from
//! its bytes: the `%PDF-` header and the `%%EOF` end (a truncated file has
//! none), and the declared page count, object
//! count and object-stream sizes (a PDF bomb declares millions) — so a
//! hostile file is refused in milliseconds. Every program runs with a time
//! limit. Why no Rust crate: see README (pdf-extract measured against
//! pdftotext on the test corpus).

use std::path::Path;
use std::time::Duration;

use crate::error::{Error, Position, Result};
use crate::intake::grid;
use crate::intake::tools::{self, Scratch};
use crate::t;

/// The most pages a reply PDF may have.
pub const MAX_PAGES: usize = 100;
/// The most objects (`n 0 obj` plus objects in object streams).
pub const MAX_OBJECTS: usize = 200_000;
/// A page with fewer visible characters than this has no usable text layer.
const MIN_PAGE_CHARS: usize = 10;
const TOOL_LIMIT: Duration = Duration::from_secs(30);

/// The text of a PDF, page by page, and which pages were read by OCR.
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    pub pages: Vec<String>,
    pub ocr_pages: Vec<usize>,
}

fn refuse(path: &Path, zh: String, hint: &str) -> Error {
    Error::input(Position::file(path), zh).with_hint(hint.to_string())
}

/// Check a PDF's bytes before reading it: header, end marker and size
/// limits. (A PDF that needs a password is refused when `pdfinfo` asks
/// for one; one merely restricted by its owner is read.) Linear in the file's size.
pub fn precheck(bytes: &[u8], path: &Path) -> Result<()> {
    let resend = crate::i18n::tr(
        "请对方重新导出 PDF 后再发送",
        "ask the sender to export the PDF again",
    );
    if !bytes.starts_with(b"%PDF-") {
        return Err(refuse(
            path,
            t!(
                "不是 PDF 文件（缺少 %PDF- 开头）",
                "not a PDF (no %PDF- header)"
            ),
            resend,
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if find(tail, b"%%EOF").is_none() {
        return Err(refuse(
            path,
            t!(
                "PDF 文件不完整（没有 %%EOF 结束标记，可能传输中被截断）",
                "the PDF is incomplete (no %%EOF end marker; cut off in transfer?)"
            ),
            resend,
        ));
    }
    let objects = count(bytes, b" obj") + object_stream_objects(bytes);
    if objects > MAX_OBJECTS {
        return Err(bomb(path, t!("{} 个对象", "{} objects", objects)));
    }
    if let Some(pages) = max_number_after(bytes, b"/Count")
        && pages > MAX_PAGES as u64
    {
        return Err(bomb(path, t!("{} 页", "{} pages", pages)));
    }
    Ok(())
}

fn bomb(path: &Path, what: String) -> Error {
    Error::input(
        Position::file(path),
        t!(
            "PDF 声明了 {}，超出反馈文件的上限（{} 页、{} 个对象），不予读取",
            "the PDF declares {}, beyond the limits for a reply ({} pages, {} objects); not read",
            what,
            MAX_PAGES,
            MAX_OBJECTS
        ),
    )
    .with_hint(crate::i18n::tr(
        "反馈意见不应有这么多页；请核实来源，必要时请对方只发送反馈函本身",
        "a reply has nowhere near that many pages; check where it came from and ask for the letter alone",
    ))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Objects declared inside object streams: the sum of their `/N`.
fn object_stream_objects(bytes: &[u8]) -> usize {
    let mut total = 0usize;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"/ObjStm") {
        let start = at + i;
        let end = (start + 512).min(bytes.len());
        let window_start = start.saturating_sub(512);
        let n = max_number_after(&bytes[window_start..end], b"/N").unwrap_or(0);
        total = total.saturating_add(usize::try_from(n).unwrap_or(usize::MAX));
        at = start + 7;
    }
    total
}

/// The largest number written right after `key` (e.g. `/Count 3`).
fn max_number_after(bytes: &[u8], key: &[u8]) -> Option<u64> {
    let mut best = None;
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], key) {
        let mut j = at + i + key.len();
        // `/N` must not be the start of `/Names` etc.
        if bytes.get(j).is_some_and(u8::is_ascii_alphabetic) {
            at = j;
            continue;
        }
        while bytes.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        let digits: Vec<u8> = bytes[j..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        if !digits.is_empty() {
            let n = std::str::from_utf8(&digits)
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(u64::MAX);
            best = Some(best.map_or(n, |b: u64| b.max(n)));
        }
        at = j.max(at + i + 1);
    }
    best
}

/// Read a PDF: its text layer, and OCR for pages that are images.
pub fn read(bytes: &[u8], path: &Path) -> Result<PdfText> {
    precheck(bytes, path)?;
    let dir = Scratch::new()?;
    dir.write("reply.pdf", bytes)?;
    let pages = page_count(&dir, path)?;
    let ran = tools::PDFTOTEXT.run(
        &["-enc", "UTF-8", "reply.pdf", "reply.txt"],
        dir.path(),
        TOOL_LIMIT,
        path,
    )?;
    if !ran.success {
        return Err(corrupt(path, &ran.stderr));
    }
    let text = std::fs::read_to_string(dir.path().join("reply.txt")).unwrap_or_default();
    let mut texts: Vec<String> = text.split('\x0C').map(str::to_string).collect();
    texts.resize(pages, String::new());
    tables(&dir, &mut texts, path);
    let empty: Vec<usize> = (0..pages)
        .filter(|&i| visible_chars(&texts[i]) < MIN_PAGE_CHARS)
        .collect();
    let mut out = PdfText {
        pages: texts,
        ocr_pages: Vec::new(),
    };
    if empty.is_empty() {
        return Ok(out);
    }
    let with_images = pages_with_images(&dir, path)?;
    let scanned: Vec<usize> = empty
        .into_iter()
        .filter(|i| with_images.contains(&(i + 1)))
        .collect();
    if scanned.is_empty() && out.pages.iter().all(|p| visible_chars(p) < MIN_PAGE_CHARS) {
        return Err(refuse(
            path,
            t!(
                "PDF 中既没有文字也没有图片（{} 页）",
                "the PDF has neither text nor images ({} pages)",
                pages
            ),
            crate::i18n::tr(
                "文件可能是空白页；请对方核对后重新发送",
                "the pages may be blank; ask the sender to check and send it again",
            ),
        ));
    }
    let images = scanned
        .iter()
        .map(|&i| page_image(&dir, i, &with_images, path))
        .collect::<Result<Vec<_>>>()?;
    for (i, text) in scanned
        .iter()
        .zip(crate::intake::ocr::read_pages(images, path)?)
    {
        out.pages[*i] = text;
        out.ocr_pages.push(*i);
    }
    Ok(out)
}

/// Pages that may hold a feedback form rebuilt from word positions
/// (`pdftotext -bbox`): see [`crate::intake::grid`]. A page without a
/// table keeps pdftotext's own reading order; any failure here does too.
fn tables(dir: &Scratch, texts: &mut [String], path: &Path) {
    if !texts.iter().any(|t| grid::may_hold_table(t)) {
        return;
    }
    let args = ["-bbox", "-enc", "UTF-8", "reply.pdf", "reply.html"];
    match tools::PDFTOTEXT.run(&args, dir.path(), TOOL_LIMIT, path) {
        Ok(ran) if ran.success => {}
        _ => return,
    }
    let html = std::fs::read_to_string(dir.path().join("reply.html")).unwrap_or_default();
    for (text, words) in texts.iter_mut().zip(bbox_words(&html)) {
        if grid::may_hold_table(text)
            && let Some(rebuilt) = grid::page_text(words)
        {
            *text = rebuilt;
        }
    }
}

/// The words of each page of `pdftotext -bbox` output, with their boxes.
fn bbox_words(html: &str) -> Vec<Vec<grid::Word>> {
    let mut pages: Vec<Vec<grid::Word>> = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            pages.push(Vec::new());
        }
        let Some(rest) = line.strip_prefix("<word ") else {
            continue;
        };
        let (Some(close), Some(page)) = (rest.find('>'), pages.last_mut()) else {
            continue;
        };
        let attrs = &rest[..close];
        let text = rest[close + 1..].trim_end_matches("</word>");
        let num = |key: &str| -> Option<f32> {
            let at = attrs.find(&format!("{key}=\""))? + key.len() + 2;
            attrs[at..].split('"').next()?.parse().ok()
        };
        if let (Some(x0), Some(y0), Some(x1), Some(y1)) =
            (num("xMin"), num("yMin"), num("xMax"), num("yMax"))
        {
            page.push(grid::Word {
                text: unescape(text),
                x0,
                y0,
                x1,
                y1,
            });
        }
    }
    pages
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn corrupt(path: &Path, stderr: &str) -> Error {
    let detail = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if stderr.contains("Incorrect password") {
        return refuse(
            path,
            t!(
                "PDF 已加密，需要密码",
                "the PDF is encrypted and needs a password"
            ),
            crate::i18n::tr("请对方发送未加密的 PDF", "ask for a PDF without encryption"),
        );
    }
    refuse(
        path,
        t!(
            "PDF 文件已损坏，无法读取（{}）",
            "the PDF is damaged and cannot be read ({})",
            detail
        ),
        crate::i18n::tr(
            "请对方重新导出 PDF 后再发送",
            "ask the sender to export the PDF again",
        ),
    )
}

/// The page count `pdfinfo` reports, within [`MAX_PAGES`].
fn page_count(dir: &Scratch, path: &Path) -> Result<usize> {
    let ran = tools::PDFINFO.run(&["reply.pdf"], dir.path(), TOOL_LIMIT, path)?;
    let out = String::from_utf8_lossy(&ran.stdout);
    let pages = out
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse::<usize>().ok());
    match pages {
        Some(n) if ran.success && n > MAX_PAGES => Err(bomb(path, t!("{} 页", "{} pages", n))),
        Some(n) if ran.success && n > 0 => Ok(n),
        _ => Err(corrupt(path, &ran.stderr)),
    }
}

/// 1-based numbers of the pages that hold at least one image.
fn pages_with_images(dir: &Scratch, path: &Path) -> Result<Vec<usize>> {
    let ran = tools::PDFIMAGES.run(&["-list", "reply.pdf"], dir.path(), TOOL_LIMIT, path)?;
    Ok(String::from_utf8_lossy(&ran.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect())
}

/// The image of a 0-based page: a scanner's page holds one image, taken
/// as stored (`pdfimages`, no resampling, which costs OCR accuracy);
/// any other page is rendered at 300 dpi.
fn page_image(
    dir: &Scratch,
    i: usize,
    with_images: &[usize],
    path: &Path,
) -> Result<image::DynamicImage> {
    if with_images.iter().filter(|&&p| p == i + 1).count() == 1
        && let Some(image) = stored_image(dir, i, path)
    {
        return Ok(image);
    }
    render(dir, i, path)
}

/// The one image of a 0-based page as stored (JPEG as is, others as PNM).
fn stored_image(dir: &Scratch, i: usize, path: &Path) -> Option<image::DynamicImage> {
    let n = (i + 1).to_string();
    let prefix = format!("stored{n}");
    let args = ["-j", "-f", &n, "-l", &n, "reply.pdf", &prefix];
    let ran = tools::PDFIMAGES
        .run(&args, dir.path(), TOOL_LIMIT, path)
        .ok()?;
    if !ran.success {
        return None;
    }
    let file = std::fs::read_dir(dir.path())
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(&prefix))?
        .path();
    let bytes = std::fs::read(&file).ok()?;
    let _ = std::fs::remove_file(&file);
    crate::intake::ocr::decode(&bytes, path).ok()
}

/// Render a 0-based page at 300 dpi.
fn render(dir: &Scratch, i: usize, path: &Path) -> Result<image::DynamicImage> {
    {
        let n = (i + 1).to_string();
        let prefix = format!("page{n}");
        let ran = tools::PDFTOPPM.run(
            &[
                "-r",
                "300",
                "-f",
                &n,
                "-l",
                &n,
                "-singlefile",
                "reply.pdf",
                &prefix,
            ],
            dir.path(),
            TOOL_LIMIT,
            path,
        )?;
        let ppm = dir.path().join(format!("{prefix}.ppm"));
        let bytes = std::fs::read(&ppm).map_err(|_| corrupt(path, &ran.stderr))?;
        let _ = std::fs::remove_file(&ppm);
        crate::intake::ocr::decode(&bytes, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("reply.pdf")
    }

    #[test]
    fn a_pdf_without_end_marker_is_truncated() {
        let err = precheck(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", p()).unwrap_err();
        assert!(err.to_string().contains("%%EOF"), "{err}");
    }

    #[test]
    fn a_huge_page_count_is_a_bomb() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Pages /Count 5000000 /Kids [] >>\nendobj\n%%EOF\n";
        let err = precheck(pdf, p()).unwrap_err();
        assert!(err.to_string().contains("5000000"), "{err}");
    }

    #[test]
    fn object_streams_are_counted() {
        let pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 9000000 /First 10 >>\nendobj\n%%EOF\n";
        let err = precheck(pdf, p()).unwrap_err();
        assert!(err.to_string().contains("9000001 "), "{err}");
    }

    #[test]
    fn names_are_not_counts() {
        assert_eq!(max_number_after(b"/Names 5 /N 3 /N7", b"/N"), Some(7));
    }

    #[test]
    fn bbox_words_are_read_per_page() {
        let html = "<doc>\n<page width=\"595\" height=\"842\">\n<word xMin=\"1.5\" yMin=\"2\" xMax=\"30\" yMax=\"20\">A&amp;B</word>\n</page>\n<page width=\"595\" height=\"842\">\n</page>\n";
        let pages = bbox_words(html);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0][0].text, "A&B");
        assert_eq!(pages[0][0].x0, 1.5);
        assert!(pages[1].is_empty());
    }

    #[test]
    fn a_password_error_says_encrypted() {
        let err = corrupt(p(), "Command Line Error: Incorrect password\n");
        assert!(err.to_string().contains("encrypt") || err.to_string().contains("加密"));
    }
}
