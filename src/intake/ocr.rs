//! Scans and photos of letters read by OCR (Tesseract, `chi_sim`, automatic
//! page layout). `chi_sim` alone reads the digits and Latin letters of a
//! Chinese letter; adding `eng` made Tesseract read whole Chinese lines as
//! English garbage (特此函复 → `AFUE PAL`) on the test corpus.
//!
//! Each page image is cleaned first: made grayscale with the red seal
//! turned white (pixels where red clearly dominates), so the stamp does not
//! garble the signature under it; scaled so an A4 page is about 300 dpi
//! wide; and straightened (the skew angle found by projection profiles,
//! ±6° in 0.2° steps). Pages are read in parallel, one Tesseract per core.

use std::io::Cursor;
use std::path::Path;
use std::time::Duration;

use image::{DynamicImage, GrayImage, ImageReader, Luma};

use crate::error::{Error, Position, Result};
use crate::intake::grid;
use crate::intake::ruled::{self, Rule};
use crate::intake::tools::{self, Scratch};
use crate::t;

/// The shortest side, in pixels, of an image that can hold a readable letter.
pub const MIN_SIDE: u32 = 300;
/// The largest image read (width × height).
const MAX_PIXELS: u64 = 80_000_000;
/// Tesseract's time limit per page.
const PAGE_LIMIT: Duration = Duration::from_secs(60);
/// Width an A4 page is scaled to when narrower (about 250 dpi).
const TARGET_WIDTH: u32 = 2100;

/// The warning put on opinions read by OCR that propose edits.
pub fn confirm_warning() -> String {
    crate::i18n::tr(
        "OCR 识别：建议修改据扫描件识别文字读出，请对照原件核对后再采纳",
        "OCR: the proposed edits were read from a scan by OCR; check them against the original before adopting",
    )
    .to_string()
}

/// Whether a warning is the OCR confirmation mark.
pub fn is_confirm_warning(w: &str) -> bool {
    w.starts_with("OCR")
}

/// Decode an image file (JPEG, PNG, TIFF) with size limits; refuse one too
/// small to read.
pub fn decode(bytes: &[u8], path: &Path) -> Result<DynamicImage> {
    let bad = |e: String| {
        Error::input(
            Position::file(path),
            t!("无法读取图片：{}", "cannot read the image: {}", e),
        )
    };
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?;
    let (w, h) = reader.into_dimensions().map_err(|e| bad(e.to_string()))?;
    check_size(w, h, path)?;
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader.decode().map_err(|e| bad(e.to_string()))
}

/// The most pages (frames) read from one TIFF.
pub const MAX_FRAMES: usize = 100;

/// Decode every page of an image file: each frame of a multi-page TIFF
/// (a scanner's usual output), else the one image. The first frame is
/// decoded as [`decode`] does; later frames through the `tiff` crate
/// (gray or RGB(A), 1, 8 or 16 bits; others are refused naming the page).
pub fn decode_pages(bytes: &[u8], path: &Path) -> Result<Vec<DynamicImage>> {
    let first = decode(bytes, path)?;
    if !(bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*")) {
        return Ok(vec![first]);
    }
    let mut pages = vec![first];
    let Ok(mut tiff) = tiff::decoder::Decoder::new(Cursor::new(bytes)) else {
        return Ok(pages);
    };
    while tiff.more_images() {
        if pages.len() >= MAX_FRAMES {
            return Err(Error::input(
                Position::file(path),
                t!(
                    "TIFF 文件超过 {} 页，不予读取",
                    "the TIFF has more than {} pages; not read",
                    MAX_FRAMES
                ),
            ));
        }
        let page = pages.len() + 1;
        let frame = tiff
            .next_image()
            .ok()
            .and_then(|()| tiff_frame(&mut tiff, path).transpose())
            .unwrap_or_else(|| {
                Err(Error::input(
                    Position::file(path),
                    t!(
                        "无法读取 TIFF 文件的第 {} 页",
                        "cannot read page {} of the TIFF",
                        page
                    ),
                )
                .with_hint(crate::i18n::tr(
                    "请对方把扫描件另存为 PDF 或逐页 JPEG/PNG 后再发送",
                    "ask for the scan as a PDF or one JPEG/PNG per page",
                )))
            })?;
        pages.push(frame);
    }
    Ok(pages)
}

