//! The configuration file, on any text: it reads or says why, never panics.
#![no_main]

use auditlog::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(config) = Config::parse(text) {
        let _ = config.reason_rules().numbered();
    }
});
