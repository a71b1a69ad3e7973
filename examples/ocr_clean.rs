//! Write the cleaned (grayscale, seal removed, straightened) page image
//! consult hands to Tesseract: `cargo run --example ocr_clean IN OUT.png`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: ocr_clean IN OUT.png");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).unwrap_or_default();
    let started = std::time::Instant::now();
    match consult::intake::ocr::decode(&bytes, std::path::Path::new(input)) {
        Ok(img) => {
            let gray = consult::intake::ocr::clean(&img);
            eprintln!(
                "cleaned in {:?}, skew {}",
                started.elapsed(),
                consult::intake::ocr::skew_angle(&consult::intake::ocr::clean(&img))
            );
            if let Err(e) = gray.save(output) {
                eprintln!("{e}");
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