/// The current frame of a TIFF as an image; `Ok(None)` for a pixel
/// format not handled here.
fn tiff_frame(
    tiff: &mut tiff::decoder::Decoder<Cursor<&[u8]>>,
    path: &Path,
) -> Result<Option<DynamicImage>> {
    use tiff::ColorType as C;
    use tiff::decoder::DecodingResult as D;
    let bad = || {
        Error::input(
            Position::file(path),
            t!("无法读取 TIFF 图片", "cannot read the TIFF image"),
        )
    };
    let (w, h) = tiff.dimensions().map_err(|_| bad())?;
    check_size(w, h, path)?;
    let color = tiff.colortype().map_err(|_| bad())?;
    let white_is_zero = tiff
        .find_tag_unsigned::<u16>(tiff::tags::Tag::PhotometricInterpretation)
        .ok()
        .flatten()
        == Some(0);
    let data = tiff.read_image().map_err(|_| bad())?;
    let to8 = |v: Vec<u16>| -> Vec<u8> { v.into_iter().map(|x| (x >> 8) as u8).collect() };
    let image = match (color, data) {
        (C::Gray(1), D::U8(packed)) => {
            let row = (w as usize).div_ceil(8);
            GrayImage::from_fn(w, h, |x, y| {
                let byte = packed
                    .get(y as usize * row + x as usize / 8)
                    .copied()
                    .unwrap_or(0);
                let bit = (byte >> (7 - x % 8)) & 1;
                Luma([if (bit == 1) != white_is_zero { 255 } else { 0 }])
            })
            .into()
        }
        (C::Gray(8), D::U8(v)) => GrayImage::from_raw(w, h, v)
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        (C::Gray(16), D::U16(v)) => GrayImage::from_raw(w, h, to8(v))
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        (C::GrayA(8), D::U8(v)) => image::GrayAlphaImage::from_raw(w, h, v)
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        (C::RGB(8), D::U8(v)) => image::RgbImage::from_raw(w, h, v)
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        (C::RGB(16), D::U16(v)) => image::RgbImage::from_raw(w, h, to8(v))
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        (C::RGBA(8), D::U8(v)) => image::RgbaImage::from_raw(w, h, v)
            .map(DynamicImage::from)
            .ok_or_else(bad)?,
        _ => return Ok(None),
    };
    Ok(Some(image))
}

fn check_size(w: u32, h: u32, path: &Path) -> Result<()> {
    if w.min(h) < MIN_SIDE {
        return Err(Error::input(
            Position::file(path),
            t!(
                "图片太小（{}×{} 像素），无法识别文字",
                "the image is too small to read ({}×{} pixels)",
                w,
                h
            ),
        )
        .with_hint(t!(
            "请对方重新扫描或拍照（每边至少 {} 像素；建议 300 dpi 扫描）",
            "ask for a new scan or photo (at least {} pixels a side; 300 dpi scans work best)",
            MIN_SIDE
        )));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Error::input(
            Position::file(path),
            t!(
                "图片过大（{}×{} 像素）",
                "the image is too large ({}×{} pixels)",
                w,
                h
            ),
        ));
    }
    Ok(())
}

/// Read the text of page images (in order), one Tesseract per core.
pub fn read_pages(images: Vec<DynamicImage>, path: &Path) -> Result<Vec<String>> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut texts = Vec::with_capacity(images.len());
    for chunk in images.chunks(cores.max(1)) {
        let results: Vec<Result<String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|img| scope.spawn(move || read_page(img, path)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::usage("an OCR thread failed")))
                })
                .collect()
        });
        for r in results {
            texts.push(r?);
        }
    }
    Ok(texts)
}

