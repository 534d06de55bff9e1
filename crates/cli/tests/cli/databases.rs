//! Real database servers for `reconcile`'s tests: Debian's PostgreSQL and MariaDB, each
//! initialised in a temporary directory, run as an unprivileged user (`nobody` when the tests
//! run as root), listening on a loopback port and a socket in that directory, and stopped when
//! dropped. A server that cannot be had is said, and its test skips.

use std::net::TcpListener;
use std::process::Child;
use std::time::{Duration, Instant};

use super::*;

/// The password of the read-only account the tests reconcile with.
pub(crate) const READER_PASSWORD: &str = "r3ad-only pa:ss";

/// Which server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Engine {
    Postgres,
    Mariadb,
}

/// A running server, with a database `joc` and a read-only account `joc_ro`.
pub(crate) struct Server {
    pub(crate) engine: Engine,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) port: u16,
    bin: PathBuf,
    mariadbd: Option<Child>,
}

fn as_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// `program` run as the server's user.
fn as_server_user(program: &Path) -> Command {
    if as_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "nobody", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run_ok(cmd: &mut Command, what: &str) -> bool {
    match cmd.output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            eprintln!(
                "skipping: {what} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            false
        }
        Err(error) => {
            eprintln!("skipping: {what} could not run: {error}");
            false
        }
    }
}

/// A scratch directory the server's user owns.
fn server_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if as_root() {
        let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
        nix::unistd::chown(dir.path(), Some(nobody.uid), Some(nobody.gid)).unwrap();
    }
    dir
}

impl Server {
    /// PostgreSQL from Debian's `postgresql` package.
    pub(crate) fn postgres() -> Option<Server> {
        let mut versions: Vec<PathBuf> = fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin"))
            .filter(|bin| bin.join("initdb").exists())
            .collect();
        versions.sort();
        let Some(bin) = versions.pop() else {
            eprintln!("skipping: no PostgreSQL server (Debian's postgresql package)");
            return None;
        };
        let dir = server_dir();
        let port = free_port();
        let pwfile = dir.path().join("admin-password");
        fs::write(&pwfile, "admin-secret\n").unwrap();
        if as_root() {
            let nobody = nix::unistd::User::from_name("nobody").unwrap().unwrap();
            nix::unistd::chown(&pwfile, Some(nobody.uid), None).unwrap();
        }
        let data = dir.path().join("data");
        if !run_ok(
            as_server_user(&bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args(["-U", "joc", "-E", "UTF8", "--locale=C.UTF-8"])
                .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
                .arg(format!("--pwfile={}", pwfile.display())),
            "initdb",
        ) {
            return None;
        }
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            dir.path().display()
        );
        if !run_ok(
            as_server_user(&bin.join("pg_ctl"))
                .arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(dir.path().join("server.log"))
                .args(["-w", "start"]),
            "pg_ctl start",
        ) {
            return None;
        }
        let server = Server {
            engine: Engine::Postgres,
            dir,
            port,
            bin,
            mariadbd: None,
        };
        server.sql(&format!(
            "CREATE DATABASE joc; \\c joc\nCREATE ROLE joc_ro LOGIN PASSWORD '{}';",
            READER_PASSWORD.replace('\'', "''")
        ));
        Some(server)
    }

