//! A command in a real terminal: a tmux server of its own, its screen captured, keys sent.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use super::*;

/// A command running in a terminal of its own, in a tmux server of its own.
pub struct Tmux {
    socket: PathBuf,
    rc: PathBuf,
}

impl Tmux {
    /// Runs `auditlog ARGS` in `env`'s directory, in a `width`×`height` terminal, with the
    /// environment `Env` gives and no pager chosen (so the default, `less -FRSX`). None, having
    /// said why, when one of `tools` is missing.
    pub fn start(
        env: &Env,
        tools: &[&str],
        args: &[&str],
        width: u16,
        height: u16,
    ) -> Option<Tmux> {
        for tool in tools {
            if Command::new("sh")
                .args(["-c", &format!("command -v {tool}")])
                .output()
                .map_or(true, |o| !o.status.success())
            {
                println!("skipped: {tool} is not installed");
                return None;
            }
        }
        let binary = std::env::var("AUDITLOG_TEST_BINARY")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_auditlog").to_owned());
        let quoted: Vec<String> = std::iter::once(binary.as_str())
            .chain(args.iter().copied())
            .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
            .collect();
        let rc = env.path("rc");
        let script = format!(
            "unset $(env | sed -n 's/^\\(AUDITLOG_[A-Z_]*\\)=.*/\\1/p') NO_COLOR TZ SUDO_USER COLUMNS PAGER LESS\n\
             export AUDITLOG_NOW=2026-11-23T12:00:00,000 HOME='{dir}' XDG_CONFIG_HOME='{dir}/config' XDG_CACHE_HOME='{dir}/cache' TERM=screen\n\
             cd '{dir}'\n\
             {command}\n\
             echo $? > '{rc}.tmp' && mv '{rc}.tmp' '{rc}'\n\
             sleep 600\n",
            dir = env.dir.path().display(),
            command = quoted.join(" "),
            rc = rc.display(),
        );
        let script_path = env.write("run.sh", &script);
        fs::set_permissions(&script_path, fs::Permissions::from_mode(0o755)).unwrap();
        let socket = env.path("tmux.sock");
        let started = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg(format!("bash {}", script_path.display()))
            .status()
            .unwrap();
        assert!(started.success(), "tmux did not start");
        Some(Tmux { socket, rc })
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What the terminal shows, each line without its trailing blanks, the blank lines at the
    /// bottom left out.
    pub fn screen(&self) -> String {
        let text = self.tmux(&["capture-pane", "-p", "-t", "0"]);
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(0, |i| i + 1);
        lines[..end].iter().map(|l| format!("{l}\n")).collect()
    }

    /// Waits (at most 20 s) until the screen is as `done` wants it and has stopped changing
    /// (a screen caught half drawn on a busy machine is not the screen), and returns it.
    pub fn wait_for(&self, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if (done(&screen) && screen == last) || start.elapsed() > Duration::from_secs(20) {
                return screen;
            }
            last = screen;
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` as it is, no key names read in it.
    pub fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", "--", text]);
    }

    pub fn keys(&self, keys: &str) {
        self.tmux(&["send-keys", "-t", "0", keys]);
    }

    /// The command's exit code once it ended; none when it still runs after `wait`.
    pub fn exit_code(&self, wait: Duration) -> Option<i32> {
        let start = Instant::now();
        while start.elapsed() < wait {
            if let Ok(text) = fs::read_to_string(&self.rc) {
                return text.trim().parse().ok();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}