/// Clean one page and run Tesseract on it.
fn read_page(img: &DynamicImage, path: &Path) -> Result<String> {
    let (gray, rules) = clean_with_rules(img);
    let dir = Scratch::new()?;
    let pgm = dir.path().join("page.pgm");
    gray.save(&pgm)
        .map_err(|e| Error::io("failed to write", &pgm, std::io::Error::other(e)))?;
    let dpi = (u64::from(gray.width()) * 100 / 827)
        .clamp(70, 600)
        .to_string();
    let ran = tools::TESSERACT.run(
        &[
            "page.pgm", "page", "-l", "chi_sim", "--dpi", &dpi, "--psm", "3", "txt", "tsv",
        ],
        dir.path(),
        PAGE_LIMIT,
        path,
    )?;
    if !ran.success {
        return Err(Error::input(
            Position::file(path),
            t!(
                "OCR 失败：{}",
                "OCR failed: {}",
                ran.stderr.lines().last().unwrap_or("")
            ),
        )
        .with_hint(t!(
            "确认已安装中文识别数据：sudo apt-get install -y {}",
            "check the Chinese OCR data is installed: sudo apt-get install -y {}",
            tools::TESSERACT.packages
        )));
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    let text = read("page.txt");
    let words = tsv_words(&read("page.tsv"));
    // A ruled table is tried whatever the first reading made of its
    // header (the rules mixed into it garble it).
    if let Some(text) = ruled_text(&gray, &rules, &words, &dir, &dpi, path) {
        return Ok(text);
    }
    if !grid::may_hold_table(&text) || grid::page_text(words.clone()).is_none() {
        return Ok(text);
    }
    // A feedback table: read again as one uniform block (`--psm 6`), which
    // keeps a cell's punctuation and narrow columns that the automatic
    // layout loses; the lines around the table stay as first read.
    let again = tools::TESSERACT.run(
        &[
            "page.pgm", "block", "-l", "chi_sim", "--dpi", &dpi, "--psm", "6", "tsv",
        ],
        dir.path(),
        PAGE_LIMIT,
        path,
    );
    let block = match again {
        Ok(ran) if ran.success => tsv_words(&read("block.tsv")),
        _ => Vec::new(),
    };
    Ok(grid::merged_text(words.clone(), block)
        .or_else(|| grid::page_text(words))
        .unwrap_or(text))
}

/// The page's text with its ruled feedback table read cell by cell (see
/// [`ruled`]); `None` when the page's rules make no table or its first row
/// is no feedback table's header.
fn ruled_text(
    gray: &GrayImage,
    rules: &[Rule],
    words: &[grid::Word],
    dir: &Scratch,
    dpi: &str,
    path: &Path,
) -> Option<String> {
    let table = ruled::find(rules)?;
    let cells = table.cells();
    let mut list = String::new();
    let mut at: Vec<(usize, usize)> = Vec::new();
    for (r, row) in cells.iter().enumerate() {
        for (c, &rect) in row.iter().enumerate() {
            if let Some(cell) = ruled::cell_image(gray, rect) {
                let name = format!("cell-{r}-{c}.pgm");
                cell.save(dir.path().join(&name)).ok()?;
                list.push_str(&name);
                list.push('\n');
                at.push((r, c));
            }
        }
    }
    std::fs::write(dir.path().join("cells.list"), list).ok()?;
    let args = [
        "cells.list",
        "cells",
        "-l",
        "chi_sim",
        "--dpi",
        dpi,
        "--psm",
        "6",
        "txt",
    ];
    let ran = tools::TESSERACT
        .run(&args, dir.path(), PAGE_LIMIT, path)
        .ok()?;
    let out = std::fs::read_to_string(dir.path().join("cells.txt")).ok()?;
    let texts: Vec<&str> = out.split('\x0C').collect();
    if !ran.success || texts.len() < at.len() {
        return None;
    }
    let width = cells.first().map_or(0, Vec::len);
    let mut rows = vec![vec![String::new(); width]; cells.len()];
    for (&(r, c), text) in at.iter().zip(texts) {
        rows[r][c] = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let (y0, y1) = table.extent();
    grid::with_table(words.to_vec(), y0 as f32, y1 as f32, rows)
}

/// The words of Tesseract's TSV output (level 5 rows), with their boxes
/// in pixels.
fn tsv_words(tsv: &str) -> Vec<grid::Word> {
    tsv.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 || f[0] != "5" || f[11].trim().is_empty() {
                return None;
            }
            let n = |i: usize| f[i].parse::<f32>().ok();
            let (x, y, w, h) = (n(6)?, n(7)?, n(8)?, n(9)?);
            Some(grid::Word {
                text: f[11].to_string(),
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + h,
            })
        })
        .collect()
}