    /// MariaDB from Debian's `mariadb-server` package.
    pub(crate) fn mariadb() -> Option<Server> {
        let Some(mariadbd) = ["/usr/sbin/mariadbd", "/usr/sbin/mysqld"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
        else {
            eprintln!("skipping: no MariaDB server (Debian's mariadb-server package)");
            return None;
        };
        let dir = server_dir();
        let port = free_port();
        let data = dir.path().join("data");
        let user: &[&str] = if as_root() { &["--user=nobody"] } else { &[] };
        if !run_ok(
            Command::new("mariadb-install-db")
                .arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .args(user)
                .args(["--auth-root-authentication-method=socket", "--skip-test-db"]),
            "mariadb-install-db",
        ) {
            return None;
        }
        let socket = dir.path().join("sock");
        let child = Command::new(&mariadbd)
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--port={port}"))
            .arg(format!("--pid-file={}", dir.path().join("pid").display()))
            .args(user)
            .args(["--bind-address=127.0.0.1", "--skip-log-bin"])
            .args(["--innodb-buffer-pool-size=32M", "--skip-name-resolve"])
            .stdout(Stdio::null())
            .stderr(fs::File::create(dir.path().join("server.log")).unwrap())
            .spawn()
            .unwrap();
        let server = Server {
            engine: Engine::Mariadb,
            dir,
            port,
            bin: mariadbd,
            mariadbd: Some(child),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !socket.exists() {
            if Instant::now() > deadline {
                eprintln!(
                    "skipping: mariadbd did not start: {}",
                    fs::read_to_string(server.dir.path().join("server.log")).unwrap_or_default()
                );
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        server.sql(&format!(
            "CREATE DATABASE joc CHARACTER SET utf8mb4; \
             CREATE USER 'joc_ro'@'%' IDENTIFIED BY '{}';",
            READER_PASSWORD.replace('\'', "''")
        ));
        Some(server)
    }

    /// The URL of database `joc` for the read-only account, over loopback TCP.
    pub(crate) fn url(&self) -> String {
        match self.engine {
            Engine::Postgres => format!("postgresql://joc_ro@127.0.0.1:{}/joc", self.port),
            Engine::Mariadb => format!("mysql://joc_ro@127.0.0.1:{}/joc", self.port),
        }
    }

    /// Runs SQL as the administrator, over the socket; panics when it fails.
    pub(crate) fn sql(&self, sql: &str) {
        let mut cmd = match self.engine {
            Engine::Postgres => {
                let mut cmd = Command::new("psql");
                cmd.arg("-h")
                    .arg(self.dir.path())
                    .args(["-p", &self.port.to_string(), "-U", "joc", "-d"])
                    .arg(if sql.starts_with("CREATE DATABASE") {
                        "postgres"
                    } else {
                        "joc"
                    })
                    .args(["-q", "-v", "ON_ERROR_STOP=1", "-f", "-"]);
                cmd
            }
            Engine::Mariadb => {
                let mut cmd = Command::new("mariadb");
                cmd.args(["--no-defaults", "--default-character-set=utf8mb4"])
                    .arg(format!(
                        "--socket={}",
                        self.dir.path().join("sock").display()
                    ))
                    .arg(format!(
                        "--user={}",
                        if as_root() {
                            "root".to_owned()
                        } else {
                            std::env::var("USER").unwrap_or_default()
                        }
                    ));
                if !sql.starts_with("CREATE DATABASE") {
                    cmd.arg("joc");
                }
                cmd
            }
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let text = sql.to_owned();
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let out = child.wait_with_output().unwrap();
        let written = writer.join().unwrap();
        assert!(
            out.status.success(),
            "{:?}: {}",
            self.engine,
            String::from_utf8_lossy(&out.stderr)
        );
        written.unwrap();
    }

    /// A text as a string literal of this server's SQL.
    pub(crate) fn literal(&self, text: Option<&str>) -> String {
        match text {
            None => "NULL".to_owned(),
            Some(text) => match self.engine {
                Engine::Postgres => format!("'{}'", text.replace('\'', "''")),
                Engine::Mariadb => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''")),
            },
        }
    }

    /// An identifier as this test's DDL writes it: quoted in PostgreSQL, as Hibernate quotes
    /// JOC's columns, so that the names keep their upper case; bare in MariaDB.
    pub(crate) fn name(&self, name: &str) -> String {
        match self.engine {
            Engine::Postgres => format!("\"{name}\""),
            Engine::Mariadb => name.to_owned(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        match self.engine {
            Engine::Postgres => {
                let _ = as_server_user(&self.bin.join("pg_ctl"))
                    .arg("-D")
                    .arg(self.dir.path().join("data"))
                    .args(["-m", "immediate", "-w", "stop"])
                    .output();
            }
            Engine::Mariadb => {
                if let Some(mut child) = self.mariadbd.take() {
                    let _ = nix::sys::signal::kill(
                        nix::unistd::Pid::from_raw(child.id() as i32),
                        nix::sys::signal::Signal::SIGTERM,
                    );
                    let _ = child.wait();
                }
            }
        }
    }
}
