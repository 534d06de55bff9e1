//! Reading gzip members, whatever their bytes: damage is an error after the entries before it,
//! the scan goes on afterwards, and memory stays bounded.
#![no_main]

use std::path::Path;

use auditlog::scan::Scan;
use flate2::read::MultiGzDecoder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = Box::new(MultiGzDecoder::new(std::io::Cursor::new(data.to_vec())));
    let mut scan = Scan::of_source(src, Path::new("fuzz.log.gz"));
    let mut events = 0u64;
    loop {
        match scan.next_event() {
            Ok(Some(_)) => events += 1,
            Ok(None) => break,
            Err(error) => {
                assert!(error.entries <= events);
                // The next call goes on with the next file: there is none.
                assert!(matches!(scan.next_event(), Ok(None)));
                break;
            }
        }
    }
});