/// Grayscale with the red seal removed, scaled, straightened, table rules
/// erased.
pub fn clean(img: &DynamicImage) -> GrayImage {
    clean_with_rules(img).0
}

/// [`clean`], and the table rules it erased.
pub fn clean_with_rules(img: &DynamicImage) -> (GrayImage, Vec<Rule>) {
    let rgb = img.to_rgb8();
    // Over the raw bytes: per-pixel calls are slow in unoptimized (test) builds.
    let levels: Vec<u8> = rgb
        .as_raw()
        .chunks_exact(3)
        .map(|p| without_red(p[0], p[1], p[2]))
        .collect();
    let mut gray = GrayImage::from_raw(rgb.width(), rgb.height(), levels)
        .unwrap_or_else(|| GrayImage::from_pixel(rgb.width(), rgb.height(), Luma([255])));
    if gray.width() < TARGET_WIDTH {
        let h = u32::try_from(
            u64::from(gray.height()) * u64::from(TARGET_WIDTH) / u64::from(gray.width()),
        )
        .unwrap_or(u32::MAX);
        // Through DynamicImage: the same resize, compiled (and optimized) in
        // the image crate rather than instantiated here.
        gray = DynamicImage::ImageLuma8(gray)
            .resize_exact(TARGET_WIDTH, h, image::imageops::FilterType::Triangle)
            .into_luma8();
    }
    let angle = skew_angle(&gray);
    if angle.abs() >= 0.1 {
        gray = rotate(&gray, angle);
    }
    let rules = without_rules(&mut gray);
    (gray, rules)
}

/// Table rules erased: thin dark runs longer than a twentieth of the
/// page's width, across or down (no stroke of a character is that long),
/// turned white, so Tesseract reads a bordered feedback form's cells
/// instead of `|` and garbled labels. A run counts as a rule only when the
/// pixels a few rows (columns) off it are mostly light, so a dim photo's
/// gray background is never taken for one. Both directions are found
/// before either is erased.
pub fn without_rules(gray: &mut GrayImage) -> Vec<Rule> {
    let (w, h) = gray.dimensions();
    let min_run = (w / 20).max(40);
    let off = (w / 400).max(4);
    let dark = |x: u32, y: u32| gray.get_pixel_checked(x, y).is_some_and(|p| p.0[0] < 215);
    let thin = |x: u32, y: u32, n: u32, across: bool| {
        let darks = |d: i64| {
            (0..n)
                .filter(|&i| {
                    let (px, py) = if across {
                        (i64::from(x + i), i64::from(y) + d)
                    } else {
                        (i64::from(x) + d, i64::from(y + i))
                    };
                    let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py)) else {
                        return false;
                    };
                    dark(px, py)
                })
                .count() as u32
        };
        darks(-i64::from(off)) * 2 <= n && darks(i64::from(off)) * 2 <= n
    };
    // (x, y, length, across)
    let mut rules: Vec<(u32, u32, u32, bool)> = Vec::new();
    for y in 0..h {
        runs(
            w,
            |x| dark(x, y),
            min_run,
            |s, n| rules.push((s, y, n, true)),
        );
    }
    for x in 0..w {
        runs(
            h,
            |y| dark(x, y),
            min_run,
            |s, n| rules.push((x, s, n, false)),
        );
    }
    rules.retain(|&(x, y, n, across)| thin(x, y, n, across));
    for &(x, y, n, across) in &rules {
        for i in 0..n {
            let (px, py) = if across { (x + i, y) } else { (x, y + i) };
            gray.put_pixel(px, py, Luma([255]));
        }
    }
    rules
        .into_iter()
        .map(|(x, y, len, across)| Rule { x, y, len, across })
        .collect()
}

