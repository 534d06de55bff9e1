//! Ctrl-C, SIGTERM and SIGHUP (a closed terminal, a dropped ssh session) for commands that read for long (`tail`, `export`): a flag they look at
//! between reads to end quietly, and a watchdog that ends the process when they do not look in
//! time, because a read or an open blocks (a FIFO that no writer opens). Never a hang.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// How long a command has to end by itself once asked to.
const GRACE: Duration = Duration::from_secs(2);

/// The flag SIGINT, SIGTERM and SIGHUP set; past [`GRACE`] after one, the process ends with 128 + the
/// signal's number, as the shell reports a process the signal killed.
pub fn stop_flag() -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let which = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
        signal_hook::flag::register_usize(signal, Arc::clone(&which), signal as usize)?;
    }
    let watched = Arc::clone(&stop);
    thread::spawn(move || {
        while !watched.load(Ordering::SeqCst) {
            thread::sleep(Duration::from_millis(50));
        }
        thread::sleep(GRACE);
        std::process::exit(128 + which.load(Ordering::SeqCst) as i32);
    });
    Ok(stop)
}
