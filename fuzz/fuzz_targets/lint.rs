//! `lint` on any text: no panic; every finding, related location and fix edit inside the
//! text on char boundaries; on small drafts, `--fix` twice equals once and loses nothing.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, settings) = mlsd_fuzz::input_text(data);
    let report = mlsd::lint(&text, mlsd_fuzz::pack(), &settings);
    mlsd_fuzz::check_report(&text, &report);
    // The fix loop lints again after every fix: only small drafts, a quarter of them, so
    // the target keeps its speed.
    let last = data.last().copied().unwrap_or(0);
    if text.len() <= 600 && last & 3 == 0 {
        mlsd_fuzz::check_fix(&text, &settings, last & 4 == 0);
    }
});