/// Calls `found(start, length)` for each run of `is_dark` over `0..len`
/// at least `min` long; a run goes on over up to four light pixels (scan
/// noise on a rule).
fn runs(len: u32, is_dark: impl Fn(u32) -> bool, min: u32, mut found: impl FnMut(u32, u32)) {
    let mut start = None;
    let mut last_dark = 0;
    for i in 0..=len {
        let dark = i < len && is_dark(i);
        match start {
            None if dark => start = Some(i),
            Some(s) if !dark && (i == len || i - last_dark > 4) => {
                let n = last_dark + 1 - s;
                if n >= min {
                    found(s, n);
                }
                start = None;
            }
            _ => {}
        }
        if dark {
            last_dark = i;
        }
    }
}

/// A pixel's gray level; where red dominates (seal ink, and its pink
/// edges) the red channel is taken, in which red ink is light while black
/// text stamped over stays black.
fn without_red(r: u8, g: u8, b: u8) -> u8 {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    let luminance = (299 * r + 587 * g + 114 * b) / 1000;
    // The red channel, not brighter: colour noise on black text (a
    // scanner's, JPEG's) keeps its low red value and stays dark.
    let value = if r - g.max(b) > 25 {
        r.max(luminance)
    } else {
        luminance
    };
    u8::try_from(value).unwrap_or(255)
}

/// The skew of the text lines, in degrees: the angle whose row profile of
/// dark pixels is sharpest.
pub fn skew_angle(gray: &GrayImage) -> f32 {
    let step = (gray.width() / 800).max(1);
    let (w, raw) = (gray.width() as usize, gray.as_raw());
    let dark: Vec<(f32, f32)> = (0..gray.height())
        .step_by(step as usize)
        .flat_map(|y| {
            (0..gray.width())
                .step_by(step as usize)
                .filter(move |&x| raw[y as usize * w + x as usize] < 110)
                .map(move |x| (x as f32, y as f32))
        })
        .collect();
    if dark.len() < 200 {
        return 0.0;
    }
    let rows = (gray.width() + gray.height()) as usize * 2 / step as usize + 4;
    let score = |deg: f32| -> u64 {
        let (s, c) = deg.to_radians().sin_cos();
        let mut bins = vec![0u32; rows];
        let offset = rows as f32 / 2.0;
        for &(x, y) in &dark {
            let v = ((y * c - x * s) / step as f32 + offset) as usize;
            if let Some(b) = bins.get_mut(v) {
                *b += 1;
            }
        }
        bins.iter().map(|&b| u64::from(b) * u64::from(b)).sum()
    };
    let mut best = (score(0.0), 0.0);
    for i in -30..=30 {
        let deg = i as f32 * 0.2;
        let s = score(deg);
        if s > best.0 {
            best = (s, deg);
        }
    }
    best.1
}

