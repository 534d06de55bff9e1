//! `auditlog serve`: the Audit Log in a browser (see [`crate::serve`]).

use anyhow::{Result, bail};
use auditlog::safe::safe_path;
use auditlog::scan::STDIN;

use crate::cli::ServeArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::serve::{Admission, Settings, admit};

pub fn run(args: &ServeArgs, ctx: Context) -> Result<Exit> {
    let tls = args.tls_cert.clone().zip(args.tls_key.clone());
    let access = admit(Admission {
        listen: args.listen,
        auth_file: args.auth_file.as_deref(),
        proxy_header: args.trust_proxy_header.as_deref(),
        no_auth: args.no_auth,
        tls: tls.is_some(),
        behind_proxy: args.behind_proxy,
    })?;
    ctx.logs_exist()?;
    regular_files(&ctx)?;
    let settings = Settings {
        listen: args.listen,
        access,
        tls,
        max_searches: args.max_searches,
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
    };
    crate::serve::run(settings, ctx)?;
    Ok(Exit::Done)
}

/// Every request reads the logs again: standard input, a FIFO or a device cannot be read twice.
fn regular_files(ctx: &Context) -> Result<()> {
    for file in &ctx.files {
        if file.as_os_str() == STDIN {
            bail!(
                "serve reads log files, and every request reads them again: name one with --file PATH, not standard input"
            );
        }
        if let Ok(meta) = std::fs::metadata(file)
            && !meta.is_file()
        {
            bail!(
                "{} is not a regular file: serve reads the log again for every request, which a FIFO, a device or a directory cannot give",
                safe_path(file)
            );
        }
    }
    Ok(())
}