/// The image turned so lines at `deg` become level; white fills the corners.
pub fn rotate(gray: &GrayImage, deg: f32) -> GrayImage {
    let (s, c) = deg.to_radians().sin_cos();
    let (w, h) = gray.dimensions();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let from = gray.as_raw();
    let mut to = vec![255u8; from.len()];
    for (v, row) in to.chunks_exact_mut(w.max(1) as usize).enumerate() {
        let v = v as f32 - cy;
        for (u, out) in row.iter_mut().enumerate() {
            let u = u as f32 - cx;
            let x = u * c - v * s + cx;
            let y = u * s + v * c + cy;
            if x >= 0.0 && y >= 0.0 && (x as u32) < w && (y as u32) < h {
                *out = from[(y as u32 * w + x as u32) as usize];
            }
        }
    }
    GrayImage::from_raw(w, h, to).unwrap_or_else(|| gray.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_red_turns_light_and_black_ink_stays() {
        assert!(without_red(220, 30, 40) >= 220);
        assert!(without_red(245, 170, 170) >= 245);
        assert!(without_red(60, 20, 25) <= 60, "noisy black text stays dark");
        assert!(
            without_red(130, 95, 100) <= 130,
            "noisy gray text is not made lighter than its red value"
        );
        assert_eq!(without_red(0, 0, 0), 0);
        assert_eq!(without_red(255, 255, 255), 255);
        assert!(without_red(20, 20, 20) < 40);
        assert!(without_red(120, 110, 110) < 200);
    }

    /// Dark horizontal bars turned by a known angle are found again.
    #[test]
    fn skew_is_found() {
        let mut img = GrayImage::from_pixel(1000, 1000, Luma([255]));
        for bar in 0..12 {
            for x in 100..900 {
                for t in 0..6 {
                    img.put_pixel(x, 150 + bar * 60 + t, Luma([0]));
                }
            }
        }
        assert!(skew_angle(&img).abs() < 0.21);
        for deg in [2.0f32, -1.6] {
            let turned = rotate(&img, -deg);
            let found = skew_angle(&turned);
            assert!((found - deg).abs() <= 0.41, "turned {deg}, found {found}");
            let back = skew_angle(&rotate(&turned, found));
            assert!(back.abs() <= 0.21, "{back}");
        }
    }

    #[test]
    fn tsv_words_are_level_5_rows_with_text() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n4\t1\t1\t1\t1\t0\t10\t20\t300\t40\t-1\t\n5\t1\t1\t1\t1\t1\t10\t20\t60\t40\t96.5\t序号\n5\t1\t1\t1\t1\t2\t90\t20\t5\t40\t95\t \n";
        let words = tsv_words(tsv);
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "序号");
        assert_eq!((words[0].x1, words[0].y1), (70.0, 60.0));
    }

    /// A ruled box around text: the rules go, the text's strokes stay.
    #[test]
    fn table_rules_are_erased_and_text_kept() {
        let mut img = GrayImage::from_pixel(1000, 600, Luma([255]));
        for x in 100..900 {
            for t in 0..3 {
                img.put_pixel(x, 100 + t, Luma([0]));
                img.put_pixel(x, 500 + t, Luma([0]));
            }
        }
        for y in 100..503 {
            for t in 0..3 {
                img.put_pixel(100 + t, y, Luma([0]));
                img.put_pixel(500 + t, y, Luma([0]));
            }
        }
        // A character-sized stroke inside a cell.
        for y in 250..290 {
            img.put_pixel(300, y, Luma([0]));
        }
        // A dim photo's gray background is no rule.
        for y in 540..600 {
            for x in 0..1000 {
                img.put_pixel(x, y, Luma([180]));
            }
        }
        without_rules(&mut img);
        assert_eq!(img.get_pixel(500, 570).0[0], 180, "background kept");
        assert_eq!(img.get_pixel(400, 101).0[0], 255, "rule across");
        assert_eq!(img.get_pixel(501, 300).0[0], 255, "rule down");
        assert_eq!(img.get_pixel(300, 270).0[0], 0, "stroke kept");
    }

    #[test]
    fn a_tiny_image_is_refused() {
        let err = check_size(120, 80, Path::new("x.png")).unwrap_err();
        assert!(err.to_string().contains("120×80"), "{err}");
    }
}
